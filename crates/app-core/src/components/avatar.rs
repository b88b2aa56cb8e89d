//! A person's or a room's avatar: their initials on their colour at once, and their picture over
//! them once it has loaded (lazily, when scrolled near). Where there is no picture the server
//! draws the same initials, so nothing changes when it arrives; a picture that fails to load
//! (its `alt` is empty) leaves the initials showing.

use confab_protocol::avatar::{background, initials};
use confab_protocol::presence::UserStatus;
use yew::{Html, html};

use crate::i18n::Catalog;

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

/// A person's avatar with the dot of their presence, once known, named for assistive technology
/// in the reader's language.
pub fn person(username: &str, picture: Option<String>, presence: Option<UserStatus>, texts: &Catalog) -> Html {
    html! {
        <span class="person">
            { avatar(username, picture) }
            if let Some(status) = presence {
                <span class="presence" data-presence={status.as_str()} role="img"
                      aria-label={texts.get(presence_key(status))} title={texts.get(presence_key(status))}></span>
            }
        </span>
    }
}

/// The text key naming `status`.
pub fn presence_key(status: UserStatus) -> &'static str {
    match status {
        UserStatus::Online => "presence.online",
        UserStatus::Away => "presence.away",
        UserStatus::Busy => "presence.busy",
        UserStatus::Offline => "presence.offline",
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
    /// People's presence, by username (the state's, shared).
    pub presence: std::rc::Rc<Vec<(String, UserStatus)>>,
}

impl Pictures {
    pub fn presence_of(&self, username: &str) -> Option<UserStatus> {
        crate::state::presence_in(&self.presence, username)
    }

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
