//! Where things are: the workspace root, the shared target directory, and the versions pinned in
//! Cargo.lock and Trunk.toml.

use std::path::PathBuf;

use anyhow::{Context, bail};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask lives in the workspace").to_path_buf()
}

pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| root().join("target"))
}

/// Where npm-installed tools (wasm-opt) live, inside the target directory.
pub fn tools_dir() -> PathBuf {
    target_dir().join("tools")
}

pub fn dist_dir() -> PathBuf {
    root().join("dist")
}

/// Where the build's first load is written for the browser tests to check against: for each
/// entry, the files of its first load; and the parts.
pub fn first_load_manifest() -> PathBuf {
    target_dir().join("web").join("first-load.json")
}

/// The wasm-bindgen version Cargo.lock resolved: the CLI must match it exactly.
pub fn locked_wasm_bindgen() -> anyhow::Result<String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock")).context("reading Cargo.lock")?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == "name = \"wasm-bindgen\""
            && let Some(version) = lines.next().and_then(|l| l.strip_prefix("version = \""))
        {
            return Ok(version.trim_end_matches('"').to_owned());
        }
    }
    bail!("Cargo.lock has no wasm-bindgen entry")
}

/// The benchmark's floor app's Trunk.toml: the one build trunk's own Rust pipeline makes.
pub fn floor_trunk_toml() -> PathBuf {
    root().join("crates/bench/floor/Trunk.toml")
}

/// The wasm-bindgen version the floor's Trunk.toml pins; trunk refuses any other binary.
pub fn trunk_wasm_bindgen() -> anyhow::Result<String> {
    let trunk = std::fs::read_to_string(floor_trunk_toml()).context("reading the floor's Trunk.toml")?;
    trunk
        .lines()
        .find_map(|l| l.trim().strip_prefix("wasm_bindgen = \"").map(|v| v.trim_end_matches('"').to_owned()))
        .context("Trunk.toml pins no wasm_bindgen version")
}
