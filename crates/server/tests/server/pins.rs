//! Pinned and starred messages over the real server: pinning needs `pin-message`, changes the
//! message live for every member and posts a `message_pinned` notice; the pinned list follows
//! pins and unpins. A star is its owner's alone: in their lists and reads, on their stream only,
//! and never in what anyone else reads. `chat.getMessage` answers the same 404 for deleted,
//! unknown and unreadable messages.

use crate::common;

use common::{Session, Socket, TestServer};
use serde_json::{Value, json};

async fn json_of(response: reqwest::Response) -> (u16, Value) {
    (response.status().as_u16(), response.json().await.unwrap_or(Value::Null))
}

async fn sent(app: &TestServer, who: &Session, rid: &str, text: &str) -> String {
    let (status, body) = json_of(app.send(who, rid, text).await).await;
    assert_eq!(status, 200, "{body}");
    body["message"]["_id"].as_str().unwrap().to_owned()
}

async fn list(app: &TestServer, who: &Session, which: &str, rid: &str) -> Value {
    let (status, body) = json_of(app.get(who, &format!("/api/v1/chat.get{which}Messages?roomId={rid}")).await).await;
    assert_eq!(status, 200, "{body}");
    body
}

fn ids(page: &Value) -> Vec<&str> {
    page["messages"].as_array().unwrap().iter().map(|m| m["_id"].as_str().unwrap()).collect()
}

/// The next `__my_messages__` message on `socket`.
async fn next_message(socket: &mut Socket) -> Value {
    socket.event("__my_messages__").await[0].clone()
}

#[tokio::test]
async fn a_moderator_pins_for_everyone_live_and_a_member_without_the_right_is_refused() {
    let app = TestServer::start().await;
    let (alice, bob, carol) = (app.session("alice").await, app.session("bob").await, app.session("carol").await);
    let general = app.room_id(&alice, "general").await;
    let target = sent(&app, &bob, &general, "the launch is on friday").await;

    let (status, refused) =
        json_of(app.post(&bob, "/api/v1/chat.pinMessage", json!({"messageId": target})).await).await;
    assert_eq!((status, refused["errorType"].as_str()), (403, Some("error-action-not-allowed")), "{refused}");
    assert!(ids(&list(&app, &alice, "Pinned", &general).await).is_empty(), "a refused pin changes nothing");

    let made = app.post(&alice, "/api/v1/channels.addModerator", json!({"roomId": general, "userId": carol.user_id}));
    assert_eq!(made.await.status(), 200);
    let mut bobs = Socket::logged_in(&app, &bob).await;
    assert_eq!(bobs.subscribe_stream("m", "stream-room-messages", "__my_messages__").await["msg"], "ready");

    let (status, pinned) =
        json_of(app.post(&carol, "/api/v1/chat.pinMessage", json!({"messageId": target})).await).await;
    assert_eq!(status, 200, "{pinned}");
    let notice = &pinned["message"];
    assert_eq!(notice["t"], "message_pinned");
    assert_eq!(notice["u"]["username"], "carol");
    assert_eq!(notice["attachments"][0]["text"], "the launch is on friday");
    assert_eq!(notice["attachments"][0]["author_name"], "Bob Marley", "the quote names its author as everywhere else");

    let changed = next_message(&mut bobs).await;
    assert_eq!((changed["_id"].as_str(), changed["pinned"].as_bool()), (Some(target.as_str()), Some(true)));
    assert_eq!(changed["pinnedBy"]["username"], "carol");
    assert!(changed["pinnedAt"]["$date"].is_i64(), "{changed}");
    assert_eq!(next_message(&mut bobs).await["t"], "message_pinned", "the notice reaches members live");
    let listed = list(&app, &bob, "Pinned", &general).await;
    assert_eq!((ids(&listed), listed["total"].as_u64()), (vec![target.as_str()], Some(1)));

    // Pinning again posts nothing new; bob still may not unpin; carol may.
    let again = app.post(&carol, "/api/v1/chat.pinMessage", json!({"messageId": target})).await;
    assert_eq!(json_of(again).await.1["message"]["_id"], target.as_str());
    let refused = app.post(&bob, "/api/v1/chat.unPinMessage", json!({"messageId": target})).await;
    assert_eq!(refused.status(), 403);
    assert_eq!(app.post(&carol, "/api/v1/chat.unPinMessage", json!({"messageId": target})).await.status(), 200);
    let unpinned = next_message(&mut bobs).await;
    assert_eq!(unpinned["_id"], target.as_str());
    assert!(unpinned.get("pinned").is_none() && unpinned.get("pinnedBy").is_none(), "{unpinned}");
    assert!(ids(&list(&app, &alice, "Pinned", &general).await).is_empty());

    // A deleted pinned message leaves the list.
    app.post(&carol, "/api/v1/chat.pinMessage", json!({"messageId": target})).await;
    let deleted = app.post(&bob, "/api/v1/chat.delete", json!({"roomId": general, "msgId": target})).await;
    assert_eq!(deleted.status(), 200);
    assert!(ids(&list(&app, &alice, "Pinned", &general).await).is_empty());
}

#[tokio::test]
async fn a_star_is_seen_and_heard_only_by_its_owner() {
    let app = TestServer::start().await;
    let (alice, bob, carol) = (app.session("alice").await, app.session("bob").await, app.session("carol").await);
    let general = app.room_id(&alice, "general").await;
    let target = sent(&app, &alice, &general, "remember the milk").await;
    let mut bobs = Socket::logged_in(&app, &bob).await;
    let mut carols = Socket::logged_in(&app, &carol).await;
    for socket in [&mut bobs, &mut carols] {
        assert_eq!(socket.subscribe_stream("m", "stream-room-messages", "__my_messages__").await["msg"], "ready");
    }

    assert_eq!(app.post(&bob, "/api/v1/chat.starMessage", json!({"messageId": target})).await.status(), 200);
    let starred = next_message(&mut bobs).await;
    assert_eq!((starred["_id"].as_str(), &starred["starred"]), (Some(target.as_str()), &json!([{"_id": bob.user_id}])));
    // Carol's next message is the one sent after the star: she never heard of it.
    let after = sent(&app, &alice, &general, "after the star").await;
    assert_eq!(next_message(&mut carols).await["_id"], after.as_str());

    let bobs_list = list(&app, &bob, "Starred", &general).await;
    assert_eq!((ids(&bobs_list), bobs_list["total"].as_u64()), (vec![target.as_str()], Some(1)));
    assert!(ids(&list(&app, &carol, "Starred", &general).await).is_empty());
    let history_path = format!("/api/v1/channels.history?roomId={general}&count=5");
    let in_history =
        |page: &Value| page["messages"].as_array().unwrap().iter().find(|m| m["_id"] == target.as_str()).cloned();
    let bobs_history = json_of(app.get(&bob, &history_path).await).await.1;
    assert_eq!(in_history(&bobs_history).unwrap()["starred"], json!([{"_id": bob.user_id}]));
    let carols_history = json_of(app.get(&carol, &history_path).await).await.1;
    assert!(in_history(&carols_history).unwrap().get("starred").is_none(), "{carols_history}");
    let carols_read = json_of(app.get(&carol, &format!("/api/v1/chat.getMessage?msgId={target}")).await).await.1;
    assert!(carols_read["message"].get("starred").is_none(), "{carols_read}");

    assert_eq!(app.post(&bob, "/api/v1/chat.unStarMessage", json!({"messageId": target})).await.status(), 200);
    let unstarred = next_message(&mut bobs).await;
    // The after message came first on bob's stream; the unstar follows with an empty list.
    let unstarred = if unstarred["_id"] == after.as_str() { next_message(&mut bobs).await } else { unstarred };
    assert_eq!(unstarred["starred"], json!([]), "{unstarred}");
    assert!(ids(&list(&app, &bob, "Starred", &general).await).is_empty());
}

#[tokio::test]
async fn get_message_reads_only_what_the_reader_may_and_deleted_messages_are_gone() {
    let app = TestServer::start().await;
    let (alice, bob) = (app.session("alice").await, app.session("bob").await);
    let general = app.room_id(&alice, "general").await;
    let design = app.room_id(&alice, "design").await;
    let open = sent(&app, &alice, &general, "for everyone").await;
    let private = sent(&app, &alice, &design, "bob is not in design").await;

    let (status, read) = json_of(app.get(&bob, &format!("/api/v1/chat.getMessage?msgId={open}")).await).await;
    assert_eq!((status, read["message"]["msg"].as_str()), (200, Some("for everyone")));
    let (status, hidden) = json_of(app.get(&bob, &format!("/api/v1/chat.getMessage?msgId={private}")).await).await;
    assert_eq!((status, hidden["errorType"].as_str()), (404, Some("error-message-not-found")), "{hidden}");
    assert_eq!(app.post(&alice, "/api/v1/chat.delete", json!({"roomId": general, "msgId": open})).await.status(), 200);
    let (status, _) = json_of(app.get(&bob, &format!("/api/v1/chat.getMessage?msgId={open}")).await).await;
    assert_eq!(status, 404);
    let (status, _) = json_of(app.get(&bob, "/api/v1/chat.getMessage?msgId=not%20an%20id").await).await;
    assert_eq!(status, 404);
    let refused = app.post(&bob, "/api/v1/chat.starMessage", json!({"messageId": private})).await;
    assert_eq!(refused.status(), 404, "a message one cannot read cannot be starred");
    let refused = app.get(&bob, &format!("/api/v1/chat.getPinnedMessages?roomId={design}")).await;
    assert_eq!(refused.status(), 403, "nor a room's pins listed");
}
