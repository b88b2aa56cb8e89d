//! Two instances of the server on one database and one NATS server (a private one per test):
//! what is sent through one reaches the sockets of the other exactly once and in order, and
//! when NATS goes away and comes back the other instance's clients are made to catch up, and
//! find what was sent meanwhile; a file uploaded through one is downloaded through the other.

use crate::common;

use common::{Session, Socket, TestServer};
use confab_cluster::Nats;
use serde_json::Value;

/// Two instances on a private NATS server; alice on the first, bob on the second.
struct Pair {
    nats: Nats,
    first: TestServer,
    second: TestServer,
    alice: Session,
    bob: Session,
    general: String,
}

impl Pair {
    async fn start() -> Self {
        let nats = Nats::start().unwrap();
        let first = TestServer::start_with(|s| s.bus = Some(nats.url())).await;
        let second = first.another_instance().await;
        let alice = first.session("alice").await;
        let bob = second.session("bob").await;
        let general = second.room_id(&bob, "general").await;
        Self { nats, first, second, alice, bob, general }
    }

    /// Bob's socket on `second`, subscribed to the `general` room's messages.
    async fn bob_listening_on(second: &TestServer, bob: &Session, general: &str) -> Socket {
        let mut socket = Socket::logged_in(second, bob).await;
        assert_eq!(socket.subscribe("room", general).await["msg"], "ready");
        socket
    }
}

/// The texts of the next `count` messages `socket` hears in `room`.
async fn heard(socket: &mut Socket, room: &str, count: usize) -> Vec<String> {
    let mut texts = Vec::new();
    while texts.len() < count {
        let args = socket.event(room).await;
        texts.push(args[0]["msg"].as_str().unwrap_or_default().to_owned());
    }
    texts
}

#[tokio::test]
async fn messages_sent_through_one_instance_reach_the_other_once_each_in_order() {
    let Pair { nats: _nats, first, second, alice, bob, general } = Pair::start().await;
    let mut socket = Pair::bob_listening_on(&second, &bob, &general).await;

    let sent: Vec<String> = (0..50).map(|n| format!("across {n}")).collect();
    for text in &sent {
        assert_eq!(first.send(&alice, &general, text).await.status(), 200);
    }
    assert_eq!(first.send(&alice, &general, "the end").await.status(), 200);
    let mut expected = sent.clone();
    expected.push("the end".into());
    // Had any arrived twice, "the end" would not be the 51st.
    assert_eq!(heard(&mut socket, &general, expected.len()).await, expected);
}

#[tokio::test]
async fn after_nats_comes_back_the_other_instances_clients_catch_up_and_lose_nothing() {
    let Pair { nats, first, second, alice, bob, general } = Pair::start().await;
    let mut socket = Pair::bob_listening_on(&second, &bob, &general).await;

    nats.halt();
    assert_eq!(first.send(&alice, &general, "sent while the bus was down").await.status(), 200);
    nats.resume().unwrap();

    // The second instance may have missed events: it closes its sockets so their clients
    // reconnect and catch up. NATS clients back off between attempts, so this may take seconds.
    let mut closed = false;
    for _ in 0..6 {
        if socket.closed().await {
            closed = true;
            break;
        }
    }
    assert!(closed, "bob's socket on the second instance was closed after the bus came back");

    // The catch-up (history since what the client had) finds the message on the second instance.
    let history: Value =
        second.get(&bob, &format!("/api/v1/channels.history?roomId={general}&count=5")).await.json().await.unwrap();
    let texts: Vec<&str> = history["messages"].as_array().unwrap().iter().filter_map(|m| m["msg"].as_str()).collect();
    assert!(texts.contains(&"sent while the bus was down"), "{texts:?}");

    // And the bus carries events again.
    let mut socket = Pair::bob_listening_on(&second, &bob, &general).await;
    assert_eq!(first.send(&alice, &general, "and after").await.status(), 200);
    assert_eq!(heard(&mut socket, &general, 1).await, ["and after"]);
}

#[tokio::test]
async fn typing_and_presence_cross_instances() {
    let Pair { nats: _nats, first, second, alice, bob, general } = Pair::start().await;
    let mut listener = Socket::logged_in(&second, &bob).await;
    let activity = format!("{general}/user-activity");
    assert_eq!(listener.subscribe_stream("t", "stream-notify-room", &activity).await["msg"], "ready");
    assert_eq!(listener.subscribe_stream("s", "stream-notify-logged", "user-status").await["msg"], "ready");

    // Alice connects to the first instance: the second's listener hears her come online.
    let mut typist = Socket::logged_in(&first, &alice).await;
    loop {
        let args = listener.event("user-status").await;
        if args[0][1] == "alice" {
            assert_eq!(args[0][2], 1, "online: {args}");
            break;
        }
    }
    let typing = serde_json::json!({"msg": "method", "method": "stream-notify-room", "id": "1",
        "params": [activity, "alice", ["user-typing"]]});
    typist.send(typing).await;
    assert_eq!(listener.event(&activity).await, serde_json::json!(["alice", ["user-typing"]]));
}

#[tokio::test]
async fn a_file_uploaded_through_one_instance_downloads_through_the_other() {
    let Pair { nats: _nats, first, second, alice, bob, general } = Pair::start().await;
    let bytes = b"the plan, shared by every instance".to_vec();
    let part = reqwest::multipart::Part::bytes(bytes.clone()).file_name("plan.txt").mime_str("text/plain").unwrap();
    let form = reqwest::multipart::Form::new().part("file", part);
    let uploaded = first.upload(&alice, &format!("/api/v1/rooms.upload/{general}"), form).await;
    assert_eq!(uploaded.status(), 200);
    let body: Value = uploaded.json().await.unwrap();
    let link = body["message"]["attachments"][0]["title_link"].as_str().expect("the file's link").to_owned();
    let downloaded = second.get(&bob, &link).await;
    assert_eq!(downloaded.status(), 200);
    assert_eq!(downloaded.bytes().await.unwrap().as_ref(), bytes.as_slice());
}

#[tokio::test]
async fn a_member_kicked_through_one_instance_stops_hearing_the_room_on_the_other_at_once() {
    let Pair { nats: _nats, first, second, alice, bob, general } = Pair::start().await;
    let design = first.room_id(&alice, "design").await;
    let invite = serde_json::json!({"roomId": design, "userId": bob.user_id});
    assert_eq!(first.post(&alice, "/api/v1/groups.invite", invite.clone()).await.status(), 200);
    let mut socket = Pair::bob_listening_on(&second, &bob, &general).await;
    assert_eq!(socket.subscribe("design", &design).await["msg"], "ready");

    assert_eq!(first.post(&alice, "/api/v1/groups.kick", invite).await.status(), 200);
    assert_eq!(first.send(&alice, &design, "after bob was kicked").await.status(), 200);
    assert_eq!(first.send(&alice, &general, "marker").await.status(), 200);
    let mut frames = Vec::new();
    loop {
        let frame = socket.recv().await;
        let done = frame["fields"]["args"][0]["msg"] == "marker";
        frames.push(frame);
        if done {
            break;
        }
    }
    assert!(!frames.iter().any(|f| f.to_string().contains("after bob was kicked")), "{frames:?}");
    assert!(
        frames.iter().any(|f| f["msg"] == "nosub" && f["id"] == "design" && f["error"]["error"] == "error-not-allowed")
    );
    assert_eq!(second.server.hub().subscriber_count(&format!("room/{design}/messages")), 0);
}

/// An instance stored alice's message and died before publishing it, so alice never got her
/// answer and her app sends the same `_id` again through another instance: that retry tells the
/// room, and listeners that did hear a message once do not hear it twice.
#[tokio::test]
async fn a_message_stored_by_an_instance_that_died_before_publishing_is_heard_when_its_sender_retries() {
    let Pair { nats: _nats, first, second, alice, bob, general } = Pair::start().await;
    let mut socket = Pair::bob_listening_on(&second, &bob, &general).await;
    // What the dead instance did: store, and nothing else.
    let author = first.server.store().user_by_id(&alice.user_id).await.unwrap().unwrap();
    let now = confab_protocol::Timestamp::now();
    let draft = confab_protocol::Message::new("storedUnheard1", &general, "stored, never told", author.to_ref(), now);
    first.server.store().send_message(draft, &author, now).await.unwrap();

    let retry = serde_json::json!({"message": {"_id": "storedUnheard1", "rid": general, "msg": "stored, never told"}});
    assert_eq!(second.post(&alice, "/api/v1/chat.sendMessage", retry.clone()).await.status(), 200);
    assert_eq!(heard(&mut socket, &general, 1).await, ["stored, never told"]);

    // Retried again, through either instance, it is not heard again: the next is the next message.
    assert_eq!(first.post(&alice, "/api/v1/chat.sendMessage", retry.clone()).await.status(), 200);
    assert_eq!(second.post(&alice, "/api/v1/chat.sendMessage", retry).await.status(), 200);
    assert_eq!(first.send(&alice, &general, "the next").await.status(), 200);
    assert_eq!(heard(&mut socket, &general, 1).await, ["the next"]);
}
