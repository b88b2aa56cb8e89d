//! The first screen's stylesheet (`styles/app.css`), minified into the build directory: it ships
//! inside the wasm, because a `<confab-chat>` element's shadow root needs it there (see
//! `theme::Stylesheet`), and its comments are for readers of the stylesheet, not for every download.

fn main() {
    let out = std::path::PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let path = "../../styles/app.css";
    println!("cargo:rerun-if-changed={path}");
    let css = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let minified = minifier::css::minify(&css).unwrap_or_else(|e| panic!("{path} is not valid CSS: {e}"));
    std::fs::write(out.join("app.css"), minified.to_string()).expect("the build directory is writable");
}
