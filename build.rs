//! The app's stylesheet, minified into the build directory: it ships inside the wasm, because a
//! `<confab-chat>` element's shadow root needs it there (see `theme::Stylesheet`), and its
//! comments are for readers of `styles/app.css`, not for every download.

fn main() {
    println!("cargo:rerun-if-changed=styles/app.css");
    let css = std::fs::read_to_string("styles/app.css").expect("styles/app.css is readable");
    let minified = minifier::css::minify(&css).expect("styles/app.css is valid CSS").to_string();
    let out = std::path::PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out.join("app.css"), minified).expect("the build directory is writable");
}
