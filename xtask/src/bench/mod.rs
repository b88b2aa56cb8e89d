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
use crate::size::{BUDGET_BROTLI, Report, Sizes};
use crate::{app, tools, workspace};

pub fn bench() -> anyhow::Result<()> {
    let mut steps = Steps::new(tools::BUILD_TOOL_STEPS + 18);
    tools::ensure_build_tools(&mut steps)?;
    tools::ensure_browser(&mut steps)?;
    tools::ensure_cluster_engines(&mut steps)?;
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
        ("cluster", "Cluster mode: writes on SQLite and PostgreSQL, fan-out and latency on 1 and 3 instances"),
        ("files", "File transfer: a 50 MB upload and download, and the server's memory"),
        ("search", "Message search in rooms of 10,000 and 1,000,000 messages"),
        ("pictures", "Hostile pictures to every picture route: answers, times and the server's peak memory"),
        ("streaming", "Streamed answers: latency with 1,000 readers, CPU per piece, bytes per reader"),
        ("support", "Support at scale: 10,000 visitors waiting, the Support section's load, memory per visitor socket"),
        ("send-path", "Where a send's time goes on an idle server, step by step"),
        ("first-screen", "The first screen rendered by the server: its weight and its cost"),
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
    let report = write_report(&confab, &floor, &peer_sizes, &breakdown, &browser_sections)?;
    std::fs::write(workspace::root().join("BENCHMARKS.md"), &report).context("writing BENCHMARKS.md")?;
    println!("\nWrote BENCHMARKS.md.");
    Ok(())
}

fn kb(bytes: usize) -> String {
    format!("{:.1} kB", bytes as f64 / 1000.0)
}

fn write_report(
    confab: &Report,
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
    let (entry, first) = confab.first_load();
    let all = confab.everything();
    writeln!(
        out,
        "What a browser downloads, raw and as servers send it (gzip -9, brotli -q11). Confab's first load is \
         everything fetched before the room list shows, from the heaviest entry ({entry}) in the largest \
         language; the rest of the build is parts, fetched when a view first opens or when the browser is idle."
    )?;
    writeln!(out, "The peers are their minimal apps (`crates/bench/peers/src`), versions pinned by")?;
    writeln!(out, "`crates/bench/peers/package-lock.json`, bundled by esbuild with `--minify` for production.\n")?;
    writeln!(out, "| app | raw | gzip | brotli | brotli, times Confab's first load |")?;
    writeln!(out, "|---|---:|---:|---:|---:|")?;
    writeln!(out, "| **Confab, first load** | {} | {} | {} | 1.0 |", kb(first.raw), kb(first.gzip), kb(first.brotli))?;
    let ratio = |sizes: &Sizes| sizes.brotli as f64 / first.brotli as f64;
    writeln!(
        out,
        "| Confab, everything (first load and every part) | {} | {} | {} | {:.1} |",
        kb(all.raw),
        kb(all.gzip),
        kb(all.brotli),
        ratio(&all)
    )?;
    for (name, sizes) in peers.iter().map(|(name, sizes)| (name.as_str(), sizes)).chain([(floor::NAME, floor)]) {
        writeln!(
            out,
            "| {name} | {} | {} | {} | {:.1} |",
            kb(sizes.raw),
            kb(sizes.gzip),
            kb(sizes.brotli),
            ratio(sizes)
        )?;
    }
    let over = first.brotli as i64 - BUDGET_BROTLI as i64;
    if over > 0 {
        writeln!(
            out,
            "\nBudget: ≤ {} brotli for the first load. Confab is **over by {} ({:.0}%)**. The stack's floor alone \
             takes {} ({:.0}% of the budget).",
            kb(BUDGET_BROTLI),
            kb(over as usize),
            over as f64 * 100.0 / BUDGET_BROTLI as f64,
            kb(floor.brotli),
            floor.brotli as f64 * 100.0 / BUDGET_BROTLI as f64,
        )?;
    } else {
        writeln!(
            out,
            "\nBudget: ≤ {} brotli for the first load. Confab is within it by {}.",
            kb(BUDGET_BROTLI),
            kb((-over) as usize)
        )?;
    }
    writeln!(out, "\n### The parts\n")?;
    writeln!(
        out,
        "Each fetched when its view first opens, or earlier: the packs of the first room's parts as soon as the room \
         list shows, the rest when the browser is idle after it. A pack (`.pack`) joins a part with the code it shares \
         with others and is the first to need (xtask/src/web/packs.rs).\n"
    )?;
    writeln!(out, "| file | raw | gzip | brotli |\n|---|---:|---:|---:|")?;
    for (file, sizes) in confab.parts() {
        let name = file.rsplit('/').next().unwrap_or(file);
        writeln!(out, "| {name} | {} | {} | {} |", kb(sizes.raw), kb(sizes.gzip), kb(sizes.brotli))?;
    }
    let total: usize = breakdown.iter().map(|(_, size)| size).sum();
    writeln!(out, "\n### What the core's wasm holds\n")?;
    writeln!(out, "`twiggy top` over the core's wasm before wasm-bindgen and wasm-opt (names intact), summed")?;
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
