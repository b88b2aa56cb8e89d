//! `cargo xtask finish`, trunk's post-build hook: points `index.html` and the stable loaders
//! (`embed.js`, `embed.mjs`, written from `embed/`) at this build's `app/<hash>/` folder, then
//! writes `<file>.br` (brotli, quality 11) and `<file>.gz` (gzip -9) beside every file, which the
//! server sends instead when the browser accepts them. Compressing once here, at the highest
//! settings, costs the server nothing per request.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, bail};

use super::wasm::files_under;
use super::{APP_DIR, APP_PLACEHOLDER, first_load};
use crate::process::run;
use crate::{compress, tools, workspace};

/// The stable entries for host pages: their source in `embed/`, and the name they are served at.
/// embed.js fetches launcher.js only on a page that asks for the launcher.
pub const LOADERS: [(&str, &str); 3] =
    [("loader.js", "embed.js"), ("module.js", "embed.mjs"), ("launcher.js", "launcher.js")];

/// The script that swaps a first screen rendered by the server for the app's own, written into
/// the page in place of its `<script data-confab-take-over></script>` and into a loader in place
/// of its `// @TAKE_OVER@` line.
const TAKE_OVER: &str = "first-screen.js";
const TAKE_OVER_ELEMENT: &str = "<script data-confab-take-over></script>";
const TAKE_OVER_PLACEHOLDER: &str = "// @TAKE_OVER@";

/// What is worth compressing (an image format that is already compressed is not).
const COMPRESSIBLE: [&str; 9] = ["html", "js", "mjs", "wasm", "pack", "css", "json", "svg", "txt"];

pub fn finish() -> anyhow::Result<()> {
    let staging = PathBuf::from(std::env::var_os("TRUNK_STAGING_DIR").context("run by trunk's post_build hook")?);
    let release = std::env::var("TRUNK_PROFILE").map_or(true, |profile| profile != "debug");
    let public_url = std::env::var("TRUNK_PUBLIC_URL").unwrap_or_else(|_| "/".into());
    let app = format!("{APP_DIR}/{}", build_folder(&staging)?);
    let index = staging.join("index.html");
    let page = std::fs::read_to_string(&index).context("reading the built index.html")?;
    let page = without_trunk_elements(&page.replace(APP_PLACEHOLDER, &format!("{public_url}{app}")));
    let page = with_take_over(&page, &script(&staging, TAKE_OVER, release)?)?;
    std::fs::write(&index, &page)?;
    std::fs::write(&index, with_module_preloads(&staging, &page, &public_url)?)?;
    let take_over = embed_source(TAKE_OVER)?;
    for (source, name) in LOADERS {
        let source = embed_source(source)?.replace(TAKE_OVER_PLACEHOLDER, &take_over);
        let target = staging.join(name);
        std::fs::write(&target, without_comment_lines(&source).replace(APP_PLACEHOLDER, &app))?;
        if release {
            minify(&target)?;
        }
    }
    for file in files_under(&staging)? {
        let compressible = file.extension().and_then(|e| e.to_str()).is_some_and(|e| COMPRESSIBLE.contains(&e));
        if compressible {
            let bytes = std::fs::read(&file)?;
            std::fs::write(with_suffix(&file, "br"), compress::brotli(&bytes))?;
            std::fs::write(with_suffix(&file, "gz"), compress::gzip(&bytes))?;
        }
    }
    Ok(())
}

fn embed_source(name: &str) -> anyhow::Result<String> {
    let path = workspace::root().join("embed").join(name);
    std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))
}

fn minify(file: &Path) -> anyhow::Result<()> {
    run(Command::new(tools::npm_bin("esbuild"))
        .arg(file)
        .args(["--minify", "--log-level=warning", "--allow-overwrite"])
        .arg(format!("--outfile={}", file.display())))
}

/// The script `embed/<name>` as it is shipped: without its comments, minified in a release.
fn script(staging: &Path, name: &str, release: bool) -> anyhow::Result<String> {
    let scratch = staging.join(format!(".{name}"));
    std::fs::write(&scratch, without_comment_lines(&embed_source(name)?))?;
    if release {
        minify(&scratch)?;
    }
    let script = std::fs::read_to_string(&scratch)?;
    std::fs::remove_file(&scratch)?;
    Ok(script)
}

/// `page` with `script` in its take-over element.
fn with_take_over(page: &str, script: &str) -> anyhow::Result<String> {
    if !page.contains(TAKE_OVER_ELEMENT) {
        bail!("the built index.html has no {TAKE_OVER_ELEMENT}");
    }
    Ok(page.replacen(TAKE_OVER_ELEMENT, &format!("<script>{}</script>", script.trim_end()), 1))
}

/// `page` with a `modulepreload` for every script its core imports that it does not name itself
/// (the splitter's loader, wasm-bindgen's snippets): fetched at once, not one import later.
fn with_module_preloads(staging: &Path, page: &str, public_url: &str) -> anyhow::Result<String> {
    let named = first_load::core_files(staging, "index.html")?;
    let preloads: String = named
        .iter()
        .filter(|file| file.ends_with(".js") && !page.contains(file.as_str()))
        .map(|file| format!(r#"<link rel="modulepreload" href="{public_url}{file}">"#))
        .collect();
    let Some(head_end) = page.find("</head>") else { bail!("the built index.html has no </head>") };
    Ok(format!("{}{preloads}{}", &page[..head_end], &page[head_end..]))
}

/// `page` without the elements trunk leaves behind (`<link data-trunk rel=rust data-trunk-skip>`).
fn without_trunk_elements(page: &str) -> String {
    let mut out = String::with_capacity(page.len());
    let mut rest = page;
    while let Some(start) = rest.find("<link data-trunk") {
        out.push_str(&rest[..start]);
        rest = rest[start..].split_once('>').map_or("", |(_, after)| after);
    }
    out.push_str(rest);
    out
}

/// The name of the one `app/<hash>` folder the pre-build hook wrote.
fn build_folder(staging: &Path) -> anyhow::Result<String> {
    let app = staging.join(APP_DIR);
    let mut folders = std::fs::read_dir(&app).with_context(|| format!("reading {}", app.display()))?;
    let (Some(folder), None) = (folders.next(), folders.next()) else {
        bail!("{} should hold exactly one build", app.display());
    };
    Ok(folder?.file_name().to_string_lossy().into_owned())
}

/// `source` without its whole-line comments (`//`, `/*`, ` *`): they are for readers of the
/// source, not for downloads (a debug build is not minified).
fn without_comment_lines(source: &str) -> String {
    source
        .lines()
        .filter(|line| {
            let line = line.trim_start();
            !(line.starts_with("//") || line.starts_with("/*") || line.starts_with('*'))
        })
        .map(|line| format!("{line}\n"))
        .collect()
}

fn with_suffix(file: &Path, suffix: &str) -> PathBuf {
    let mut name = file.as_os_str().to_owned();
    name.push(".");
    name.push(suffix);
    PathBuf::from(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_take_over_script_fills_its_element_and_a_page_without_one_is_refused() {
        let page = "<body><script data-confab-take-over></script><script>go()</script></body>";
        assert_eq!(
            with_take_over(page, "function t(){}\n").unwrap(),
            "<body><script>function t(){}</script><script>go()</script></body>"
        );
        assert!(with_take_over("<body></body>", "x").is_err());
    }

    #[test]
    fn trunks_leftover_elements_go() {
        let page =
            r#"<title>x</title><link data-trunk data-trunk-id=1 data-trunk-skip rel=rust><link href=/a rel=icon>"#;
        assert_eq!(without_trunk_elements(page), "<title>x</title><link href=/a rel=icon>");
    }

    #[test]
    fn comment_lines_go_and_code_stays() {
        let source = "/*\n * About.\n */\nvar a = 1; // kept\n  // gone\nvar b = '*';\n";
        assert_eq!(without_comment_lines(source), "var a = 1; // kept\nvar b = '*';\n");
    }
}
