//! How the app is built. trunk builds the page (`index.html`), but the app's wasm is cut into a
//! core and parts by a splitter that has to run between cargo and wasm-bindgen, where trunk's own
//! Rust pipeline has no place for it. So trunk runs two hooks (`Trunk.toml`):
//!
//! - before it builds, [`wasm::build`] (`cargo xtask wasm`) compiles, splits, binds and shrinks
//!   the wasm into trunk's staging directory, as `app/<hash>/`, named after its content;
//! - after, [`finish::finish`] (`cargo xtask finish`) points `index.html` and the stable loaders
//!   (`embed.js`, `embed.mjs`) at that folder and writes a brotli and a gzip copy of every file,
//!   which the server sends to browsers that accept them.
//!
//! [`first_load`] reads the result as a browser would: what the page and the loaders fetch
//! before the app runs (the core) and what is fetched only on demand (the parts).

pub mod finish;
pub mod first_load;
pub mod packs;
pub mod wasm;

/// The folder of the build's content-hashed files, under the site's root.
pub const APP_DIR: &str = "app";
/// What `index.html` and the loaders' sources write where the build's folder goes: in the page,
/// `<public url>app/<hash>`; in a loader, `app/<hash>`, relative to the loader's own address.
pub const APP_PLACEHOLDER: &str = "@APP@";
