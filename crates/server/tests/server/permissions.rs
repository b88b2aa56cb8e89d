//! Roles and permissions over REST: the defaults are Rocket.Chat's, editing and deleting follow
//! them for owners, moderators, members and guests alike, room roles change only for holders of
//! `set-moderator` / `set-owner`, and a permission changed by an admin takes effect at once and
//! reaches every signed-in socket.

use crate::common;

use common::{Session, Socket, TestServer};
use serde_json::{Value, json};

async fn body(response: reqwest::Response) -> (u16, Value) {
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// The id of the message `session` sends to `rid`.
async fn sent(app: &TestServer, session: &Session, rid: &str, text: &str) -> String {
    let (status, sent) = body(app.send(session, rid, text).await).await;
    assert_eq!(status, 200, "{sent}");
    sent["message"]["_id"].as_str().unwrap().to_owned()
}

/// A room bob made (so he owns it), with carol as moderator, and alice (an admin), dave and gus
/// (a guest) as members.
struct Workshop {
    rid: String,
    bob: Session,
    carol: Session,
    dave: Session,
    gus: Session,
    alice: Session,
}

async fn workshop(app: &TestServer) -> Workshop {
    let store = app.server.store();
    // dave, a plain user, is the demo's own.
    store.create_user("gus", None, &["guest"]).await.unwrap();
    let (alice, bob, carol) = (app.session("alice").await, app.session("bob").await, app.session("carol").await);
    let (dave, gus) = (app.session("dave").await, app.session("gus").await);
    let (status, created) = body(
        app.post(
            &bob,
            "/api/v1/channels.create",
            json!({"name": "workshop", "members": ["alice", "carol", "dave", "gus"]}),
        )
        .await,
    )
    .await;
    assert_eq!(status, 200, "{created}");
    let rid = created["channel"]["_id"].as_str().unwrap().to_owned();
    let (status, made) =
        body(app.post(&bob, "/api/v1/channels.addModerator", json!({"roomId": rid, "userId": carol.user_id})).await)
            .await;
    assert_eq!((status, made["success"].clone()), (200, json!(true)), "{made}");
    Workshop { rid, bob, carol, dave, gus, alice }
}

#[tokio::test]
async fn the_defaults_are_rocket_chats_and_list_since_a_time() {
    let app = TestServer::start().await;
    let alice = app.session("alice").await;
    let (status, all) = body(app.get(&alice, "/api/v1/permissions.listAll").await).await;
    assert_eq!(status, 200, "{all}");
    let roles_of = |id: &str| -> Vec<String> {
        let found = all["update"].as_array().unwrap().iter().find(|p| p["_id"] == id);
        serde_json::from_value(found.unwrap_or_else(|| panic!("no {id}"))["roles"].clone()).unwrap()
    };
    assert_eq!(roles_of("delete-own-message"), ["admin", "user"]);
    assert_eq!(roles_of("edit-message"), ["admin", "owner", "moderator"]);
    assert_eq!(roles_of("set-owner"), ["admin", "owner"]);
    assert_eq!(roles_of("post-readonly"), ["admin", "owner", "moderator"]);
    for id in [
        "create-c",
        "create-p",
        "create-d",
        "delete-message",
        "force-delete-message",
        "pin-message",
        "mention-all",
        "mention-here",
        "mute-user",
        "remove-user",
        "add-user-to-joined-room",
        "set-moderator",
        "edit-room",
        "view-c-room",
        "start-discussion",
    ] {
        roles_of(id);
    }

    let before = "2000-01-01T00:00:00.000Z";
    let (_, since) = body(app.get(&alice, &format!("/api/v1/permissions.listAll?updatedSince={before}")).await).await;
    assert_eq!(since["update"].as_array().unwrap().len(), all["update"].as_array().unwrap().len());
    let changed = json!({"permissions": [{"_id": "pin-message", "roles": ["owner", "admin"]}]});
    let (status, updated) = body(app.post(&alice, "/api/v1/permissions.update", changed).await).await;
    assert_eq!(status, 200, "{updated}");
    let at: confab_protocol::Timestamp =
        serde_json::from_value(updated["permissions"][0]["_updatedAt"].clone()).unwrap();
    let just_before = confab_protocol::Timestamp(at.millis() - 1).to_iso();
    let (_, since) =
        body(app.get(&alice, &format!("/api/v1/permissions.listAll?updatedSince={just_before}")).await).await;
    let ids: Vec<&str> = since["update"].as_array().unwrap().iter().filter_map(|p| p["_id"].as_str()).collect();
    assert_eq!(ids, ["pin-message"], "only what changed since: {since}");

    let (_, public) = body(app.get(&alice, "/api/v1/settings.public").await).await;
    let setting = |id: &str| public["settings"].as_array().unwrap().iter().find(|s| s["_id"] == id).cloned();
    assert_eq!(setting("Message_AllowEditing").unwrap()["value"], true);
    assert_eq!(setting("Message_AllowDeleting_BlockDeleteInMinutes").unwrap()["value"], 0);
}

#[tokio::test]
async fn editing_and_deleting_follow_the_roles_of_owner_moderator_member_and_guest() {
    let app = TestServer::start().await;
    let w = workshop(&app).await;
    let people =
        [("owner", &w.bob), ("moderator", &w.carol), ("member", &w.dave), ("guest", &w.gus), ("admin", &w.alice)];
    // What each may do to their own message and to someone else's, as Rocket.Chat's defaults say.
    let expected = |who: &str| match who {
        // (edit own, edit others', delete own, delete others')
        "owner" | "moderator" | "admin" => (true, true, true, true),
        "member" => (true, false, true, false),
        "guest" => (true, false, false, false),
        _ => unreachable!(),
    };
    let mut cells = 0;
    for (who, session) in people {
        let (edit_own, edit_other, delete_own, delete_other) = expected(who);
        let other = if who == "member" { &w.gus } else { &w.dave };
        for (what, mine, allowed) in [("edit own", true, edit_own), ("edit another's", false, edit_other)] {
            let author = if mine { session } else { other };
            let id = sent(&app, author, &w.rid, &format!("{who}: {what}")).await;
            let (status, answer) = body(
                app.post(session, "/api/v1/chat.update", json!({"roomId": w.rid, "msgId": id, "text": "changed"}))
                    .await,
            )
            .await;
            assert_eq!(status == 200, allowed, "{who} may {what}: {allowed} ({status} {answer})");
            if !allowed {
                assert_eq!(answer["errorType"], "error-action-not-allowed", "{who} {what}: {answer}");
            }
            cells += 1;
        }
        for (what, mine, allowed) in [("delete own", true, delete_own), ("delete another's", false, delete_other)] {
            let author = if mine { session } else { other };
            let id = sent(&app, author, &w.rid, &format!("{who}: {what}")).await;
            let (status, answer) =
                body(app.post(session, "/api/v1/chat.delete", json!({"roomId": w.rid, "msgId": id})).await).await;
            assert_eq!(status == 200, allowed, "{who} may {what}: {allowed} ({status} {answer})");
            if !allowed {
                assert_eq!(answer["errorType"], "error-action-not-allowed", "{who} {what}: {answer}");
                let (_, history) =
                    body(app.get(&w.bob, &format!("/api/v1/channels.history?roomId={}", w.rid)).await).await;
                let kept = history["messages"].as_array().unwrap().iter().any(|m| m["_id"] == id.as_str());
                assert!(kept, "a refused delete leaves the message");
            }
            cells += 1;
        }
    }
    assert_eq!(cells, 20);
}

#[tokio::test]
async fn room_roles_change_only_for_holders_of_the_right_and_a_room_keeps_an_owner() {
    let app = TestServer::start().await;
    let w = workshop(&app).await;
    let mut dave_socket = Socket::logged_in(&app, &w.dave).await;
    let subscribed = dave_socket
        .subscribe_stream("s1", "stream-notify-user", &format!("{}/subscriptions-changed", w.dave.user_id))
        .await;
    assert_eq!(subscribed["msg"], "ready", "{subscribed}");

    // A member or a moderator cannot make moderators; the owner can, and dave hears of it.
    let promote = json!({"roomId": w.rid, "userId": w.dave.user_id});
    for (who, session) in [("member", &w.gus), ("moderator", &w.carol)] {
        let (status, refused) = body(app.post(session, "/api/v1/channels.addModerator", promote.clone()).await).await;
        assert_eq!(
            (status, refused["errorType"].clone()),
            (403, json!("error-action-not-allowed")),
            "{who}: {refused}"
        );
    }
    let (status, done) = body(app.post(&w.bob, "/api/v1/channels.addModerator", promote.clone()).await).await;
    assert_eq!(status, 200, "{done}");
    let heard = dave_socket.event(&format!("{}/subscriptions-changed", w.dave.user_id)).await;
    assert_eq!(heard[0], "updated");
    assert_eq!(heard[1]["roles"], json!(["moderator"]), "{heard}");
    let (_, again) = body(app.post(&w.bob, "/api/v1/channels.addModerator", promote.clone()).await).await;
    assert_eq!(again["errorType"], "error-user-already-has-role");

    // Now a moderator, dave may delete gus's message.
    let id = sent(&app, &w.gus, &w.rid, "for the moderator").await;
    let (status, _) = body(app.post(&w.dave, "/api/v1/chat.delete", json!({"roomId": w.rid, "msgId": id})).await).await;
    assert_eq!(status, 200);

    // Ownership: only an owner gives it, and the last owner cannot be removed.
    let (status, refused) =
        body(app.post(&w.dave, "/api/v1/channels.addOwner", json!({"roomId": w.rid, "userId": w.dave.user_id})).await)
            .await;
    assert_eq!(status, 403, "{refused}");
    let (status, last) =
        body(app.post(&w.bob, "/api/v1/channels.removeOwner", json!({"roomId": w.rid, "userId": w.bob.user_id})).await)
            .await;
    assert_eq!((status, last["errorType"].clone()), (400, json!("error-remove-last-owner")), "{last}");
    let (status, _) = body(app.post(&w.bob, "/api/v1/channels.addOwner", promote.clone()).await).await;
    assert_eq!(status, 200);
    let (status, _) =
        body(app.post(&w.bob, "/api/v1/channels.removeOwner", json!({"roomId": w.rid, "userId": w.bob.user_id})).await)
            .await;
    assert_eq!(status, 200, "with two owners, one may go");
    let (_, subscriptions) = body(app.get(&w.dave, "/api/v1/subscriptions.get").await).await;
    let roles =
        subscriptions["update"].as_array().unwrap().iter().find(|s| s["rid"] == w.rid.as_str()).unwrap()["roles"]
            .clone();
    assert_eq!(roles, json!(["moderator", "owner"]));

    // The right kind of room, and a member: a channel's endpoint does not reach a group.
    let design = app.room_id(&w.alice, "design").await;
    let (status, _) = body(
        app.post(&w.alice, "/api/v1/channels.addModerator", json!({"roomId": design, "userId": w.carol.user_id})).await,
    )
    .await;
    assert_eq!(status, 404, "design is a group");
    let (status, outsider) = body(
        app.post(&w.alice, "/api/v1/groups.addModerator", json!({"roomId": design, "userId": w.bob.user_id})).await,
    )
    .await;
    assert_eq!((status, outsider["errorType"].clone()), (400, json!("error-user-not-in-room")), "{outsider}");
}

#[tokio::test]
async fn a_permission_changed_by_an_admin_applies_at_once_and_reaches_every_socket() {
    let app = TestServer::start().await;
    let (alice, bob) = (app.session("alice").await, app.session("bob").await);
    let random = app.room_id(&bob, "random").await;
    let mut bob_socket = Socket::logged_in(&app, &bob).await;
    let subscribed = bob_socket.subscribe_stream("p1", "stream-notify-logged", "permissions-changed").await;
    assert_eq!(subscribed["msg"], "ready", "{subscribed}");

    let id = sent(&app, &bob, &random, "mine to delete, until it is not").await;
    let (status, refused) = body(
        app.post(
            &bob,
            "/api/v1/permissions.update",
            json!({"permissions": [{"_id": "delete-own-message", "roles": ["user"]}]}),
        )
        .await,
    )
    .await;
    assert_eq!(
        (status, refused["errorType"].clone()),
        (403, json!("error-action-not-allowed")),
        "only admins: {refused}"
    );
    let removed = json!({"permissions": [{"_id": "delete-own-message", "roles": ["admin"]}]});
    let (status, _) = body(app.post(&alice, "/api/v1/permissions.update", removed).await).await;
    assert_eq!(status, 200);
    let heard = bob_socket.event("permissions-changed").await;
    assert_eq!(heard[0], "updated");
    assert_eq!(heard[1]["_id"], "delete-own-message");
    assert_eq!(heard[1]["roles"], json!(["admin"]));

    let (status, refused) =
        body(app.post(&bob, "/api/v1/chat.delete", json!({"roomId": random, "msgId": id})).await).await;
    assert_eq!((status, refused["errorType"].clone()), (403, json!("error-action-not-allowed")), "{refused}");

    // Bad updates change nothing.
    for bad in [
        json!({"permissions": [{"_id": "no-such-permission", "roles": ["user"]}]}),
        json!({"permissions": [{"_id": "pin-message", "roles": ["owner, admin"]}]}),
        json!({"permissions": "all"}),
    ] {
        let (status, answer) = body(app.post(&alice, "/api/v1/permissions.update", bad.clone()).await).await;
        assert_eq!(status, 400, "{bad}: {answer}");
    }
    // Creating rooms is a permission too.
    let none = json!({"permissions": [{"_id": "create-c", "roles": ["admin"]}]});
    assert_eq!(app.post(&alice, "/api/v1/permissions.update", none).await.status(), 200);
    let (status, refused) = body(app.post(&bob, "/api/v1/channels.create", json!({"name": "not-for-bob"})).await).await;
    assert_eq!((status, refused["errorType"].clone()), (403, json!("error-action-not-allowed")), "{refused}");
}

#[tokio::test]
async fn the_editing_and_deleting_windows_close_on_old_messages() {
    let app = TestServer::start_with(|s| {
        s.edit_block_minutes = 60;
        s.delete_block_minutes = 60;
    })
    .await;
    let carol = app.session("carol").await;
    let general = app.room_id(&carol, "general").await;
    let (_, history) =
        body(app.get(&carol, &format!("/api/v1/channels.history?roomId={general}&count=100")).await).await;
    let old = history["messages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["u"]["username"] == "carol")
        .and_then(|m| m["_id"].as_str())
        .expect("one of carol's seeded messages, hours old")
        .to_owned();
    let (status, blocked) = body(
        app.post(&carol, "/api/v1/chat.update", json!({"roomId": general, "msgId": old, "text": "rewritten"})).await,
    )
    .await;
    assert_eq!((status, blocked["errorType"].clone()), (403, json!("error-message-editing-blocked")), "{blocked}");
    let (status, blocked) =
        body(app.post(&carol, "/api/v1/chat.delete", json!({"roomId": general, "msgId": old})).await).await;
    assert_eq!((status, blocked["errorType"].clone()), (403, json!("error-message-deleting-blocked")), "{blocked}");
    let fresh = sent(&app, &carol, &general, "just now").await;
    let (status, _) = body(
        app.post(&carol, "/api/v1/chat.update", json!({"roomId": general, "msgId": fresh, "text": "just now, better"}))
            .await,
    )
    .await;
    assert_eq!(status, 200, "a new message may be edited");
}

#[tokio::test]
async fn moderators_mute_members_make_rooms_read_only_and_kick_and_each_takes_effect_at_once() {
    let app = TestServer::start().await;
    let w = workshop(&app).await;
    let mut dave_socket = Socket::logged_in(&app, &w.dave).await;
    for (id, event) in [("r", "rooms-changed"), ("s", "subscriptions-changed")] {
        let ready =
            dave_socket.subscribe_stream(id, "stream-notify-user", &format!("{}/{event}", w.dave.user_id)).await;
        assert_eq!(ready["msg"], "ready", "{ready}");
    }
    let dave = json!({"roomId": w.rid, "userId": w.dave.user_id});

    // Muting: not for members; a moderator mutes dave, who hears it and can no longer post.
    let (status, refused) = body(app.post(&w.gus, "/api/v1/rooms.muteUser", dave.clone()).await).await;
    assert_eq!((status, refused["errorType"].clone()), (403, json!("error-action-not-allowed")), "{refused}");
    let (status, _) = body(app.post(&w.carol, "/api/v1/rooms.muteUser", dave.clone()).await).await;
    assert_eq!(status, 200);
    let heard = dave_socket.event(&format!("{}/rooms-changed", w.dave.user_id)).await;
    assert_eq!(heard[1]["muted"], json!(["dave"]), "{heard}");
    let (status, muted) = body(app.send(&w.dave, &w.rid, "can anyone hear me?").await).await;
    assert_eq!((status, muted["errorType"].clone()), (403, json!("error-user-muted")), "{muted}");
    let (status, _) =
        body(app.post(&w.carol, "/api/v1/rooms.unmuteUser", json!({"roomId": w.rid, "username": "dave"})).await).await;
    assert_eq!(status, 200, "by username too");
    sent(&app, &w.dave, &w.rid, "back again").await;

    // Read-only: only holders of set-readonly make it so; then only post-readonly holders post.
    let read_only = json!({"roomId": w.rid, "readOnly": true});
    let (status, _) = body(app.post(&w.carol, "/api/v1/channels.setReadOnly", read_only.clone()).await).await;
    assert_eq!(status, 403, "set-readonly is for owners and admins");
    let (status, _) = body(app.post(&w.bob, "/api/v1/channels.setReadOnly", read_only).await).await;
    assert_eq!(status, 200);
    let (status, refused) = body(app.send(&w.dave, &w.rid, "may I?").await).await;
    assert_eq!((status, refused["errorType"].clone()), (403, json!("error-action-not-allowed")), "{refused}");
    assert!(refused["error"].as_str().unwrap().contains("read-only"), "the reason is said: {refused}");
    sent(&app, &w.carol, &w.rid, "moderators still may").await;

    // Kicking: not for members, never the last owner; dave kicked loses the room at once.
    let (status, _) = body(app.post(&w.gus, "/api/v1/channels.kick", dave.clone()).await).await;
    assert_eq!(status, 403);
    let (status, last) =
        body(app.post(&w.carol, "/api/v1/channels.kick", json!({"roomId": w.rid, "userId": w.bob.user_id})).await)
            .await;
    assert_eq!((status, last["errorType"].clone()), (400, json!("error-remove-last-owner")), "{last}");
    let (status, _) = body(app.post(&w.carol, "/api/v1/channels.kick", dave.clone()).await).await;
    assert_eq!(status, 200);
    let removed = dave_socket.event(&format!("{}/subscriptions-changed", w.dave.user_id)).await;
    assert_eq!((removed[0].clone(), removed[1]["rid"].clone()), (json!("removed"), json!(w.rid)), "{removed}");
    let (status, _) = body(app.get(&w.dave, &format!("/api/v1/channels.history?roomId={}", w.rid)).await).await;
    assert_eq!(status, 403, "no longer a member");
}

#[tokio::test]
async fn roles_room_roles_and_people_can_be_read_by_members() {
    let app = TestServer::start().await;
    let w = workshop(&app).await;
    let (status, roles) = body(app.get(&w.gus, "/api/v1/roles.list").await).await;
    assert_eq!(status, 200, "{roles}");
    let scope =
        |name: &str| roles["roles"].as_array().unwrap().iter().find(|r| r["_id"] == name).map(|r| r["scope"].clone());
    assert_eq!(scope("admin"), Some(json!("Users")));
    assert_eq!(scope("guest"), Some(json!("Users")));
    assert_eq!(scope("moderator"), Some(json!("Subscriptions")));
    assert_eq!(scope("owner"), Some(json!("Subscriptions")));

    let (status, held) = body(app.get(&w.gus, &format!("/api/v1/channels.roles?roomId={}", w.rid)).await).await;
    assert_eq!(status, 200, "{held}");
    let holders: Vec<(String, Value)> = held["roles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| (h["u"]["username"].as_str().unwrap().to_owned(), h["roles"].clone()))
        .collect();
    assert_eq!(holders, [("bob".to_owned(), json!(["owner"])), ("carol".to_owned(), json!(["moderator"]))]);
    let design = app.room_id(&w.alice, "design").await;
    let (status, _) = body(app.get(&w.gus, &format!("/api/v1/groups.roles?roomId={design}")).await).await;
    assert_eq!(status, 403, "not a member of design");

    let (status, carol) = body(app.get(&w.gus, "/api/v1/users.info?username=carol").await).await;
    assert_eq!((status, carol["user"]["username"].clone()), (200, json!("carol")), "{carol}");
    // Carol is on the demo's support team.
    assert_eq!(carol["user"]["roles"], json!(["user", "livechat-agent"]));
}
