//! Plural forms, times and dates as a language writes them. In the browser they are `Intl`'s,
//! which weigh nothing in the wasm; on the server (which renders the first screen) they are
//! ICU4X's, built from the same CLDR data as the browser's ICU, so the server writes what the
//! browser would.

#[cfg(target_arch = "wasm32")]
mod intl;
#[cfg(target_arch = "wasm32")]
pub use intl::Formats;

#[cfg(not(target_arch = "wasm32"))]
mod cldr;
#[cfg(not(target_arch = "wasm32"))]
pub use cldr::Formats;
