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

/// The pictures changed since the app started (username, new `etag`), provided to the views that
/// show many avatars so each finds its own without the whole state.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AvatarEtags(pub Vec<(String, String)>);

impl AvatarEtags {
    pub fn of(&self, username: &str) -> Option<&String> {
        self.0.iter().find(|(name, _)| name == username).map(|(_, etag)| etag)
    }
}
