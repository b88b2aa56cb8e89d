//! Running commands and reporting steps: every step prints what it does, then how long it took,
//! and a long job ends with every step's time. Every command runs watched (see [`shutdown`]).

use std::ffi::OsStr;
use std::process::Command;
use std::time::Instant;

use anyhow::{Context, bail};

use crate::shutdown;

/// A numbered step of a longer job.
pub struct Steps {
    total: usize,
    done: usize,
    started: Instant,
    /// Each step run so far: its name, seconds, and whether it passed.
    times: Vec<(String, f64, bool)>,
}

impl Steps {
    pub fn new(total: usize) -> Self {
        Self { total, done: 0, started: Instant::now(), times: Vec::new() }
    }

    /// Runs `work` as the next step, printing its name, progress and duration. No step starts
    /// after Ctrl+C or SIGTERM.
    pub fn run<T>(&mut self, name: &str, work: impl FnOnce() -> anyhow::Result<T>) -> anyhow::Result<T> {
        shutdown::check()?;
        self.done += 1;
        println!("\n==> [{}/{}] {name}", self.done, self.total);
        let started = Instant::now();
        let result =
            work().and_then(|value| shutdown::check().map(|()| value)).with_context(|| format!("step failed: {name}"));
        let seconds = started.elapsed().as_secs_f64();
        match &result {
            Ok(_) => println!("    done in {}", human(seconds)),
            Err(_) => println!("    FAILED after {}", human(seconds)),
        }
        self.times.push((name.to_owned(), seconds, result.is_ok()));
        result
    }

    /// Prints every step's time, the longest first, and the whole job's.
    pub fn print_times(&self) {
        println!("\nWhere the time went ({} in all):", human(self.started.elapsed().as_secs_f64()));
        let mut times: Vec<_> = self.times.iter().collect();
        times.sort_by(|a, b| b.1.total_cmp(&a.1));
        for (name, seconds, passed) in times {
            let name: String = name.chars().take(100).collect();
            println!("  {:>7}  {}{name}", human(*seconds), if *passed { "" } else { "FAILED " });
        }
    }
}

/// `seconds` as people read a duration: `42.0s`, `3m07s`.
pub fn human(seconds: f64) -> String {
    if seconds < 60.0 {
        format!("{seconds:.1}s")
    } else {
        format!("{}m{:02}s", seconds as u64 / 60, seconds as u64 % 60)
    }
}

/// The `cargo` that runs this xtask.
pub fn cargo() -> Command {
    Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}

/// Runs `command` with inherited output, failing unless it succeeds.
pub fn run(command: &mut Command) -> anyhow::Result<()> {
    let shown = describe(command);
    println!("    $ {shown}");
    let mut child = command.spawn().with_context(|| format!("cannot start `{shown}`"))?;
    let watched = shutdown::Watched::new(child.id());
    let status = child.wait().with_context(|| format!("waiting for `{shown}`"))?;
    drop(watched);
    if !status.success() {
        bail!("`{shown}` failed ({status})");
    }
    Ok(())
}

/// The trimmed standard output of a command, or `None` when it cannot run or fails.
pub fn output(program: impl AsRef<OsStr>, args: &[&str]) -> Option<String> {
    let out = Command::new(program).args(args).output().ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).trim().to_owned())
}

fn describe(command: &Command) -> String {
    let mut text = command.get_program().to_string_lossy().into_owned();
    for arg in command.get_args() {
        text.push(' ');
        text.push_str(&arg.to_string_lossy());
    }
    text
}
