//! Debian's HAProxy in front of confab-server instances, and its config: HTTP mode, which passes
//! WebSocket upgrades through, tunnel timeouts long enough for idle sockets, health checks that
//! take a dead instance out within two seconds, and retries elsewhere for requests that found it
//! dead. `cargo xtask cluster` balances over every instance; a test can instead give each browser
//! a port of its own that prefers one instance, to know which instance serves whom.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use anyhow::{Context, bail};

use crate::process::wait_for_port;

/// Debian installs it in /usr/sbin, which not every user's PATH holds.
pub const PROGRAM: &str = "/usr/sbin/haproxy";

const DEFAULTS: &str = "global\n    maxconn 4000\n\n\
     defaults\n    mode http\n    option redispatch\n    retries 3\n\
     \x20   timeout connect 2s\n    timeout client 60s\n    timeout server 60s\n\
     \x20   # A WebSocket is a tunnel once upgraded: clients ping every 25 s, so 1 h is idle.\n\
     \x20   timeout tunnel 1h\n";

const HEALTH: &str =
    "    option httpchk GET /api/v1/settings.public\n    default-server check inter 1s fall 2 rise 1\n";

/// The config balancing port `port` round-robin over the instances on `instances`.
pub fn config(port: u16, instances: &[u16]) -> String {
    let mut config = format!(
        "# confab-server instances behind HAProxy (written by `cargo xtask cluster`).\n{DEFAULTS}\n\
         frontend confab\n    bind 127.0.0.1:{port}\n    default_backend instances\n\n\
         backend instances\n    balance roundrobin\n{HEALTH}"
    );
    for (n, instance) in instances.iter().enumerate() {
        config.push_str(&format!("    server instance{} 127.0.0.1:{instance}\n", n + 1));
    }
    config
}

/// A config with one frontend per route `(port, preferred, others)`: the port is served by the
/// instance on `preferred` while it is up, else by the others.
pub fn preferring_config(routes: &[(u16, u16, &[u16])]) -> String {
    let mut config = format!("# Each port prefers one confab-server instance.\n{DEFAULTS}");
    for (route, (port, preferred, others)) in routes.iter().enumerate() {
        config.push_str(&format!(
            "\nfrontend route{route}\n    bind 127.0.0.1:{port}\n    default_backend route{route}\n\n\
             backend route{route}\n{HEALTH}    server preferred 127.0.0.1:{preferred}\n"
        ));
        for (n, other) in others.iter().enumerate() {
            config.push_str(&format!("    server other{n} 127.0.0.1:{other} backup\n"));
        }
    }
    config
}

/// A running HAProxy, stopped when dropped.
pub struct HaProxy {
    child: Child,
    config: PathBuf,
}

impl HaProxy {
    /// Starts HAProxy with `config` and waits until it accepts connections on `port`.
    pub fn start(config: &str, port: u16) -> anyhow::Result<Self> {
        let path = std::env::temp_dir().join(format!("confab-haproxy-{}-{port}.cfg", std::process::id()));
        std::fs::write(&path, config).context("writing the HAProxy config")?;
        let child = Command::new(PROGRAM)
            .arg("-db")
            .arg("-f")
            .arg(&path)
            .stdout(Stdio::null())
            .spawn()
            .context("cannot start haproxy (Debian: apt-get install haproxy)")?;
        let mut proxy = Self { child, config: path };
        wait_for_port(port, Duration::from_secs(20))?;
        // What answered must be this HAProxy, not another program holding the port.
        if let Some(status) = proxy.child.try_wait().context("checking on haproxy")? {
            bail!("haproxy ended ({status}): is port {port} taken?");
        }
        Ok(proxy)
    }

    /// The process id, for a caller that stops it on a signal.
    pub fn id(&self) -> u32 {
        self.child.id()
    }

    /// Waits until HAProxy ends (for `cargo xtask cluster`, which serves until interrupted).
    pub fn wait(&mut self) -> anyhow::Result<()> {
        self.child.wait().context("waiting for haproxy")?;
        Ok(())
    }
}

impl Drop for HaProxy {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_file(&self.config);
    }
}

/// Whether HAProxy is installed.
pub fn installed() -> bool {
    std::path::Path::new(PROGRAM).is_file()
}
