//! The project's own commands as a person runs them in a terminal. `cargo xtask cluster` starts
//! PostgreSQL (which daemonizes into a session of its own, as another user), NATS, an instance
//! and HAProxy; stopped with Ctrl+C typed into its terminal, or with SIGTERM, it must leave no
//! process listening and no temporary directory behind.
//!
//! Each run serves the app and server `cargo xtask test` built (`--no-build`), on ports of its
//! own, so it runs beside the browser tests without touching what they serve.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

/// How long `cargo xtask cluster` may take to serve, and then to stop.
const START_LIMIT: Duration = Duration::from_secs(120);
const STOP_LIMIT: Duration = Duration::from_secs(30);

/// What `cargo xtask cluster` started, read from what it printed.
struct Started {
    postgres_dir: PathBuf,
    ports: Vec<u16>,
}

/// A free port whose next one is free too: HAProxy's, and its one instance's.
fn two_free_ports() -> u16 {
    loop {
        let port = confab_cluster::free_port().unwrap();
        if port < u16::MAX && std::net::TcpListener::bind(("127.0.0.1", port + 1)).is_ok() {
            return port;
        }
    }
}

fn listening(port: u16) -> bool {
    TcpStream::connect(("127.0.0.1", port)).is_ok()
}

/// The command lines of every process on the machine.
fn command_lines() -> Vec<String> {
    std::fs::read_dir("/proc")
        .unwrap()
        .flatten()
        .filter_map(|entry| std::fs::read(entry.path().join("cmdline")).ok())
        .map(|line| String::from_utf8_lossy(&line).replace('\0', " "))
        .collect()
}

/// Polls `condition` every 50 ms until it holds or `limit` passes.
fn within(limit: Duration, mut condition: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + limit;
    while Instant::now() < deadline {
        if condition() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    condition()
}

/// The port at the end of `url` (`nats://127.0.0.1:4222`, `postgres://confab@127.0.0.1:5433`).
fn port_of(url: &str) -> u16 {
    url.trim().rsplit(':').next().and_then(|port| port.parse().ok()).unwrap_or_else(|| panic!("no port in {url}"))
}

/// Runs `cargo xtask cluster 1` in a pseudo-terminal until it serves, then has `stop` stop it
/// (given the terminal and xtask's process id), and checks what is left.
fn stopped_by(how: &str, stop: impl FnOnce(&mut dyn Write, u32)) {
    let port = two_free_ports();
    let pty = native_pty_system().openpty(PtySize { rows: 40, cols: 200, pixel_width: 0, pixel_height: 0 }).unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut command = CommandBuilder::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    command.args(["xtask", "cluster", "1", "--no-build", "--port", &port.to_string()]);
    command.cwd(&root);
    let mut child = pty.slave.spawn_command(command).unwrap();
    drop(pty.slave);
    let output = Arc::new(Mutex::new(String::new()));
    let mut reader = pty.master.try_clone_reader().unwrap();
    let written = output.clone();
    std::thread::spawn(move || {
        let mut buffer = [0; 4096];
        while let Ok(read @ 1..) = reader.read(&mut buffer) {
            written.lock().unwrap().push_str(&String::from_utf8_lossy(&buffer[..read]));
        }
    });
    let printed = || output.lock().unwrap().clone();
    assert!(within(START_LIMIT, || printed().contains("Stop with Ctrl+C")), "{how}: never served:\n{}", printed());

    let text = printed();
    let line_after = |prefix: &str| {
        text.lines().find_map(|line| line.trim().strip_prefix(prefix).map(str::to_owned)).unwrap_or_else(|| {
            panic!("{how}: no line starting {prefix:?}:\n{text}");
        })
    };
    let postgres = line_after("PostgreSQL in ");
    let (postgres_dir, postgres_url) = postgres.split_once(", at ").expect("the directory, then the URL");
    let nats_port = port_of(&line_after("NATS at "));
    let started = Started {
        postgres_dir: PathBuf::from(postgres_dir),
        ports: vec![port, port + 1, port_of(postgres_url), nats_port],
    };
    assert!(started.postgres_dir.is_dir(), "{how}: PostgreSQL's directory exists while serving");
    assert!(
        started.ports.iter().all(|port| listening(*port)),
        "{how}: all of {:?} answer while serving:\n{}",
        started.ports,
        printed()
    );

    let xtask = child.process_id().expect("xtask's process id");
    stop(&mut *pty.master.take_writer().unwrap(), xtask);
    assert!(within(STOP_LIMIT, || child.try_wait().unwrap().is_some()), "{how}: xtask did not exit:\n{}", printed());

    let haproxy_config = std::env::temp_dir().join(format!("confab-haproxy-{xtask}-{port}.cfg"));
    assert!(!haproxy_config.exists(), "{how}: {} was left behind:\n{}", haproxy_config.display(), printed());
    let dir = started.postgres_dir.display().to_string();
    assert!(!started.postgres_dir.exists(), "{how}: {dir} was left behind:\n{}", printed());
    // Each process the cluster started is known by its command line: PostgreSQL's by its
    // directory, HAProxy's by its config, the instance's and NATS's by the port they were given.
    let marks =
        [dir, haproxy_config.display().to_string(), format!("--port {} ", port + 1), format!("--port {nats_port} ")];
    let left: Vec<String> =
        command_lines().into_iter().filter(|line| marks.iter().any(|mark| line.contains(mark.as_str()))).collect();
    assert!(left.is_empty(), "{how}: processes left running: {left:#?}\n{}", printed());
    for port in started.ports {
        assert!(!listening(port), "{how}: something still listens on port {port}:\n{}", printed());
    }
}

#[test]
fn ctrl_c_in_the_terminal_stops_everything_cargo_xtask_cluster_started() {
    stopped_by("Ctrl+C", |terminal, _| {
        terminal.write_all(b"\x03").unwrap();
        terminal.flush().unwrap();
    });
}

#[test]
fn sigterm_stops_everything_cargo_xtask_cluster_started() {
    stopped_by("SIGTERM", |_, xtask| {
        let pid = nix::unistd::Pid::from_raw(i32::try_from(xtask).unwrap());
        nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGTERM).unwrap();
    });
}
