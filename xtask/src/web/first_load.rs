//! The build read as a browser reads it. The first load starts at an entry (`index.html` for the
//! app's own page, `embed.js` or `embed.mjs` for a host's page) and takes every file the entry
//! names, then every file those scripts import statically. That set is the core. Everything
//! else the build holds is a part, fetched only when asked for: `__wasm_split.js` fetches the
//! part files with `fetch(new URL(...))`, which is no static import.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use anyhow::Context;

use super::wasm::files_under;

/// The pages and scripts a browser starts from.
pub const ENTRIES: [&str; 3] = ["index.html", "embed.js", "embed.mjs"];

/// What embed.js fetches only for a page that asks for the launcher: no other page's first load,
/// but with embed.js all that the launcher's page fetches before its bubble shows.
pub const LAUNCHER: &str = "launcher.js";

/// The files (paths relative to `dist`, with `/`) that a browser fetches starting from `entry`
/// before anything is asked for on demand, the entry included.
pub fn core_files(dist: &Path, entry: &str) -> anyhow::Result<BTreeSet<String>> {
    let mut core = BTreeSet::new();
    let mut pending = vec![entry.to_owned()];
    while let Some(file) = pending.pop() {
        let is_text = [".html", ".js", ".mjs"].iter().any(|ext| file.ends_with(ext));
        if !core.insert(file.clone()) || !is_text {
            continue;
        }
        let text = std::fs::read_to_string(dist.join(&file)).with_context(|| format!("reading {file}"))?;
        let named = if file.ends_with(".html") {
            // A page names the files it fetches in attributes, quoted or not (a minified page
            // leaves out quotes), and in its scripts' strings.
            let mut named = quoted(&text);
            named.extend(unquoted_attributes(&text));
            named
        } else if ENTRIES.contains(&file.as_str()) {
            // A loader names them in strings (`import` specifiers, `module_or_path`).
            quoted(&text)
        } else {
            static_imports(&text)
        };
        let folder = Path::new(&file).parent().unwrap_or(Path::new(""));
        for name in named {
            if let Some(path) = resolve(dist, folder, &name).filter(|path| path != LAUNCHER) {
                pending.push(path);
            }
        }
    }
    Ok(core)
}

/// Every file a browser may fetch from the build: all but the precompressed copies.
pub fn all_files(dist: &Path) -> anyhow::Result<Vec<String>> {
    Ok(files_under(dist)?
        .into_iter()
        .filter(|path| !path.extension().is_some_and(|e| e == "br" || e == "gz"))
        .filter(|path| !path.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.')))
        .filter_map(|path| relative(dist, &path))
        .collect())
}

fn relative(dist: &Path, path: &Path) -> Option<String> {
    Some(path.strip_prefix(dist).ok()?.to_string_lossy().replace('\\', "/"))
}

/// `name` (`./app/x/main.js`, `app/x/main.js`, `/app/x/main.js`, `main.js` beside `folder`) as a
/// file of the build, if it is one.
fn resolve(dist: &Path, folder: &Path, name: &str) -> Option<String> {
    if name.contains("://") || name.starts_with("//") || name.contains(['\n', ' ', '<', '>']) {
        return None;
    }
    let path: PathBuf = match name.strip_prefix('/') {
        Some(rooted) => PathBuf::from(rooted),
        None => folder.join(name.trim_start_matches("./")),
    };
    let mut clean = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::ParentDir => {
                clean.pop();
            }
            std::path::Component::Normal(part) => clean.push(part),
            _ => {}
        }
    }
    dist.join(&clean).is_file().then(|| clean.to_string_lossy().replace('\\', "/"))
}

/// The contents of every quoted string in `text`.
fn quoted(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find(['"', '\'']) {
        let quote = rest[open..].chars().next().expect("found a quote");
        let after = &rest[open + 1..];
        let Some(close) = after.find(quote) else { break };
        found.push(after[..close].to_owned());
        rest = &after[close + 1..];
    }
    found
}

/// The values of unquoted `href=` and `src=` attributes.
fn unquoted_attributes(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    for attribute in ["href=", "src="] {
        for (at, _) in html.match_indices(attribute) {
            let value = &html[at + attribute.len()..];
            if !value.starts_with(['"', '\'']) {
                let end = value.find(|c: char| c.is_whitespace() || c == '>').unwrap_or(value.len());
                found.push(value[..end].to_owned());
            }
        }
    }
    found
}

/// The specifiers of a module's static imports and re-exports: `import … from "x"`,
/// `import "x"`, `export … from "x"`, minified or not; not `import("x")` or `import.meta`.
fn static_imports(source: &str) -> Vec<String> {
    let mut found = Vec::new();
    for keyword in ["from", "import"] {
        let mut at = 0;
        while let Some(offset) = source[at..].find(keyword) {
            let start = at + offset;
            at = start + keyword.len();
            let before = source[..start].chars().next_back();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$' || c == '.') {
                continue;
            }
            let after = source[at..].trim_start();
            let Some(quote) = after.chars().next().filter(|c| *c == '"' || *c == '\'') else { continue };
            if let Some(end) = after[1..].find(quote) {
                found.push(after[1..1 + end].to_owned());
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn static_imports_are_found_and_dynamic_ones_are_not() {
        let source = r#"import{a as b}from"./__wasm_split.js";import "./snippets/x.js";
            export { c } from './c.js'; const u = new URL("./split_emoji.wasm", import.meta.url);
            const m = import("./later.js"); const transform = 1; reimport('no.js');"#;
        assert_eq!(static_imports(source), ["./__wasm_split.js", "./c.js", "./snippets/x.js"]);
    }

    #[test]
    fn the_core_is_what_the_entry_names_and_its_scripts_import() {
        let dist = std::env::temp_dir().join(format!("confab-first-load-{}", std::process::id()));
        let app = dist.join("app/abc");
        std::fs::create_dir_all(app.join("snippets")).unwrap();
        let write = |path: &str, text: &str| std::fs::write(dist.join(path), text).unwrap();
        write(
            "index.html",
            r#"<link href=/favicon.svg rel=icon><script type="module">import init from "./app/abc/main.js"; init({module_or_path: "./app/abc/main_bg.wasm"})</script>"#,
        );
        write("favicon.svg", "<svg/>");
        write("app/abc/main.js", r#"import{x}from"./__wasm_split.js";import"./snippets/s.js";"#);
        write(
            "app/abc/__wasm_split.js",
            r#"import{initSync}from"./main.js";fetch(new URL("./split_emoji.wasm",import.meta.url))"#,
        );
        write("app/abc/snippets/s.js", "export const s = 1;");
        write("app/abc/main_bg.wasm", "core");
        write("app/abc/split_emoji.wasm", "part");
        let core = core_files(&dist, "index.html").unwrap();
        let expected = [
            "app/abc/__wasm_split.js",
            "app/abc/main.js",
            "app/abc/main_bg.wasm",
            "app/abc/snippets/s.js",
            "favicon.svg",
            "index.html",
        ];
        assert_eq!(core.iter().map(String::as_str).collect::<Vec<_>>(), expected);
        assert!(all_files(&dist).unwrap().contains(&"app/abc/split_emoji.wasm".to_owned()));
        std::fs::remove_dir_all(&dist).unwrap();
    }
}
