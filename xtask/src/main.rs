//! `cargo xtask run | test | bench | cluster | fuzz`: the project's own automation.
//!
//! `run` sets up every tool a fresh machine lacks, builds the app and serves the demo;
//! `test` runs every check CI runs; `bench` measures and writes `BENCHMARKS.md`. Each step says
//! what it does and how long it took.

mod app;
mod bench;
mod browser;
mod checks;
#[cfg(test)]
mod circles;
mod cluster;
mod compress;
mod fuzz;
mod nextest;
mod process;
mod schema;
mod shutdown;
mod size;
mod tools;
mod web;
mod workspace;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "cargo xtask", about = "Confab's build, demo and test automation")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Install what is missing, build the app and serve the demo.
    Run {
        /// Port to serve on.
        #[arg(long, default_value_t = 3000)]
        port: u16,
        /// Directory for the demo database.
        #[arg(long, default_value = "data")]
        data_dir: String,
        /// More confab-server flags, after `--` (`-- --branding examples/iframe-host/branding.json`).
        #[arg(last = true)]
        server_args: Vec<String>,
    },
    /// Run every check: formatting, lints, native and wasm tests, the browser end-to-end suite;
    /// then print each step's time and the slowest tests.
    Test {
        /// Only this part, without formatting and lints: native (all but the server and the
        /// browser), server (on SQLite, then PostgreSQL and NATS), wasm, or e2e.
        #[arg(long, value_enum)]
        only: Option<checks::Part>,
        /// Only tests whose names contain one of these.
        filters: Vec<String>,
    },
    /// Cluster mode on this machine: PostgreSQL, NATS, N instances and HAProxy in front.
    Cluster {
        /// How many confab-server instances.
        #[arg(default_value_t = 3)]
        instances: usize,
        /// Port HAProxy listens on; the instances take the ports after it.
        #[arg(long, default_value_t = cluster::PORT)]
        port: u16,
        /// Serve the app and server already built (dist/, target/debug/confab-server).
        #[arg(long)]
        no_build: bool,
    },
    /// Measure size, start-up and long rooms, beside the peers, and write BENCHMARKS.md.
    Bench,
    /// Fuzz every target under libFuzzer, coverage-guided, for a number of minutes in all.
    Fuzz {
        /// Minutes for all targets together, split evenly.
        #[arg(long, default_value_t = 10.0)]
        minutes: f64,
        /// Only this target (again for more); every target when none is named.
        #[arg(long = "target")]
        targets: Vec<String>,
    },
    /// Write the config's JSON Schema, generated from the protocol types, to docs/config.schema.json.
    Schema,
    /// Print the built app's transfer size, file by file (core or part), and the first load, and
    /// write the first load's files for the browser tests (target/web/first-load.json).
    Size,
    /// trunk's pre-build hook: compile the app's wasm and split it into its core and its parts.
    #[command(hide = true)]
    Wasm,
    /// trunk's post-build hook: point the page and loaders at the build, precompress every file.
    #[command(hide = true)]
    Finish,
}

/// Errors end the run with their chain of causes and no backtrace, so the last lines of a long
/// log name the step and the command that failed.
fn main() -> ExitCode {
    match dispatch(Cli::parse().command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("\nError: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn dispatch(command: Command) -> anyhow::Result<()> {
    match command {
        Command::Run { port, data_dir, server_args } => app::run(port, &data_dir, &server_args),
        Command::Test { only, filters } => checks::test(only, &filters),
        Command::Cluster { instances, port, no_build } => cluster::cluster(instances, port, no_build),
        Command::Bench => bench::bench(),
        Command::Fuzz { minutes, targets } => fuzz::fuzz(minutes, &targets),
        Command::Schema => schema::write(),
        Command::Size => {
            let report = size::Report::measure(&workspace::dist_dir())?;
            report.print();
            report.write_manifest(&workspace::first_load_manifest())
        }
        Command::Wasm => web::wasm::build(),
        Command::Finish => web::finish::finish(),
    }
}
