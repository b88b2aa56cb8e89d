//! Building the app with trunk, and `cargo xtask run`: the demo on a fresh machine.

use std::ffi::OsStr;
use std::path::PathBuf;
use std::process::Command;

use crate::process::{Steps, cargo, run as run_command};
use crate::{size, tools, workspace};

/// Builds the release app into `dist/` and prints its transfer size, file by file.
pub fn build(steps: &mut Steps) -> anyhow::Result<size::Report> {
    steps.run("Build the app (trunk build --release --offline, splitting the wasm into its core and parts)", || {
        trunk_release(&[])?;
        let report = size::Report::measure(&workspace::dist_dir())?;
        report.print();
        report.write_manifest(&workspace::first_load_manifest())?;
        Ok(report)
    })
}

/// `trunk build --release --offline` at the workspace root with the installed tools, plus
/// `args` (another target page, another dist directory).
pub fn trunk_release(args: &[&OsStr]) -> anyhow::Result<()> {
    // trunk's --offline passes --offline to cargo, so every crate must be fetched first.
    run_command(cargo().current_dir(workspace::root()).arg("fetch"))?;
    run_command(
        Command::new("trunk")
            .current_dir(workspace::root())
            .env("PATH", tools::tool_path())
            .args(["build", "--release", "--offline"])
            .args(args),
    )
}

/// Builds confab-server and returns the path of its binary.
pub fn build_server(steps: &mut Steps) -> anyhow::Result<PathBuf> {
    steps.run("Build confab-server", || {
        run_command(cargo().current_dir(workspace::root()).args(["build", "--package", "confab-server"]))?;
        Ok(workspace::target_dir().join("debug").join("confab-server"))
    })
}

/// Builds and serves the demo; `server_args` go to confab-server as they are (`--branding`,
/// `--allowed-origin`, as the examples need).
pub fn run(port: u16, data_dir: &str, server_args: &[String]) -> anyhow::Result<()> {
    crate::shutdown::install()?;
    let mut steps = Steps::new(tools::BUILD_TOOL_STEPS + 3);
    tools::ensure_build_tools(&mut steps)?;
    build(&mut steps)?;
    let server = build_server(&mut steps)?;
    steps.run("Start confab-server in demo mode", || {
        println!("    Open http://127.0.0.1:{port}/ and choose a demo user; open a second browser to chat as another.");
        println!("    The database lives in {data_dir}/. Stop with Ctrl+C.");
        run_command(
            Command::new(server)
                .current_dir(workspace::root())
                .args(["--demo", "--demo-guide"])
                .args(["--port", &port.to_string()])
                .args(["--data-dir", data_dir])
                .arg("--static-dir")
                .arg(workspace::dist_dir())
                .args(server_args),
        )
    })
}
