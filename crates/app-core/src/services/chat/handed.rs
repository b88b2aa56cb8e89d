//! What the app's own page hands the app when the server rendered its first screen: the user and
//! the room list that screen was rendered from (`index.html` keeps them in
//! `window.confabFirstScreen`). The app starts from them instead of reading them again, a round
//! trip sooner, and shows exactly the list the server showed; what changed since, the list's
//! catch-up brings once the socket is up, as for a list it read itself.

use confab_protocol::json::{self, Fields, FromJson};
use confab_protocol::rest::{MeResponse, RoomsResponse, SubscriptionsResponse};
use serde_json::Value;

use super::StartOptions;
use crate::services::config::ConfigSource;

/// The page's global that holds the first screen's JSON until the app takes it.
const HANDED: &str = "confabFirstScreen";

pub(super) struct Handed {
    pub me: MeResponse,
    pub subscriptions: SubscriptionsResponse,
    pub rooms: RoomsResponse,
}

impl FromJson for Handed {
    fn from_json(value: &Value) -> Option<Self> {
        let f = Fields::of(value)?;
        Some(Self { me: f.get("me")?, subscriptions: f.get("subscriptions")?, rooms: f.get("rooms")? })
    }
}

/// What the page holds for an app started from its own config, taken once (the page's config is
/// the same screen's, and its user the same).
pub(super) fn take(options: &StartOptions) -> Option<Handed> {
    if options.config != ConfigSource::default() || options.credentials.is_some() {
        return None;
    }
    let window = web_sys::window()?;
    let text = js_sys::Reflect::get(&window, &HANDED.into()).ok()?.as_string()?;
    js_sys::Reflect::delete_property(&window, &HANDED.into()).ok()?;
    json::read(&text)
}
