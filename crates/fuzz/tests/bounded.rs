//! Every fuzz target for a bounded time, as part of `cargo test`: its saved inputs, then random
//! ones (see `confab_fuzz::engine`). `CONFAB_FUZZ_SECONDS` sets the time per target (10 s by
//! default, about a minute for all on two cores), `CONFAB_FUZZ_SEED` the random source.

use std::time::Duration;

use confab_fuzz::{TARGETS, engine};

fn bounded(name: &str) {
    let target = TARGETS.iter().find(|t| t.name == name).expect("a target of that name");
    let seconds = std::env::var("CONFAB_FUZZ_SECONDS").ok().and_then(|s| s.parse().ok()).unwrap_or(10.0);
    let seed = std::env::var("CONFAB_FUZZ_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(0x00c0_ffee);
    match engine::run(target, Duration::from_secs_f64(seconds), seed) {
        Ok(run) => println!(
            "fuzz {}: {} saved inputs, {} executions in {:.1} s ({:.0}/s)",
            run.target,
            run.replayed,
            run.executions,
            run.elapsed.as_secs_f64(),
            run.per_second()
        ),
        Err(failed) => panic!("fuzz {} failed on the input written to {}", failed.target, failed.input.display()),
    }
}

#[test]
fn markup() {
    bounded("markup");
}

#[test]
fn ddp_frames() {
    bounded("ddp_frames");
}

#[test]
fn json_readers() {
    bounded("json_readers");
}

#[test]
fn config() {
    bounded("config");
}

#[test]
fn file_names() {
    bounded("file_names");
}

#[test]
fn pictures() {
    bounded("pictures");
}

#[test]
fn every_target_is_run_here() {
    let here = ["markup", "ddp_frames", "json_readers", "config", "file_names", "pictures"];
    let all: Vec<&str> = TARGETS.iter().map(|t| t.name).collect();
    assert_eq!(all, here);
}
