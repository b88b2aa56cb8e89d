//! The client's branding, which the host backend puts in every config it serves: theme,
//! features, labels, locale, the host's actions, how support conversations go, and the embedding rules (`embed`, which also make the server's
//! `frame-ancestors`, and `view`), read once at start from the JSON file `--branding` names (the
//! same keys as in the config; see `docs/config.md`). Each value is checked by the app as it
//! would be from any host; here the file need only be a JSON object.

use std::path::Path;

use confab_protocol::config::{
    Embed, EmbedPolicy, Features, LabelOverrides, RoomView, Setting, Theme, View, embed_policy, room_view,
};
use serde_json::Value;

#[derive(Clone, Debug, Default)]
pub struct Branding {
    pub theme: Setting<Theme>,
    pub features: Setting<Features>,
    pub labels: Setting<LabelOverrides>,
    pub locale: Setting<String>,
    pub embed: Setting<Embed>,
    pub view: Setting<View>,
    /// The host's own actions, as given (the app checks them).
    pub actions: Option<Value>,
    /// How support conversations with visitors go (`support`).
    pub support: crate::livechat::settings::SupportSettings,
}

#[derive(Debug, thiserror::Error)]
pub enum BrandingError {
    #[error("cannot read the branding file {path}: {source}")]
    Read { path: String, source: std::io::Error },
    #[error("the branding file {path} is not a JSON object: {reason}")]
    Invalid { path: String, reason: String },
}

impl Branding {
    /// The embedding rules as the app reads them, with a warning for every value it would drop.
    pub fn embedding(&self, warnings: &mut Vec<String>) -> (EmbedPolicy, RoomView) {
        (embed_policy(&self.embed, warnings), room_view(&self.view, warnings))
    }

    /// The branding in `path`, or none.
    pub fn load(path: Option<&Path>) -> Result<Self, BrandingError> {
        let Some(path) = path else { return Ok(Self::default()) };
        let shown = path.display().to_string();
        let text =
            std::fs::read_to_string(path).map_err(|source| BrandingError::Read { path: shown.clone(), source })?;
        let value: Value = serde_json::from_str(&text)
            .map_err(|error| BrandingError::Invalid { path: shown.clone(), reason: error.to_string() })?;
        let Some(object) = value.as_object() else {
            return Err(BrandingError::Invalid { path: shown, reason: "it is not an object".into() });
        };
        let read = |key: &str| object.get(key).unwrap_or(&Value::Null);
        Ok(Self {
            theme: Setting::read(read("theme")),
            features: Setting::read(read("features")),
            labels: Setting::read(read("labels")),
            locale: Setting::read(read("locale")),
            embed: Setting::read(read("embed")),
            view: Setting::read(read("view")),
            actions: object.get("actions").cloned(),
            support: crate::livechat::settings::SupportSettings::read(object.get("support"))
                .map_err(|reason| BrandingError::Invalid { path: shown.clone(), reason })?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_branding_file_is_read_and_a_broken_one_named() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("branding.json");
        std::fs::write(&path, r#"{"features": {"threads": false}, "locale": "de", "other": 1}"#).unwrap();
        let branding = Branding::load(Some(&path)).unwrap();
        assert!(matches!(branding.features, Setting::Set(_)));
        assert_eq!(branding.locale, Setting::Set("de".to_owned()));
        assert_eq!(branding.theme, Setting::Unset);
        std::fs::write(&path, "[1, 2]").unwrap();
        let error = Branding::load(Some(&path)).unwrap_err().to_string();
        assert!(error.contains("branding.json is not a JSON object"), "{error}");
        assert!(Branding::load(Some(&dir.path().join("missing.json"))).is_err());
        assert!(matches!(Branding::load(None).unwrap().theme, Setting::Unset));
    }
}
