//! The reader's own choices in Settings — language and light or dark — kept in the browser's
//! storage so they outlast the page. They win over the config, which is the client's default.

use confab_protocol::config::ThemeMode;
use gloo_storage::{LocalStorage, Storage};
use serde::{Deserialize, Serialize};

const KEY: &str = "confab.prefs";

#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq, Eq)]
pub struct Prefs {
    /// A language code of `i18n::LANGUAGES`, or none to follow the config, host and browser.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// Light, dark or the system's, or none to follow the config.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<ThemeMode>,
}

/// The stored choices; none when storage is unavailable or holds something unreadable.
pub fn load() -> Prefs {
    LocalStorage::get(KEY).unwrap_or_default()
}

/// Stores the choices; a browser refusing storage only loses them at the next visit.
pub fn save(prefs: &Prefs) {
    let _ = LocalStorage::set(KEY, prefs);
}
