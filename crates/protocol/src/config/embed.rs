//! Where Confab may be framed from and who it talks to when it is (`embed`), and whether a room
//! is shown natively or as a frame of the chat provider's own room page (`view`).
//!
//! The postMessage API trusts origins, so origins here are exact: `scheme://host[:port]`, as a
//! browser writes `MessageEvent.origin`, with no path, no trailing slash and no wildcard. A value
//! that is not one is dropped with a warning rather than loosened into a match.

use serde::Serialize;
use serde_json::Value;

use super::setting::{FromJson, Setting, field, invalid};

#[derive(Serialize, Clone, Debug, Default, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct Embed {
    /// Origins whose pages may frame Confab and send it commands (`login-with-token`, `go`,
    /// `logout`, `set-user-status`), e.g. `["https://portal.example.com"]`. The server sends
    /// them as `frame-ancestors`.
    #[serde(skip_serializing_if = "Setting::is_unset")]
    pub allowed_origins: Setting<Vec<String>>,
    /// The one origin Confab's events (`startup`, `room-opened`, `new-message`, `unread-changed`,
    /// `notification`) are posted to when it is framed; without it no event is posted.
    #[serde(skip_serializing_if = "Setting::is_unset")]
    pub target_origin: Setting<String>,
}

impl FromJson for Embed {
    fn from_json(value: &Value) -> Option<Self> {
        let object = value.as_object()?;
        Some(Self { allowed_origins: field(object, "allowedOrigins"), target_origin: field(object, "targetOrigin") })
    }
}

/// How a room is shown.
#[derive(Serialize, Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub enum ViewMode {
    /// Confab renders the room itself.
    #[default]
    Native,
    /// The room is a frame of `view.roomUrl`, signed in with `login-with-token`.
    Iframe,
}

impl FromJson for ViewMode {
    fn from_json(value: &Value) -> Option<Self> {
        match value.as_str()? {
            "native" => Some(Self::Native),
            "iframe" => Some(Self::Iframe),
            _ => None,
        }
    }
}

#[derive(Serialize, Clone, Debug, Default, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct View {
    #[serde(skip_serializing_if = "Setting::is_unset")]
    pub mode: Setting<ViewMode>,
    /// The provider's embedded room page, with `{rid}`, `{name}` and `{type}` (`channel`, `group`
    /// or `direct`) filled in per room: for Rocket.Chat
    /// `https://chat.example.com/{type}/{name}?layout=embedded`, for confab-server
    /// `https://chat.example.com/?layout=embedded&room={rid}`.
    #[serde(skip_serializing_if = "Setting::is_unset")]
    pub room_url: Setting<String>,
}

impl FromJson for View {
    fn from_json(value: &Value) -> Option<Self> {
        let object = value.as_object()?;
        Some(Self { mode: field(object, "mode"), room_url: field(object, "roomUrl") })
    }
}

/// The embedding rules after checking.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EmbedPolicy {
    pub allowed_origins: Vec<String>,
    pub target_origin: Option<String>,
}

impl EmbedPolicy {
    /// Whether a command from `origin` is to be obeyed.
    pub fn allows(&self, origin: &str) -> bool {
        self.allowed_origins.iter().any(|allowed| allowed == origin)
    }
}

impl Embed {
    pub fn resolve(&self, warnings: &mut Vec<String>) -> EmbedPolicy {
        let origins = self.allowed_origins.get("embed.allowedOrigins", "a list of origins", warnings);
        let allowed_origins = origins
            .into_iter()
            .flatten()
            .filter(|origin| {
                let ok = is_origin(origin);
                if !ok {
                    warnings.push(invalid("embed.allowedOrigins", &super::setting::quoted(origin), ORIGIN));
                }
                ok
            })
            .cloned()
            .collect();
        let target_origin =
            self.target_origin.checked("embed.targetOrigin", ORIGIN, is_origin, warnings).map(str::to_owned);
        EmbedPolicy { allowed_origins, target_origin }
    }
}

const ORIGIN: &str = "an origin such as \"https://example.com\"";

/// How rooms are shown, after checking.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum RoomView {
    #[default]
    Native,
    /// Frames of this URL template.
    Iframe { room_url: String },
}

impl View {
    pub fn resolve(&self, warnings: &mut Vec<String>) -> RoomView {
        let mode = self.mode.get("view.mode", "\"native\" or \"iframe\"", warnings).copied().unwrap_or_default();
        if mode == ViewMode::Native {
            return RoomView::Native;
        }
        let template = self.room_url.checked(
            "view.roomUrl",
            "an http(s) URL (needed for view.mode \"iframe\")",
            |url| origin_of(url).is_some(),
            warnings,
        );
        match template {
            Some(url) => RoomView::Iframe { room_url: url.to_owned() },
            None => {
                if self.room_url.is_unset() {
                    warnings.push(invalid("view.mode", "\"iframe\" without view.roomUrl", "usable"));
                }
                RoomView::Native
            }
        }
    }
}

impl RoomView {
    /// The frame's address for a room, each value percent-encoded into the template.
    pub fn frame_url(template: &str, rid: &str, name: &str, kind: &str) -> String {
        template.replace("{rid}", &encode(rid)).replace("{name}", &encode(name)).replace("{type}", kind)
    }
}

/// Percent-encodes everything but RFC 3986's unreserved characters.
fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Whether `text` is an origin exactly as a browser serializes one: `http` or `https`, a
/// lower-case host (a name, an IPv4 address or a bracketed IPv6 address) and an optional port.
pub fn is_origin(text: &str) -> bool {
    let Some((scheme, rest)) = text.split_once("://") else { return false };
    if scheme != "http" && scheme != "https" {
        return false;
    }
    let (host, port) = match rest.rsplit_once(':') {
        Some((host, port)) if !host.ends_with(':') && !port.contains(']') => (host, Some(port)),
        _ => (rest, None),
    };
    let host_ok = if let Some(inner) = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
        !inner.is_empty() && inner.bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase() || b == b':')
    } else {
        !host.is_empty()
            && !host.starts_with('.')
            && !host.ends_with('.')
            && host.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'-')
    };
    let port_ok = port
        .is_none_or(|p| !p.is_empty() && p.len() <= 5 && p.bytes().all(|b| b.is_ascii_digit()) && !p.starts_with('0'));
    host_ok && port_ok
}

/// The origin of an absolute http(s) URL.
pub fn origin_of(url: &str) -> Option<&str> {
    let scheme_end = url.find("://")? + 3;
    let end = url[scheme_end..].find(['/', '?', '#']).map_or(url.len(), |i| scheme_end + i);
    let origin = &url[..end];
    is_origin(origin).then_some(origin)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_are_exact() {
        for good in ["https://example.com", "http://127.0.0.1:8080", "http://localhost:3000", "http://[::1]:80"] {
            assert!(is_origin(good), "{good}");
        }
        for bad in [
            "*",
            "null",
            "https://example.com/",
            "https://example.com/path",
            "https://Example.com",
            "https://*.example.com",
            "ftp://example.com",
            "example.com",
            "https://",
            "https://example.com:",
            "https://example.com:08080",
            "javascript://example.com",
            "https://user@example.com",
        ] {
            assert!(!is_origin(bad), "{bad}");
        }
    }

    #[test]
    fn a_policy_keeps_only_exact_origins_and_warns_about_the_rest() {
        let json = r#"{"allowedOrigins": ["https://a.example", "*", "https://b.example/"], "targetOrigin": "*"}"#;
        let embed = Embed::from_json(&serde_json::from_str(json).unwrap()).unwrap();
        let mut warnings = Vec::new();
        let policy = embed.resolve(&mut warnings);
        assert_eq!(policy.allowed_origins, ["https://a.example"]);
        assert_eq!(policy.target_origin, None, "events are never posted to every origin");
        assert_eq!(warnings.len(), 3, "{warnings:?}");
        assert!(policy.allows("https://a.example"));
        assert!(!policy.allows("https://a.example.evil.com") && !policy.allows("null"));
    }

    #[test]
    fn iframe_mode_needs_a_room_url_and_fills_it_per_room() {
        let view = |json: &str| View::from_json(&serde_json::from_str(json).unwrap()).unwrap().resolve(&mut Vec::new());
        assert_eq!(view(r#"{"mode": "iframe"}"#), RoomView::Native);
        assert_eq!(view(r#"{"mode": "iframe", "roomUrl": "/relative"}"#), RoomView::Native);
        assert_eq!(view(r#"{"mode": "tabs", "roomUrl": "https://chat.example"}"#), RoomView::Native);
        let template = "https://chat.example/{type}/{name}?layout=embedded&rid={rid}";
        assert_eq!(
            view(&format!(r#"{{"mode": "iframe", "roomUrl": "{template}"}}"#)),
            RoomView::Iframe { room_url: template.to_owned() }
        );
        assert_eq!(
            RoomView::frame_url(template, "r/1", "été & co", "channel"),
            "https://chat.example/channel/%C3%A9t%C3%A9%20%26%20co?layout=embedded&rid=r%2F1"
        );
        assert_eq!(origin_of(template), Some("https://chat.example"));
        assert_eq!(origin_of("https://chat.example?x"), Some("https://chat.example"));
    }
}
