//! Ctrl+C and SIGTERM end a long run cleanly. xtask starts servers that outlive it unless it
//! stops them: PostgreSQL daemonizes into a session of its own as another user, so neither the
//! terminal's SIGINT nor a SIGTERM sent to xtask reaches it. So xtask does not die on the signal:
//! it stops the children it is waiting on, every step returns an error, and unwinding drops what
//! was started (each server is stopped and its temporary directory removed by its guard).

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::{Context, bail};
use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;

static REQUESTED: AtomicBool = AtomicBool::new(false);
/// The children xtask is running now, stopped when a signal comes.
static CHILDREN: Mutex<Vec<u32>> = Mutex::new(Vec::new());

/// Handles SIGINT, SIGTERM and SIGHUP from now on, for the rest of the process.
pub fn install() -> anyhow::Result<()> {
    ctrlc::set_handler(|| {
        if !REQUESTED.swap(true, Ordering::SeqCst) {
            eprintln!("\nInterrupted: stopping what was started, then exiting.");
        }
        for pid in children().iter() {
            stop(*pid);
        }
    })
    .context("handling Ctrl+C and SIGTERM")
}

/// Fails once a signal has come, so that no further step starts.
pub fn check() -> anyhow::Result<()> {
    if REQUESTED.load(Ordering::SeqCst) {
        bail!("interrupted");
    }
    Ok(())
}

/// A running child, stopped when a signal comes until it is dropped.
pub struct Watched(u32);

impl Watched {
    pub fn new(pid: u32) -> Self {
        let mut children = children();
        children.push(pid);
        // A signal that came before the child was listed finds it here.
        if REQUESTED.load(Ordering::SeqCst) {
            stop(pid);
        }
        Self(pid)
    }
}

impl Drop for Watched {
    fn drop(&mut self) {
        children().retain(|pid| *pid != self.0);
    }
}

fn children() -> std::sync::MutexGuard<'static, Vec<u32>> {
    CHILDREN.lock().unwrap_or_else(|e| e.into_inner())
}

fn stop(pid: u32) {
    if let Ok(pid) = i32::try_from(pid) {
        let _ = kill(Pid::from_raw(pid), Signal::SIGTERM);
    }
}
