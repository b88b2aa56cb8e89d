//! `cargo xtask cluster [N]`: cluster mode on this machine. A private PostgreSQL and NATS, N
//! confab-server instances sharing them (and one file store), and HAProxy in front passing
//! WebSockets through; then the URL. `examples/cluster/haproxy.cfg` is the config it runs for
//! three instances, checked by a test so the example cannot drift from what runs.

use std::process::{Child, Command};

use anyhow::Context;
use confab_cluster::haproxy;

use crate::process::Steps;
use crate::{app, tools, workspace};

/// Where HAProxy listens; the instances take the ports after it.
const PORT: u16 = 3000;

pub fn cluster(instances: usize) -> anyhow::Result<()> {
    let instances = instances.max(1);
    let mut steps = Steps::new(tools::BUILD_TOOL_STEPS + 6);
    tools::ensure_build_tools(&mut steps)?;
    tools::ensure_cluster_engines(&mut steps)?;
    app::build(&mut steps)?;
    let server = app::build_server(&mut steps)?;
    let (postgres, nats) = steps.run("Start a private PostgreSQL (durable) and NATS", || {
        Ok((confab_cluster::Postgres::start(true)?, confab_cluster::Nats::start()?))
    })?;
    let data = workspace::root().join("data").join("cluster");
    let mut running: Vec<Child> = Vec::new();
    steps.run(&format!("Start {instances} confab-server instances"), || {
        for n in 1..=instances {
            let port = PORT + n as u16;
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
            running.push(child);
            // The first one creates the schema and the demo data before the others start.
            confab_cluster::wait_for_port(port, std::time::Duration::from_secs(60))?;
        }
        Ok(())
    })?;
    let ports: Vec<u16> = (1..=instances).map(|n| PORT + n as u16).collect();
    steps.run("Start HAProxy in front and serve", || {
        let mut haproxy = confab_cluster::HaProxy::start(&haproxy::config(PORT, &ports), PORT)?;
        println!("    Confab's cluster is at http://127.0.0.1:{PORT}/ ({instances} instances on PostgreSQL and NATS).");
        println!("    Instances answer directly on ports {}–{}. Stop with Ctrl+C.", PORT + 1, PORT + instances as u16);
        haproxy.wait()
    })?;
    for mut child in running {
        let _ = child.kill();
    }
    Ok(())
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
