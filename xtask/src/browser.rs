//! The one chromedriver every browser test of a run drives its browsers through, instead of one
//! per test. It runs in a process group of its own with the browsers it starts, and the whole
//! group is stopped when the run ends, so no browser a failed test left open outlives the run.
//! Their temporary files go to a directory of their own, removed then too: a stopped chromedriver
//! leaves its sessions' directories behind.

use std::os::unix::process::CommandExt;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use anyhow::Context;
use nix::sys::signal::{Signal, killpg};
use nix::unistd::Pid;

use crate::shutdown::Watched;
use crate::{tools, workspace};

pub struct Chromedriver {
    child: Child,
    port: u16,
    temporary: std::path::PathBuf,
    _watched: Watched,
}

impl Chromedriver {
    pub fn start() -> anyhow::Result<Self> {
        let port = confab_cluster::free_port()?;
        let temporary = workspace::target_dir().join("tmp").join(format!("chromedriver-{port}"));
        std::fs::create_dir_all(&temporary).with_context(|| format!("creating {}", temporary.display()))?;
        let child = Command::new(tools::chromedriver())
            .arg(format!("--port={port}"))
            .env("TMPDIR", &temporary)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()
            .context("starting chromedriver")?;
        let watched = Watched::new(child.id());
        let driver = Self { child, port, temporary, _watched: watched };
        confab_cluster::wait_for_port(port, Duration::from_secs(20))?;
        println!("    chromedriver on port {port}");
        Ok(driver)
    }

    pub fn port(&self) -> u16 {
        self.port
    }
}

impl Drop for Chromedriver {
    fn drop(&mut self) {
        if let Ok(group) = i32::try_from(self.child.id()) {
            let _ = killpg(Pid::from_raw(group), Signal::SIGKILL);
        }
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.temporary);
    }
}
