//! Decoding the frames a server sends, for clients.
//!
//! [`Frame`]'s derived decoder handles its `msg` tag by first copying the whole frame into a
//! generic tree and then decoding each variant from that tree: in a browser that is both the
//! largest function of the app and a second pass over every frame. A client only ever receives
//! the server's dozen kinds of frame, so it reads them into one flat record of every field they
//! carry — one pass, one small decoder — and builds the [`Frame`] from it.

use serde::Deserialize;
use serde_json::Value;

use super::{DdpError, Frame};

/// Every field of every frame a server sends; which are present depends on `msg`.
#[derive(Deserialize)]
struct Fields {
    msg: String,
    id: Option<String>,
    session: Option<String>,
    version: Option<String>,
    result: Option<Value>,
    error: Option<DdpError>,
    methods: Option<Vec<String>>,
    subs: Option<Vec<String>>,
    collection: Option<String>,
    fields: Option<Value>,
    reason: Option<String>,
    #[serde(rename = "offendingMessage")]
    offending_message: Option<Value>,
}

impl Frame {
    /// Decodes a frame sent by a server. `None` for anything else — not JSON, no `msg`, a
    /// frame only clients send, a required field missing — which a client ignores.
    pub fn decode_from_server(text: &str) -> Option<Self> {
        let f: Fields = serde_json::from_str(text).ok()?;
        Some(match f.msg.as_str() {
            "connected" => Self::Connected { session: f.session? },
            "failed" => Self::Failed { version: f.version? },
            "ping" => Self::Ping { id: f.id },
            "pong" => Self::Pong { id: f.id },
            "result" => Self::Result { id: f.id?, result: f.result, error: f.error },
            "updated" => Self::Updated { methods: f.methods? },
            "ready" => Self::Ready { subs: f.subs? },
            "nosub" => Self::Nosub { id: f.id?, error: f.error },
            "added" => Self::Added { collection: f.collection?, id: f.id?, fields: f.fields },
            "changed" => Self::Changed { collection: f.collection?, id: f.id?, fields: f.fields },
            "removed" => Self::Removed { collection: f.collection?, id: f.id? },
            "error" => Self::Error { reason: f.reason?, offending_message: f.offending_message },
            _ => return None,
        })
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
