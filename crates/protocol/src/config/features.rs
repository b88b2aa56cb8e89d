//! Which parts of the chat a client offers its users. Every feature is on unless the config turns
//! it off; a feature that is off is not shown at all, not shown disabled.

use serde::Serialize;
use serde_json::Value;

use super::setting::{FromJson, Setting, field};

#[derive(Serialize, Clone, Debug, Default, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct Features {
    /// Replies in a thread beside the room.
    #[serde(skip_serializing_if = "Setting::is_unset")]
    pub threads: Setting<bool>,
    /// Emoji reactions on messages.
    #[serde(skip_serializing_if = "Setting::is_unset")]
    pub reactions: Setting<bool>,
    /// Editing one's own messages.
    #[serde(skip_serializing_if = "Setting::is_unset")]
    pub editing: Setting<bool>,
    /// Deleting one's own messages.
    #[serde(skip_serializing_if = "Setting::is_unset")]
    pub deleting: Setting<bool>,
    /// "… is typing" in the room.
    #[serde(skip_serializing_if = "Setting::is_unset")]
    pub typing: Setting<bool>,
    /// Showing whether a direct message's recipient has read it.
    #[serde(skip_serializing_if = "Setting::is_unset")]
    pub read_receipts: Setting<bool>,
    /// Creating channels and groups.
    #[serde(skip_serializing_if = "Setting::is_unset")]
    pub room_creation: Setting<bool>,
    /// Starting direct messages.
    #[serde(skip_serializing_if = "Setting::is_unset")]
    pub direct_messages: Setting<bool>,
    /// Desktop notifications (once the user allows them). Unlike the others, unset means on only
    /// where the app owns the page: embedded in a host's page or frame, the host decides.
    #[serde(skip_serializing_if = "Setting::is_unset")]
    pub desktop_notifications: Setting<bool>,
}

impl FromJson for Features {
    fn from_json(value: &Value) -> Option<Self> {
        let object = value.as_object()?;
        Some(Self {
            threads: field(object, "threads"),
            reactions: field(object, "reactions"),
            editing: field(object, "editing"),
            deleting: field(object, "deleting"),
            typing: field(object, "typing"),
            read_receipts: field(object, "readReceipts"),
            room_creation: field(object, "roomCreation"),
            direct_messages: field(object, "directMessages"),
            desktop_notifications: field(object, "desktopNotifications"),
        })
    }
}

/// The features after checking: each one on or off.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FeatureSet {
    pub threads: bool,
    pub reactions: bool,
    pub editing: bool,
    pub deleting: bool,
    pub typing: bool,
    pub read_receipts: bool,
    pub room_creation: bool,
    pub direct_messages: bool,
    /// `None` when the config leaves it to where the app runs.
    pub desktop_notifications: Option<bool>,
}

impl Default for FeatureSet {
    fn default() -> Self {
        Features::default().resolve(&mut Vec::new())
    }
}

impl Features {
    pub fn resolve(&self, warnings: &mut Vec<String>) -> FeatureSet {
        let mut on = |setting: &Setting<bool>, key: &str| {
            setting.get(&format!("features.{key}"), "true or false", warnings).copied().unwrap_or(true)
        };
        FeatureSet {
            threads: on(&self.threads, "threads"),
            reactions: on(&self.reactions, "reactions"),
            editing: on(&self.editing, "editing"),
            deleting: on(&self.deleting, "deleting"),
            typing: on(&self.typing, "typing"),
            read_receipts: on(&self.read_receipts, "readReceipts"),
            room_creation: on(&self.room_creation, "roomCreation"),
            direct_messages: on(&self.direct_messages, "directMessages"),
            desktop_notifications: self
                .desktop_notifications
                .get("features.desktopNotifications", "true or false", warnings)
                .copied(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn features_are_on_unless_turned_off() {
        let json = r#"{"threads": false, "typing": "no", "readReceipts": true, "video": false}"#;
        let features = Features::from_json(&serde_json::from_str(json).unwrap()).unwrap();
        let mut warnings = Vec::new();
        let set = features.resolve(&mut warnings);
        assert!(!set.threads);
        assert!(set.typing, "an invalid value falls back to on");
        assert!(set.read_receipts && set.reactions && set.direct_messages);
        assert_eq!(warnings, [r#"config features.typing: "no" is not true or false; using the default"#]);
    }
}
