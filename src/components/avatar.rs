//! A person's or a room's avatar: their initials on their colour at once, and their picture over
//! them once it has loaded (lazily, when scrolled near). Where there is no picture the server
//! draws the same initials, so nothing changes when it arrives; a picture that fails to load
//! (its `alt` is empty) leaves the initials showing.

use confab_protocol::avatar::{background, initials};
use yew::{Html, html};

/// The avatar of `name` (a username, or a room's name), with the picture at `picture` if any.
pub fn avatar(name: &str, picture: Option<String>) -> Html {
    html! {
        <span class="avatar" style={format!("background:{}", background(name))} aria-hidden="true">
            { initials(name) }
            if let Some(src) = picture {
                <img {src} alt="" loading="lazy" decoding="async" />
            }
        </span>
    }
}

/// Where people's pictures are, for the views that show many of them: the server's address and
/// the pictures changed since the app started (username, new `etag`), so each avatar finds its
/// own without the whole state. Without it (a view rendered outside the app) avatars show
/// initials only.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Pictures {
    pub server: String,
    pub changed: Vec<(String, String)>,
}

impl Pictures {
    /// The address of `username`'s picture, if the server is known.
    pub fn of(&self, username: &str) -> Option<String> {
        let etag = self.changed.iter().find(|(name, _)| name == username).map(|(_, etag)| etag.as_str());
        (!self.server.is_empty()).then(|| picture_url(&self.server, username, etag))
    }
}

/// Where `username`'s picture is on `server`, made new by `etag` when it has changed.
pub fn picture_url(server: &str, username: &str, etag: Option<&str>) -> String {
    let path = confab_protocol::avatar::user_path(username);
    let version = etag.map(|etag| format!("?etag={etag}")).unwrap_or_default();
    format!("{server}{path}{version}")
}
