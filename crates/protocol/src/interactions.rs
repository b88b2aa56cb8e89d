//! What people do with a bot's message: press a button or choose from a menu of its UI Kit blocks
//! (Rocket.Chat's block action: `actionId`, `blockId`, `value`, `mid`, `rid`), and say whether
//! its answer helped (thumbs up or down, with an optional comment). Confab's routes for them are
//! its extension: Rocket.Chat routes block actions only to its Apps.
//!
//! The bot hears both on its own `stream-notify-user` events, [`BLOCK_ACTION_EVENT`] and
//! [`FEEDBACK_EVENT`].

use serde::{Deserialize, Serialize};

/// The `stream-notify-user` event (`{botId}/confab-block-action`) carrying a [`BlockAction`].
pub const BLOCK_ACTION_EVENT: &str = "confab-block-action";
/// The `stream-notify-user` event (`{botId}/confab-feedback`) carrying a [`Feedback`].
pub const FEEDBACK_EVENT: &str = "confab-feedback";
/// A button with this `actionId` is a suggested reply: its `value` is posted as the reader's own
/// message, and nothing is sent to the bot.
pub const SUGGESTED_REPLY: &str = "confab.reply";
/// The longest feedback comment, in characters.
pub const MAX_COMMENT_CHARS: usize = 500;

/// `POST /api/v1/confab.blocks.action`: a reader pressed `actionId` in block `blockId` of message
/// `mid`, with the element's (or the chosen option's) `value`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct BlockActionRequest {
    pub mid: String,
    pub rid: String,
    #[serde(rename = "blockId")]
    pub block_id: String,
    #[serde(rename = "actionId")]
    pub action_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

/// Who did something, as the bot hears it.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Actor {
    #[serde(rename = "_id")]
    pub id: String,
    pub username: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// A block action as the bot hears it: Rocket.Chat's payload (`type: "blockAction"`).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct BlockAction {
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(rename = "actionId")]
    pub action_id: String,
    #[serde(rename = "blockId")]
    pub block_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    pub mid: String,
    pub rid: String,
    pub user: Actor,
    #[serde(rename = "triggerId")]
    pub trigger_id: String,
}

/// A reader's verdict on a bot's message.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Vote {
    Up,
    Down,
}

/// `POST /api/v1/confab.feedback.set`: the reader's vote on message `messageId` (none takes it
/// back), with an optional comment.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct FeedbackRequest {
    #[serde(rename = "messageId")]
    pub message_id: String,
    #[serde(default)]
    pub vote: Option<Vote>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

/// A reader's feedback as stored, and as the bot hears it.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Feedback {
    pub mid: String,
    pub rid: String,
    pub vote: Option<Vote>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    pub user: Actor,
}

/// `GET /api/v1/confab.feedback.mine?roomId=`: the reader's votes in a room, by message.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Default)]
pub struct MyFeedback {
    pub votes: Vec<MyVote>,
    pub success: bool,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct MyVote {
    pub mid: String,
    pub vote: Vote,
}

impl crate::json::FromJson for MyVote {
    fn from_json(value: &serde_json::Value) -> Option<Self> {
        let f = crate::json::Fields::of(value)?;
        let vote = match f.str("vote")? {
            "up" => Vote::Up,
            "down" => Vote::Down,
            _ => return None,
        };
        Some(Self { mid: f.get("mid")?, vote })
    }
}

/// Where `value` is one an element of `blocks` with `action_id` in block `block_id` offers: a
/// button's value, or an option of a menu. Bots' blocks are data; only what they offer may be
/// chosen.
pub fn offers(blocks: &[serde_json::Value], block_id: &str, action_id: &str, value: Option<&str>) -> bool {
    let elements = |block: &serde_json::Value| -> Vec<serde_json::Value> {
        let mut found: Vec<serde_json::Value> = block["elements"].as_array().cloned().unwrap_or_default();
        found.extend(block.get("accessory").cloned());
        found
    };
    blocks.iter().filter(|block| block["blockId"].as_str() == Some(block_id)).flat_map(elements).any(|element| {
        if element["actionId"].as_str() != Some(action_id) {
            return false;
        }
        match element["type"].as_str() {
            Some("button") => element["value"].as_str() == value,
            Some("static_select" | "overflow") => element["options"]
                .as_array()
                .is_some_and(|options| options.iter().any(|o| o["value"].as_str() == value && value.is_some())),
            _ => false,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::offers;
    use serde_json::json;

    #[test]
    fn only_what_a_block_offers_may_be_chosen() {
        let blocks = vec![
            json!({"type": "actions", "blockId": "b1", "elements": [
            {"type": "button", "actionId": "yes", "value": "1", "text": {"type": "plain_text", "text": "Yes"}},
            {"type": "static_select", "actionId": "size", "options": [
                {"value": "s", "text": {"type": "plain_text", "text": "S"}}]}]}),
            json!({"type": "section", "blockId": "b2", "text": {"type": "mrkdwn", "text": "x"},
                "accessory": {"type": "overflow", "actionId": "more", "options": [{"value": "m", "text": {"type": "plain_text", "text": "M"}}]}}),
        ];
        assert!(offers(&blocks, "b1", "yes", Some("1")));
        assert!(!offers(&blocks, "b1", "yes", Some("2")), "a value the button does not carry");
        assert!(offers(&blocks, "b1", "size", Some("s")));
        assert!(!offers(&blocks, "b1", "size", Some("xl")));
        assert!(!offers(&blocks, "b1", "size", None));
        assert!(offers(&blocks, "b2", "more", Some("m")), "an accessory's menu");
        assert!(!offers(&blocks, "b2", "yes", Some("1")), "an action of another block");
    }
}
