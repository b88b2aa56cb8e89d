//! `cargo xtask test`: every check, in the order that fails fastest, ending with where the time
//! went. `--only` runs one part and a filter narrows it, while developing.
//!
//! Native and browser tests run under cargo-nextest (see [`crate::nextest`]), side by side. The
//! browser tests that time what they check, or kill processes, run afterwards one at a time, so
//! their timings are taken on a machine they have to themselves ([`ALONE`]).

use std::process::Command;

use clap::ValueEnum;

use crate::nextest::Timings;
use crate::process::{Steps, cargo, run};
use crate::{app, browser, tools, workspace};

/// Where the server's tests find the PostgreSQL and NATS servers to run on (confab-server's
/// `settings::TEST_DATABASE` and `settings::TEST_BUS`).
const TEST_DATABASE: &str = "CONFAB_TEST_DATABASE";
const TEST_BUS: &str = "CONFAB_TEST_BUS";

/// The browser tests run alone, after the others (a nextest filterset):
/// - cluster: PostgreSQL, NATS, HAProxy and three instances, killed and restarted, and how soon
///   a dead instance's user is shown offline;
/// - a silent connection noticed within its limit, tokens refreshed before four-second expiries,
///   presence following idleness, a user never shown offline past a grace period: each a deadline;
/// - read marks coalesced over a burst, parts fetched when the browser is idle: what happens in
///   a span of time.
pub const ALONE: &str = "package(confab-e2e) & (test(/^cluster::/) \
    | test(=reconnect::a_connection_gone_silent_is_noticed_and_replaced) \
    | test(=sessions::chatting_goes_on_across_token_expiries_without_an_error_or_a_reload) \
    | test(=people::presence_follows_alices_tabs_idleness_and_chosen_status) | test(/^presence_hunt::/) \
    | test(/^read_receipts::/) | test(/^first_load::/))";

/// How many slowest tests the run ends with.
const SLOWEST: usize = 15;

/// A part of the suite, for `--only`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Part {
    /// Every native test but the server's and the browser's (app logic, protocol, tools).
    Native,
    /// The server's tests, on SQLite and then on PostgreSQL and NATS.
    Server,
    /// The app's tests compiled to wasm, in headless Chromium.
    Wasm,
    /// The browser end-to-end tests against the built app and server.
    E2e,
}

pub fn test(only: Option<Part>, filters: &[String]) -> anyhow::Result<()> {
    crate::shutdown::install()?;
    let wants = |part: Part| only.is_none_or(|only| only == part);
    let full = only.is_none();
    let test_steps = usize::from(full) * 2
        + usize::from(wants(Part::Native) || wants(Part::Server))
        + usize::from(wants(Part::Server))
        + usize::from(wants(Part::Wasm))
        + usize::from(wants(Part::E2e)) * 5;
    let mut steps = Steps::new(tools::BUILD_TOOL_STEPS + tools::TEST_TOOL_STEPS + test_steps);
    let mut timings = Timings::default();
    let result = run_parts(&mut steps, &mut timings, &wants, full, filters);
    steps.print_times();
    timings.print_slowest(SLOWEST);
    result?;
    println!("\nEvery check passed.");
    Ok(())
}

fn run_parts(
    steps: &mut Steps,
    timings: &mut Timings,
    wants: &dyn Fn(Part) -> bool,
    full: bool,
    filters: &[String],
) -> anyhow::Result<()> {
    tools::ensure_build_tools(steps)?;
    tools::ensure_test_tools(steps)?;
    let filters: Vec<&str> = filters.iter().map(String::as_str).collect();
    let mut narrowed = filters.clone();
    if !filters.is_empty() {
        // A filter may leave one of the nextest runs below without a test; that is no failure.
        narrowed.insert(0, "--no-tests=warn");
    }

    if full {
        steps.run("Formatting (cargo fmt --check)", || run(in_root(cargo()).args(["fmt", "--all", "--check"])))?;
        steps.run("Lints, native and wasm (cargo clippy -D warnings)", || {
            run(in_root(cargo()).args(["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"]))?;
            run(in_root(cargo()).args([
                "clippy",
                "--package",
                "confab",
                "--package",
                "confab-core",
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
    }
    if wants(Part::Native) || wants(Part::Server) {
        let (name, tests) = match (wants(Part::Native), wants(Part::Server)) {
            (true, true) => (
                "Native tests (app logic, protocol, tools, server on SQLite over real HTTP and WebSocket, Rocket.Chat client conformance)",
                "not package(confab-e2e)",
            ),
            (true, false) => (
                "Native tests but the server's (app logic, protocol, tools)",
                "not (package(confab-e2e) | package(confab-server))",
            ),
            _ => (
                "The server's tests on SQLite, over real HTTP and WebSocket, with Rocket.Chat's clients",
                "package(confab-server)",
            ),
        };
        steps.run(name, || {
            timings.run("native", &nextest_args(tests, &narrowed), |command| {
                tools::with_tool_path(command);
            })
        })?;
    }
    if wants(Part::Server) {
        steps.run(
            "The server's tests again on PostgreSQL and NATS (private servers, started and removed here)",
            || {
                let postgres = confab_cluster::Postgres::start(false)?;
                let nats = confab_cluster::Nats::start()?;
                timings.run("PostgreSQL", &nextest_args("package(confab-server)", &narrowed), |command| {
                    tools::with_tool_path(command).env(TEST_DATABASE, postgres.server_url()).env(TEST_BUS, nats.url());
                })
            },
        )?;
    }
    if wants(Part::Wasm) {
        steps.run("Wasm tests in headless Chromium (wasm-bindgen-test)", || {
            // The test runner's chromedriver leaves its sessions' directories in the temporary
            // folder: this one, removed afterwards.
            let temporary = workspace::target_dir().join("tmp").join("wasm-tests");
            std::fs::create_dir_all(&temporary)?;
            let mut command = in_root(cargo());
            command
                .args(["test", "--package", "confab", "--target", "wasm32-unknown-unknown", "--test", "web"])
                .env("CHROMEDRIVER", tools::chromedriver())
                .env("TMPDIR", &temporary);
            if !filters.is_empty() {
                command.arg("--").args(&filters);
            }
            let result = run(&mut command);
            let _ = std::fs::remove_dir_all(&temporary);
            result
        })?;
    }
    if full || wants(Part::E2e) {
        let sizes = app::build(steps)?;
        steps.run("The first load against its limit (budget: 150 kB of brotli)", || crate::size::enforce(&sizes))?;
    }
    if wants(Part::E2e) {
        // The workspace's test build (above, or at the start of the first run below) builds the
        // server too: cargo builds a package's binaries for its integration tests.
        let server = workspace::target_dir().join("debug").join("confab-server");
        let driver = steps.run("Start one chromedriver for every browser test", browser::Chromedriver::start)?;
        let e2e = |command: &mut Command| {
            tools::with_tool_path(command)
                .env("CONFAB_SERVER_BIN", &server)
                .env("CONFAB_DIST", workspace::dist_dir())
                .env("CONFAB_FIRST_LOAD", workspace::first_load_manifest())
                .env("CHROMEDRIVER", tools::chromedriver())
                .env("CONFAB_CHROMEDRIVER_PORT", driver.port().to_string());
        };
        let side_by_side = format!("package(confab-e2e) & not ({ALONE})");
        let mut args = vec!["--package", "confab-e2e", "-E", &side_by_side];
        args.extend(&narrowed);
        let first = steps
            .run("Browser end-to-end tests, side by side (real server, built app, headless Chromium)", || {
                timings.run("browser", &args, e2e)
            });
        let mut args = vec!["--package", "confab-e2e", "--test-threads", "1", "-E", ALONE];
        args.extend(&narrowed);
        // Run even when the others failed, so one run reports every failure.
        let second = steps.run("Browser end-to-end tests that time what they check, one at a time", || {
            timings.run("browser, alone", &args, e2e)
        });
        first.and(second)?;
    }
    Ok(())
}

/// nextest's arguments for the tests `filterset` selects, narrowed by `filters`. Every run
/// selects the whole workspace, so that all of them share one build: cargo unifies features
/// across the packages selected, and another selection would build the shared crates again.
fn nextest_args<'a>(filterset: &'a str, filters: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec!["--workspace", "-E", filterset];
    args.extend(filters);
    args
}

fn in_root(mut command: Command) -> Command {
    command.current_dir(workspace::root()).env("PATH", tools::tool_path());
    command
}
