//! The parts' stylesheets (the design system's, the room's, people's, find's and support's) and strings (the
//! parts' own and the languages other than English), minified into the build directory: they
//! ship inside the wasm (a `<confab-chat>` element's shadow root needs the styles there), and
//! their comments and indentation are for readers of `styles/` and `locales/`, not for every
//! download. The first screen's (`styles/app.css`, `locales/en.json`) are the core's:
//! `crates/app-core/build.rs`.

#[path = "crates/app-core/build/rem.rs"]
mod rem;

fn main() {
    let out = std::path::PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    for sheet in ["ui.css", "room.css", "people.css", "find.css", "support.css"] {
        let path = format!("styles/{sheet}");
        println!("cargo:rerun-if-changed={path}");
        let css = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let minified = minifier::css::minify(&css).unwrap_or_else(|e| panic!("{path} is not valid CSS: {e}"));
        std::fs::write(out.join(sheet), rem::own_rem(&minified.to_string())).expect("the build directory is writable");
    }
    std::fs::create_dir_all(out.join("parts")).expect("the build directory is writable");
    for strings in ["de", "es", "fr", "it"].map(|l| format!("{l}.json")) {
        minify_json(&format!("locales/{strings}"), &out.join(&strings));
    }
    println!("cargo:rerun-if-changed=locales/parts");
    for entry in std::fs::read_dir("locales/parts").expect("locales/parts").flatten() {
        minify_json(&entry.path().to_string_lossy(), &out.join("parts").join(entry.file_name()));
    }
}

/// The JSON at `path`, without its layout, written to `to`.
fn minify_json(path: &str, to: &std::path::Path) {
    println!("cargo:rerun-if-changed={path}");
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let value: serde_json::Value =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path} is not valid JSON: {e}"));
    std::fs::write(to, value.to_string()).expect("the build directory is writable");
}
