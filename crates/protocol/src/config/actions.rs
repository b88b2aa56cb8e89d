//! Actions the host declares (`actions` in the config): buttons on messages or on the room, each
//! shown only to users holding its permission or role, whose click the host hears (a
//! `confab:action` DOM event, the `onAction` callback, and a postMessage event). "Create a ticket
//! from this message" is the kind of thing they are for.
//!
//! The core keeps the section as it came; the room part reads it when it first shows a room, so
//! the first screen pays nothing for it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Most actions a config may declare; the rest are dropped with a warning.
pub const MAX_ACTIONS: usize = 20;
/// Longest action id.
pub const MAX_ID_LEN: usize = 64;
/// Longest icon path.
pub const MAX_ICON_LEN: usize = 2_000;

/// Where an action is offered.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum ActionPlace {
    /// Among a message's actions.
    Message,
    /// In the room's header.
    Room,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct HostAction {
    /// The host's name for the action, in every event about it: letters, digits, `-`, `_`, `.`
    /// and `:`, at most 64.
    pub id: String,
    /// What the button says, per language (`{"en": "Create a ticket", "it": "Crea un ticket"}`):
    /// the reader's language, else English, else the first given.
    pub label: BTreeMap<String, String>,
    /// An SVG path (`d`) in a 24×24 box, drawn in the text colour like Confab's own icons.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub icon: Option<String>,
    /// Offered only to holders of this permission (Rocket.Chat's name, such as `pin-message`),
    /// counting their roles in the room.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permission: Option<String>,
    /// Offered only to users with this role, global (`admin`, `user`, a custom one) or in the
    /// room (`owner`, `moderator`, `leader`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// Where it is offered.
    pub on: ActionPlace,
}

impl HostAction {
    /// The label in `language`, else English, else the first given.
    pub fn label_in(&self, language: &str) -> &str {
        self.label
            .get(language)
            .or_else(|| self.label.get("en"))
            .or_else(|| self.label.values().next())
            .map_or(self.id.as_str(), String::as_str)
    }

    fn read(value: &Value, at: usize, warnings: &mut Vec<String>) -> Option<Self> {
        let mut refuse = |why: &str| {
            warnings.push(format!("config actions[{at}]: {why}; the action is not offered"));
            None
        };
        let Some(object) = value.as_object() else { return refuse("not an object") };
        let text = |key: &str| object.get(key).and_then(Value::as_str).map(str::trim).filter(|t| !t.is_empty());
        let Some(id) = text("id").filter(|id| id.len() <= MAX_ID_LEN && id.chars().all(id_char)) else {
            return refuse("id must be 1 to 64 letters, digits, '-', '_', '.' or ':'");
        };
        // Inserted one by one: a collected map would sort first, which costs the first load.
        let mut label = BTreeMap::new();
        for (language, text) in object.get("label").and_then(Value::as_object).into_iter().flatten() {
            let text = text.as_str().map(str::trim).unwrap_or_default();
            if !text.is_empty() && text.chars().count() <= 80 {
                label.insert(language.clone(), text.to_owned());
            }
        }
        if label.is_empty() {
            return refuse("label must give the button's text for at least one language, at most 80 characters");
        }
        let on = match text("on") {
            Some("message") => ActionPlace::Message,
            Some("room") => ActionPlace::Room,
            _ => return refuse("on must be \"message\" or \"room\""),
        };
        let icon = match object.get("icon") {
            None | Some(Value::Null) => None,
            Some(Value::String(path)) if path.len() <= MAX_ICON_LEN && path.chars().all(path_char) => {
                Some(path.clone())
            }
            Some(_) => return refuse("icon must be SVG path data (letters of path commands, numbers, spaces, commas)"),
        };
        let (permission, role) = (text("permission").map(str::to_owned), text("role").map(str::to_owned));
        Some(Self { id: id.to_owned(), label, icon, permission, role, on })
    }
}

fn id_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':')
}

/// What an SVG path's data is made of, and nothing that could be markup.
fn path_char(c: char) -> bool {
    c.is_ascii_digit() || " ,.-+eE".contains(c) || "MmLlHhVvCcSsQqTtAaZz".contains(c)
}

/// The actions of an `actions` section, with a warning for each one not offered.
pub fn read_actions(section: Option<&Value>, warnings: &mut Vec<String>) -> Vec<HostAction> {
    let Some(section) = section.filter(|s| !s.is_null()) else { return Vec::new() };
    let Some(list) = section.as_array() else {
        warnings.push("config actions: must be a list of actions; none is offered".into());
        return Vec::new();
    };
    if list.len() > MAX_ACTIONS {
        warnings.push(format!("config actions: at most {MAX_ACTIONS} are offered; the rest are dropped"));
    }
    let mut actions: Vec<HostAction> = Vec::new();
    for (at, value) in list.iter().take(MAX_ACTIONS).enumerate() {
        if let Some(action) = HostAction::read(value, at, warnings) {
            if actions.iter().any(|a| a.id == action.id) {
                let id = super::setting::quoted(&action.id);
                warnings.push(format!("config actions[{at}]: the id {id} is taken; the action is not offered"));
                continue;
            }
            actions.push(action);
        }
    }
    actions
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn a_well_formed_action_is_read_and_speaks_the_readers_language() {
        let section = json!([{
            "id": "create-ticket", "label": {"en": "Create a ticket", "it": "Crea un ticket"},
            "icon": "M4 4h16v16H4z", "permission": "pin-message", "on": "message"
        }]);
        let mut warnings = Vec::new();
        let actions = read_actions(Some(&section), &mut warnings);
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(actions[0].on, ActionPlace::Message);
        assert_eq!(actions[0].label_in("it"), "Crea un ticket");
        assert_eq!(actions[0].label_in("de"), "Create a ticket");
        let derived: Vec<HostAction> = serde_json::from_value(section).unwrap();
        assert_eq!(actions, derived);
    }

    #[test]
    fn bad_actions_are_dropped_with_a_warning_naming_them() {
        let section = json!([
            {"id": "ok", "label": {"en": "Fine"}, "on": "room"},
            {"id": "ok", "label": {"en": "Again"}, "on": "room"},
            {"id": "bad id!", "label": {"en": "x"}, "on": "room"},
            {"id": "no-label", "label": {}, "on": "room"},
            {"id": "nowhere", "label": {"en": "x"}, "on": "sidebar"},
            {"id": "script", "label": {"en": "x"}, "on": "room", "icon": "M0 0\"/><script>alert(1)</script>"},
            "not an object"
        ]);
        let mut warnings = Vec::new();
        let actions = read_actions(Some(&section), &mut warnings);
        assert_eq!(actions.iter().map(|a| a.id.as_str()).collect::<Vec<_>>(), ["ok"]);
        assert_eq!(warnings.len(), 6, "{warnings:#?}");
        assert!(warnings[4].contains("actions[5]") && warnings[4].contains("icon"), "{warnings:#?}");
        let mut warnings = Vec::new();
        assert!(read_actions(Some(&json!({"id": "x"})), &mut warnings).is_empty());
        assert_eq!(warnings.len(), 1);
    }
}
