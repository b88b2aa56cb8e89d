//! Decoding the frames a server sends, for clients.
//!
//! [`Frame`]'s derived decoder handles its `msg` tag by first copying the whole frame into a
//! generic tree and then decoding each variant from that tree: in a browser that is both the
//! largest function of the app and a second pass over every frame. A client only ever receives
//! the server's dozen kinds of frame, so it reads them by hand (see [`crate::json`]), one pass.

use serde_json::Value;

use super::{DdpError, ErrorCode, Frame, LoginResult, StreamFields};
use crate::json::{Fields, FromJson};

impl Frame {
    /// Decodes a frame sent by a server. `None` for anything else — not JSON, no `msg`, a
    /// frame only clients send, a required field missing — which a client ignores.
    pub fn decode_from_server(text: &str) -> Option<Self> {
        let value: Value = serde_json::from_str(text).ok()?;
        let f = Fields::of(&value)?;
        let id = || f.get::<String>("id");
        let collection = || f.get::<String>("collection");
        Some(match f.str("msg")? {
            "connected" => Self::Connected { session: f.get("session")? },
            "failed" => Self::Failed { version: f.get("version")? },
            "ping" => Self::Ping { id: id() },
            "pong" => Self::Pong { id: id() },
            "result" => Self::Result { id: id()?, result: f.value("result").cloned(), error: f.get("error") },
            "updated" => Self::Updated { methods: f.get("methods")? },
            "ready" => Self::Ready { subs: f.get("subs")? },
            "nosub" => Self::Nosub { id: id()?, error: f.get("error") },
            "added" => Self::Added { collection: collection()?, id: id()?, fields: f.value("fields").cloned() },
            "changed" => Self::Changed { collection: collection()?, id: id()?, fields: f.value("fields").cloned() },
            "removed" => Self::Removed { collection: collection()?, id: id()? },
            "error" => {
                Self::Error { reason: f.get("reason")?, offending_message: f.value("offendingMessage").cloned() }
            }
            _ => return None,
        })
    }
}

impl FromJson for DdpError {
    fn from_json(value: &Value) -> Option<Self> {
        let f = Fields::of(value)?;
        Some(Self {
            is_client_safe: f.get("isClientSafe"),
            error: f.get("error")?,
            reason: f.get("reason"),
            message: f.get("message"),
            error_type: f.get("errorType"),
        })
    }
}

/// A number or a text.
impl FromJson for ErrorCode {
    fn from_json(value: &Value) -> Option<Self> {
        match value {
            Value::String(text) => Some(Self::Text(text.clone())),
            _ => value.as_i64().map(Self::Number),
        }
    }
}

impl FromJson for LoginResult {
    fn from_json(value: &Value) -> Option<Self> {
        let f = Fields::of(value)?;
        Some(Self {
            id: f.get("id")?,
            token: f.get("token")?,
            token_expires: f.get("tokenExpires")?,
            kind: f.get("type"),
        })
    }
}

impl FromJson for StreamFields {
    fn from_json(value: &Value) -> Option<Self> {
        let f = Fields::of(value)?;
        Some(Self { event_name: f.get("eventName")?, args: f.get("args").unwrap_or_default() })
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::ErrorCode;
    use super::*;

    /// Every frame a server sends, each with its optional fields both present and absent.
    fn server_frames() -> Vec<Frame> {
        let error = DdpError::new(ErrorCode::Text("error-not-allowed".into()), "Not allowed");
        let fields = json!({"eventName": "__my_messages__", "args": [{"_id": "m1", "ts": {"$date": 5}}]});
        vec![
            Frame::Connected { session: "s1".into() },
            Frame::Failed { version: "1".into() },
            Frame::Ping { id: None },
            Frame::Ping { id: Some("p".into()) },
            Frame::Pong { id: Some("p".into()) },
            Frame::Result { id: "1".into(), result: Some(json!({"token": "t"})), error: None },
            Frame::Result { id: "2".into(), result: None, error: Some(error.clone()) },
            Frame::Updated { methods: vec!["1".into()] },
            Frame::Ready { subs: vec!["a".into(), "b".into()] },
            Frame::Nosub { id: "a".into(), error: Some(error) },
            Frame::Nosub { id: "a".into(), error: None },
            Frame::Added { collection: "users".into(), id: "u1".into(), fields: Some(json!({"username": "x"})) },
            Frame::Changed { collection: "stream-room-messages".into(), id: "id".into(), fields: Some(fields) },
            Frame::Changed { collection: "users".into(), id: "u1".into(), fields: None },
            Frame::Removed { collection: "users".into(), id: "u1".into() },
            Frame::Error { reason: "Bad request".into(), offending_message: Some(json!({"msg": "?"})) },
            Frame::stream_event("stream-notify-user", "u1/rooms-changed", vec![json!("updated"), json!({"_id": "r"})]),
        ]
    }

    #[test]
    fn every_server_frame_decodes_as_the_derived_decoder_reads_it() {
        for frame in server_frames() {
            let text = frame.encode();
            assert_eq!(Frame::decode_from_server(&text), Some(frame.clone()), "{text}");
            assert_eq!(Frame::decode(&text).ok(), Some(frame), "{text}");
        }
    }

    #[test]
    fn frames_a_client_cannot_use_are_none_and_never_a_panic() {
        let method = Frame::Method { method: "login".into(), id: "1".into(), params: vec![] }.encode();
        for text in [
            "",
            "not json",
            "[]",
            "null",
            r#"{"server_id":"0"}"#,
            r#"{"msg":"nonsense"}"#,
            r#"{"msg":"connected"}"#,
            r#"{"msg":"result"}"#,
            r#"{"msg":"changed","id":"id"}"#,
            r#"{"msg":"ready","subs":"a"}"#,
            r#"{"msg":7}"#,
            method.as_str(),
        ] {
            assert_eq!(Frame::decode_from_server(text), None, "{text}");
        }
    }
}
