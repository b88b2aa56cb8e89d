//! The boot document from the host backend's `GET /chat/config?clientType=web`.
//!
//! `authentication` is Mia-Platform's chat-service object, kept exactly as published so a Mia-style
//! backend works unchanged. The other keys are Confab's own; every one is optional and falls back
//! to a default, so an older or partial config still boots. Failures carry an error object under
//! `errors` (the service's default) or `error` (its published schema); both are read.

use serde::{Deserialize, Serialize};

use crate::Timestamp;

/// The query value the web app sends as `clientType`.
pub const WEB_CLIENT_TYPE: &str = "web";

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct ChatConfig {
    pub authentication: Authentication,
    /// When `authentication.userToken` stops being accepted, if the backend knows.
    #[serde(rename = "tokenExpires", default, skip_serializing_if = "Option::is_none")]
    pub token_expires: Option<Timestamp>,
    /// Where the chat server lives; absent means the page's own origin.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server: Option<ServerLocation>,
    #[serde(default)]
    pub theme: Theme,
    #[serde(default, skip_serializing_if = "ConnectionOptions::is_default")]
    pub connection: ConnectionOptions,
}

/// Silence after which the realtime connection counts as dead unless the config says otherwise.
pub const DEFAULT_DEAD_AFTER_MS: u32 = 35_000;
/// The shortest silence accepted as dead: less would drop healthy connections.
pub const MIN_DEAD_AFTER_MS: u32 = 2_000;

/// How the app keeps its realtime connection.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq, Eq)]
pub struct ConnectionOptions {
    /// Silence from the server (in milliseconds) after which the connection is given up and
    /// made again; the app pings at half of it.
    #[serde(rename = "deadAfterMs", default, skip_serializing_if = "Option::is_none")]
    pub dead_after_ms: Option<u32>,
}

impl ConnectionOptions {
    fn is_default(&self) -> bool {
        *self == Self::default()
    }

    pub fn dead_after_ms(&self) -> u32 {
        self.dead_after_ms.filter(|ms| *ms >= MIN_DEAD_AFTER_MS).unwrap_or(DEFAULT_DEAD_AFTER_MS)
    }
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Authentication {
    #[serde(rename = "userId")]
    pub user_id: String,
    #[serde(rename = "userToken")]
    pub user_token: String,
    #[serde(rename = "apiKey", default)]
    pub api_key: String,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct ServerLocation {
    /// Base URL of the chat server, e.g. `https://chat.example.com`.
    pub url: String,
}

#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq, Eq)]
pub struct Theme {
    /// Brand colour for buttons, links and the selected room, as `#rgb` or `#rrggbb`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub primary: Option<String>,
}

/// The primary colour used when the config has none, or one that is not a colour.
pub const DEFAULT_PRIMARY: &str = "#1d74f5";

impl Theme {
    /// The configured primary colour when it is a valid hex colour, else the default and a
    /// sentence saying why it was not used.
    pub fn primary_color(&self) -> (&str, Option<String>) {
        match self.primary.as_deref() {
            None => (DEFAULT_PRIMARY, None),
            Some(value) if is_hex_color(value) => (value, None),
            Some(value) => (
                DEFAULT_PRIMARY,
                Some(format!("theme.primary: {value:?} is not a #rgb or #rrggbb colour; using {DEFAULT_PRIMARY}")),
            ),
        }
    }
}

/// `#rgb` or `#rrggbb`: the only colour syntax accepted, so a config value can never carry CSS.
pub fn is_hex_color(value: &str) -> bool {
    let Some(digits) = value.strip_prefix('#') else { return false };
    matches!(digits.len(), 3 | 6) && digits.bytes().all(|b| b.is_ascii_hexdigit())
}

/// The failure body of the config endpoint.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct ConfigErrorResponse {
    #[serde(alias = "error")]
    pub errors: ConfigError,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    pub title: String,
    pub message: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_hex_colours_are_used() {
        let theme = |p: &str| Theme { primary: Some(p.to_owned()) };
        assert_eq!(theme("#0a0").primary_color(), ("#0a0", None));
        assert_eq!(theme("#00AA00").primary_color(), ("#00AA00", None));
        for hostile in ["red;}body{display:none", "#12345", "url(x)", "#ggg", ""] {
            let theme = theme(hostile);
            let (colour, warning) = theme.primary_color();
            assert_eq!(colour, DEFAULT_PRIMARY);
            assert!(warning.unwrap().starts_with("theme.primary"));
        }
        assert_eq!(Theme::default().primary_color(), (DEFAULT_PRIMARY, None));
    }
}
