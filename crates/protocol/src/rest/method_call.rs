//! `POST /api/v1/method.call/<method>`: a Realtime method called over REST, as Rocket.Chat's web
//! client calls them. The body is `{message}`, the DDP `method` frame as JSON text; the answer is
//! `{message, success}`, the DDP `result` frame as JSON text. Confab's server takes the two
//! history methods a jump to an old message needs.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::Message;
use crate::json::{Fields, FromJson};

/// `loadSurroundingMessages(message {_id, rid, ts}, limit)`: up to `limit / 2` messages before
/// the message, the message, and up to `limit / 2` after it.
pub const LOAD_SURROUNDING_MESSAGES: &str = "loadSurroundingMessages";
/// `loadNextMessages(rid, end, limit)`: the `limit` messages after `end`, oldest first.
pub const LOAD_NEXT_MESSAGES: &str = "loadNextMessages";

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct MethodCallRequest {
    pub message: String,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct MethodCallResponse {
    pub message: String,
    pub success: bool,
}

impl FromJson for MethodCallResponse {
    fn from_json(value: &Value) -> Option<Self> {
        let f = Fields::of(value)?;
        Some(Self { message: f.get("message")?, success: f.get("success")? })
    }
}

/// `loadSurroundingMessages`' result.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Surrounding {
    pub messages: Vec<Message>,
    #[serde(rename = "moreBefore")]
    pub more_before: bool,
    #[serde(rename = "moreAfter")]
    pub more_after: bool,
}

impl FromJson for Surrounding {
    fn from_json(value: &Value) -> Option<Self> {
        let f = Fields::of(value)?;
        Some(Self { messages: f.get("messages")?, more_before: f.get("moreBefore")?, more_after: f.get("moreAfter")? })
    }
}

/// `loadNextMessages`' result.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct NextMessages {
    pub messages: Vec<Message>,
}

impl FromJson for NextMessages {
    fn from_json(value: &Value) -> Option<Self> {
        Some(Self { messages: Fields::of(value)?.get("messages")? })
    }
}
