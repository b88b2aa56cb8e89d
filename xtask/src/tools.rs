//! Installing the tools a fresh machine lacks, each skipped when already present at the right
//! version. Everything comes from the registries this project may use: rustup, crates.io, npm
//! and Debian (see the toolchain notes in the README).

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, bail};

use crate::process::{Steps, cargo, output, run};
use crate::workspace;

const WASM_TARGET: &str = "wasm32-unknown-unknown";
const TRUNK_VERSION: &str = "0.22.1";
/// The splitter that cuts the app's wasm into its core and its parts (crate
/// `wasm_split_cli_support`, binary `wasm-split-cli`).
const SPLITTER_VERSION: &str = "0.2.4";
/// wasm-opt from npm: Debian's binaryen is too old to read wasm-bindgen's output.
const BINARYEN_VERSION: &str = "132.0.0";
const WASM_OPT_VERSION: &str = "version 132";
/// esbuild from npm, which minifies the JavaScript wasm-bindgen and the splitter write.
const ESBUILD_VERSION: &str = "0.28.2";

/// Number of steps [`ensure_build_tools`] takes.
pub const BUILD_TOOL_STEPS: usize = 5;
/// Number of steps [`ensure_test_tools`] takes.
pub const TEST_TOOL_STEPS: usize = 5;

/// `cargo install` for a tool that is built once and then only run: without the fat LTO and
/// single codegen unit that tools' own release profiles ask for (right for a published binary,
/// and most of a cold install's time on two cores), and at a lower optimisation level. trunk
/// went from 15 minutes to under 5 this way, and builds the app as fast.
fn cargo_install() -> Command {
    let mut command = cargo();
    command
        .arg("install")
        .env("CARGO_PROFILE_RELEASE_LTO", "false")
        .env("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "16")
        .env("CARGO_PROFILE_RELEASE_OPT_LEVEL", "1")
        .env("CARGO_PROFILE_RELEASE_DEBUG", "false")
        .env("CARGO_PROFILE_RELEASE_STRIP", "true");
    command
}

/// `command` run at the workspace's root with the installed tools found first.
pub fn with_tool_path(command: &mut Command) -> &mut Command {
    command.current_dir(workspace::root()).env("PATH", tool_path())
}

/// The PATH under which the installed tools are found first.
pub fn tool_path() -> OsString {
    let mut dirs = vec![npm_bin_dir(), cargo_bin_dir()];
    dirs.extend(std::env::var_os("PATH").map(|p| std::env::split_paths(&p).collect::<Vec<_>>()).unwrap_or_default());
    std::env::join_paths(dirs).expect("tool directories contain no path separator")
}

/// Cargo's home: where it keeps the registry and installs tools.
pub fn cargo_home() -> PathBuf {
    let home = std::env::var_os("CARGO_HOME").map(PathBuf::from);
    home.or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo"))).unwrap_or_default()
}

fn cargo_bin_dir() -> PathBuf {
    cargo_home().join("bin")
}

fn npm_bin_dir() -> PathBuf {
    workspace::tools_dir().join("node_modules").join(".bin")
}

fn version_of(program: &str) -> Option<String> {
    let path = tool_path();
    let found = std::env::split_paths(&path).map(|dir| dir.join(program)).find(|p| p.is_file())?;
    output(found, &["--version"])
}

pub fn ensure_build_tools(steps: &mut Steps) -> anyhow::Result<()> {
    steps.run("Rust target wasm32-unknown-unknown", || {
        let installed = output("rustup", &["target", "list", "--installed"]).unwrap_or_default();
        if installed.lines().any(|l| l.trim() == WASM_TARGET) {
            println!("    already installed");
            return Ok(());
        }
        run(Command::new("rustup").args(["target", "add", WASM_TARGET]))
    })?;

    steps.run(&format!("trunk {TRUNK_VERSION} (a cold install compiles for about 7 minutes)"), || {
        if version_of("trunk").is_some_and(|v| v == format!("trunk {TRUNK_VERSION}")) {
            println!("    already installed");
            return Ok(());
        }
        // 0.22.x declares rust-version 1.96 but builds with 1.95.
        run(cargo_install().args(["--locked", "trunk", "--version", TRUNK_VERSION, "--ignore-rust-version"]))
    })?;

    let bindgen = workspace::locked_wasm_bindgen()?;
    steps.run(&format!("wasm-bindgen-cli {bindgen}, the version in Cargo.lock (cold: about 2 minutes)"), || {
        let pinned = workspace::trunk_wasm_bindgen()?;
        if pinned != bindgen {
            bail!("crates/bench/floor/Trunk.toml pins wasm-bindgen {pinned} but Cargo.lock has {bindgen}: update its [tools]");
        }
        if version_of("wasm-bindgen").is_some_and(|v| v == format!("wasm-bindgen {bindgen}")) {
            println!("    already installed");
            return Ok(());
        }
        // Without --locked: the CLI's own lockfile pins a crate version the registry may lack.
        run(cargo_install().args(["wasm-bindgen-cli", "--version", &bindgen]))
    })?;

    steps.run(&format!("wasm-split-cli {SPLITTER_VERSION}, the splitter (cold: about 1.5 minutes)"), || {
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let listed = output(cargo, &["install", "--list"]).unwrap_or_default();
        if listed.lines().any(|l| l.starts_with(&format!("wasm_split_cli_support v{SPLITTER_VERSION}"))) {
            println!("    already installed");
            return Ok(());
        }
        run(cargo_install().args([
            "--locked",
            "wasm_split_cli_support",
            "--version",
            SPLITTER_VERSION,
            "--features",
            "build-binary",
        ]))
    })?;

    steps.run(&format!("wasm-opt (npm binaryen@{BINARYEN_VERSION}) and esbuild@{ESBUILD_VERSION}"), || {
        let wasm_opt = output(npm_bin("wasm-opt"), &["--version"]).is_some_and(|v| v.contains(WASM_OPT_VERSION));
        let esbuild = output(npm_bin("esbuild"), &["--version"]).is_some_and(|v| v == ESBUILD_VERSION);
        if wasm_opt && esbuild {
            println!("    already installed");
            return Ok(());
        }
        let prefix = workspace::tools_dir();
        std::fs::create_dir_all(&prefix).context("creating the tools directory")?;
        // One install for both: npm removes from the prefix whatever a later install does not name.
        run(Command::new("npm").arg("install").arg("--prefix").arg(&prefix).args([
            "--no-audit",
            "--no-fund",
            "--no-save",
            &format!("binaryen@{BINARYEN_VERSION}"),
            &format!("esbuild@{ESBUILD_VERSION}"),
        ]))
    })
}

/// A program npm installed into the tools directory.
pub fn npm_bin(program: &str) -> PathBuf {
    npm_bin_dir().join(program)
}

const TWIGGY_VERSION: &str = "0.8.0";

/// twiggy, the wasm size profiler, for the benchmark's breakdown of the app; returns its path.
pub fn ensure_twiggy(steps: &mut Steps) -> anyhow::Result<PathBuf> {
    steps.run(&format!("twiggy {TWIGGY_VERSION} (a cold install compiles for about a minute)"), || {
        let binary = cargo_bin_dir().join("twiggy");
        if output(&binary, &["--version"]).is_some_and(|v| v.contains(TWIGGY_VERSION)) {
            println!("    already installed");
            return Ok(binary);
        }
        run(cargo_install().args(["--locked", "twiggy", "--version", TWIGGY_VERSION]))?;
        Ok(binary)
    })
}

/// What `cargo xtask test` needs beyond the build: the test runner, the browser, the cluster's
/// engines and the JavaScript the tests run.
pub fn ensure_test_tools(steps: &mut Steps) -> anyhow::Result<()> {
    ensure_nextest(steps)?;
    ensure_browser(steps)?;
    ensure_cluster_engines(steps)?;
    ensure_reference_js(steps)?;
    ensure_e2e_js(steps)
}

/// cargo-nextest, which runs the native and browser tests: the machine's own when it has one.
fn ensure_nextest(steps: &mut Steps) -> anyhow::Result<()> {
    steps.run("cargo-nextest, the test runner (a cold install compiles for several minutes)", || {
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        if let Some(version) = output(cargo, &["nextest", "--version"]) {
            println!("    already installed: {}", version.lines().next().unwrap_or_default());
            return Ok(());
        }
        run(cargo_install().args(["--locked", "cargo-nextest"]))
    })
}

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

const FAKETIME: &str = "/usr/bin/faketime";
const EMOJI_FONT: &str = "/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf";

/// Debian's Chromium and its matching driver, for the wasm and end-to-end tests; an emoji font,
/// so that the gallery shows emoji as people see them; and faketime, which starts the gallery's
/// server at a moment of its own.
pub fn ensure_browser(steps: &mut Steps) -> anyhow::Result<()> {
    // One call, so the browser and the driver come at the same version.
    let packages = ["chromium", "chromium-driver", "fonts-noto-color-emoji", "faketime"];
    ensure_debian(steps, "Chromium, chromedriver, an emoji font and faketime", &packages, || {
        [CHROMIUM, CHROMEDRIVER, EMOJI_FONT, FAKETIME].iter().all(|path| Path::new(path).is_file())
    })
}

/// Debian's PostgreSQL, NATS server and HAProxy, which cluster mode runs on and behind.
pub fn ensure_cluster_engines(steps: &mut Steps) -> anyhow::Result<()> {
    let packages =
        [confab_cluster::POSTGRES_PACKAGES, confab_cluster::NATS_PACKAGES, confab_cluster::LOAD_BALANCER_PACKAGES]
            .concat();
    ensure_debian(steps, "PostgreSQL, nats-server and HAProxy", &packages, || {
        confab_cluster::postgres_installed() && confab_cluster::nats_installed() && confab_cluster::haproxy::installed()
    })
}

/// Installs Debian's `packages` unless `present` says they are there; when not root, fails
/// with the command to run.
fn ensure_debian(steps: &mut Steps, what: &str, packages: &[&str], present: impl Fn() -> bool) -> anyhow::Result<()> {
    steps.run(&format!("{what} from Debian"), || {
        if present() {
            println!("    already installed");
            return Ok(());
        }
        let root = output("id", &["-u"]).is_some_and(|uid| uid == "0");
        if !root {
            bail!(
                "{what} missing. Install with: sudo apt-get install -y --no-install-recommends {}",
                packages.join(" ")
            );
        }
        run(Command::new("apt-get").arg("update"))?;
        run(Command::new("apt-get").args(["install", "-y", "--no-install-recommends"]).args(packages))
    })
}

/// Rocket.Chat's own JavaScript packages, pinned by `reference-js/package-lock.json`, for the
/// conformance and parser-differential tests. Reinstalled only when the lock file changes.
pub fn ensure_reference_js(steps: &mut Steps) -> anyhow::Result<()> {
    steps.run("Rocket.Chat's reference JavaScript packages (npm ci in reference-js/)", || {
        npm_ci(&workspace::root().join("reference-js"))
    })
}

/// What the browser tests inject into pages: axe-core, the accessibility checker.
pub fn ensure_e2e_js(steps: &mut Steps) -> anyhow::Result<()> {
    steps.run("The browser tests' JavaScript (axe-core, @micro-lc/orchestrator; npm ci in crates/e2e/js/)", || {
        npm_ci(&workspace::root().join("crates/e2e/js"))
    })
}

/// `npm ci` in `dir` unless its lock file is older than what is installed.
fn npm_ci(dir: &Path) -> anyhow::Result<()> {
    let installed = dir.join("node_modules").join(".package-lock.json");
    let modified = |path: &Path| std::fs::metadata(path).and_then(|m| m.modified()).ok();
    if modified(&installed).zip(modified(&dir.join("package-lock.json"))).is_some_and(|(i, l)| i >= l) {
        println!("    already installed");
        return Ok(());
    }
    // --ignore-scripts: these packages need no build step, and nothing from npm runs here.
    run(Command::new("npm").current_dir(dir).args(["ci", "--no-audit", "--no-fund", "--ignore-scripts"]))
}

pub fn chromedriver() -> &'static str {
    CHROMEDRIVER
}
