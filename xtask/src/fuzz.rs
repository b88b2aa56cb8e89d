//! `cargo xtask fuzz --minutes N`: every fuzz target of `crates/fuzz` under libFuzzer,
//! coverage-guided, for N minutes in all, split evenly.
//!
//! cargo-fuzz builds the targets instrumented for coverage on stable Rust (`--sanitizer none`:
//! only the sanitizers need nightly). Each target starts from its committed corpus and its
//! regressions and grows a working corpus under `target/fuzz/corpus/`; afterwards the committed
//! corpus becomes the fewest inputs that cover all both cover, which `cargo xtask test` replays. An input
//! that fails is written under `target/fuzz/found/<target>/`: move it to
//! `crates/fuzz/regressions/<target>/` with the mend, and every later test runs it.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{Context, bail};

use crate::process::{Steps, cargo, run};
use crate::{tools, workspace};

const CARGO_FUZZ_VERSION: &str = "0.13.2";

fn fuzz_dir() -> PathBuf {
    workspace::root().join("crates").join("fuzz")
}

/// The targets: one libFuzzer binary each, under `crates/fuzz/fuzz_targets/`.
fn targets() -> anyhow::Result<Vec<String>> {
    let dir = fuzz_dir().join("fuzz_targets");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .with_context(|| format!("reading {}", dir.display()))?
        .flatten()
        .filter_map(|entry| entry.path().file_stem().map(|s| s.to_string_lossy().into_owned()))
        .collect();
    names.sort();
    Ok(names)
}

/// What libFuzzer says of a run in its final statistics.
#[derive(Default)]
struct Stats {
    executions: u64,
    per_second: u64,
    new_units: u64,
    crashed: bool,
}

impl Stats {
    fn read(&mut self, line: &str) {
        let number = |prefix: &str| line.strip_prefix(prefix).and_then(|n| n.trim().parse().ok());
        if let Some(n) = number("stat::number_of_executed_units:") {
            self.executions = n;
        } else if let Some(n) = number("stat::average_exec_per_sec:") {
            self.per_second = n;
        } else if let Some(n) = number("stat::new_units_added:") {
            self.new_units = n;
        } else if line.contains("ERROR: libFuzzer") || line.starts_with("SUMMARY: libFuzzer") {
            self.crashed = true;
        }
    }
}

pub fn fuzz(minutes: f64, only: &[String]) -> anyhow::Result<()> {
    let mut targets = targets()?;
    if !only.is_empty() {
        if let Some(unknown) = only.iter().find(|name| !targets.contains(name)) {
            bail!("no fuzz target {unknown:?}; there are: {}", targets.join(", "));
        }
        targets.retain(|name| only.contains(name));
    }
    let mut steps = Steps::new(2 + 2 * targets.len());
    steps.run(&format!("cargo-fuzz {CARGO_FUZZ_VERSION}"), || {
        let listed =
            crate::process::output(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()), &["install", "--list"])
                .unwrap_or_default();
        if listed.lines().any(|l| l.starts_with(&format!("cargo-fuzz v{CARGO_FUZZ_VERSION}"))) {
            println!("    already installed");
            return Ok(());
        }
        run(cargo().args(["install", "--locked", "cargo-fuzz", "--version", CARGO_FUZZ_VERSION]))
    })?;
    let build_dir = workspace::target_dir().join("fuzz").join("build");
    steps.run("Build the targets instrumented for coverage (cargo fuzz build)", || {
        run(cargo_fuzz("build", &build_dir).arg("--release"))
    })?;
    let seconds = ((minutes * 60.0) / targets.len() as f64).max(1.0).round() as u64;
    let mut report = Vec::new();
    for target in &targets {
        let stats =
            steps.run(&format!("{target}: {seconds} s under libFuzzer"), || fuzz_one(target, seconds, &build_dir))?;
        steps.run(&format!("{target}: the fewest inputs covering all go to crates/fuzz/corpus/{target}"), || {
            merge(target, &build_dir)
        })?;
        report.push((target, stats));
    }
    println!("\n| target | executions | per second | new inputs | failed |\n|---|---:|---:|---:|---|");
    for (target, stats) in &report {
        let failed = if stats.crashed { "yes: see target/fuzz/found/" } else { "no" };
        println!("| {target} | {} | {} | {} | {failed} |", stats.executions, stats.per_second, stats.new_units);
    }
    let failed: Vec<&str> = report.iter().filter(|(_, s)| s.crashed).map(|(t, _)| t.as_str()).collect();
    if !failed.is_empty() {
        bail!("fuzzing found failing inputs for: {}", failed.join(", "));
    }
    Ok(())
}

/// `cargo fuzz <verb>` on this project's fuzz crate, built into `build_dir`.
fn cargo_fuzz(verb: &str, build_dir: &Path) -> Command {
    let mut command = cargo();
    command
        .current_dir(workspace::root())
        .env("PATH", tools::tool_path())
        // Six binaries each linked with the release profile's link-time optimisation took
        // minutes apiece; fuzzing wants them built quickly more than a little faster.
        .env("CARGO_PROFILE_RELEASE_LTO", "false")
        .args(["fuzz", verb, "--fuzz-dir"])
        .arg(fuzz_dir())
        .args(["--features", "libfuzzer", "--sanitizer", "none", "--target-dir"])
        .arg(build_dir);
    command
}

fn fuzz_one(target: &str, seconds: u64, build_dir: &Path) -> anyhow::Result<Stats> {
    let working = workspace::target_dir().join("fuzz").join("corpus").join(target);
    let found = workspace::target_dir().join("fuzz").join("found").join(target);
    for dir in [&working, &found] {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    let mut command = cargo_fuzz("run", build_dir);
    command
        .arg("--release")
        .arg(target)
        .arg(&working)
        .arg(fuzz_dir().join("corpus").join(target))
        .arg(fuzz_dir().join("regressions").join(target))
        .arg("--")
        .arg(format!("-max_total_time={seconds}"))
        .arg("-print_final_stats=1")
        .arg("-timeout=30")
        .arg("-rss_limit_mb=4096")
        .arg(format!("-artifact_prefix={}/", found.display()))
        .stderr(Stdio::piped());
    for dir in [fuzz_dir().join("corpus").join(target), fuzz_dir().join("regressions").join(target)] {
        std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    let mut child = command.spawn().context("starting cargo fuzz run")?;
    let mut stats = Stats::default();
    for line in BufReader::new(child.stderr.take().expect("piped")).lines() {
        let line = line?;
        stats.read(&line);
        // libFuzzer's progress, without a line per new input.
        if !line.contains("NEW ") && !line.contains("REDUCE ") {
            println!("    {line}");
        }
    }
    child.wait()?;
    Ok(stats)
}

/// Replaces the committed corpus by the smallest set of inputs, from it and the working corpus,
/// that covers all they cover together (libFuzzer's set-cover merge), so it stays small.
fn merge(target: &str, build_dir: &Path) -> anyhow::Result<()> {
    let binary = build_dir.join(host_triple()?).join("release").join(target);
    let working = workspace::target_dir().join("fuzz").join("corpus").join(target);
    let merged = workspace::target_dir().join("fuzz").join("merged").join(target);
    let committed = fuzz_dir().join("corpus").join(target);
    if merged.exists() {
        std::fs::remove_dir_all(&merged)?;
    }
    std::fs::create_dir_all(&merged)?;
    let out = Command::new(&binary)
        .args(["-merge=1", "-set_cover_merge=1"])
        .arg(&merged)
        .arg(&committed)
        .arg(&working)
        .output()
        .context("merging")?;
    if !out.status.success() {
        bail!("merging the corpus failed: {}", String::from_utf8_lossy(&out.stderr));
    }
    let count = |dir: &Path| std::fs::read_dir(dir).map(|d| d.count()).unwrap_or(0);
    let before = count(&committed);
    std::fs::remove_dir_all(&committed)?;
    std::fs::rename(&merged, &committed)?;
    println!("    {before} → {} inputs in crates/fuzz/corpus/{target}", count(&committed));
    Ok(())
}

/// The host's target triple, under which cargo fuzz builds.
fn host_triple() -> anyhow::Result<String> {
    let rustc = crate::process::output("rustc", &["-vV"]).context("running rustc -vV")?;
    rustc.lines().find_map(|l| l.strip_prefix("host: ")).map(str::to_owned).context("rustc names no host")
}
