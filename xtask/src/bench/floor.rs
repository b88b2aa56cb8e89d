//! The stack's floor: `crates/bench/floor`, the smallest Yew app that decodes JSON with serde
//! and renders a list, built by trunk exactly as Confab is and measured the same way. Set beside
//! Confab's size it shows how much of the budget the framework takes before any feature does.

use std::path::PathBuf;

use crate::size::{self, Sizes};
use crate::{app, workspace};

/// What the report calls it.
pub const NAME: &str = "Yew + serde_json, a list from JSON (the stack's floor, `crates/bench/floor`)";

/// Builds the floor app for release into `target/bench/floor` and measures it.
pub fn build_and_measure() -> anyhow::Result<Sizes> {
    let out: PathBuf = workspace::target_dir().join("bench").join("floor");
    app::trunk_release(&[
        "--config".as_ref(),
        workspace::floor_trunk_toml().as_os_str(),
        "--dist".as_ref(),
        out.as_os_str(),
    ])?;
    let sizes = size::Report::measure(&out)?.core("index.html");
    println!("    {NAME}: {} bytes raw, {} brotli", sizes.raw, sizes.brotli);
    Ok(sizes)
}
