//! Confab: an embeddable chat app compiled to WebAssembly. Its core (`confab-core`: boot,
//! session, services, state and the first screen) is what a browser fetches first; this crate
//! adds the parts fetched on demand ([`parts`]) and starts the app with their slots filled.

pub mod parts;

/// Fills the core's slots with the parts, then starts the core (see `confab_core::start`).
pub fn start() {
    parts::install();
    confab_core::start();
}
