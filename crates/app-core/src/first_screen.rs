//! The first screen rendered to HTML by the server (Yew's server renderer), from the components
//! the app renders it with, so that a reader sees their rooms before the app's code has arrived.
//!
//! Rendering runs on the calling thread from start to end: the clock and time zone it writes
//! times in are that thread's while it runs (see `browser::render_at`).

use std::rc::Rc;

use confab_protocol::first_screen::FirstScreen;
use yew::LocalServerRenderer;

use crate::app::{App, AppProps};
use crate::services::browser;
use crate::services::chat::{RenderedFrom, StartOptions};
use crate::services::prefs::{self, Prefs};

/// The HTML of `first`'s first screen as the app's root renders it: in the language and mode the
/// reader `chosen` in Settings, else in their `language` (a BCP 47 tag, from their request)
/// unless the config names one. Plain HTML, without Yew's hydration markers: the app renders its
/// own beside it and swaps the two (see `index.html`), since Yew's hydration would weigh on the
/// core more than all of that.
pub async fn render(first: FirstScreen, language: Option<String>, chosen: Prefs) -> String {
    browser::render_at(first.rendered_at, first.utc_offset_minutes);
    prefs::render_with(chosen);
    let options =
        StartOptions { first_screen: Some(RenderedFrom(Rc::new(first))), language, ..StartOptions::default() };
    LocalServerRenderer::<App>::with_props(AppProps { options, layout: Default::default() })
        .hydratable(false)
        .render()
        .await
}
