//! How the app is shown: the layout the host asked for, and the reader's look and language. The
//! root component provides it; the views below it read it.

use confab_protocol::config::ThemeMode;
use yew::Callback;

use crate::services::prefs::Prefs;

/// How much of the chat is shown.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Layout {
    /// The room list beside the open room.
    #[default]
    Full,
    /// One room alone (`?layout=embedded`), for a page that frames or embeds a single room.
    Embedded,
}

impl Layout {
    /// The layout a `layout` option or query parameter names; anything else is the full one.
    pub fn named(name: Option<&str>) -> Self {
        if name == Some("embedded") { Self::Embedded } else { Self::Full }
    }
}

/// How the app is shown: the layout the host asked for, and what Settings shows and changes (the
/// reader's choices over the client's defaults).
#[derive(Clone, PartialEq)]
pub struct Appearance {
    pub layout: Layout,
    pub prefs: Prefs,
    /// The language in use and the light/dark mode in use.
    pub language: &'static str,
    pub mode: ThemeMode,
    /// Shows new choices; Settings, which makes them, stores them first (`prefs::save`).
    pub set: Callback<Prefs>,
}
