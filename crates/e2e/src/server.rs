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
        let binary = server_binary();
        let dist = dist.to_owned();
        assert!(binary.is_file(), "no server binary at {}: run `cargo xtask test`", binary.display());
        assert!(dist.join("index.html").is_file(), "no built app in {}: run `cargo xtask test`", dist.display());
        let mut child = Command::new(&binary)
            .args(["--demo", "--port", &port.to_string(), "--data-dir"])
            .arg(data_dir)
            .arg("--static-dir")
            .arg(&dist)
            .args(args)
            .env("RUST_LOG", "warn")
            .stdout(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .expect("the server starts");
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
        Self { child, port, data_dir: data_dir.to_owned(), args: args.iter().map(|a| (*a).to_owned()).collect() }
    }

    /// Kills the server (SIGKILL) and starts it again on the same database, port and settings.
    pub async fn restart(self) -> Self {
        let (data_dir, port, args) = (self.data_dir.clone(), self.port, self.args.clone());
        self.kill().await;
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        Self::start_with(&data_dir, port, &args).await
    }

    /// Runs `confab-server admin ...` on this server's database (its data directory's SQLite, or
    /// the `--database` it was started with), as an operator would.
    pub async fn admin(&self, args: &[&str]) -> String {
        let database = self.args.iter().position(|a| a == "--database").and_then(|at| self.args.get(at + 1));
        let output = Command::new(server_binary())
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
