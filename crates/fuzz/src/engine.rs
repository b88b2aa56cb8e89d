//! The stable engine, for `cargo test`: no instrumentation, so no coverage guidance, but every
//! input ever saved for a target is run first (the corpus libFuzzer grew, and `regressions/`:
//! each input that once failed), then inputs made from random bytes, half of them fresh and
//! half a saved input with a few bytes changed, until the time is spent. The random source is
//! seeded, so a run repeats exactly; `CONFAB_FUZZ_SEED` picks another.
//!
//! An input that fails is written under `target/fuzz/found/<target>/`; moved to
//! `regressions/<target>/`, it is run by every later test.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::Target;

/// The longest random input, as libFuzzer's default.
const MAX_LEN: usize = 4096;

/// What one bounded run did.
#[derive(Debug)]
pub struct Run {
    pub target: &'static str,
    /// Saved inputs replayed, then random ones tried.
    pub replayed: usize,
    pub executions: u64,
    pub elapsed: Duration,
}

impl Run {
    pub fn per_second(&self) -> f64 {
        self.executions as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }
}

/// An input on which a target failed, and where it was written.
#[derive(Debug)]
pub struct Failed {
    pub target: &'static str,
    pub input: PathBuf,
}

fn fuzz_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The inputs libFuzzer kept for covering something new.
pub fn corpus_dir(target: &str) -> PathBuf {
    fuzz_dir().join("corpus").join(target)
}

/// The inputs that once made a target fail.
pub fn regressions_dir(target: &str) -> PathBuf {
    fuzz_dir().join("regressions").join(target)
}

fn found_dir(target: &str) -> PathBuf {
    let target_dir =
        std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| fuzz_dir().join("../../target"));
    target_dir.join("fuzz").join("found").join(target)
}

fn saved_inputs(dir: &Path) -> Vec<Vec<u8>> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).filter(|p| p.is_file()).collect();
    paths.sort();
    paths.iter().filter_map(|path| std::fs::read(path).ok()).collect()
}

/// Runs `target` on one input; on a failure, keeps the input.
fn attempt(target: &Target, input: &[u8]) -> Result<(), Failed> {
    if catch_unwind(AssertUnwindSafe(|| (target.run)(input))).is_ok() {
        return Ok(());
    }
    let dir = found_dir(target.name);
    let name = format!("crash-{:016x}", checksum(input));
    let path = dir.join(name);
    let _ = std::fs::create_dir_all(&dir).and_then(|()| std::fs::write(&path, input));
    Err(Failed { target: target.name, input: path })
}

/// FNV-1a: a stable name for an input.
fn checksum(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| (hash ^ u64::from(b)).wrapping_mul(0x100_0000_01b3))
}

/// Runs every saved input of `target`, then random ones for `budget`, from `seed`.
pub fn run(target: &Target, budget: Duration, seed: u64) -> Result<Run, Failed> {
    let started = Instant::now();
    let mut saved = saved_inputs(&regressions_dir(target.name));
    saved.extend(saved_inputs(&corpus_dir(target.name)));
    for input in &saved {
        attempt(target, input)?;
    }
    let mut random = fastrand::Rng::with_seed(seed);
    let mut executions = saved.len() as u64;
    let mut input = Vec::with_capacity(MAX_LEN);
    while started.elapsed() < budget {
        input.clear();
        match saved.get(random.usize(..saved.len().max(1))).filter(|_| random.bool()) {
            Some(base) => {
                input.extend_from_slice(base);
                for _ in 0..random.usize(1..=4) {
                    if input.is_empty() {
                        break;
                    }
                    let at = random.usize(..input.len());
                    input[at] = random.u8(..);
                }
            }
            None => input.extend((0..random.usize(..=MAX_LEN)).map(|_| random.u8(..))),
        }
        attempt(target, &input)?;
        executions += 1;
    }
    Ok(Run { target: target.name, replayed: saved.len(), executions, elapsed: started.elapsed() })
}
