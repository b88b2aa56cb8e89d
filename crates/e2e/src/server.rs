//! The confab-server binary as a child process, so a test can kill it outright and start it
//! again on the same database and port.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

pub struct TestServer {
    child: Child,
    port: u16,
    data_dir: PathBuf,
    args: Vec<String>,
    /// How far the server's wall clock is ahead of the real one, in whole seconds.
    clock_shift_secs: i64,
}

/// libfaketime, thread-safe as the server's runtime needs (Debian's `faketime`, which `cargo
/// xtask test` installs): it moves a process's wall clock, and nothing else, from outside.
fn faketime_library() -> PathBuf {
    let found = std::fs::read_dir("/usr/lib")
        .into_iter()
        .flatten()
        .flatten()
        .map(|arch| arch.path().join("faketime/libfaketimeMT.so.1"))
        .find(|path| path.is_file());
    found.expect("no libfaketime under /usr/lib/*/faketime: run `cargo xtask test`, which installs it")
}

/// Moves the wall clock of the process `command` starts by `secs` (none when 0), in UTC.
fn shift_clock(command: &mut Command, secs: i64) {
    if secs != 0 {
        command
            .env("LD_PRELOAD", faketime_library())
            .env("FAKETIME", format!("{secs:+}"))
            .env("FAKETIME_DONT_FAKE_MONOTONIC", "1")
            .env("TZ", "UTC");
    }
}

fn real_now_ms() -> i64 {
    let since = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).expect("a clock after 1970");
    i64::try_from(since.as_millis()).expect("a time in range")
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn server_binary() -> PathBuf {
    std::env::var_os("CONFAB_SERVER_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("target/debug/confab-server"))
}

fn dist_dir() -> PathBuf {
    std::env::var_os("CONFAB_DIST").map(PathBuf::from).unwrap_or_else(|| workspace_root().join("dist"))
}

impl TestServer {
    /// Starts the server in demo mode on `data_dir`, on `port` (0 picks a free one).
    pub async fn start(data_dir: &Path, port: u16) -> Self {
        Self::start_with(data_dir, port, &[]).await
    }

    /// Starts the server with extra command-line `args` (settings such as `--token-ttl-secs`).
    pub async fn start_with(data_dir: &Path, port: u16, args: &[&str]) -> Self {
        Self::serving(&dist_dir(), data_dir, port, args).await
    }

    /// Starts the server in demo mode on `data_dir` with its wall clock starting at `unix_ms`
    /// and running on from there: what it shows (the demo's history, every message's time,
    /// "Today") is then the same whenever it runs. Its monotonic clock, which its timers use,
    /// stays real, and a restart keeps the shift.
    pub async fn start_at(data_dir: &Path, unix_ms: i64) -> Self {
        Self::start_at_with(data_dir, unix_ms, &[]).await
    }

    /// [`TestServer::start_at`], with extra command-line `args`.
    pub async fn start_at_with(data_dir: &Path, unix_ms: i64, args: &[&str]) -> Self {
        let shift_secs = (unix_ms - real_now_ms()) / 1000;
        Self::launch(&dist_dir(), data_dir, 0, args, shift_secs).await
    }

    /// A copy of the built app in `into`, with `pages` (name and contents) added beside it: host
    /// pages that embed the app, served from the same origin.
    pub fn app_with_pages(into: &Path, pages: &[(&str, &str)]) -> PathBuf {
        fn copy(from: &Path, to: &Path) {
            std::fs::create_dir_all(to).expect("a directory for the app");
            for entry in std::fs::read_dir(from).expect("the built app").flatten() {
                let target = to.join(entry.file_name());
                if entry.path().is_dir() {
                    copy(&entry.path(), &target);
                } else {
                    std::fs::copy(entry.path(), target).expect("copying the app");
                }
            }
        }
        let dist = into.join("app");
        copy(&dist_dir(), &dist);
        for (name, contents) in pages {
            std::fs::write(dist.join(name), contents).expect("writing a page");
        }
        dist
    }

    /// The built app's `index.html`, to derive host pages from (it loads the app's scripts).
    pub fn app_index() -> String {
        std::fs::read_to_string(dist_dir().join("index.html")).expect("the built app's index.html")
    }

    /// Starts the server serving the app in `dist`, with extra command-line `args`.
    pub async fn serving(dist: &Path, data_dir: &Path, port: u16, args: &[&str]) -> Self {
        Self::launch(dist, data_dir, port, args, 0).await
    }

    async fn launch(dist: &Path, data_dir: &Path, port: u16, args: &[&str], clock_shift_secs: i64) -> Self {
        let binary = server_binary();
        let dist = dist.to_owned();
        assert!(binary.is_file(), "no server binary at {}: run `cargo xtask test`", binary.display());
        assert!(dist.join("index.html").is_file(), "no built app in {}: run `cargo xtask test`", dist.display());
        let mut command = Command::new(&binary);
        command
            .args(["--demo", "--port", &port.to_string(), "--data-dir"])
            .arg(data_dir)
            .arg("--static-dir")
            .arg(&dist)
            .args(args)
            .env("RUST_LOG", "warn")
            .stdout(Stdio::piped())
            .kill_on_drop(true);
        shift_clock(&mut command, clock_shift_secs);
        let mut child = command.spawn().expect("the server starts");
        let mut lines = BufReader::new(child.stdout.take().expect("piped stdout")).lines();
        let announced = tokio::time::timeout(Duration::from_secs(30), async {
            while let Ok(Some(line)) = lines.next_line().await {
                if let Some(url) = line.strip_prefix("Confab is running at http://") {
                    return url.trim_end_matches('/').rsplit(':').next().and_then(|p| p.parse::<u16>().ok());
                }
            }
            None
        })
        .await;
        let port = announced.ok().flatten().expect("the server announces its address");
        // Keep draining the server's output so it never blocks on a full pipe.
        tokio::spawn(async move {
            while let Ok(Some(line)) = lines.next_line().await {
                eprintln!("[server] {line}")
            }
        });
        let args = args.iter().map(|a| (*a).to_owned()).collect();
        Self { child, port, data_dir: data_dir.to_owned(), args, clock_shift_secs }
    }

    /// How far this server's wall clock is ahead of the real one, in milliseconds: 0 unless it
    /// was started [at](TestServer::start_at) a moment of its own.
    pub fn clock_shift_ms(&self) -> i64 {
        self.clock_shift_secs * 1000
    }

    /// Kills the server (SIGKILL) and starts it again on the same database, port and settings.
    pub async fn restart(self) -> Self {
        let (data_dir, port, args, shift) =
            (self.data_dir.clone(), self.port, self.args.clone(), self.clock_shift_secs);
        self.kill().await;
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        Self::launch(&dist_dir(), &data_dir, port, &args, shift).await
    }

    /// Runs `confab-server admin ...` on this server's database (its data directory's SQLite, or
    /// the `--database` it was started with), as an operator would, on the server's clock.
    pub async fn admin(&self, args: &[&str]) -> String {
        let database = self.args.iter().position(|a| a == "--database").and_then(|at| self.args.get(at + 1));
        let mut command = Command::new(server_binary());
        shift_clock(&mut command, self.clock_shift_secs);
        let output = command
            .arg("--data-dir")
            .arg(&self.data_dir)
            .args(database.map(|url| ["--database", url.as_str()]).into_iter().flatten())
            .arg("admin")
            .args(args)
            .output()
            .await
            .expect("the admin command runs");
        assert!(output.status.success(), "admin {args:?}: {}", String::from_utf8_lossy(&output.stderr));
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    /// The server process's id, to read its memory and CPU time from `/proc`.
    pub fn pid(&self) -> Option<u32> {
        self.child.id()
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// Kills the process outright (SIGKILL): nothing gets a chance to flush or clean up.
    pub async fn kill(mut self) {
        self.child.kill().await.expect("the server can be killed");
    }
}
