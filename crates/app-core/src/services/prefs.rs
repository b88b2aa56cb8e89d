//! The reader's own choices in Settings — language and light or dark — kept in the browser's
//! storage so they outlast the page. They win over the config, which is the client's default.

use confab_protocol::config::ThemeMode;
use confab_protocol::json::{self, Fields, FromJson};
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

/// The stored choices; none when storage is unavailable or holds something unreadable.
pub fn load() -> Prefs {
    // The server rendering the first screen has no storage of the reader's.
    if cfg!(not(target_arch = "wasm32")) {
        return Prefs::default();
    }
    let stored = LocalStorage::raw().get_item(KEY).ok().flatten();
    stored.and_then(|text| json::read(&text)).unwrap_or_default()
}

/// Stores the choices; a browser refusing storage only loses them at the next visit.
pub fn save(prefs: &Prefs) {
    if let Ok(text) = serde_json::to_string(prefs) {
        let _ = LocalStorage::raw().set_item(KEY, &text);
    }
}
