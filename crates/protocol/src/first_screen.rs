//! `GET /chat/first-screen?clientType=web`: the signed-in user's first screen, rendered by the
//! server, with what it was rendered from.
//!
//! The app's boot asks for four documents one after another (the config, then the user beside
//! their room list). A server that renders the first screen has gathered the same four already,
//! so it hands them over with the HTML: the app then starts from them, and renders (or hydrates)
//! exactly what the server rendered, without a round trip of its own.

use serde::{Deserialize, Serialize};

use crate::config::ChatConfig;
use crate::rest::{MeResponse, RoomsResponse, SubscriptionsResponse};

/// The path of the first screen's fragment, beside the config's.
pub const FIRST_SCREEN_PATH: &str = "/chat/first-screen";

/// The id of the `<script type="application/json">` that carries the [`FirstScreen`] in the
/// fragment, after the rendered HTML.
pub const FIRST_SCREEN_SCRIPT_ID: &str = "confab-first-screen";

/// The id of the element that holds the first screen the server rendered into the app's own
/// page, beside the app's root, until the app's own first screen replaces it (`index.html`).
pub const FIRST_SCREEN_ROOT_ID: &str = "confab-first";

/// The cookie in which the app's page keeps the reader's offset from UTC in minutes (east
/// positive), so the server can write the times of the next page's first screen in it. A page
/// asked for without it is not rendered by the server: its times would be in the wrong zone.
pub const UTC_OFFSET_COOKIE: &str = "confab_utc_offset";

/// What the first screen was rendered from: the answers of `/chat/config`, `me`,
/// `subscriptions.get` and `rooms.get` for the signed-in user, as they were at that moment.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct FirstScreen {
    pub config: ChatConfig,
    pub me: MeResponse,
    pub subscriptions: SubscriptionsResponse,
    pub rooms: RoomsResponse,
    /// The reader's offset from UTC in minutes (east positive), as the request said it: the times
    /// of the list are written in it.
    #[serde(rename = "utcOffset", default)]
    pub utc_offset_minutes: i32,
    /// The server's clock when it rendered, which "today" and "yesterday" were counted from.
    #[serde(rename = "renderedAt")]
    pub rendered_at: crate::Timestamp,
}

/// `json` made safe to carry inside a `<script>` element: no `<` can close it or open a comment.
pub fn script_json(json: &str) -> String {
    json.replace('<', "\\u003c")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_script_element_cannot_be_closed_from_inside_its_json() {
        let json = serde_json::to_string(&serde_json::json!({ "name": "</script><script>alert(1)</script><!--" }))
            .expect("serialises");
        let safe = script_json(&json);
        assert!(!safe.contains('<'), "{safe}");
        let back: serde_json::Value = serde_json::from_str(&safe).expect("still JSON");
        assert_eq!(back["name"], "</script><script>alert(1)</script><!--");
    }
}
