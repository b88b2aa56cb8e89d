//! The parts' stylesheets (the design system's, the room's, people's and find's), minified into the build directory:
//! each ships inside its part's wasm, because a `<confab-chat>` element's shadow root needs it
//! there, and their comments are for readers of `styles/`, not for every download. The first
//! screen's (`styles/app.css`) is the core's: `crates/app-core/build.rs`.

fn main() {
    let out = std::path::PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    for sheet in ["ui.css", "room.css", "people.css", "find.css"] {
        let path = format!("styles/{sheet}");
        println!("cargo:rerun-if-changed={path}");
        let css = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let minified = minifier::css::minify(&css).unwrap_or_else(|e| panic!("{path} is not valid CSS: {e}"));
        std::fs::write(out.join(sheet), minified.to_string()).expect("the build directory is writable");
    }
}
