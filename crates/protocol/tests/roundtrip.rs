//! Every wire type read from a fixture in Rocket.Chat's shape and written back must give the same
//! JSON: nothing lost, renamed or added. DDP frames are compared in their EJSON spelling.

use confab_protocol::config::{ChatConfig, ConfigErrorResponse};
use confab_protocol::ddp::{Frame, LoginResult, ejson_value, stream_sub_event_name};
use confab_protocol::rest::{
    ErrorResponse, HistoryResponse, LoginResponse, LogoutResponse, MeResponse, RoomsResponse, SendMessageRequest,
    SendMessageResponse, SubscriptionsResponse, UnauthorizedResponse,
};
use confab_protocol::{Message, RoomType};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

fn round_trip<T: Serialize + DeserializeOwned>(fixture: &str) -> T {
    let expected: Value = serde_json::from_str(fixture).expect("fixture is JSON");
    let parsed: T = serde_json::from_value(expected.clone()).expect("fixture parses");
    assert_eq!(serde_json::to_value(&parsed).unwrap(), expected);
    parsed
}

#[test]
fn config_round_trips() {
    let config: ChatConfig = round_trip(include_str!("fixtures/config.json"));
    assert_eq!(config.authentication.user_id, "hX9bQk3mTfJ2pRw8Z");
    assert_eq!(config.token_expires.unwrap().to_iso(), "2024-08-01T10:00:00.000Z");
    assert_eq!(config.connection.dead_after_ms(), 20_000);
}

#[test]
fn a_dead_connection_timeout_too_short_to_be_safe_falls_back_to_the_default() {
    let config = |connection: Value| -> ChatConfig {
        serde_json::from_value(json!({
            "authentication": {"userId": "u1", "userToken": "t1", "apiKey": "k"},
            "connection": connection
        }))
        .unwrap()
    };
    let default = confab_protocol::config::DEFAULT_DEAD_AFTER_MS;
    assert_eq!(config(json!({})).connection.dead_after_ms(), default);
    assert_eq!(config(json!({"deadAfterMs": 500})).connection.dead_after_ms(), default);
    assert_eq!(config(json!({"deadAfterMs": 2000})).connection.dead_after_ms(), 2_000);
}

#[test]
fn a_minimal_mia_config_boots_with_defaults() {
    let config: ChatConfig = serde_json::from_value(json!({
        "authentication": {"userId": "u1", "userToken": "t1", "apiKey": "k"},
        "someFutureKey": {"ignored": true}
    }))
    .unwrap();
    assert_eq!(config.presentation(), (confab_protocol::config::Presentation::default(), vec![]));
    assert!(config.server.is_none());
}

#[test]
fn config_errors_are_read_under_either_key() {
    let errors: ConfigErrorResponse = round_trip(include_str!("fixtures/config_error_errors.json"));
    let error: ConfigErrorResponse = serde_json::from_str(include_str!("fixtures/config_error_error.json")).unwrap();
    assert_eq!(errors, error);
    assert_eq!(error.errors.title, "Unauthorized");
}

#[test]
fn login_logout_and_me_round_trip() {
    let login: LoginResponse = round_trip(include_str!("fixtures/login_response.json"));
    assert_eq!(login.data.me.username, "alice");
    let _: LogoutResponse = round_trip(include_str!("fixtures/logout_response.json"));
    let me: MeResponse = round_trip(include_str!("fixtures/me_response.json"));
    assert!(me.user.is_admin());
}

#[test]
fn rooms_and_subscriptions_round_trip() {
    let rooms: RoomsResponse = round_trip(include_str!("fixtures/rooms_get.json"));
    assert_eq!(rooms.update[0].t, RoomType::Channel);
    assert_eq!(rooms.update[1].t, RoomType::Direct);
    assert_eq!(rooms.update[0].last_message.as_ref().unwrap().msg, "see you at ten");
    let subs: SubscriptionsResponse = round_trip(include_str!("fixtures/subscriptions_get.json"));
    assert_eq!(subs.update[0].unread, 4);
    assert_eq!(subs.update[0].display_name(), "General");
}

#[test]
fn history_and_send_round_trip() {
    let history: HistoryResponse = round_trip(include_str!("fixtures/history.json"));
    assert_eq!(history.messages.len(), 3);
    assert_eq!(history.messages[1].t.as_deref(), Some("uj"));
    assert_eq!(history.messages[2].tcount, Some(2));
    let request: SendMessageRequest = round_trip(include_str!("fixtures/send_message_request.json"));
    assert_eq!(request.message.id.as_deref(), Some("Wc3Xz8Lk4Mq2Rt7Yp"));
    let response: SendMessageResponse = round_trip(include_str!("fixtures/send_message_response.json"));
    assert_eq!(response.message.msg, "hello bob");
}

#[test]
fn error_bodies_round_trip() {
    let error: ErrorResponse = round_trip(include_str!("fixtures/error_response.json"));
    assert_eq!(error.error_type.as_deref(), Some("error-room-not-found"));
    let unauthorized: UnauthorizedResponse = round_trip(include_str!("fixtures/unauthorized_response.json"));
    assert_eq!(unauthorized, UnauthorizedResponse::default());
}

#[test]
fn a_real_rocket_chat_message_with_fields_confab_ignores_still_parses() {
    let message: Message = serde_json::from_value(json!({
        "_id": "Ks9dHq2LmWp3RtYx7", "rid": "GENERAL", "msg": "hi", "groupable": false,
        "ts": {"$date": 1714558800000u64}, "u": {"_id": "x", "username": "alice"},
        "_updatedAt": "2024-05-01T10:20:00.000Z", "urls": [], "channels": [], "_hidden": false,
        "unread": true, "blocks": null
    }))
    .unwrap();
    assert_eq!(message.ts, message.updated_at);
}

#[test]
fn every_ddp_frame_round_trips_in_ejson() {
    let lines = include_str!("fixtures/ddp_frames.jsonl").lines().filter(|l| !l.trim().is_empty());
    let mut count = 0;
    for line in lines {
        let expected: Value = serde_json::from_str(line).unwrap();
        let frame = Frame::decode(line).unwrap_or_else(|e| panic!("{line}: {e}"));
        let written: Value = serde_json::from_str(&frame.encode()).unwrap();
        assert_eq!(written, expected, "{line}");
        count += 1;
    }
    assert_eq!(count, 19);
}

#[test]
fn values_built_for_frames_carry_ejson_dates() {
    let result = LoginResult {
        id: "u".into(),
        token: "t".into(),
        token_expires: confab_protocol::Timestamp(1_722_506_400_000),
        kind: Some("resume".into()),
    };
    let frame = Frame::Result { id: "1".into(), result: Some(ejson_value(&result)), error: None };
    assert!(frame.encode().contains(r#""tokenExpires":{"$date":1722506400000}"#));
}

#[test]
fn malformed_and_unknown_frames_are_errors_not_panics() {
    for bad in ["", "not json", "[]", "{}", r#"{"server_id":"0"}"#, r#"{"msg":"bogus"}"#, r#"{"msg":"sub"}"#] {
        assert!(Frame::decode(bad).is_err(), "{bad}");
    }
}

#[test]
fn both_subscription_param_forms_name_the_event() {
    assert_eq!(stream_sub_event_name(&[json!("GENERAL"), json!(false)]), Some("GENERAL"));
    assert_eq!(
        stream_sub_event_name(&[json!("GENERAL"), json!({"useCollection": false, "args": []})]),
        Some("GENERAL")
    );
    assert_eq!(stream_sub_event_name(&[json!("GENERAL")]), Some("GENERAL"));
    assert_eq!(stream_sub_event_name(&[json!(42)]), None);
    assert_eq!(stream_sub_event_name(&[]), None);
}

#[test]
fn every_markup_node_type_round_trips() {
    use confab_protocol::markup::Root;
    // Trees produced by Rocket.Chat's own parser (@rocket.chat/message-parser 0.32.0), one per input.
    let cases: Vec<Value> = serde_json::from_str(include_str!("fixtures/markup_trees.json")).unwrap();
    assert!(cases.len() >= 40);
    for case in &cases {
        let tree: Root =
            serde_json::from_value(case["md"].clone()).unwrap_or_else(|e| panic!("{}: {e}", case["input"]));
        assert_eq!(serde_json::to_value(&tree).unwrap(), case["md"], "{}", case["input"]);
    }
}

#[test]
fn markup_text_reads_as_the_message_does() {
    use confab_protocol::markup::Root;
    let cases: Vec<Value> = serde_json::from_str(include_str!("fixtures/markup_trees.json")).unwrap();
    let find = |input: &str| -> Root {
        serde_json::from_value(cases.iter().find(|c| c["input"] == input).unwrap()["md"].clone()).unwrap()
    };
    let text = |root: Root| root.iter().map(|n| n.text()).collect::<String>();
    assert_eq!(text(find("hello *bold* _italic_ ~strike~ `code`")), "hello bold italic strike code");
    assert_eq!(text(find("@bob and #general")), "@bob and #general");
    assert_eq!(text(find("[label](https://example.com)")), "label");
}
