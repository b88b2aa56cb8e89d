//! A private NATS server (Debian's `nats-server`) on a free loopback port, which can be killed
//! and started again on the same port to show what a bus outage does.

use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::Duration;

use anyhow::Context;

use crate::process::{free_port, wait_for_port};

/// Debian installs it in /usr/sbin, which not every user's PATH holds.
fn program() -> &'static str {
    if std::path::Path::new("/usr/sbin/nats-server").is_file() { "/usr/sbin/nats-server" } else { "nats-server" }
}

/// A running NATS server, stopped when dropped.
pub struct Nats {
    port: u16,
    child: Mutex<Option<Child>>,
}

impl Nats {
    pub fn start() -> anyhow::Result<Self> {
        let nats = Self { port: free_port()?, child: Mutex::new(None) };
        nats.resume()?;
        Ok(nats)
    }

    pub fn url(&self) -> String {
        format!("nats://127.0.0.1:{}", self.port)
    }

    /// Kills the server (SIGKILL): whatever it held in flight is lost.
    pub fn halt(&self) {
        if let Some(mut child) = self.child.lock().unwrap_or_else(|e| e.into_inner()).take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Starts the server again on its port and waits until it accepts connections.
    pub fn resume(&self) -> anyhow::Result<()> {
        let child = Command::new(program())
            .args(["--addr", "127.0.0.1", "--port", &self.port.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .context("cannot start nats-server (Debian: apt-get install nats-server)")?;
        *self.child.lock().unwrap_or_else(|e| e.into_inner()) = Some(child);
        wait_for_port(self.port, Duration::from_secs(20))
    }
}

impl Drop for Nats {
    fn drop(&mut self) {
        self.halt();
    }
}

/// Whether `nats-server` can be found.
pub fn installed() -> bool {
    Command::new(program()).arg("--version").stdout(Stdio::null()).stderr(Stdio::null()).status().is_ok()
}
