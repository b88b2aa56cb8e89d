//! The Realtime streams beyond a room's messages: `__my_messages__`, room notifications (typing,
//! deletions, reads), user notifications (room list changes, forced logout), and what happens
//! to a subscriber that cannot keep up.

use crate::common;

use common::{Socket, TestServer};
use serde_json::{Value, json};

#[tokio::test]
async fn my_messages_carries_every_room_of_the_user_and_only_theirs() {
    let app = TestServer::start().await;
    let alice = app.session("alice").await;
    let bob = app.session("bob").await;
    let mut socket = Socket::logged_in(&app, &bob).await;
    assert_eq!(socket.subscribe_stream("m", "stream-room-messages", "__my_messages__").await["msg"], "ready");
    let design = app.room_id(&alice, "design").await;
    let random = app.room_id(&alice, "random").await;
    app.send(&alice, &design, "bob cannot see this").await;
    app.send(&alice, &random, "bob sees this").await;
    let args = socket.event("__my_messages__").await;
    assert_eq!(args[0]["msg"], "bob sees this");
    assert_eq!(args[0]["rid"], random.as_str());
}

#[tokio::test]
async fn typing_is_relayed_to_members_under_the_typists_own_name() {
    let app = TestServer::start().await;
    let alice = app.session("alice").await;
    let bob = app.session("bob").await;
    let general = app.room_id(&alice, "general").await;
    let mut listener = Socket::logged_in(&app, &bob).await;
    let event = format!("{general}/user-activity");
    assert_eq!(listener.subscribe_stream("t", "stream-notify-room", &event).await["msg"], "ready");

    let mut typist = Socket::logged_in(&app, &alice).await;
    typist.send(json!({"msg": "method", "method": "stream-notify-room", "id": "1", "params": [event, "alice", ["user-typing"]]})).await;
    assert_eq!(typist.recv().await, json!({"msg": "result", "id": "1", "result": null}));
    assert_eq!(listener.event(&event).await, json!(["alice", ["user-typing"]]));

    // Alice cannot type as bob, nor in a room she is not in.
    typist.send(json!({"msg": "method", "method": "stream-notify-room", "id": "2", "params": [event, "bob", ["user-typing"]]})).await;
    typist.recv().await; // updated
    assert_eq!(typist.recv().await["error"]["error"], "error-not-allowed");
    let design = app.room_id(&alice, "design").await;
    let mut outsider = Socket::logged_in(&app, &bob).await;
    let params = json!([format!("{design}/user-activity"), "bob", ["user-typing"]]);
    outsider.send(json!({"msg": "method", "method": "stream-notify-room", "id": "3", "params": params})).await;
    assert_eq!(outsider.recv().await["error"]["error"], "error-not-allowed");
}

#[tokio::test]
async fn deletions_and_reads_are_announced_to_the_room() {
    let app = TestServer::start().await;
    let alice = app.session("alice").await;
    let bob = app.session("bob").await;
    let direct = app.room_id(&alice, "bob").await;
    let mut listener = Socket::logged_in(&app, &alice).await;
    for (id, kind) in [("d", "deleteMessage"), ("r", "messagesRead")] {
        assert_eq!(
            listener.subscribe_stream(id, "stream-notify-room", &format!("{direct}/{kind}")).await["msg"],
            "ready"
        );
    }
    let sent: Value = app.send(&alice, &direct, "read me").await.json().await.unwrap();
    app.post(&bob, "/api/v1/subscriptions.read", json!({"rid": direct})).await;
    let read = listener.event(&format!("{direct}/messagesRead")).await;
    let sent_at = confab_protocol::Timestamp::parse_iso(sent["message"]["ts"].as_str().unwrap()).unwrap();
    assert!(read[0]["until"]["$date"].as_i64().unwrap() >= sent_at.millis());
    let id = sent["message"]["_id"].as_str().unwrap();
    app.post(&alice, "/api/v1/chat.delete", json!({"roomId": direct, "msgId": id})).await;
    assert_eq!(listener.event(&format!("{direct}/deleteMessage")).await, json!([{"_id": id}]));
}

#[tokio::test]
async fn room_lists_hear_about_new_messages_joins_and_reads() {
    let app = TestServer::start().await;
    let alice = app.session("alice").await;
    let carol = app.session("carol").await;
    let mut socket = Socket::logged_in(&app, &carol).await;
    let rooms_changed = format!("{}/rooms-changed", carol.user_id);
    let subs_changed = format!("{}/subscriptions-changed", carol.user_id);
    assert_eq!(socket.subscribe_stream("r", "stream-notify-user", &rooms_changed).await["msg"], "ready");
    assert_eq!(socket.subscribe_stream("s", "stream-notify-user", &subs_changed).await["msg"], "ready");

    let general = app.room_id(&alice, "general").await;
    app.send(&alice, &general, "news for the list").await;
    let change = socket.event(&rooms_changed).await;
    assert_eq!(change[0], "updated");
    assert_eq!(change[1]["lastMessage"]["msg"], "news for the list");

    let created: Value = app
        .post(&alice, "/api/v1/channels.create", json!({"name": "party", "members": ["carol"]}))
        .await
        .json()
        .await
        .unwrap();
    let inserted = socket.event(&subs_changed).await;
    assert_eq!(inserted[0], "inserted");
    assert_eq!(inserted[1]["rid"], created["channel"]["_id"]);

    app.post(&carol, "/api/v1/subscriptions.read", json!({"rid": general})).await;
    let read = socket.event(&subs_changed).await;
    assert_eq!(
        (read[0].clone(), read[1]["rid"].clone(), read[1]["unread"].clone()),
        (json!("updated"), json!(general), json!(0))
    );
}

#[tokio::test]
async fn users_hear_only_their_own_notifications() {
    let app = TestServer::start().await;
    let bob = app.session("bob").await;
    let carol = app.session("carol").await;
    let mut socket = Socket::logged_in(&app, &bob).await;
    let spying = socket.subscribe_stream("x", "stream-notify-user", &format!("{}/rooms-changed", carol.user_id)).await;
    assert_eq!(spying["msg"], "nosub");
    let unknown = socket.subscribe_stream("y", "stream-notify-user", &format!("{}/secrets", bob.user_id)).await;
    assert_eq!(unknown["msg"], "nosub");
    let design = app.room_id(&app.session("alice").await, "design").await;
    let outside = socket.subscribe_stream("z", "stream-notify-room", &format!("{design}/user-activity")).await;
    assert_eq!(outside["msg"], "nosub");
}

#[tokio::test]
async fn revoking_a_users_tokens_forces_their_sessions_out() {
    let app = TestServer::start().await;
    let alice = app.session("alice").await; // admin
    let bob = app.session("bob").await;
    let mut socket = Socket::logged_in(&app, &bob).await;
    let event = format!("{}/force_logout", bob.user_id);
    assert_eq!(socket.subscribe_stream("f", "stream-notify-user", &event).await["msg"], "ready");
    let done = app.post(&alice, "/api/v1/users.logout", json!({"userId": bob.user_id})).await;
    assert_eq!(done.status(), 200);
    assert_eq!(socket.event(&event).await, json!([]));
    assert!(socket.closed().await, "and the server ends the session's socket");
    assert_eq!(app.get(&bob, "/api/v1/me").await.status(), 401);
    let mut again = app.socket().await;
    again.connect().await;
    assert_eq!(again.login(&bob.token).await["error"]["error"], 403);
}

#[tokio::test]
async fn a_subscriber_that_falls_behind_is_told_why_and_cut_off() {
    let app = TestServer::start_with(|s| s.fanout_capacity = 8).await;
    let alice = app.session("alice").await;
    let general = app.room_id(&alice, "general").await;
    let mut socket = Socket::logged_in(&app, &alice).await;
    assert_eq!(socket.subscribe("g", &general).await["msg"], "ready");
    // The socket reads nothing while far more than the kernel's buffers can hold is published.
    let topic = format!("room/{general}/messages");
    let filler = format!(
        r#"{{"msg":"changed","collection":"stream-room-messages","id":"id","fields":{{"eventName":"{general}","args":[{{"pad":"{}"}}]}}}}"#,
        "x".repeat(16 * 1024)
    );
    for _ in 0..4096 {
        app.server.hub().publish(&topic, filler.clone().into());
        tokio::task::yield_now().await;
    }
    let notice = loop {
        let frame = socket.recv().await;
        if frame["msg"] == "nosub" {
            break frame;
        }
    };
    assert_eq!(notice["id"], "g");
    assert_eq!(notice["error"]["error"], "error-resync");
    // Then the socket closes: the client catches up when it reconnects.
    assert!(socket.closed().await, "a reader that far behind is cut off");
}

#[tokio::test]
async fn logging_out_ends_the_sockets_of_that_token_only() {
    let app = TestServer::start().await;
    let bob = app.session("bob").await;
    let mut same_token = Socket::logged_in(&app, &bob).await;
    // Another device of bob's, with a token of its own.
    let minted = app.server.store();
    let other =
        common::Session { user_id: bob.user_id.clone(), token: "another-token-of-bobs-0123456789abcdefghijk".into() };
    let expires = confab_protocol::Timestamp(confab_protocol::Timestamp::now().millis() + 600_000);
    minted.insert_login_token(&bob.user_id, &other.token, expires).await.unwrap();
    let mut other_device = Socket::logged_in(&app, &other).await;

    assert_eq!(app.post(&bob, "/api/v1/logout", json!({})).await.status(), 200);
    let event = format!("{}/force_logout", bob.user_id);
    assert_eq!(same_token.event(&event).await, json!([]));
    assert!(same_token.closed().await, "the server closes a logged-out socket");
    other_device.send(json!({"msg": "ping", "id": "still"})).await;
    assert_eq!(other_device.recv().await, json!({"msg": "pong", "id": "still"}));
}

/// Every frame `socket` receives until one is the message `text` in a room's stream.
async fn frames_until_message(socket: &mut Socket, text: &str) -> Vec<Value> {
    let mut frames = Vec::new();
    loop {
        let frame = socket.recv().await;
        let done = frame["msg"] == "changed" && frame["fields"]["args"][0]["msg"] == text;
        frames.push(frame);
        if done {
            return frames;
        }
    }
}

/// Carol's socket, subscribed to the design group's messages, typing and deletions and to the
/// general channel's messages.
async fn carol_listening(app: &TestServer, carol: &common::Session, design: &str, general: &str) -> Socket {
    let mut socket = Socket::logged_in(app, carol).await;
    assert_eq!(socket.subscribe("design", design).await["msg"], "ready");
    for kind in ["user-activity", "deleteMessage"] {
        let event = format!("{design}/{kind}");
        assert_eq!(socket.subscribe_stream(kind, "stream-notify-room", &event).await["msg"], "ready");
    }
    assert_eq!(socket.subscribe("general", general).await["msg"], "ready");
    socket
}

#[tokio::test]
async fn a_member_who_is_kicked_or_leaves_stops_hearing_the_room_at_once() {
    let app = TestServer::start().await;
    let alice = app.session("alice").await;
    let carol = app.session("carol").await;
    let design = app.room_id(&alice, "design").await;
    let general = app.room_id(&alice, "general").await;
    let design_topic = format!("room/{design}/messages");
    for (how, round) in [("kicked", 1), ("leaves", 2)] {
        let mut socket = carol_listening(&app, &carol, &design, &general).await;
        let removal = match how {
            "kicked" => {
                app.post(&alice, "/api/v1/groups.kick", json!({"roomId": design, "userId": carol.user_id})).await
            }
            _ => app.post(&carol, "/api/v1/groups.leave", json!({"roomId": design})).await,
        };
        assert_eq!(removal.status(), 200, "{how}");
        // At once: no pause between the removal and the next message.
        let secret = format!("after carol {how}");
        assert_eq!(app.send(&alice, &design, &secret).await.status(), 200);
        assert_eq!(app.send(&alice, &general, &format!("marker {round}")).await.status(), 200);

        let frames = frames_until_message(&mut socket, &format!("marker {round}")).await;
        assert!(
            !frames.iter().any(|f| f.to_string().contains(&secret)),
            "carol heard the room after she {how}: {frames:?}"
        );
        let mut ended: Vec<&str> = frames
            .iter()
            .filter(|f| f["msg"] == "nosub" && f["error"]["error"] == "error-not-allowed")
            .filter_map(|f| f["id"].as_str())
            .collect();
        ended.sort_unstable();
        assert_eq!(ended, ["deleteMessage", "design", "user-activity"], "{how}");
        assert_eq!(app.server.hub().subscriber_count(&design_topic), 0, "nothing of carol's reads the room");
        assert_eq!(socket.subscribe("again", &design).await["error"]["error"], "error-not-allowed");

        // Invited back, she hears it again.
        let invite = json!({"roomId": design, "userId": carol.user_id});
        assert_eq!(app.post(&alice, "/api/v1/groups.invite", invite).await.status(), 200);
        assert_eq!(socket.subscribe("back", &design).await["msg"], "ready");
        app.send(&alice, &design, "welcome back").await;
        assert_eq!(socket.event(&design).await[0]["msg"], "welcome back");
    }
}

#[tokio::test]
async fn a_user_whose_tokens_are_revoked_stops_hearing_every_room_at_once() {
    let app = TestServer::start().await;
    let alice = app.session("alice").await; // admin
    let carol = app.session("carol").await;
    let design = app.room_id(&alice, "design").await;
    let general = app.room_id(&alice, "general").await;
    let mut socket = carol_listening(&app, &carol, &design, &general).await;
    assert_eq!(app.post(&alice, "/api/v1/users.logout", json!({"userId": carol.user_id})).await.status(), 200);
    assert_eq!(app.send(&alice, &design, "after the revocation").await.status(), 200);
    let mut heard = Vec::new();
    let closed = loop {
        match tokio::time::timeout(common::WAIT, futures_util::StreamExt::next(&mut socket.stream)).await {
            Ok(Some(Ok(tokio_tungstenite::tungstenite::Message::Text(text)))) => heard.push(text.to_string()),
            Ok(Some(Ok(tokio_tungstenite::tungstenite::Message::Close(_)) | Err(_)) | None) => break true,
            Ok(Some(Ok(_))) => {}
            Err(_) => break false,
        }
    };
    assert!(closed, "the server ends the socket");
    assert!(!heard.iter().any(|f| f.contains("after the revocation")), "{heard:?}");
}
