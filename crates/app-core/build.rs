//! The first screen's stylesheet (`styles/app.css`) and English strings (`locales/en.json`),
//! minified into the build directory: they ship inside the wasm (a `<confab-chat>` element's
//! shadow root needs the styles there, see `theme::Stylesheet`), and their comments and layout
//! are for their readers, not for every download.

#[path = "build/rem.rs"]
mod rem;

fn main() {
    let out = std::path::PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let path = "../../styles/app.css";
    println!("cargo:rerun-if-changed={path}");
    let css = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let minified = minifier::css::minify(&css).unwrap_or_else(|e| panic!("{path} is not valid CSS: {e}"));
    std::fs::write(out.join("app.css"), rem::own_rem(&minified.to_string())).expect("the build directory is writable");
    let path = "../../locales/en.json";
    println!("cargo:rerun-if-changed={path}");
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let value: serde_json::Value =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path} is not valid JSON: {e}"));
    std::fs::write(out.join("en.json"), value.to_string()).expect("the build directory is writable");
}
