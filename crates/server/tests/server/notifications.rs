//! Desktop notifications over the real server: the `notification` event on
//! `stream-notify-user` follows each member's choices per room (a direct message and a mention
//! by default; all, mentions or nothing; muted; group mentions muted), carries the message's room
//! and sender, and `rooms.saveNotification` / `subscriptions.getOne` change and read the choices.
//! That a message did not notify is shown by the next notification being a later one.

use crate::common;

use common::{Session, Socket, TestServer};
use serde_json::{Value, json};

async fn listening(app: &TestServer, who: &Session) -> Socket {
    let mut socket = Socket::logged_in(app, who).await;
    let event = format!("{}/notification", who.user_id);
    assert_eq!(socket.subscribe_stream("n", "stream-notify-user", &event).await["msg"], "ready");
    socket
}

async fn next(socket: &mut Socket, who: &Session) -> Value {
    socket.event(&format!("{}/notification", who.user_id)).await[0].clone()
}

async fn save(app: &TestServer, who: &Session, rid: &str, notifications: Value) -> u16 {
    let body = json!({"roomId": rid, "notifications": notifications});
    app.post(who, "/api/v1/rooms.saveNotification", body).await.status().as_u16()
}

#[tokio::test]
async fn notifications_follow_each_members_choices_per_room() {
    let app = TestServer::start().await;
    let (alice, bob) = (app.session("alice").await, app.session("bob").await);
    let general = app.room_id(&alice, "general").await;
    let direct = app.room_id(&alice, "bob").await;
    let mut bobs = listening(&app, &bob).await;

    // By default: a plain message in a channel does not notify, a mention does.
    app.send(&alice, &general, "plain hello").await;
    app.send(&alice, &general, "@bob look at this").await;
    let first = next(&mut bobs, &bob).await;
    assert_eq!(first["text"], "Alice Liddell: @bob look at this", "{first}");
    assert_eq!(first["title"], "#General");
    assert_eq!(
        (first["payload"]["rid"].as_str(), first["payload"]["type"].as_str()),
        (Some(general.as_str()), Some("c"))
    );
    assert_eq!(first["payload"]["sender"]["username"], "alice");
    // And a direct message does.
    app.send(&alice, &direct, "just between us").await;
    let dm = next(&mut bobs, &bob).await;
    assert_eq!((dm["title"].as_str(), dm["text"].as_str()), (Some("Alice Liddell"), Some("just between us")));
    assert_eq!(dm["payload"]["type"], "d");

    // All messages.
    assert_eq!(save(&app, &bob, &general, json!({"desktopNotifications": "all"})).await, 200);
    app.send(&alice, &general, "anything at all").await;
    assert_eq!(next(&mut bobs, &bob).await["text"], "Alice Liddell: anything at all");
    let read: Value =
        app.get(&bob, &format!("/api/v1/subscriptions.getOne?roomId={general}")).await.json().await.unwrap();
    assert_eq!(read["subscription"]["desktopNotifications"], "all", "{read}");

    // Muted: not even a mention; nothing: the same.
    assert_eq!(save(&app, &bob, &general, json!({"disableNotifications": "1"})).await, 200);
    app.send(&alice, &general, "@bob muted room").await;
    app.send(&alice, &direct, "after the muted one").await;
    assert_eq!(next(&mut bobs, &bob).await["text"], "after the muted one", "a muted room does not notify");
    assert_eq!(
        save(&app, &bob, &general, json!({"disableNotifications": "0", "desktopNotifications": "nothing"})).await,
        200
    );
    app.send(&alice, &general, "@bob nothing here").await;
    app.send(&alice, &direct, "after nothing").await;
    assert_eq!(next(&mut bobs, &bob).await["text"], "after nothing", "\"nothing\" silences the room");

    // Mentions, with group mentions muted: @all is quiet, @bob is not.
    assert_eq!(
        save(&app, &bob, &general, json!({"desktopNotifications": "mentions", "muteGroupMentions": "1"})).await,
        200
    );
    app.send(&alice, &general, "@all meeting now").await;
    app.send(&alice, &general, "@bob you too").await;
    assert_eq!(next(&mut bobs, &bob).await["text"], "Alice Liddell: @bob you too");

    // The author is never notified of their own message; choices are checked.
    let mut alices = listening(&app, &alice).await;
    app.send(&bob, &general, "@alice hello yourself").await;
    app.send(&alice, &general, "@alice talking to myself").await;
    app.send(&bob, &direct, "a direct one").await;
    assert_eq!(next(&mut alices, &alice).await["text"], "Bob Marley: @alice hello yourself");
    assert_eq!(next(&mut alices, &alice).await["text"], "a direct one");
    assert_eq!(save(&app, &bob, &general, json!({"desktopNotifications": "loud"})).await, 400);
    assert_eq!(save(&app, &bob, &general, json!({"disableNotifications": "maybe"})).await, 400);
    let design = app.room_id(&alice, "design").await;
    assert_eq!(save(&app, &bob, &design, json!({"desktopNotifications": "all"})).await, 403, "not a member");
}
