//! The Realtime API (DDP over WebSocket) with a real WebSocket client against a real server.

use crate::common;

use common::{Socket, TestServer};
use futures_util::SinkExt;
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message as WsMessage;

#[tokio::test]
async fn handshake_and_heartbeat() {
    let app = TestServer::start().await;
    let mut socket = app.socket().await;
    socket.send(json!({"msg": "connect", "version": "1", "support": ["1"]})).await;
    let connected = socket.recv().await;
    assert_eq!(connected["msg"], "connected");
    assert!(connected["session"].as_str().is_some_and(|s| !s.is_empty()));
    socket.send(json!({"msg": "ping", "id": "42"})).await;
    assert_eq!(socket.recv().await, json!({"msg": "pong", "id": "42"}));
    socket.send(json!({"msg": "ping"})).await;
    assert_eq!(socket.recv().await, json!({"msg": "pong"}));
}

#[tokio::test]
async fn an_unsupported_version_fails_the_handshake() {
    let app = TestServer::start().await;
    let mut socket = app.socket().await;
    socket.send(json!({"msg": "connect", "version": "pre2", "support": ["pre2"]})).await;
    assert_eq!(socket.recv().await, json!({"msg": "failed", "version": "1"}));
}

#[tokio::test]
async fn login_with_a_resume_token_returns_its_expiry_as_ejson() {
    let app = TestServer::start().await;
    let config = app.config_for("alice").await;
    let mut socket = app.socket().await;
    socket.connect().await;
    let result = socket.login(&config.authentication.user_token).await;
    assert_eq!(result["result"]["id"], config.authentication.user_id.as_str());
    assert_eq!(result["result"]["type"], "resume");
    assert_eq!(result["result"]["tokenExpires"]["$date"], config.token_expires.unwrap().millis());
}

#[tokio::test]
async fn login_with_a_bad_token_is_an_error_and_grants_nothing() {
    let app = TestServer::start().await;
    let alice = app.session("alice").await;
    let general = app.room_id(&alice, "general").await;
    let mut socket = app.socket().await;
    socket.connect().await;
    let result = socket.login("not-a-real-token").await;
    assert_eq!(result["error"]["error"], 403);
    assert!(result.get("result").is_none());
    let refused = socket.subscribe("s1", &general).await;
    assert_eq!(refused["msg"], "nosub");
    assert_eq!(refused["error"]["error"], "error-not-allowed");

    socket.send(json!({"msg": "method", "method": "login", "id": "2", "params": []})).await;
    assert_eq!(socket.recv().await["error"]["reason"], "Match failed");
}

#[tokio::test]
async fn subscribers_receive_new_messages_once_each() {
    let app = TestServer::start().await;
    let alice = app.session("alice").await;
    let bob = app.session("bob").await;
    let general = app.room_id(&alice, "general").await;

    let mut listeners = Vec::new();
    for session in [&alice, &bob] {
        let mut socket = app.socket().await;
        socket.connect().await;
        socket.login(&session.token).await;
        assert_eq!(socket.subscribe("s1", &general).await, json!({"msg": "ready", "subs": ["s1"]}));
        listeners.push(socket);
    }
    // Also the current clients' form of the params.
    let mut modern = app.socket().await;
    modern.connect().await;
    modern.login(&bob.token).await;
    modern
        .send(json!({"msg": "sub", "id": "m1", "name": "stream-room-messages", "params": [general, {"useCollection": false, "args": []}]}))
        .await;
    assert_eq!(modern.recv().await["msg"], "ready");
    listeners.push(modern);

    let sent: Value = app.send(&alice, &general, "hello bob").await.json().await.unwrap();
    for socket in &mut listeners {
        let event = socket.recv().await;
        assert_eq!(event["msg"], "changed");
        assert_eq!(event["collection"], "stream-room-messages");
        assert_eq!(event["fields"]["eventName"], general.as_str());
        let message = &event["fields"]["args"][0];
        assert_eq!(message["_id"], sent["message"]["_id"]);
        assert_eq!(message["msg"], "hello bob");
        assert_eq!(message["u"]["username"], "alice");
        assert!(message["ts"]["$date"].is_i64(), "dates are EJSON in DDP: {message}");
    }
    // A resend of the same id is not delivered again: the next event is the next message.
    let id = sent["message"]["_id"].as_str().unwrap();
    app.post(&alice, "/api/v1/chat.sendMessage", json!({"message": {"_id": id, "rid": general, "msg": "hello bob"}}))
        .await;
    app.send(&alice, &general, "second").await;
    for socket in &mut listeners {
        assert_eq!(socket.recv().await["fields"]["args"][0]["msg"], "second");
    }
}

#[tokio::test]
async fn unsub_stops_delivery() {
    let app = TestServer::start().await;
    let alice = app.session("alice").await;
    let general = app.room_id(&alice, "general").await;
    let random = app.room_id(&alice, "random").await;
    let mut socket = app.socket().await;
    socket.connect().await;
    socket.login(&alice.token).await;
    socket.subscribe("g", &general).await;
    socket.subscribe("r", &random).await;
    socket.send(json!({"msg": "unsub", "id": "g"})).await;
    assert_eq!(socket.recv().await, json!({"msg": "nosub", "id": "g"}));
    app.send(&alice, &general, "unheard").await;
    app.send(&alice, &random, "heard").await;
    let event = socket.recv().await;
    assert_eq!(event["fields"]["args"][0]["msg"], "heard");
}

#[tokio::test]
async fn subscriptions_outside_the_users_rooms_are_refused() {
    let app = TestServer::start().await;
    let alice = app.session("alice").await;
    let bob = app.session("bob").await;
    let design = app.room_id(&alice, "design").await;
    let mut socket = app.socket().await;
    socket.connect().await;
    socket.login(&bob.token).await;
    let refused = socket.subscribe("s1", &design).await;
    assert_eq!(refused["msg"], "nosub");
    assert_eq!(refused["id"], "s1");
    assert_eq!(refused["error"]["error"], "error-not-allowed");
    assert_eq!(socket.subscribe("s2", "NoSuchRoom12345").await["msg"], "nosub");
    socket.send(json!({"msg": "sub", "id": "s3", "name": "stream-secrets", "params": []})).await;
    let unknown = socket.recv().await;
    assert_eq!(unknown["msg"], "nosub");
    assert_eq!(unknown["error"]["error"], 404);
    // Nothing from the private room leaks to bob.
    app.send(&alice, &design, "private plans").await;
    socket.send(json!({"msg": "ping", "id": "after"})).await;
    assert_eq!(socket.recv().await, json!({"msg": "pong", "id": "after"}));
}

#[tokio::test]
async fn bad_frames_get_error_frames_and_the_connection_lives_on() {
    let app = TestServer::start().await;
    let mut socket = app.socket().await;
    socket.send(json!({"msg": "ping", "id": "early"})).await;
    assert_eq!(socket.recv().await["reason"], "Must connect first");
    socket.connect().await;
    for (input, reason) in [
        ("this is not json", "Malformed JSON"),
        (r#"{"msg": "bogus"}"#, "Bad request"),
        (r#"{"no": "msg"}"#, "Bad request"),
        (r#"{"msg": "sub"}"#, "Bad request"),
        (r#"{"msg": "ready", "subs": []}"#, "Unexpected frame"),
        (
            r#"{"msg": "sub", "id": "n", "name": "stream-room-messages", "params": ["a\u0000b", false]}"#,
            "The frame contains a NUL",
        ),
    ] {
        socket.send_text(input).await;
        let error = socket.recv().await;
        assert_eq!(error["msg"], "error", "{input}");
        assert!(error["reason"].as_str().unwrap().starts_with(reason), "{input}: {error}");
    }
    socket.send_binary().await;
    assert_eq!(socket.recv().await["reason"], "Binary frames are not supported");
    socket.send(json!({"msg": "method", "method": "no.such.method", "id": "9", "params": []})).await;
    let result = socket.recv().await;
    assert_eq!(result["error"]["error"], 404);
    assert_eq!(socket.recv().await["msg"], "updated");
    socket.send(json!({"msg": "ping", "id": "still-here"})).await;
    assert_eq!(socket.recv().await, json!({"msg": "pong", "id": "still-here"}));
}

#[tokio::test]
async fn a_frame_larger_than_one_read_arrives_whole() {
    // The server reads sockets 4 KiB at a time; a 40 KB frame under the limit must still parse.
    let app = TestServer::start().await;
    let mut socket = app.socket().await;
    socket.connect().await;
    let id = "p".repeat(40_000);
    socket.send(json!({"msg": "ping", "id": id})).await;
    assert_eq!(socket.recv().await, json!({"msg": "pong", "id": id}));
}

#[tokio::test]
async fn an_oversized_frame_closes_only_that_socket() {
    let app = TestServer::start_with(|s| s.max_frame_bytes = 1024).await;
    let mut socket = app.socket().await;
    socket.connect().await;
    let _ = socket.stream.send(WsMessage::Text("x".repeat(4096).into())).await;
    assert!(socket.closed().await);
    let mut next = app.socket().await;
    next.connect().await;
    next.send(json!({"msg": "ping", "id": "1"})).await;
    assert_eq!(next.recv().await["msg"], "pong");
}

#[tokio::test]
async fn a_client_that_offers_deflate_gets_a_compressed_socket_unless_the_admin_said_no() {
    use tokio_tungstenite::tungstenite::client::IntoClientRequest;
    /// What the server agrees to, offered `offer` (or nothing).
    async fn agreed(app: &TestServer, offer: Option<&str>) -> Option<String> {
        let mut request = format!("ws://{}/websocket", app.server.addr()).into_client_request().unwrap();
        if let Some(offer) = offer {
            request.headers_mut().insert("sec-websocket-extensions", offer.parse().unwrap());
        }
        let (_, answer) = tokio_tungstenite::connect_async(request).await.expect("the socket opens");
        answer.headers().get("sec-websocket-extensions").map(|v| v.to_str().unwrap().to_owned())
    }
    let browsers = "permessage-deflate; client_max_window_bits";
    let app = TestServer::start().await;
    let agreed_with_a_browser = agreed(&app, Some(browsers)).await.unwrap_or_default();
    assert!(agreed_with_a_browser.starts_with("permessage-deflate"), "agreed: {agreed_with_a_browser:?}");
    assert!(
        agreed_with_a_browser.contains("client_no_context_takeover"),
        "client messages are inflated alone, with no state kept per socket: {agreed_with_a_browser:?}"
    );
    assert_eq!(agreed(&app, None).await, None, "nothing agreed unless offered");
    let plain = TestServer::start_with(|s| s.socket_deflate = false).await;
    assert_eq!(agreed(&plain, Some(browsers)).await, None, "--socket-deflate false keeps sockets plain");
}

#[tokio::test]
async fn a_message_sent_over_the_socket_is_posted_as_over_rest_and_answered_with_what_was_stored() {
    let app = TestServer::start().await;
    let (alice, bob) = (app.session("alice").await, app.session("bob").await);
    let general = app.room_id(&alice, "general").await;
    let mut listener = Socket::logged_in(&app, &bob).await;
    assert_eq!(listener.subscribe("s", &general).await["msg"], "ready");
    let mut sender = Socket::logged_in(&app, &alice).await;

    let message = json!({"_id": "socketsentmsg00001", "rid": general, "msg": "Sent over the socket, *bold*"});
    sender.send(json!({"msg": "method", "method": "sendMessage", "id": "7", "params": [message]})).await;
    let result = sender.recv().await;
    assert_eq!(result["id"], "7", "{result}");
    assert_eq!(result["result"]["_id"], "socketsentmsg00001", "{result}");
    assert_eq!(result["result"]["u"]["username"], "alice");
    assert!(result["result"]["md"].is_array(), "read like a REST send: {result}");
    assert!(result["result"]["ts"]["$date"].is_i64(), "dates in EJSON, as DDP carries them: {result}");
    assert_eq!(sender.recv().await, json!({"msg": "updated", "methods": ["7"]}));

    let heard = listener.event(&general).await;
    assert_eq!(heard[0]["_id"], "socketsentmsg00001", "the room hears it: {heard}");
    let history: Value =
        app.get(&bob, &format!("/api/v1/channels.history?roomId={general}")).await.json().await.unwrap();
    assert_eq!(history["messages"][0]["msg"], "Sent over the socket, *bold*");

    // A repeated send (its answer was lost) gets the stored message back; nothing is doubled.
    sender.send(json!({"msg": "method", "method": "sendMessage", "id": "8", "params": [message]})).await;
    assert_eq!(sender.recv().await["result"]["_id"], "socketsentmsg00001");
    sender.recv().await;
    let history: Value =
        app.get(&bob, &format!("/api/v1/channels.history?roomId={general}")).await.json().await.unwrap();
    let copies = history["messages"].as_array().unwrap().iter().filter(|m| m["_id"] == "socketsentmsg00001").count();
    assert_eq!(copies, 1);

    // What REST refuses, the socket refuses the same way.
    let empty = json!({"rid": general, "msg": ""});
    sender.send(json!({"msg": "method", "method": "sendMessage", "id": "9", "params": [empty]})).await;
    let refused = sender.recv().await;
    assert!(refused["error"]["error"].as_str().is_some_and(|e| e.starts_with("error-")), "{refused}");
    assert_eq!(sender.recv().await["msg"], "updated");
    sender.send(json!({"msg": "method", "method": "sendMessage", "id": "10", "params": ["not a message"]})).await;
    assert_eq!(sender.recv().await["error"]["error"], 400);
}

#[tokio::test]
async fn a_socket_whose_token_was_revoked_behind_the_servers_back_can_no_longer_post() {
    let app = TestServer::start().await;
    let alice = app.session("alice").await;
    let general = app.room_id(&alice, "general").await;
    let mut socket = Socket::logged_in(&app, &alice).await;
    // Revoked in the database, as another process would: the server announces nothing.
    assert!(app.server.store().revoke_all_login_tokens(&alice.user_id).await.unwrap() > 0);

    let message = json!({"_id": "revokedsendmsg0001", "rid": general, "msg": "after the revocation"});
    socket.send(json!({"msg": "method", "method": "sendMessage", "id": "1", "params": [message]})).await;
    let refused = socket.recv().await;
    assert_eq!(refused["error"]["error"], 403, "{refused}");
    assert!(refused.get("result").is_none());
    let admin = app.session("alice").await;
    let history: Value =
        app.get(&admin, &format!("/api/v1/channels.history?roomId={general}")).await.json().await.unwrap();
    assert!(history["messages"].as_array().unwrap().iter().all(|m| m["_id"] != "revokedsendmsg0001"), "not stored");
}
