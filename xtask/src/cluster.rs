//! `cargo xtask cluster [N]`: cluster mode on this machine. A private PostgreSQL and NATS, N
//! confab-server instances sharing them (and one file store), and HAProxy in front passing
//! WebSockets through; then the URL. `examples/cluster/haproxy.cfg` is this module's config for
//! three instances, checked by a test so the example cannot drift from what runs.

use std::process::{Child, Command};

use anyhow::Context;

use crate::process::Steps;
use crate::{app, tools, workspace};

/// Debian's HAProxy, in /usr/sbin (not on every user's PATH).
const HAPROXY: &str = "/usr/sbin/haproxy";

/// Where HAProxy listens; the instances take the ports after it.
const PORT: u16 = 3000;

pub fn cluster(instances: usize) -> anyhow::Result<()> {
    let instances = instances.max(1);
    let mut steps = Steps::new(tools::BUILD_TOOL_STEPS + 7);
    tools::ensure_build_tools(&mut steps)?;
    tools::ensure_cluster_engines(&mut steps)?;
    tools::ensure_load_balancer(&mut steps)?;
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
    let config = std::env::temp_dir().join(format!("confab-haproxy-{}.cfg", std::process::id()));
    std::fs::write(&config, haproxy_config(PORT, instances)).context("writing the HAProxy config")?;
    steps.run("Start HAProxy in front and serve", || {
        let mut haproxy =
            Command::new(HAPROXY).arg("-db").arg("-f").arg(&config).spawn().context("starting haproxy")?;
        confab_cluster::wait_for_port(PORT, std::time::Duration::from_secs(20))?;
        println!("    Confab's cluster is at http://127.0.0.1:{PORT}/ ({instances} instances on PostgreSQL and NATS).");
        println!("    Instances answer directly on ports {}–{}. Stop with Ctrl+C.", PORT + 1, PORT + instances as u16);
        haproxy.wait().context("waiting for haproxy")?;
        Ok(())
    })?;
    for mut child in running {
        let _ = child.kill();
    }
    Ok(())
}

/// HAProxy's config for `instances` confab-servers on the ports after `port`: HTTP mode, which
/// passes WebSocket upgrades through, with tunnel timeouts long enough for idle sockets, health
/// checks that take a dead instance out within two seconds, and retries elsewhere for requests
/// that found it dead.
pub fn haproxy_config(port: u16, instances: usize) -> String {
    let mut config = format!(
        "# confab-server instances behind HAProxy (written by `cargo xtask cluster`).\n\
         global\n    maxconn 4000\n\n\
         defaults\n    mode http\n    option redispatch\n    retries 3\n\
         \x20   timeout connect 2s\n    timeout client 60s\n    timeout server 60s\n\
         \x20   # A WebSocket is a tunnel once upgraded: clients ping every 25 s, so 1 h is idle.\n\
         \x20   timeout tunnel 1h\n\n\
         frontend confab\n    bind 127.0.0.1:{port}\n    default_backend instances\n\n\
         backend instances\n    balance roundrobin\n    option httpchk GET /api/v1/settings.public\n\
         \x20   default-server check inter 1s fall 2 rise 1\n"
    );
    for n in 1..=instances {
        config.push_str(&format!("    server instance{n} 127.0.0.1:{}\n", port + n as u16));
    }
    config
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_example_config_is_what_the_cluster_runs_with_three_instances() {
        let example = std::fs::read_to_string(workspace::root().join("examples/cluster/haproxy.cfg")).unwrap();
        assert_eq!(example, haproxy_config(PORT, 3));
    }
}
