//! DDP, the Realtime API's framing over WebSocket: one JSON object per text frame, tagged by `msg`.
//!
//! Dates inside DDP are EJSON (`{"$date": ms}`); [`Frame::encode`] writes them so, and decoding
//! accepts both spellings. A frame without `msg` (Meteor's `{"server_id":"0"}` greeting) or with an
//! unknown `msg` decodes to an error the receiver can ignore or answer; it is never a panic.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::Timestamp;

mod from_server;

/// The only DDP version Confab speaks, as Rocket.Chat does.
pub const VERSION: &str = "1";

/// Collection names of the streams Confab uses.
pub mod streams {
    pub const ROOM_MESSAGES: &str = "stream-room-messages";
    pub const NOTIFY_ROOM: &str = "stream-notify-room";
    pub const NOTIFY_USER: &str = "stream-notify-user";
    /// What every signed-in user hears (`updateAvatar`).
    pub const NOTIFY_LOGGED: &str = "stream-notify-logged";
    /// The support queue, for staff (event `public`): conversations entering and leaving it.
    pub const LIVECHAT_QUEUE: &str = "livechat-inquiry-queue-observer";
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(tag = "msg", rename_all = "lowercase")]
pub enum Frame {
    Connect {
        version: String,
        #[serde(default)]
        support: Vec<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        session: Option<String>,
    },
    Connected {
        session: String,
    },
    Failed {
        version: String,
    },
    Ping {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        id: Option<String>,
    },
    Pong {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        id: Option<String>,
    },
    Method {
        method: String,
        id: String,
        #[serde(default)]
        params: Vec<Value>,
    },
    Result {
        id: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        result: Option<Value>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        error: Option<DdpError>,
    },
    Updated {
        methods: Vec<String>,
    },
    Sub {
        id: String,
        name: String,
        #[serde(default)]
        params: Vec<Value>,
    },
    Unsub {
        id: String,
    },
    Ready {
        subs: Vec<String>,
    },
    Nosub {
        id: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        error: Option<DdpError>,
    },
    Added {
        collection: String,
        id: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        fields: Option<Value>,
    },
    Changed {
        collection: String,
        id: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        fields: Option<Value>,
    },
    Removed {
        collection: String,
        id: String,
    },
    /// The server's answer to a frame it could not understand.
    Error {
        reason: String,
        #[serde(rename = "offendingMessage", default, skip_serializing_if = "Option::is_none")]
        offending_message: Option<Value>,
    },
}

impl Frame {
    /// Serializes for the wire, with dates as EJSON.
    pub fn encode(&self) -> String {
        crate::time::as_ejson(|| serde_json::to_string(self))
            .unwrap_or_else(|e| format!(r#"{{"msg":"error","reason":"unencodable frame: {e}"}}"#))
    }

    pub fn decode(text: &str) -> Result<Self, serde_json::Error> {
        serde_json::from_str(text)
    }

    /// The client's opening frame.
    pub fn connect() -> Self {
        Self::Connect { version: VERSION.into(), support: vec![VERSION.into()], session: None }
    }

    /// A stream event, as Rocket.Chat sends it: the frame `id` is the constant `"id"`, so one
    /// encoded frame serves every subscriber of the stream.
    pub fn stream_event(collection: &str, event_name: &str, args: Vec<Value>) -> Self {
        let fields = StreamFields { event_name: event_name.to_owned(), args };
        Self::Changed { collection: collection.to_owned(), id: "id".to_owned(), fields: Some(ejson_value(&fields)) }
    }
}

/// Converts `value` to JSON for a frame's `result`, `args` or `fields`, with dates as EJSON.
/// Values built with plain `serde_json::to_value` would carry ISO dates instead.
pub fn ejson_value<T: Serialize>(value: &T) -> Value {
    crate::time::as_ejson(|| serde_json::to_value(value)).unwrap_or(Value::Null)
}

/// The `fields` of a stream event.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct StreamFields {
    #[serde(rename = "eventName")]
    pub event_name: String,
    #[serde(default)]
    pub args: Vec<Value>,
}

/// A method or subscription error, in Meteor's shape.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct DdpError {
    #[serde(rename = "isClientSafe", default, skip_serializing_if = "Option::is_none")]
    pub is_client_safe: Option<bool>,
    /// An HTTP-like number (`403`) or a Rocket.Chat error id (`"error-not-allowed"`).
    pub error: ErrorCode,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    #[serde(rename = "errorType", default, skip_serializing_if = "Option::is_none")]
    pub error_type: Option<String>,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[serde(untagged)]
pub enum ErrorCode {
    Number(i64),
    Text(String),
}

impl DdpError {
    pub fn new(error: ErrorCode, reason: impl Into<String>) -> Self {
        let reason = reason.into();
        let code = match &error {
            ErrorCode::Number(n) => n.to_string(),
            ErrorCode::Text(t) => t.clone(),
        };
        Self {
            is_client_safe: Some(true),
            message: Some(format!("{reason} [{code}]")),
            error,
            reason: Some(reason),
            error_type: Some("Meteor.Error".into()),
        }
    }

    /// The sentence to log or show.
    pub fn describe(&self) -> &str {
        self.reason.as_deref().or(self.message.as_deref()).unwrap_or("unknown error")
    }
}

/// The params of the `login` method when resuming with a token.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct ResumeLogin {
    pub resume: String,
}

/// The result of a successful `login`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct LoginResult {
    pub id: String,
    pub token: String,
    #[serde(rename = "tokenExpires")]
    pub token_expires: Timestamp,
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
}

/// Reads the event name of a `sub` to a stream: params are `[eventName, false]` in the legacy
/// form or `[eventName, {"useCollection": false, "args": [...]}]` in the current clients' form.
pub fn stream_sub_event_name(params: &[Value]) -> Option<&str> {
    let name = params.first()?.as_str()?;
    match params.get(1) {
        None | Some(Value::Bool(_)) | Some(Value::Object(_)) => Some(name),
        Some(_) => None,
    }
}
