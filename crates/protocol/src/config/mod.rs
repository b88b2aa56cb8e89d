//! The boot document from the host backend's `GET /chat/config?clientType=web`.
//!
//! `authentication` is Mia-Platform's chat-service object, kept exactly as published so a Mia-style
//! backend works unchanged. The other keys are Confab's own; every one is optional and falls back
//! to a default, so an older or partial config still boots. Failures carry an error object under
//! `errors` (the service's default) or `error` (its published schema); both are read.

pub mod actions;
pub mod contrast;
mod embed;
mod features;
mod locale;
mod setting;
mod theme;

use serde::{Deserialize, Serialize};

use crate::Timestamp;
use crate::json::Fields;

pub use contrast::{MIN_TEXT_CONTRAST, contrast_ratio};
pub use embed::{Embed, EmbedPolicy, RoomView, View, ViewMode, is_origin, origin_of};
pub use features::{FeatureSet, Features};
pub use locale::{LabelOverrides, Labels, language_of, resolve_labels};
pub use setting::{FromJson, Setting};
pub use theme::{
    Colours, DARK, DEFAULT_FONT, DEFAULT_RADIUS_PX, Density, LIGHT, Palette, ResolvedTheme, TOKENS, Theme, ThemeMode,
    is_hex_color,
};

/// The query value the web app sends as `clientType`.
pub const WEB_CLIENT_TYPE: &str = "web";

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ChatConfig {
    /// Mia-Platform's chat credentials, unchanged: the chat user and a login token for them.
    pub authentication: Authentication,
    /// When `authentication.userToken` stops being accepted, if the backend knows.
    #[serde(rename = "tokenExpires", default, skip_serializing_if = "Option::is_none")]
    pub token_expires: Option<Timestamp>,
    /// Where the chat server lives; absent means the config endpoint's origin.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server: Option<ServerLocation>,
    /// Colours, type and brand; see `Theme`.
    #[serde(default, skip_serializing_if = "Setting::is_unset")]
    pub theme: Setting<Theme>,
    /// Parts of the chat to offer; all are on unless turned off.
    #[serde(default, skip_serializing_if = "Setting::is_unset")]
    pub features: Setting<Features>,
    /// UI strings to say differently, per locale, by translation key.
    #[serde(default, skip_serializing_if = "Setting::is_unset")]
    pub labels: Setting<LabelOverrides>,
    /// The language to speak (a BCP 47 tag such as `it` or `de-CH`); absent means the host's, then
    /// the browser's.
    #[serde(default, skip_serializing_if = "Setting::is_unset")]
    pub locale: Setting<String>,
    #[serde(default, skip_serializing_if = "ConnectionOptions::is_default")]
    pub connection: ConnectionOptions,
    /// Who may frame Confab and command it, and where its events go.
    #[serde(default, skip_serializing_if = "Setting::is_unset")]
    pub embed: Setting<Embed>,
    /// Whether rooms show natively or as frames of the provider's room page.
    #[serde(default, skip_serializing_if = "Setting::is_unset")]
    pub view: Setting<View>,
    /// The host's own actions on messages and rooms (see `actions::HostAction`), kept as they came
    /// and read by the room part.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(with = "Option<Vec<actions::HostAction>>"))]
    pub actions: Option<serde_json::Value>,
    /// A visitor's support session (confab-server's `SupportSession`): their token to keep and
    /// their conversation. The app does not read it: a visitor's app opens the `support` room and
    /// asks the server the rest.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "schema", schemars(skip))]
    pub support: Option<serde_json::Value>,
}

/// What the config says about how the app looks and speaks, checked.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Presentation {
    pub theme: ResolvedTheme,
    pub features: FeatureSet,
    pub labels: Labels,
    /// The configured language, if any and well-formed.
    pub language: Option<String>,
    pub embed: EmbedPolicy,
    pub view: RoomView,
}

impl ChatConfig {
    /// A config of credentials alone, every other key at its default.
    pub fn with_credentials(authentication: Authentication) -> Self {
        Self {
            authentication,
            token_expires: None,
            server: None,
            theme: Setting::Unset,
            features: Setting::Unset,
            labels: Setting::Unset,
            locale: Setting::Unset,
            connection: ConnectionOptions::default(),
            embed: Setting::Unset,
            view: Setting::Unset,
            actions: None,
            support: None,
        }
    }

    /// The presentation to render with, and a warning naming the key of every value not used.
    pub fn presentation(&self) -> (Presentation, Vec<String>) {
        let mut warnings = Vec::new();
        let theme = self.theme.get("theme", "an object", &mut warnings).cloned().unwrap_or_default();
        let features = self.features.get("features", "an object", &mut warnings).cloned().unwrap_or_default();
        let presentation = Presentation {
            theme: theme.resolve(&mut warnings),
            features: features.resolve(&mut warnings),
            labels: resolve_labels(&self.labels, &mut warnings),
            language: self
                .locale
                .checked("locale", "a locale such as \"it\" or \"pt-BR\"", |t| language_of(t).is_some(), &mut warnings)
                .and_then(language_of),
            embed: embed_policy(&self.embed, &mut warnings),
            view: room_view(&self.view, &mut warnings),
        };
        (presentation, warnings)
    }
}

/// The embedding rules of an `embed` section, which a failed config may carry too: they are the
/// same for every user, and a framed app that is not signed in needs them to accept a
/// `login-with-token`.
pub fn embed_policy(embed: &Setting<Embed>, warnings: &mut Vec<String>) -> EmbedPolicy {
    embed.get("embed", "an object", warnings).map(|e| e.resolve(warnings)).unwrap_or_default()
}

/// How rooms are shown, from a `view` section.
pub fn room_view(view: &Setting<View>, warnings: &mut Vec<String>) -> RoomView {
    view.get("view", "an object", warnings).map(|v| v.resolve(warnings)).unwrap_or_default()
}

/// Silence after which the realtime connection counts as dead unless the config says otherwise.
pub const DEFAULT_DEAD_AFTER_MS: u32 = 35_000;
/// The shortest silence accepted as dead: less would drop healthy connections.
pub const MIN_DEAD_AFTER_MS: u32 = 2_000;

/// How the app keeps its realtime connection.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
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
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Authentication {
    #[serde(rename = "userId")]
    pub user_id: String,
    #[serde(rename = "userToken")]
    pub user_token: String,
    #[serde(rename = "apiKey", default)]
    pub api_key: String,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ServerLocation {
    /// Base URL of the chat server, e.g. `https://chat.example.com`.
    pub url: String,
}

/// The failure body of the config endpoint.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct ConfigErrorResponse {
    #[serde(alias = "error")]
    pub errors: ConfigError,
    /// The embedding rules, so a framed app can be signed in by its host (see [`embed_policy`]).
    #[serde(default, skip_serializing_if = "Setting::is_unset")]
    pub embed: Setting<Embed>,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    pub title: String,
    pub message: String,
}

impl FromJson for ChatConfig {
    fn from_json(value: &serde_json::Value) -> Option<Self> {
        let object = value.as_object()?;
        let f = Fields(object);
        Some(Self {
            authentication: f.get("authentication")?,
            token_expires: f.get("tokenExpires"),
            server: f.get("server"),
            theme: setting::field(object, "theme"),
            features: setting::field(object, "features"),
            labels: setting::field(object, "labels"),
            locale: setting::field(object, "locale"),
            connection: f.get("connection").unwrap_or_default(),
            embed: setting::field(object, "embed"),
            view: setting::field(object, "view"),
            actions: f.value("actions").cloned(),
            support: None,
        })
    }
}

impl FromJson for Authentication {
    fn from_json(value: &serde_json::Value) -> Option<Self> {
        let f = Fields::of(value)?;
        Some(Self {
            user_id: f.get("userId")?,
            user_token: f.get("userToken")?,
            api_key: f.get("apiKey").unwrap_or_default(),
        })
    }
}

impl FromJson for ServerLocation {
    fn from_json(value: &serde_json::Value) -> Option<Self> {
        Some(Self { url: Fields::of(value)?.get("url")? })
    }
}

impl FromJson for ConnectionOptions {
    fn from_json(value: &serde_json::Value) -> Option<Self> {
        Some(Self { dead_after_ms: Fields::of(value)?.get("deadAfterMs") })
    }
}

/// Under `errors` or `error`.
impl FromJson for ConfigErrorResponse {
    fn from_json(value: &serde_json::Value) -> Option<Self> {
        let object = value.as_object()?;
        let f = Fields(object);
        let errors = f.get("errors").or_else(|| f.get("error"))?;
        Some(Self { errors, embed: setting::field(object, "embed") })
    }
}

impl FromJson for ConfigError {
    fn from_json(value: &serde_json::Value) -> Option<Self> {
        let f = Fields::of(value)?;
        Some(Self { title: f.get("title")?, message: f.get("message")? })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const AUTH: &str = r#""authentication": {"userId": "u1", "userToken": "t", "apiKey": ""}"#;

    #[test]
    fn a_config_with_only_credentials_presents_the_defaults() {
        let config: ChatConfig = serde_json::from_str(&format!("{{{AUTH}}}")).unwrap();
        assert_eq!(config.presentation(), (Presentation::default(), vec![]));
    }

    #[test]
    fn a_section_of_the_wrong_shape_costs_only_that_section() {
        let config: ChatConfig = serde_json::from_str(&format!(
            r#"{{{AUTH}, "theme": "dark", "features": {{"threads": false}}, "locale": "it-IT", "labels": [], "extra": {{}}}}"#
        ))
        .unwrap();
        let (presentation, warnings) = config.presentation();
        assert_eq!(presentation.theme, ResolvedTheme::default());
        assert!(!presentation.features.threads);
        assert_eq!(presentation.language.as_deref(), Some("it"));
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        assert!(warnings[0].starts_with(r#"config theme: "dark" is not an object"#), "{warnings:?}");
        assert!(warnings[1].starts_with("config labels: a list is not an object of locales"), "{warnings:?}");
    }

    #[test]
    fn configs_read_by_hand_as_serde_reads_them() {
        for text in [
            include_str!("../../tests/fixtures/config.json").to_owned(),
            format!("{{{AUTH}}}"),
            format!(r#"{{{AUTH}, "theme": "dark", "features": {{"threads": false}}, "locale": 7, "labels": []}}"#),
            format!(r#"{{{AUTH}, "connection": {{"deadAfterMs": 500}}, "server": {{"url": "https://c.io"}}}}"#),
        ] {
            let value: serde_json::Value = serde_json::from_str(&text).unwrap();
            let derived: ChatConfig = serde_json::from_value(value.clone()).unwrap();
            assert_eq!(ChatConfig::from_json(&value), Some(derived), "{text}");
        }
        for text in [
            include_str!("../../tests/fixtures/config_error_errors.json"),
            include_str!("../../tests/fixtures/config_error_error.json"),
        ] {
            let value: serde_json::Value = serde_json::from_str(text).unwrap();
            let derived: ConfigErrorResponse = serde_json::from_value(value.clone()).unwrap();
            assert_eq!(ConfigErrorResponse::from_json(&value), Some(derived), "{text}");
        }
        assert_eq!(ChatConfig::from_json(&serde_json::json!({"theme": {}})), None, "no credentials");
    }

    #[test]
    fn an_ill_formed_locale_is_warned_about_and_not_used() {
        let config: ChatConfig = serde_json::from_str(&format!(r#"{{{AUTH}, "locale": "klingon!"}}"#)).unwrap();
        let (presentation, warnings) = config.presentation();
        assert_eq!(presentation.language, None);
        assert!(warnings[0].starts_with(r#"config locale: "klingon!""#), "{warnings:?}");
    }
}
