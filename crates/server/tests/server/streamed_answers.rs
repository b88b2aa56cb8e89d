//! Streamed answers and agent state against the real server: readers following the room's pieces
//! hear each piece once and in place, clients following the room's messages hear the stored text
//! a few times a second and whole at the end, anyone in the room can stop an answer, and only the
//! bot that writes an answer can add to it.

use crate::common;

use common::{Session, Socket, TestServer};
use serde_json::{Value, json};

/// A bot in `#general`, with the room's id.
async fn bot_in_general(app: &TestServer, admin: &Session) -> (Session, String) {
    let guide = app.bot(admin, "guide").await;
    let general = app.room_id(admin, "general").await;
    assert_eq!(app.post(&guide, "/api/v1/channels.join", json!({"roomId": general})).await.status(), 200);
    (guide, general)
}

async fn call(app: &TestServer, session: &Session, path: &str, body: Value) -> (u16, Value) {
    let answer = app.post(session, &format!("/api/v1/confab.{path}"), body).await;
    (answer.status().as_u16(), answer.json().await.unwrap())
}

async fn start(app: &TestServer, guide: &Session, rid: &str) -> String {
    let (status, started) = call(app, guide, "streams.start", json!({"rid": rid})).await;
    assert_eq!(status, 200, "{started}");
    assert_eq!(started["message"]["stream"], "writing");
    started["message"]["_id"].as_str().unwrap().to_owned()
}

async fn append(app: &TestServer, guide: &Session, id: &str, piece: &str) -> (u16, Value) {
    call(app, guide, "streams.append", json!({"messageId": id, "piece": piece})).await
}

#[tokio::test]
async fn readers_hear_each_piece_once_and_the_stored_text_is_always_what_was_written() {
    let app = TestServer::start().await;
    let alice = app.session("alice").await;
    let bob = app.session("bob").await;
    let (guide, general) = bot_in_general(&app, &alice).await;
    let mut pieces = Socket::logged_in(&app, &bob).await;
    let piece_event = format!("{general}/confab-piece");
    assert_eq!(pieces.subscribe_stream("p", "stream-notify-room", &piece_event).await["msg"], "ready");
    let mut room = Socket::logged_in(&app, &bob).await;
    assert_eq!(room.subscribe("room", &general).await["msg"], "ready");

    let id = start(&app, &guide, &general).await;
    let opened = room.event(&general).await;
    assert_eq!((opened[0]["msg"].clone(), opened[0]["stream"].clone()), (json!(""), json!("writing")));
    let mut offsets = Vec::new();
    for piece in ["Héllo", ", ", "**world**"] {
        let (status, answer) = append(&app, &guide, &id, piece).await;
        assert_eq!(status, 200, "{answer}");
        offsets.push(answer["at"].as_u64().unwrap());
    }
    assert_eq!(offsets, [0, 6, 8], "byte offsets into the UTF-8 text");
    for (piece, at) in [("Héllo", 0), (", ", 6), ("**world**", 8)] {
        let heard = pieces.event(&piece_event).await;
        assert_eq!(heard[0], json!({"_id": id, "at": at, "piece": piece}));
    }
    // The stored text is what was written so far, and the room's stream hears it soon.
    let stored: Value = app.get(&bob, &format!("/api/v1/chat.getMessage?msgId={id}")).await.json().await.unwrap();
    assert_eq!(stored["message"]["msg"], "Héllo, **world**", "{stored}");
    let flushed = room.event(&general).await;
    assert_eq!(flushed[0]["msg"], "Héllo, **world**");
    assert_eq!(flushed[0]["stream"], "writing");

    let (status, ended) = call(&app, &guide, "streams.end", json!({"messageId": id, "state": "done"})).await;
    assert_eq!(status, 200, "{ended}");
    let finished = loop {
        let heard = room.event(&general).await;
        if heard[0]["stream"] == "done" {
            break heard[0].clone();
        }
    };
    assert_eq!(finished["msg"], "Héllo, **world**");
    assert!(finished["md"].to_string().contains("BOLD"), "the finished text is read as markup: {finished}");
    let (status, late) = append(&app, &guide, &id, " more").await;
    assert_eq!((status, late["errorType"].clone()), (400, json!("error-stream-ended")), "{late}");
}

#[tokio::test]
async fn a_member_stops_an_answer_and_its_writer_hears_so() {
    let app = TestServer::start().await;
    let alice = app.session("alice").await;
    let bob = app.session("bob").await;
    let (guide, general) = bot_in_general(&app, &alice).await;
    let mut writer = Socket::logged_in(&app, &guide).await;
    assert_eq!(writer.subscribe("room", &general).await["msg"], "ready");
    let id = start(&app, &guide, &general).await;
    assert_eq!(append(&app, &guide, &id, "Let me think").await.0, 200);

    let outsider = app.session("dave").await;
    let (status, _) = call(&app, &outsider, "streams.stop", json!({"messageId": id})).await;
    assert_eq!(status, 403, "someone outside the room cannot stop it");
    let (status, stopped) = call(&app, &bob, "streams.stop", json!({"messageId": id})).await;
    assert_eq!(status, 200, "{stopped}");
    assert_eq!(stopped["message"]["stream"], "stopped");
    assert_eq!(stopped["message"]["msg"], "Let me think");
    let heard = loop {
        let heard = writer.event(&general).await;
        if heard[0]["stream"] == "stopped" {
            break heard;
        }
    };
    assert_eq!(heard[0]["_id"], id.as_str());
    let (status, late) = append(&app, &guide, &id, "...").await;
    assert_eq!((status, late["errorType"].clone()), (400, json!("error-stream-ended")));
    let (status, again) = call(&app, &bob, "streams.stop", json!({"messageId": id})).await;
    assert_eq!((status, again["errorType"].clone()), (400, json!("error-stream-ended")));
}

#[tokio::test]
async fn only_a_bot_streams_and_only_into_its_own_answer() {
    let app = TestServer::start_with(|s| s.max_answer_chars = 6_000).await;
    let alice = app.session("alice").await;
    let bob = app.session("bob").await;
    let (guide, general) = bot_in_general(&app, &alice).await;
    let (status, refused) = call(&app, &alice, "streams.start", json!({"rid": general})).await;
    assert_eq!((status, refused["errorType"].clone()), (403, json!("error-action-not-allowed")));
    let id = start(&app, &guide, &general).await;
    let (status, _) = append(&app, &bob, &id, "not mine").await;
    assert_eq!(status, 403, "a person cannot write into the bot's answer");
    let other = app.bot(&alice, "other").await;
    assert_eq!(app.post(&other, "/api/v1/channels.join", json!({"roomId": general})).await.status(), 200);
    assert_eq!(append(&app, &other, &id, "not mine").await.0, 403, "nor can another bot");
    assert_eq!(append(&app, &guide, &id, "").await.0, 400);
    assert_eq!(append(&app, &guide, &id, &"x".repeat(4_001)).await.0, 400);
    assert_eq!(append(&app, &guide, "nosuchmessage12345", "x").await.0, 404);
    let (status, _) = call(&app, &guide, "streams.end", json!({"messageId": id, "state": "writing"})).await;
    assert_eq!(status, 400);
    let hostile = json!({"messageId": id, "state": "done",
        "blocks": [{"type": "actions", "elements": [{"type": "button", "text": {"type": "plain_text", "text": "x"},
            "url": "javascript:alert(1)", "actionId": "a"}]}]});
    let (status, refused) = call(&app, &guide, "streams.end", hostile).await;
    assert_eq!((status, refused["errorType"].clone()), (400, json!("error-invalid-blocks")), "{refused}");
    // The stored text never passes the message limit, however it is reached.
    let long = "y".repeat(4_000);
    let mut status = 200;
    for _ in 0..2 {
        status = append(&app, &guide, &id, &long).await.0;
    }
    assert_eq!(status, 400, "the answer's limit holds");
    let (status, failed) = call(
        &app,
        &guide,
        "streams.end",
        json!({"messageId": id, "state": "failed", "error": "The model did not answer in time."}),
    )
    .await;
    assert_eq!(status, 200, "{failed}");
    assert_eq!(failed["message"]["stream"], "failed");
    assert!(failed["message"]["msg"].as_str().unwrap().ends_with("\n\nThe model did not answer in time."));
}

#[tokio::test]
async fn an_agents_state_is_told_where_typing_is_and_checked() {
    let app = TestServer::start().await;
    let alice = app.session("alice").await;
    let bob = app.session("bob").await;
    let (guide, general) = bot_in_general(&app, &alice).await;
    let mut socket = Socket::logged_in(&app, &bob).await;
    let activity = format!("{general}/user-activity");
    assert_eq!(socket.subscribe_stream("a", "stream-notify-room", &activity).await["msg"], "ready");
    let state = |activity: Value, label: Value| json!({"rid": general, "activity": activity, "label": label});
    let (status, _) = call(&app, &guide, "agents.state", state(json!("agent-searching"), json!("the docs"))).await;
    assert_eq!(status, 200);
    assert_eq!(socket.event(&activity).await, json!(["guide", ["agent-searching"], {"label": "the docs"}]));
    assert_eq!(call(&app, &guide, "agents.state", state(Value::Null, Value::Null)).await.0, 200);
    assert_eq!(socket.event(&activity).await, json!(["guide", []]));
    for (activity, label) in [(json!("user-typing"), Value::Null), (json!("agent-thinking"), json!("x".repeat(81)))] {
        assert_eq!(call(&app, &guide, "agents.state", state(activity, label)).await.0, 400);
    }
    assert_eq!(call(&app, &bob, "agents.state", state(json!("agent-thinking"), Value::Null)).await.0, 403);
}

#[tokio::test]
async fn a_bot_on_a_socket_streams_with_the_same_calls() {
    let app = TestServer::start().await;
    let alice = app.session("alice").await;
    let (guide, general) = bot_in_general(&app, &alice).await;
    let mut bot = Socket::logged_in(&app, &guide).await;
    let mut method = async |name: &str, params: Value| {
        bot.send(json!({"msg": "method", "id": name, "method": name, "params": [params]})).await;
        loop {
            let frame = bot.recv().await;
            if frame["msg"] == "result" {
                return frame;
            }
        }
    };
    let started = method("confab:streamStart", json!({"rid": general, "msg": "Hi"})).await;
    let id = started["result"]["_id"].as_str().unwrap_or_else(|| panic!("{started}")).to_owned();
    assert_eq!(method("confab:streamAppend", json!({"messageId": id, "piece": " there"})).await["result"]["at"], 2);
    let ended = method("confab:streamEnd", json!({"messageId": id, "state": "done"})).await;
    assert_eq!((ended["result"]["msg"].clone(), ended["result"]["stream"].clone()), (json!("Hi there"), json!("done")));
    let refused = method("confab:streamAppend", json!({"messageId": id, "piece": "!"})).await;
    assert_eq!(refused["error"]["error"], "error-stream-ended", "{refused}");
}

#[tokio::test]
async fn an_answer_whose_bot_goes_quiet_ends_as_failed() {
    let app = TestServer::start_with(|s| s.answer_idle_secs = 1).await;
    let alice = app.session("alice").await;
    let bob = app.session("bob").await;
    let (guide, general) = bot_in_general(&app, &alice).await;
    let mut socket = Socket::logged_in(&app, &bob).await;
    assert_eq!(socket.subscribe_stream("m", "stream-room-messages", "__my_messages__").await["msg"], "ready");
    let id = start(&app, &guide, &general).await;
    assert_eq!(append(&app, &guide, &id, "Half an ans").await.0, 200);
    let started = std::time::Instant::now();
    let ended = loop {
        let heard = socket.event("__my_messages__").await;
        if heard[0]["_id"] == id.as_str() && heard[0]["stream"] != "writing" {
            break heard[0].clone();
        }
    };
    assert_eq!((ended["stream"].clone(), ended["msg"].clone()), (json!("failed"), json!("Half an ans")));
    assert!(
        started.elapsed() < std::time::Duration::from_secs(3),
        "ended {:?} after the last piece",
        started.elapsed()
    );
}
