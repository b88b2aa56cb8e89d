//! Pinned and starred messages, and one message by id, as Rocket.Chat's REST API has them:
//! `chat.pinMessage` / `chat.unPinMessage` / `chat.starMessage` / `chat.unStarMessage` take
//! `{messageId}`; `chat.getPinnedMessages` / `chat.getStarredMessages` page a room's list
//! (`{messages, count, offset, total}`, newest first); `chat.getMessage?msgId=` answers
//! `{message}`.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::Message;
use crate::json::{Fields, FromJson};

/// The system message type a pin posts (quoting the pinned message in an attachment).
pub const MESSAGE_PINNED: &str = "message_pinned";

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct MessageIdRequest {
    #[serde(rename = "messageId")]
    pub message_id: String,
}

/// `chat.pinMessage`'s answer: the `message_pinned` system message it posted.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct PinResponse {
    pub message: Message,
    pub success: bool,
}

/// A page of a room's pinned or starred messages.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq, Eq)]
pub struct RoomMessagesQuery {
    #[serde(rename = "roomId")]
    pub room_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offset: Option<u32>,
}

#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq, Eq)]
pub struct GetMessageQuery {
    #[serde(rename = "msgId")]
    pub msg_id: String,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct MessageResponse {
    pub message: Message,
    pub success: bool,
}

impl FromJson for MessageResponse {
    fn from_json(value: &Value) -> Option<Self> {
        let f = Fields::of(value)?;
        Some(Self { message: f.get("message")?, success: f.get("success")? })
    }
}
