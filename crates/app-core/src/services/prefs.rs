//! The reader's own choices in Settings — language and light or dark — kept in the browser's
//! storage so they outlast the page. They win over the config, which is the client's default.

use confab_protocol::config::ThemeMode;
use confab_protocol::json::{Fields, FromJson};
use gloo_storage::{LocalStorage, Storage};
use serde::Serialize;
use serde_json::Value;

const KEY: &str = "confab.prefs";

#[derive(Serialize, Clone, Debug, Default, PartialEq, Eq)]
pub struct Prefs {
    /// A language code of `i18n::LANGUAGES`, or none to follow the config, host and browser.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// Light, dark or the system's, or none to follow the config.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mode: Option<ThemeMode>,
}

impl FromJson for Prefs {
    fn from_json(value: &Value) -> Option<Self> {
        let f = Fields::of(value)?;
        Some(Self { language: f.get("language"), mode: f.get("mode") })
    }
}

/// The cookie that carries the same choices to the server that renders the first screen of the
/// app's own page, so that it shows in the reader's language and mode from the start: the JSON of
/// [`Prefs`], URI-encoded.
pub const COOKIE: &str = "confab_prefs";

#[cfg(not(target_arch = "wasm32"))]
thread_local! {
    /// The reader's choices, as their request carried them, for what this thread renders.
    static RENDERED: std::cell::RefCell<Prefs> = std::cell::RefCell::default();
}

/// On the server: what is rendered next on this thread is rendered with the reader's `prefs`.
#[cfg(not(target_arch = "wasm32"))]
pub fn render_with(prefs: Prefs) {
    RENDERED.set(prefs);
}

/// The stored choices; none when storage is unavailable or holds something unreadable. The
/// server rendering the first screen has the ones the reader's request carried.
pub fn load() -> Prefs {
    #[cfg(not(target_arch = "wasm32"))]
    return RENDERED.with_borrow(Prefs::clone);
    #[cfg(target_arch = "wasm32")]
    {
        let stored = LocalStorage::raw().get_item(KEY).ok().flatten();
        stored.and_then(|text| confab_protocol::json::read(&text)).unwrap_or_default()
    }
}

/// Stores the choices, and gives them to the page's server in [`COOKIE`]; a browser refusing
/// storage only loses them at the next visit.
pub fn save(prefs: &Prefs) {
    if let Ok(text) = serde_json::to_string(prefs) {
        let _ = LocalStorage::raw().set_item(KEY, &text);
        let cookie =
            format!("{COOKIE}={}; path=/; max-age=31536000; samesite=lax", js_sys::encode_uri_component(&text));
        if let Some(document) = web_sys::window().and_then(|w| w.document()) {
            let _ = js_sys::Reflect::set(&document, &"cookie".into(), &cookie.into());
        }
    }
}
