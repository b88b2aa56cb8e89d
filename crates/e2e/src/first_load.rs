//! The build's first load as `cargo xtask` measured it (`target/web/first-load.json`, or
//! `CONFAB_FIRST_LOAD`): for each entry (`index.html`, `embed.js`, `embed.mjs`) the files a
//! browser fetches before the room list shows, and the parts, fetched on demand. The browser
//! tests hold the real browser to it.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde_json::Value;

#[derive(Clone, Debug)]
pub struct FirstLoad {
    /// Paths under the site's root, `/app/<hash>/main.js` and the like.
    pub core: BTreeSet<String>,
    pub parts: BTreeSet<String>,
}

fn manifest_path() -> PathBuf {
    std::env::var_os("CONFAB_FIRST_LOAD")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/web/first-load.json"))
}

impl FirstLoad {
    /// The first load from `entry`, read from the manifest of the build under test.
    pub fn of(entry: &str) -> Self {
        let path = manifest_path();
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!("{}: {e}; `cargo xtask test` (or `cargo xtask size`) writes it", path.display())
        });
        let manifest: Value = serde_json::from_str(&text).expect("the manifest is JSON");
        let paths = |key: &str| -> BTreeSet<String> {
            let files = manifest[key].as_array().unwrap_or_else(|| panic!("the manifest has no {key}"));
            files.iter().filter_map(Value::as_str).map(|file| format!("/{file}")).collect()
        };
        Self { core: paths(entry), parts: paths("parts") }
    }

    /// Whether `path` is a chunk the splitter shares between parts (`chunk_12.wasm`), fetched
    /// with the first part that needs it.
    pub fn is_chunk(&self, path: &str) -> bool {
        self.parts.contains(path) && path.rsplit('/').next().is_some_and(|file| file.starts_with("chunk_"))
    }

    /// The part file whose name starts with `split_<name>` (`room`, `settings`, `emoji`).
    pub fn part(&self, name: &str) -> String {
        let prefix = format!("split_{name}.");
        self.parts
            .iter()
            .find(|path| path.rsplit('/').next().is_some_and(|file| file.starts_with(&prefix)))
            .unwrap_or_else(|| panic!("the build has no part {name}"))
            .clone()
    }
}
