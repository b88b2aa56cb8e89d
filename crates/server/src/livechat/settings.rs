//! What the operator says of support conversations, under `support` in the branding file: the
//! welcome the bot opens each conversation with, the questions it suggests, the pre-chat form's
//! fields, and what a visitor is told when nobody is there.

use confab_protocol::interactions::SUGGESTED_REPLY;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::HAND_OFF_ACTION;

/// A field of the pre-chat form.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum PrechatField {
    Name,
    Email,
    Department,
    Consent,
}

/// What a visitor's config carries (`support`): their token to keep, their conversation, and
/// the pre-chat form still to fill. A visitor who has not written yet has no conversation and no
/// login (`pending`): their app shows the welcome it will start with and sends the first words
/// with the token, and only then is anything stored.
#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct SupportSession {
    pub token: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rid: Option<String>,
    pub pending: bool,
    /// The team's name, the conversation's title.
    pub team: String,
    /// The form's fields; empty once the visitor gave their name.
    pub prechat: Vec<PrechatField>,
    pub consent: String,
    pub departments: Vec<confab_protocol::livechat::Department>,
    /// While pending: the bot's welcome, as the conversation will open with it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub welcome: Option<Welcome>,
}

/// The welcome a new conversation opens with: who says it, its text and its blocks.
#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct Welcome {
    pub u: confab_protocol::UserRef,
    pub msg: String,
    pub blocks: Vec<Value>,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[serde(default)]
pub struct SupportSettings {
    /// The bot's first words in every conversation.
    pub welcome: String,
    /// Questions offered with the welcome, as suggested replies.
    pub suggestions: Vec<String>,
    /// The label of the welcome's button that asks for a person.
    #[serde(rename = "personLabel")]
    pub person_label: String,
    /// The pre-chat form's fields, in order; none means no form.
    pub prechat: Vec<PrechatField>,
    /// The consent the visitor ticks, when the form asks for it.
    pub consent: String,
    /// When the team answers, told to a visitor who asks for a person while nobody is there.
    pub hours: String,
}

impl Default for SupportSettings {
    fn default() -> Self {
        Self {
            welcome: "Hi! I am the support team's assistant. Ask me anything, or ask for a person.".into(),
            suggestions: Vec::new(),
            person_label: "Talk to a person".into(),
            prechat: Vec::new(),
            consent: "I agree that this conversation is stored to answer me.".into(),
            hours: "The team answers on working days, 9:00 to 17:00.".into(),
        }
    }
}

impl SupportSettings {
    /// The settings under `support` in the branding file; the defaults where it says nothing.
    pub fn read(value: Option<&Value>) -> Result<Self, String> {
        match value {
            None | Some(Value::Null) => Ok(Self::default()),
            Some(value) => serde_json::from_value(value.clone()).map_err(|error| format!("support: {error}")),
        }
    }

    /// The demo's: questions about Confab, and every field of the form.
    pub fn demo() -> Self {
        Self {
            welcome: "Hi! I am Guide, Confab's assistant. Ask me about embedding Confab, or talk to a person.".into(),
            suggestions: vec!["How do I embed Confab?".into(), "Can I use my own colours?".into()],
            prechat: vec![PrechatField::Name, PrechatField::Email],
            ..Self::default()
        }
    }

    /// The welcome's blocks: the suggested questions and the button that asks for a person.
    pub fn welcome_blocks(&self) -> Vec<Value> {
        let mut elements: Vec<Value> = self
            .suggestions
            .iter()
            .take(confab_protocol::blocks::MAX_ELEMENTS - 1)
            .map(|question| {
                json!({"type": "button", "actionId": SUGGESTED_REPLY, "value": question,
                       "text": {"type": "plain_text", "text": question}})
            })
            .collect();
        elements.push(json!({"type": "button", "actionId": HAND_OFF_ACTION, "value": "person",
                             "text": {"type": "plain_text", "text": self.person_label}}));
        vec![json!({"type": "actions", "blockId": "welcome", "elements": elements})]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_welcome_offers_the_questions_and_a_person_within_the_block_rules() {
        let settings = SupportSettings::demo();
        let blocks = settings.welcome_blocks();
        confab_protocol::blocks::check(&blocks).unwrap();
        let elements = blocks[0]["elements"].as_array().unwrap();
        assert_eq!(elements.len(), settings.suggestions.len() + 1);
        assert_eq!(elements.last().unwrap()["actionId"], HAND_OFF_ACTION);
    }

    #[test]
    fn a_branding_file_sets_what_it_names_and_nothing_else() {
        let read = SupportSettings::read(Some(&json!({"welcome": "Hello", "prechat": ["name", "consent"]}))).unwrap();
        assert_eq!(read.welcome, "Hello");
        assert_eq!(read.prechat, [PrechatField::Name, PrechatField::Consent]);
        assert_eq!(read.person_label, SupportSettings::default().person_label);
        assert!(SupportSettings::read(Some(&json!({"prechat": ["shoe size"]}))).is_err());
    }
}
