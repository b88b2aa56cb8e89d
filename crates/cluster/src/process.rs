//! Starting helpers: free ports, running a program to completion, waiting for a port to answer.

use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};

/// A loopback port nothing listens on now, for a server started next. It is drawn from below the
/// kernel's ephemeral range: a port from that range (what binding port 0 gives) may be handed to
/// any other program's listener or outgoing connection before the server binds it, and then the
/// server fails to start, or a check that the port is closed again sees the other program.
pub fn free_port() -> anyhow::Result<u16> {
    let ephemeral_start = std::fs::read_to_string("/proc/sys/net/ipv4/ip_local_port_range")
        .ok()
        .and_then(|range| range.split_whitespace().next()?.parse::<u16>().ok())
        .unwrap_or(32768);
    let below = (ephemeral_start / 2)..ephemeral_start;
    for _ in 0..100 {
        let port = fastrand::u16(below.clone());
        if TcpListener::bind((Ipv4Addr::LOCALHOST, port)).is_ok() {
            return Ok(port);
        }
    }
    Ok(TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).context("finding a free port")?.local_addr()?.port())
}

/// Runs `command` to completion, failing with its output unless it succeeds.
pub(crate) fn run(command: &mut Command) -> anyhow::Result<()> {
    let shown = format!("{command:?}");
    let output = command.output().with_context(|| format!("cannot start {shown}"))?;
    if !output.status.success() {
        bail!(
            "{shown} failed ({}):\n{}{}",
            output.status,
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    Ok(())
}

/// Waits until something accepts connections on loopback `port`, for at most `limit`.
pub fn wait_for_port(port: u16, limit: Duration) -> anyhow::Result<()> {
    let deadline = Instant::now() + limit;
    while TcpStream::connect((Ipv4Addr::LOCALHOST, port)).is_err() {
        if Instant::now() > deadline {
            bail!("nothing answered on port {port} within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    Ok(())
}

/// Whether this process runs as root.
pub(crate) fn is_root() -> bool {
    Command::new("id").arg("-u").output().is_ok_and(|out| String::from_utf8_lossy(&out.stdout).trim() == "0")
}
