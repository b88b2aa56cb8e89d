//! Fuzz targets for everything that reads hostile input. Each target is an `Input` built by
//! `arbitrary` (structure-aware: markup made of the grammar's own tokens, JSON made of the wire's
//! own keys and values, pictures made from real ones and then damaged) and a `check` that panics
//! when a property fails. Two engines drive the same targets:
//! - [`engine`], on stable Rust inside `cargo test`: every saved input (`corpus/`, and
//!   `regressions/` for what once failed) and then random inputs, for a bounded time;
//! - libFuzzer through `cargo fuzz` (`fuzz_targets/`), coverage-guided, for `cargo xtask fuzz`.

pub mod alloc;
pub mod engine;
pub mod json;
pub mod targets;

/// One fuzz target: its name (its folder under `corpus/` and `regressions/`, its libFuzzer
/// binary) and how to run it on raw bytes.
pub struct Target {
    pub name: &'static str,
    pub run: fn(&[u8]),
}

/// Builds a target's `Input` from bytes the way libFuzzer's `fuzz_target!` does, and checks it.
fn run_on<T: for<'a> arbitrary::Arbitrary<'a>>(bytes: &[u8], check: fn(&T)) {
    if let Ok(input) = T::arbitrary_take_rest(arbitrary::Unstructured::new(bytes)) {
        check(&input);
    }
}

/// Every target.
pub const TARGETS: &[Target] = &[
    Target { name: "markup", run: |b| run_on(b, targets::markup::check) },
    Target { name: "ddp_frames", run: |b| run_on(b, targets::ddp_frames::check) },
    Target { name: "json_readers", run: |b| run_on(b, targets::json_readers::check) },
    Target { name: "config", run: |b| run_on(b, targets::config::check) },
    Target { name: "file_names", run: |b| run_on(b, targets::file_names::check) },
    Target { name: "pictures", run: |b| run_on(b, targets::pictures::check) },
];
