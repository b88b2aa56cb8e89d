//! The peers' minimal chat apps: installed from npm at the versions `package-lock.json` pins,
//! bundled with esbuild for production, and measured like Confab's own files.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::process::{Steps, run};
use crate::size::{self, Sizes};
use crate::workspace;

/// Each peer: its name in the report and its entry file in `crates/bench/peers/src`.
const PEERS: [(&str, &str); 3] = [
    ("stream-chat-react (Chat, ChannelList, Channel, MessageList, MessageComposer)", "stream.jsx"),
    ("@sendbird/uikit-react (App)", "sendbird.jsx"),
    ("@embeddedchat/react (EmbeddedChat)", "embeddedchat.jsx"),
];

fn dir() -> PathBuf {
    workspace::root().join("crates").join("bench").join("peers")
}

pub fn ensure_installed(steps: &mut Steps) -> anyhow::Result<()> {
    steps.run("The peers' packages (npm ci in crates/bench/peers)", || {
        let installed = dir().join("node_modules").join(".package-lock.json");
        let modified = |path: &Path| std::fs::metadata(path).and_then(|m| m.modified()).ok();
        if modified(&installed).zip(modified(&dir().join("package-lock.json"))).is_some_and(|(i, l)| i >= l) {
            println!("    already installed");
            return Ok(());
        }
        run(Command::new("npm").current_dir(dir()).args(["ci", "--no-audit", "--no-fund"]))
    })
}

/// Bundles every peer into `target/bench/peers/<entry>` and measures it.
pub fn bundle_all() -> anyhow::Result<Vec<(String, Sizes)>> {
    let mut measured = Vec::new();
    for (name, entry) in PEERS {
        let out = workspace::target_dir().join("bench").join("peers").join(entry.trim_end_matches(".jsx"));
        let _ = std::fs::remove_dir_all(&out);
        run(Command::new(dir().join("node_modules").join(".bin").join("esbuild"))
            .current_dir(dir())
            .arg(Path::new("src").join(entry))
            .args(["--bundle", "--minify", "--jsx=automatic", "--log-level=error"])
            .arg("--define:process.env.NODE_ENV=\"production\"")
            .arg(format!("--outdir={}", out.display())))?;
        let sizes = size::total(&out)?;
        println!("    {name}: {} bytes raw, {} brotli", sizes.raw, sizes.brotli);
        measured.push((name.to_owned(), sizes));
    }
    Ok(measured)
}
