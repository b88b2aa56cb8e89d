//! `cargo xtask wasm`, trunk's pre-build hook: the app's wasm, cut into its core and its parts.
//!
//! 1. cargo builds the app for wasm32 with the `split` feature, keeping the linker's relocations
//!    (`--emit-relocs`), which the splitter needs to move code between files;
//! 2. `wasm-split-cli` cuts it: `main.wasm` (the core), a `split_<part>.wasm` per part, a
//!    `chunk_<n>.wasm` for code several parts share, and `__wasm_split.js`, which loads them;
//! 3. `wasm-bindgen` writes the core's JavaScript glue (`--keep-lld-exports`: the parts link to
//!    the core's memory and function table through those exports);
//! 4. for release, wasm-opt -Oz shrinks every wasm file;
//! 5. the parts' many small files are joined into packs ([`super::packs`]), and for release
//!    esbuild minifies the JavaScript;
//! 6. everything goes into `app/<hash>/` in trunk's staging directory, the hash taken over all
//!    of it, so each file there can be cached for good. (`__wasm_split.js` and the glue import
//!    each other by name, so the folder carries the hash rather than each file.)
//!
//! Steps 2–5 take a minute and a half even when cargo had nothing to do, so their output is kept
//! in `target/web/shipped` under a key: the compiled wasm and this xtask binary. A build whose
//! key matches reuses those files; any change to the app or to this pipeline runs it again.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::Context;
use sha2::{Digest, Sha256};

use crate::process::{cargo, run};
use crate::{tools, workspace};

const WASM_TARGET: &str = "wasm32-unknown-unknown";

pub fn build() -> anyhow::Result<()> {
    let staging = PathBuf::from(std::env::var_os("TRUNK_STAGING_DIR").context("run by trunk's pre_build hook")?);
    let release = std::env::var("TRUNK_PROFILE").map_or(true, |profile| profile != "debug");
    // The app's own profile (the workspace's Cargo.toml): tuned for size, not the server's speed.
    let profile = if release { "app" } else { "debug" };
    let mut build = cargo();
    build
        .current_dir(workspace::root())
        .args(["build", "--package", "confab", "--bin", "confab", "--target", WASM_TARGET, "--features", "split"])
        .env("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS", rustflags());
    if release {
        build.args(["--profile", profile]);
    }
    run(&mut build)?;
    let input = workspace::target_dir().join(WASM_TARGET).join(profile).join("confab.wasm");

    let work = workspace::target_dir().join("web");
    let shipped = work.join("shipped");
    let (key, stamp) = (pipeline_key(&input, release)?, work.join("shipped.key"));
    if shipped.is_dir() && std::fs::read_to_string(&stamp).is_ok_and(|kept| kept == key) {
        println!("    the wasm and this pipeline are unchanged: its last split, bound and shrunk files are reused");
    } else {
        // No key while the files are being written: an interrupted build is never reused.
        let _ = std::fs::remove_file(&stamp);
        split_bind_shrink(&input, &work.join("split"), &shipped, release)?;
        std::fs::write(&stamp, key)?;
    }

    let app = staging.join(super::APP_DIR);
    let folder = app.join(content_hash(&shipped)?);
    if app.exists() {
        std::fs::remove_dir_all(&app)?;
    }
    std::fs::create_dir_all(&folder)?;
    for file in files_under(&shipped)? {
        let target = folder.join(file.strip_prefix(&shipped)?);
        std::fs::create_dir_all(target.parent().expect("a file has a folder"))?;
        std::fs::copy(&file, &target).with_context(|| format!("copying the build into {}", folder.display()))?;
    }
    println!("    the app's files are in {}", folder.display());
    Ok(())
}

/// What the pipeline's output depends on: the compiled wasm, the pipeline itself (this binary,
/// which pins every tool it runs) and whether it shrinks.
fn pipeline_key(input: &Path, release: bool) -> anyhow::Result<String> {
    let mut hasher = Sha256::new();
    hasher.update(std::fs::read(input).with_context(|| format!("reading {}", input.display()))?);
    hasher.update(std::fs::read(std::env::current_exe()?).context("reading the xtask binary")?);
    hasher.update([u8::from(release)]);
    Ok(hasher.finalize().iter().map(|b| format!("{b:02x}")).collect())
}

/// Steps 2–5: splits `input` into `split`, binds the core, and writes what ships into `shipped`,
/// shrinking the files side by side, one per core, then packing them.
fn split_bind_shrink(input: &Path, split: &Path, shipped: &Path, release: bool) -> anyhow::Result<()> {
    for dir in [split, shipped] {
        fresh_dir(dir)?;
    }
    let path = tools::tool_path();
    run(Command::new("wasm-split-cli").env("PATH", &path).arg(input).arg(split))?;
    run(Command::new("wasm-bindgen")
        .env("PATH", &path)
        .arg(split.join("main.wasm"))
        .arg("--out-dir")
        .arg(split)
        .args(["--target", "web", "--keep-lld-exports", "--no-typescript"]))?;
    // The splitter's main.wasm was wasm-bindgen's input (its output is main_bg.wasm); it stays
    // here, names intact, for the benchmark's breakdown of the core.
    let bindgen_input = split.join("main.wasm");
    let mut shrinks = Vec::new();
    for file in files_under(split)?.into_iter().filter(|file| *file != bindgen_input) {
        let target = shipped.join(file.strip_prefix(split)?);
        std::fs::create_dir_all(target.parent().expect("a file has a folder"))?;
        match file.extension().and_then(|e| e.to_str()) {
            Some("wasm") if release => {
                let mut shrink = Command::new(tools::npm_bin("wasm-opt"));
                shrink.arg("-Oz").arg(&file).arg("-o").arg(&target);
                shrinks.push(shrink);
            }
            _ => {
                std::fs::copy(&file, &target)?;
            }
        }
    }
    run_side_by_side(shrinks)?;
    super::packs::pack(shipped)?;
    if release {
        for script in files_under(shipped)?.into_iter().filter(|f| f.extension().is_some_and(|e| e == "js")) {
            run(Command::new(tools::npm_bin("esbuild"))
                .arg(&script)
                .args(["--minify", "--log-level=warning", "--allow-overwrite"])
                .arg(format!("--outfile={}", script.display())))?;
        }
    }
    Ok(())
}

/// Runs every command, as many at a time as there are cores; fails if any failed.
fn run_side_by_side(commands: Vec<Command>) -> anyhow::Result<()> {
    let workers = std::thread::available_parallelism().map_or(1, usize::from);
    let queue = std::sync::Mutex::new(commands);
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| -> anyhow::Result<()> {
                    loop {
                        let next = queue.lock().expect("no worker panics holding the queue").pop();
                        match next {
                            Some(mut command) => run(&mut command)?,
                            None => return Ok(()),
                        }
                    }
                })
            })
            .collect();
        handles.into_iter().try_for_each(|handle| handle.join().expect("a worker does not panic"))
    })
}

/// The linker keeps its relocations for the splitter; the source paths that panic messages carry
/// are cut to their crate-relative part (`yew-0.23.0/src/...`), which is all a report needs.
fn rustflags() -> String {
    let mut flags = vec!["-Clink-args=--emit-relocs".to_owned()];
    let mut prefixes = vec![workspace::root()];
    let registry = tools::cargo_home().join("registry").join("src");
    if let Ok(indexes) = std::fs::read_dir(&registry) {
        prefixes.extend(indexes.flatten().map(|index| index.path()));
    }
    for prefix in prefixes {
        flags.push(format!("--remap-path-prefix={}/=", prefix.display()));
    }
    flags.join(" ")
}

fn fresh_dir(dir: &Path) -> anyhow::Result<()> {
    if dir.exists() {
        std::fs::remove_dir_all(dir).with_context(|| format!("clearing {}", dir.display()))?;
    }
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))
}

/// Every file under `dir`, in a stable order.
pub fn files_under(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    let mut dirs = vec![dir.to_owned()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).with_context(|| format!("reading {}", dir.display()))? {
            let path = entry?.path();
            if path.is_dir() {
                dirs.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files.sort();
    Ok(files)
}

/// Sixteen hex digits of SHA-256 over every file's path and content.
fn content_hash(dir: &Path) -> anyhow::Result<String> {
    let mut hasher = Sha256::new();
    for file in files_under(dir)? {
        hasher.update(file.strip_prefix(dir)?.to_string_lossy().as_bytes());
        hasher.update([0]);
        hasher.update(std::fs::read(&file)?);
    }
    Ok(hasher.finalize()[..8].iter().map(|b| format!("{b:02x}")).collect())
}
