//! Presence over a real socket: derived from a user's connections (online, away when every one is
//! idle, offline a grace period after the last closed), a chosen status kept across reconnects,
//! and every change heard on `stream-notify-logged` `user-status`; an instance that died leaves
//! its users shown offline once its lease has run out, unless they are connected elsewhere.

use crate::common;

use common::{Socket, TestServer};
use confab_protocol::Timestamp;
use confab_protocol::presence::UserStatus;
use confab_server::presence::lease;
use serde_json::{Value, json};

/// Bob's socket, listening for presence changes.
async fn listener(app: &TestServer) -> Socket {
    let bob = app.session("bob").await;
    let mut socket = Socket::logged_in(app, &bob).await;
    let ready = socket.subscribe_stream("status", "stream-notify-logged", "user-status").await;
    assert_eq!(ready["msg"], "ready", "{ready}");
    socket
}

/// The next `user-status` of `username`: its status code and text.
async fn next_status(socket: &mut Socket, username: &str) -> (u64, String) {
    loop {
        let args = socket.event("user-status").await;
        if args[0][1] == username {
            return (args[0][2].as_u64().expect("a status code"), args[0][3].as_str().unwrap_or_default().to_owned());
        }
    }
}

async fn presence_of(app: &TestServer, session: &common::Session, user_id: &str) -> Value {
    let body: Value = app.get(session, &format!("/api/v1/users.presence?ids={user_id}")).await.json().await.unwrap();
    body["users"][0].clone()
}

async fn idle(socket: &mut Socket, method: &str) {
    socket.send(json!({"msg": "method", "method": method, "id": method, "params": []})).await;
    loop {
        let frame = socket.recv().await;
        if frame["msg"] == "result" && frame["id"] == method {
            assert!(frame.get("error").is_none(), "{frame}");
            return;
        }
    }
}

#[tokio::test]
async fn presence_follows_connections_and_idleness_with_a_grace_period() {
    let app = TestServer::start_with(|settings| settings.presence_grace_ms = 300).await;
    let mut bob = listener(&app).await;
    let alice = app.session("alice").await;
    let alice_id = alice.user_id.clone();
    assert_eq!(presence_of(&app, &alice, &alice_id).await["status"], "offline");

    let mut tab = Socket::logged_in(&app, &alice).await;
    assert_eq!(next_status(&mut bob, "alice").await.0, 1, "online once connected");
    let mut phone = Socket::logged_in(&app, &alice).await;
    idle(&mut tab, "UserPresence:away").await;
    assert_eq!(presence_of(&app, &alice, &alice_id).await["status"], "online", "one socket is still in use");
    idle(&mut phone, "UserPresence:away").await;
    assert_eq!(next_status(&mut bob, "alice").await.0, 2, "away when every socket is idle");
    idle(&mut phone, "UserPresence:online").await;
    assert_eq!(next_status(&mut bob, "alice").await.0, 1, "online again on input");

    drop(phone);
    drop(tab);
    let closed = std::time::Instant::now();
    assert_eq!(next_status(&mut bob, "alice").await.0, 0, "offline after the last socket");
    assert!(closed.elapsed() >= std::time::Duration::from_millis(300), "not before the grace period");
    assert_eq!(presence_of(&app, &alice, &alice_id).await["status"], "offline");
}

#[tokio::test]
async fn a_reconnect_within_the_grace_period_never_shows_offline() {
    let app = TestServer::start_with(|settings| settings.presence_grace_ms = 1_000).await;
    let mut bob = listener(&app).await;
    let alice = app.session("alice").await;
    let tab = Socket::logged_in(&app, &alice).await;
    assert_eq!(next_status(&mut bob, "alice").await.0, 1);
    drop(tab);
    let closed = std::time::Instant::now();
    let _reloaded = Socket::logged_in(&app, &alice).await;
    // Past the closed socket's grace period, alice is still shown online at every look.
    while closed.elapsed() < std::time::Duration::from_millis(1_300) {
        assert_eq!(presence_of(&app, &alice, &alice.user_id).await["status"], "online");
    }
    // Carol connects afterwards: hers is the next status bob hears, so alice's never changed.
    let carol = app.session("carol").await;
    let _carol = Socket::logged_in(&app, &carol).await;
    let args = bob.event("user-status").await;
    assert_eq!(args[0][1], "carol", "alice never went offline: {args}");
}

#[tokio::test]
async fn a_chosen_status_and_its_text_hold_across_reconnects_and_only_while_connected() {
    let app = TestServer::start_with(|settings| settings.presence_grace_ms = 100).await;
    let mut bob = listener(&app).await;
    let alice = app.session("alice").await;
    let tab = Socket::logged_in(&app, &alice).await;
    assert_eq!(next_status(&mut bob, "alice").await.0, 1);
    let set = app.post(&alice, "/api/v1/users.setStatus", json!({"status": "busy", "message": "In a call"})).await;
    assert_eq!(set.status(), 200);
    assert_eq!(next_status(&mut bob, "alice").await, (3, "In a call".to_owned()));

    drop(tab);
    assert_eq!(next_status(&mut bob, "alice").await.0, 0, "offline without a connection, whatever she chose");
    let _again = Socket::logged_in(&app, &alice).await;
    assert_eq!(next_status(&mut bob, "alice").await, (3, "In a call".to_owned()), "busy again on reconnect");
    let info: Value =
        app.get(&alice, &format!("/api/v1/users.info?userId={}", alice.user_id)).await.json().await.unwrap();
    assert_eq!(info["user"]["status"], "busy");
    assert_eq!(info["user"]["statusText"], "In a call");
}

#[tokio::test]
async fn invisible_users_are_offline_to_others_and_presence_queries_are_checked() {
    let app = TestServer::start().await;
    let alice = app.session("alice").await;
    let _tab = Socket::logged_in(&app, &alice).await;
    app.post(&alice, "/api/v1/users.setStatus", json!({"status": "offline"})).await;
    let everyone: Value = app.get(&alice, "/api/v1/users.presence").await.json().await.unwrap();
    assert_eq!(everyone["full"], true);
    let shown = everyone["users"].as_array().unwrap().iter().find(|u| u["username"] == "alice").unwrap().clone();
    assert_eq!(shown["status"], "offline");

    let since: Value =
        app.get(&alice, "/api/v1/users.presence?from=2999-01-01T00:00:00.000Z").await.json().await.unwrap();
    assert_eq!((since["full"].clone(), since["users"].clone()), (json!(false), json!([])));
    assert_eq!(app.get(&alice, "/api/v1/users.presence?from=yesterday").await.status(), 400);
    // One user at a time, as Rocket.Chat's `users.getPresence` answers: invisible is offline.
    let bob = app.session("bob").await;
    let one: Value = app.get(&bob, "/api/v1/users.getPresence?username=alice").await.json().await.unwrap();
    assert_eq!(one, json!({"presence": "offline", "success": true}));
    app.post(&alice, "/api/v1/users.setStatus", json!({"status": "away"})).await;
    let away: Value =
        app.get(&bob, &format!("/api/v1/users.getPresence?userId={}", alice.user_id)).await.json().await.unwrap();
    assert_eq!(away["presence"], "away");
    assert_eq!(app.get(&bob, "/api/v1/users.getPresence?username=nobody").await.status(), 400);
    let many = vec!["x"; 501].join(",");
    assert_eq!(app.get(&alice, &format!("/api/v1/users.presence?ids={many}")).await.status(), 400);
}

#[tokio::test]
async fn idleness_is_reported_only_by_a_logged_in_socket() {
    let app = TestServer::start().await;
    let mut socket = app.socket().await;
    socket.connect().await;
    socket.send(json!({"msg": "method", "method": "UserPresence:away", "id": "1", "params": []})).await;
    let result = socket.recv().await;
    assert_eq!(result["error"]["error"], "error-not-allowed", "{result}");
}

#[tokio::test]
async fn the_users_of_an_instance_whose_lease_ran_out_go_offline_unless_connected_elsewhere() {
    let lease = std::time::Duration::from_millis(4_000);
    let app = TestServer::start_with(|settings| settings.presence_lease_ms = lease.as_millis() as u64).await;
    let mut bob = listener(&app).await;
    let alice = app.session("alice").await;
    let bob_id = app.session("bob").await.user_id;
    let store = app.server.store();

    // Another instance held alice's and bob's connections and died right after renewing its
    // lease: what it left in the database is its lease, its list and alice shown online.
    let died = Timestamp::now();
    store.renew_lease("gone", lease::expiry(died, lease)).await.unwrap();
    store.set_connected("gone", &alice.user_id, Some(true)).await.unwrap();
    store.set_connected("gone", &bob_id, Some(true)).await.unwrap();
    store.set_shown_status(&alice.user_id, UserStatus::Online).await.unwrap();

    assert_eq!(next_status(&mut bob, "alice").await.0, 0, "alice is shown offline");
    let after = Timestamp::now().millis() - died.millis();
    assert!(after < lease.as_millis() as i64, "offline {after} ms after the death, over the lease");
    assert!(after >= lease::expiry(died, lease) - died.millis(), "offline after {after} ms, before the lease ran out");
    // Bob is connected here too: he stays online, and the dead instance's list is gone.
    assert_eq!(presence_of(&app, &alice, &bob_id).await["status"], "online");
    assert!(store.drop_expired_leases(Timestamp::now().millis()).await.unwrap().is_empty());
    println!(
        "presence lease: a dead instance's user shown offline {after} ms after its last renewal (lease {lease:?})"
    );
}
