//! The app's stylesheets (the first screen's, and the room, people and find parts'), minified into the build directory: it ships inside the wasm, because a
//! `<confab-chat>` element's shadow root needs it there (see `theme::Stylesheet`), and its
//! comments are for readers of `styles/app.css`, not for every download.

fn main() {
    let out = std::path::PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    for sheet in ["app.css", "room.css", "people.css", "find.css"] {
        let path = format!("styles/{sheet}");
        println!("cargo:rerun-if-changed={path}");
        let css = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let minified = minifier::css::minify(&css).unwrap_or_else(|e| panic!("{path} is not valid CSS: {e}"));
        std::fs::write(out.join(sheet), minified.to_string()).expect("the build directory is writable");
    }
}
