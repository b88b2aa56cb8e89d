//! `cargo xtask bench`: figures, side by side with the peers where the issue asks, written to
//! `BENCHMARKS.md` with the date, the machine and the command. Nothing here passes or fails on a
//! timing: a shared machine is too noisy for that. (The transfer-size budget, which is
//! deterministic, belongs to `cargo xtask test`.)

mod floor;
mod machine;
mod peers;
mod wasm_breakdown;

use std::fmt::Write as _;

use anyhow::Context;

use crate::process::{Steps, cargo};
use crate::size::{BUDGET_BROTLI, Sizes};
use crate::{app, tools, workspace};

pub fn bench() -> anyhow::Result<()> {
    let mut steps = Steps::new(tools::BUILD_TOOL_STEPS + 12);
    tools::ensure_build_tools(&mut steps)?;
    tools::ensure_browser(&mut steps)?;
    let twiggy = tools::ensure_twiggy(&mut steps)?;
    peers::ensure_installed(&mut steps)?;
    let confab = app::build(&mut steps)?;
    let server = steps.run("Build confab-server (release, for the load benchmarks)", || {
        crate::process::run(cargo().current_dir(workspace::root()).args([
            "build",
            "--release",
            "--package",
            "confab-server",
        ]))?;
        Ok(workspace::target_dir().join("release").join("confab-server"))
    })?;
    let peer_sizes = steps.run("Bundle the peers' minimal apps with esbuild and measure them", peers::bundle_all)?;
    let floor = steps.run("Build the stack's floor (Yew + serde_json) and measure it", floor::build_and_measure)?;
    let breakdown = steps.run("What the wasm holds, by crate (twiggy)", || wasm_breakdown::by_crate(&twiggy))?;
    let mut browser_sections = Vec::new();
    let benches = [
        ("startup", "Start-up in headless Chromium (10 runs)"),
        ("long-room", "A 10,000-message room"),
        ("latency", "Delivery latency with 0, 1,000 and 5,000 background clients"),
        ("capacity", "Server capacity: idle sockets, fan-out, CPU per message"),
    ];
    for (bench, what) in benches {
        let section = steps.run(what, || {
            let out = cargo()
                .current_dir(workspace::root())
                .args(["run", "--quiet", "--release", "--package", "confab-bench", "--", bench])
                .env("CONFAB_SERVER_BIN", &server)
                .env("CONFAB_DIST", workspace::dist_dir())
                .env("CHROMEDRIVER", tools::chromedriver())
                .output()
                .context("running confab-bench")?;
            anyhow::ensure!(
                out.status.success(),
                "confab-bench {bench} failed: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            let text = String::from_utf8(out.stdout)?;
            print!("{text}");
            Ok(text)
        })?;
        browser_sections.push(section);
    }
    let report = write_report(&confab.first_load().1, &floor, &peer_sizes, &breakdown, &browser_sections)?;
    std::fs::write(workspace::root().join("BENCHMARKS.md"), &report).context("writing BENCHMARKS.md")?;
    println!("\nWrote BENCHMARKS.md.");
    Ok(())
}

fn kb(bytes: usize) -> String {
    format!("{:.1} kB", bytes as f64 / 1000.0)
}

fn write_report(
    confab: &Sizes,
    floor: &Sizes,
    peers: &[(String, Sizes)],
    breakdown: &[(String, usize)],
    sections: &[String],
) -> anyhow::Result<String> {
    let mut out = String::new();
    writeln!(out, "# Benchmarks\n")?;
    writeln!(out, "Measured {} on {}.", machine::date(), machine::describe())?;
    writeln!(out, "Reproduce with `cargo xtask bench` (this file is rewritten).\n")?;
    writeln!(out, "## Transfer size\n")?;
    writeln!(
        out,
        "Everything a browser downloads (wasm, JS, CSS), raw and as servers send it (gzip -9, brotli -q11)."
    )?;
    writeln!(out, "The peers are their minimal apps (`crates/bench/peers/src`), versions pinned by")?;
    writeln!(out, "`crates/bench/peers/package-lock.json`, bundled by esbuild with `--minify` for production.\n")?;
    writeln!(out, "| app | raw | gzip | brotli | brotli, times Confab's |")?;
    writeln!(out, "|---|---:|---:|---:|---:|")?;
    writeln!(out, "| **Confab** | {} | {} | {} | 1.0 |", kb(confab.raw), kb(confab.gzip), kb(confab.brotli))?;
    for (name, sizes) in peers.iter().map(|(name, sizes)| (name.as_str(), sizes)).chain([(floor::NAME, floor)]) {
        let ratio = sizes.brotli as f64 / confab.brotli as f64;
        writeln!(out, "| {name} | {} | {} | {} | {ratio:.1} |", kb(sizes.raw), kb(sizes.gzip), kb(sizes.brotli))?;
    }
    let over = confab.brotli as i64 - BUDGET_BROTLI as i64;
    if over > 0 {
        writeln!(
            out,
            "\nBudget: ≤ {} brotli. Confab is **over by {} ({:.0}%)**; the breakdown below shows what dominates. \
             The stack's floor alone takes {} ({:.0}% of the budget), leaving {} for all of Confab's own code and data, \
             which are {} today.",
            kb(BUDGET_BROTLI),
            kb(over as usize),
            over as f64 * 100.0 / BUDGET_BROTLI as f64,
            kb(floor.brotli),
            floor.brotli as f64 * 100.0 / BUDGET_BROTLI as f64,
            kb(BUDGET_BROTLI.saturating_sub(floor.brotli)),
            kb(confab.brotli.saturating_sub(floor.brotli)),
        )?;
    } else {
        writeln!(out, "\nBudget: ≤ {} brotli. Confab is within it by {}.", kb(BUDGET_BROTLI), kb((-over) as usize))?;
    }
    let total: usize = breakdown.iter().map(|(_, size)| size).sum();
    writeln!(out, "\n### What the wasm holds\n")?;
    writeln!(out, "`twiggy top` over the release wasm before wasm-bindgen and wasm-opt (names intact), summed")?;
    writeln!(out, "by crate, leaving out what wasm-bindgen removes. Shares of {} of code and data before", kb(total))?;
    writeln!(out, "wasm-opt -Oz and compression: they rank the crates, they do not add up to the shipped size.\n")?;
    writeln!(out, "| crate | bytes | share |\n|---|---:|---:|")?;
    for (name, size) in breakdown.iter().take(20) {
        writeln!(out, "| {name} | {} | {:.1}% |", kb(*size), *size as f64 * 100.0 / total.max(1) as f64)?;
    }
    for section in sections {
        writeln!(out, "\n{}", section.trim_end())?;
    }
    Ok(out)
}
