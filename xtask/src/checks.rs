//! `cargo xtask test`: every check, in the order that fails fastest.

use std::process::Command;

use crate::process::{Steps, cargo, run};
use crate::{app, tools, workspace};

/// Where the server's tests find the PostgreSQL and NATS servers to run on (confab-server's
/// `settings::TEST_DATABASE` and `settings::TEST_BUS`).
const TEST_DATABASE: &str = "CONFAB_TEST_DATABASE";
const TEST_BUS: &str = "CONFAB_TEST_BUS";

pub fn test() -> anyhow::Result<()> {
    let mut steps = Steps::new(tools::BUILD_TOOL_STEPS + 13);
    tools::ensure_build_tools(&mut steps)?;
    tools::ensure_browser(&mut steps)?;
    tools::ensure_cluster_engines(&mut steps)?;
    tools::ensure_reference_js(&mut steps)?;
    tools::ensure_e2e_js(&mut steps)?;
    let in_root = |mut command: Command| {
        command.current_dir(workspace::root()).env("PATH", tools::tool_path());
        command
    };

    steps.run("Formatting (cargo fmt --check)", || run(in_root(cargo()).args(["fmt", "--all", "--check"])))?;
    steps.run("Lints, native and wasm (cargo clippy -D warnings)", || {
        run(in_root(cargo()).args(["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"]))?;
        run(in_root(cargo()).args([
            "clippy",
            "--package",
            "confab",
            "--package",
            "confab-protocol",
            "--all-targets",
            "--target",
            "wasm32-unknown-unknown",
            // As shipped: each part behind its loader.
            "--features",
            "confab/split",
            "--",
            "-D",
            "warnings",
        ]))
    })?;
    steps.run(
        "Native tests (reducer, protocol, server on SQLite over real HTTP and WebSocket, Rocket.Chat client conformance)",
        || run(in_root(cargo()).args(["test", "--workspace", "--exclude", "confab-e2e", "--", "--show-output"])),
    )?;
    steps.run("The server's tests again on PostgreSQL and NATS (private servers, started and removed here)", || {
        let postgres = confab_cluster::Postgres::start(false)?;
        let nats = confab_cluster::Nats::start()?;
        run(in_root(cargo())
            .args(["test", "--package", "confab-server", "--", "--show-output"])
            .env(TEST_DATABASE, postgres.server_url())
            .env(TEST_BUS, nats.url()))
    })?;
    steps.run("Wasm tests in headless Chromium (wasm-bindgen-test)", || {
        run(in_root(cargo())
            .args(["test", "--package", "confab", "--target", "wasm32-unknown-unknown", "--test", "web"])
            .env("CHROMEDRIVER", tools::chromedriver()))
    })?;
    let sizes = app::build(&mut steps)?;
    steps.run("The first load against its limit (budget: 150 kB of brotli)", || crate::size::enforce(&sizes))?;
    let server = app::build_server(&mut steps)?;
    steps.run("Browser end-to-end tests (real server, built app, headless Chromium)", || {
        run(in_root(cargo())
            .args(["test", "--package", "confab-e2e", "--no-fail-fast", "--", "--test-threads", "1", "--show-output"])
            .env("CONFAB_SERVER_BIN", &server)
            .env("CONFAB_DIST", workspace::dist_dir())
            .env("CONFAB_FIRST_LOAD", workspace::first_load_manifest())
            .env("CHROMEDRIVER", tools::chromedriver()))
    })?;
    println!("\nEvery check passed.");
    Ok(())
}
