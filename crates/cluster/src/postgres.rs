//! A private PostgreSQL cluster: `initdb` into a temporary directory, then `pg_ctl` to start,
//! stop and restart it. PostgreSQL refuses to run as root, so as root it runs as the `postgres`
//! user Debian's package creates. Its only user, `confab`, is trusted on loopback; no socket
//! file is left in a shared directory.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, bail};

use crate::process::{free_port, is_root, run};

/// A running private PostgreSQL cluster, removed when dropped.
pub struct Postgres {
    dir: PathBuf,
    bin: PathBuf,
    port: u16,
    run_as: Option<&'static str>,
}

/// The user PostgreSQL runs as when this process is root.
const SERVICE_USER: &str = "postgres";

impl Postgres {
    /// Creates and starts a cluster. `durable` keeps PostgreSQL's fsyncs (for measuring writes);
    /// without it the cluster trades durability for speed, as a test's may.
    pub fn start(durable: bool) -> anyhow::Result<Self> {
        let bin = binaries().context("PostgreSQL is not installed (Debian: apt-get install postgresql)")?;
        let port = free_port()?;
        let dir = std::env::temp_dir().join(format!("confab-postgres-{}-{port}", std::process::id()));
        std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
        let run_as = is_root().then_some(SERVICE_USER);
        if let Some(user) = run_as {
            run(Command::new("chown").arg(user).arg(&dir))?;
        }
        let cluster = Self { dir, bin, port, run_as };
        run(cluster.command("initdb").arg("--pgdata").arg(cluster.data()).args([
            "--username",
            "confab",
            "--auth",
            "trust",
            "--encoding",
            "UTF8",
            "--locale",
            "C",
            "--no-sync",
        ]))?;
        let mut settings = format!(
            "listen_addresses = '127.0.0.1'\nport = {port}\nunix_socket_directories = '{}'\nmax_connections = 400\n",
            cluster.dir.display()
        );
        if !durable {
            settings.push_str("fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n");
        }
        let conf = cluster.data().join("postgresql.conf");
        let mut text = std::fs::read_to_string(&conf).context("reading postgresql.conf")?;
        text.push_str(&settings);
        std::fs::write(&conf, text).context("writing postgresql.conf")?;
        cluster.resume()?;
        Ok(cluster)
    }

    /// The temporary directory holding the cluster's data, log and socket, removed when dropped.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The server's URL, without a database: `postgres://confab@127.0.0.1:<port>`.
    pub fn server_url(&self) -> String {
        format!("postgres://confab@127.0.0.1:{}", self.port)
    }

    /// The URL of database `name` (created by confab-server when it first connects).
    pub fn url(&self, name: &str) -> String {
        format!("{}/{name}", self.server_url())
    }

    /// Stops the server at once, as a crash would (`pg_ctl stop -m immediate`).
    pub fn halt(&self) -> anyhow::Result<()> {
        run(self.command("pg_ctl").arg("stop").arg("--pgdata").arg(self.data()).args(["-m", "immediate", "-w"]))
    }

    /// Starts the stopped server again and waits until it accepts connections.
    pub fn resume(&self) -> anyhow::Result<()> {
        run(self
            .command("pg_ctl")
            .arg("start")
            .arg("--pgdata")
            .arg(self.data())
            .arg("--log")
            .arg(self.dir.join("server.log"))
            .args(["-w", "-t", "60"]))
    }

    fn data(&self) -> PathBuf {
        self.dir.join("data")
    }

    fn command(&self, program: &str) -> Command {
        let program = self.bin.join(program);
        let mut command = match self.run_as {
            Some(user) => {
                let mut command = Command::new("runuser");
                command.args(["-u", user, "--"]).arg(program);
                command
            }
            None => Command::new(program),
        };
        // A directory the service user may enter, whatever this process's is.
        command.current_dir(&self.dir);
        command
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        let _ = self.halt();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// The newest installed PostgreSQL's program directory (`/usr/lib/postgresql/<major>/bin`).
fn binaries() -> anyhow::Result<PathBuf> {
    let root = Path::new("/usr/lib/postgresql");
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir(root)
        .with_context(|| format!("reading {}", root.display()))?
        .filter_map(Result::ok)
        .filter_map(|entry| Some((entry.file_name().to_str()?.parse().ok()?, entry.path().join("bin"))))
        .filter(|(_, bin)| bin.join("initdb").is_file())
        .collect();
    versions.sort();
    match versions.pop() {
        Some((_, bin)) => Ok(bin),
        None => bail!("no initdb under {}", root.display()),
    }
}

/// Whether PostgreSQL's server programs are installed.
pub fn installed() -> bool {
    binaries().is_ok()
}
