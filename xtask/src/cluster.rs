//! `cargo xtask cluster [N]`: cluster mode on this machine. A private PostgreSQL and NATS, N
//! confab-server instances sharing them (and one file store), and HAProxy in front passing
//! WebSockets through; then the URL. `examples/cluster/haproxy.cfg` is the config it runs for
//! three instances, checked by a test so the example cannot drift from what runs.
//!
//! Ctrl+C or SIGTERM stops it all: HAProxy is watched (see [`crate::shutdown`]), and when it ends
//! the instances, NATS and PostgreSQL are stopped by their guards and PostgreSQL's temporary
//! directory is removed.

use std::process::{Child, Command};

use anyhow::Context;
use confab_cluster::haproxy;

use crate::process::Steps;
use crate::shutdown::Watched;
use crate::{app, tools, workspace};

/// Where HAProxy listens by default; the instances take the ports after it.
pub const PORT: u16 = 3000;

/// Runs `instances` instances behind HAProxy on `port` until interrupted; with `built`, serves
/// the app and server already built instead of building them.
pub fn cluster(instances: usize, port: u16, built: bool) -> anyhow::Result<()> {
    crate::shutdown::install()?;
    let instances = instances.max(1);
    let build_steps = if built { 0 } else { tools::BUILD_TOOL_STEPS + 2 };
    let mut steps = Steps::new(build_steps + 4);
    let server = if built {
        workspace::target_dir().join("debug").join("confab-server")
    } else {
        tools::ensure_build_tools(&mut steps)?;
        app::build(&mut steps)?;
        app::build_server(&mut steps)?
    };
    tools::ensure_cluster_engines(&mut steps)?;
    let (postgres, nats) = steps.run("Start a private PostgreSQL (durable) and NATS", || {
        let postgres = confab_cluster::Postgres::start(true)?;
        println!("    PostgreSQL in {}, at {}", postgres.dir().display(), postgres.server_url());
        let nats = confab_cluster::Nats::start()?;
        println!("    NATS at {}", nats.url());
        Ok((postgres, nats))
    })?;
    let data = workspace::root().join("data").join("cluster");
    let mut running = Instances(Vec::new());
    steps.run(&format!("Start {instances} confab-server instances"), || {
        for n in 1..=instances {
            let port = port + n as u16;
            let child = Command::new(&server)
                .current_dir(workspace::root())
                .args(["--demo", "--port", &port.to_string()])
                .arg("--data-dir")
                .arg(&data)
                .args(["--database", &postgres.url("confab"), "--bus", &nats.url()])
                .arg("--static-dir")
                .arg(workspace::dist_dir())
                .spawn()
                .context("starting confab-server")?;
            running.0.push(child);
            // The first one creates the schema and the demo data before the others start.
            confab_cluster::wait_for_port(port, std::time::Duration::from_secs(60))?;
            // What answered must be this instance, not another program holding the port.
            if let Some(status) = running.0.last_mut().and_then(|child| child.try_wait().ok().flatten()) {
                anyhow::bail!("confab-server on port {port} ended ({status}): is the port taken?");
            }
        }
        Ok(())
    })?;
    let ports: Vec<u16> = (1..=instances).map(|n| port + n as u16).collect();
    steps.run("Start HAProxy in front and serve", || {
        let mut haproxy = confab_cluster::HaProxy::start(&haproxy::config(port, &ports), port)?;
        let _watched = Watched::new(haproxy.id());
        println!("    Confab's cluster is at http://127.0.0.1:{port}/ ({instances} instances on PostgreSQL and NATS).");
        println!("    Instances answer directly on ports {}–{}. Stop with Ctrl+C.", port + 1, port + instances as u16);
        haproxy.wait()
    })?;
    drop((running, nats, postgres));
    Ok(())
}

/// The running instances, killed when dropped: on the way out of an interrupted run too.
struct Instances(Vec<Child>);

impl Drop for Instances {
    fn drop(&mut self) {
        for child in &mut self.0 {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_example_config_is_what_the_cluster_runs_with_three_instances() {
        let example = std::fs::read_to_string(workspace::root().join("examples/cluster/haproxy.cfg")).unwrap();
        assert_eq!(example, haproxy::config(PORT, &[PORT + 1, PORT + 2, PORT + 3]));
    }
}
