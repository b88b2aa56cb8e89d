//! The REST API and the config endpoint against a real server and database.

use crate::common;

use common::TestServer;
use serde_json::{Value, json};

#[tokio::test]
async fn config_without_identity_is_a_401_with_the_error_object() {
    let app = TestServer::start().await;
    let response = app.http.get(app.url("/chat/config?clientType=web")).send().await.unwrap();
    assert_eq!(response.status(), 401);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["errors"]["title"], "Not signed in");
    assert!(body["errors"]["message"].as_str().unwrap().contains("/demo"));
}

#[tokio::test]
async fn config_rejects_unknown_client_types_and_bad_identities() {
    let app = TestServer::start().await;
    let other = app.http.get(app.url("/chat/config?clientType=watch")).header("userid", "alice").send().await.unwrap();
    assert_eq!(other.status(), 404);
    let missing = app.http.get(app.url("/chat/config")).header("userid", "alice").send().await.unwrap();
    assert_eq!(missing.status(), 400);
    let hostile =
        app.http.get(app.url("/chat/config?clientType=web")).header("userid", "<script>").send().await.unwrap();
    assert_eq!(hostile.status(), 400);
    let body: Value = hostile.json().await.unwrap();
    assert_eq!(body["errors"]["title"], "Invalid identity");
}

#[tokio::test]
async fn config_creates_users_on_first_sight_and_reuses_live_tokens() {
    let app = TestServer::start().await;
    let first = app.config_for("dave").await;
    let again = app.config_for("dave").await;
    assert_eq!(first.authentication.user_id, again.authentication.user_id);
    assert_eq!(first.authentication.user_token, again.authentication.user_token);
    assert_eq!(first.authentication.api_key, "confab");
    assert!(first.token_expires.is_some());
    let tokens = app.server.store().login_token_count(&first.authentication.user_id).await.unwrap();
    assert_eq!(tokens, 1);
    let me: Value = app.get(&app.session("dave").await, "/api/v1/me").await.json().await.unwrap();
    assert_eq!(me["username"], "dave");
    assert_eq!(me["success"], true);
}

#[tokio::test]
async fn login_resumes_a_token_and_logout_revokes_it() {
    let app = TestServer::start().await;
    let alice = app.session("alice").await;
    let login = app.http.post(app.url("/api/v1/login")).json(&json!({"resume": alice.token})).send().await.unwrap();
    assert_eq!(login.status(), 200);
    let body: Value = login.json().await.unwrap();
    assert_eq!(body["status"], "success");
    assert_eq!(body["data"]["userId"], alice.user_id.as_str());
    assert_eq!(body["data"]["me"]["username"], "alice");

    let bad = app.http.post(app.url("/api/v1/login")).json(&json!({"resume": "not-a-token"})).send().await.unwrap();
    assert_eq!(bad.status(), 401);

    assert_eq!(app.post(&alice, "/api/v1/logout", json!({})).await.status(), 200);
    let after = app.get(&alice, "/api/v1/me").await;
    assert_eq!(after.status(), 401);
    let body: Value = after.json().await.unwrap();
    assert_eq!(body, json!({"status": "error", "message": "You must be logged in to do this."}));
    // The config endpoint notices the revoked token and mints a new one.
    let fresh = app.session("alice").await;
    assert_ne!(fresh.token, alice.token);
    assert_eq!(app.get(&fresh, "/api/v1/me").await.status(), 200);
}

#[tokio::test]
async fn missing_wrong_or_mismatched_credentials_are_401() {
    let app = TestServer::start().await;
    let alice = app.session("alice").await;
    let bob = app.session("bob").await;
    assert_eq!(app.http.get(app.url("/api/v1/me")).send().await.unwrap().status(), 401);
    let wrong = common::Session { user_id: alice.user_id.clone(), token: "x".repeat(43) };
    assert_eq!(app.get(&wrong, "/api/v1/subscriptions.get").await.status(), 401);
    let mixed = common::Session { user_id: alice.user_id.clone(), token: bob.token.clone() };
    assert_eq!(app.get(&mixed, "/api/v1/subscriptions.get").await.status(), 401);
}

#[tokio::test]
async fn expired_tokens_are_refused() {
    let app = TestServer::start_with(|s| s.token_ttl_secs = 0).await;
    let alice = app.session("alice").await;
    assert_eq!(app.get(&alice, "/api/v1/me").await.status(), 401);
}

#[tokio::test]
async fn subscriptions_and_rooms_list_only_the_users_rooms() {
    let app = TestServer::start().await;
    let alice = app.session("alice").await;
    let bob = app.session("bob").await;
    let names = |body: Value| -> Vec<String> {
        let mut names: Vec<String> =
            body["update"].as_array().unwrap().iter().map(|s| s["name"].as_str().unwrap().to_owned()).collect();
        names.sort();
        names
    };
    let alice_subs: Value = app.get(&alice, "/api/v1/subscriptions.get").await.json().await.unwrap();
    assert_eq!(names(alice_subs), ["bob", "design", "general", "random"]);
    let bob_subs: Value = app.get(&bob, "/api/v1/subscriptions.get").await.json().await.unwrap();
    assert_eq!(names(bob_subs), ["alice", "general", "random"]);

    let rooms: Value = app.get(&bob, "/api/v1/rooms.get").await.json().await.unwrap();
    let rooms = rooms["update"].as_array().unwrap();
    assert_eq!(rooms.len(), 3);
    let direct = rooms.iter().find(|r| r["t"] == "d").unwrap();
    assert_eq!(direct["usernames"], json!(["alice", "bob"]));
    assert!(rooms.iter().all(|r| r["name"] != "design"));
    let general = rooms.iter().find(|r| r["name"] == "general").unwrap();
    assert_eq!(general["usersCount"], 3);
}

#[tokio::test]
async fn updated_since_returns_only_what_changed() {
    let app = TestServer::start().await;
    let alice = app.session("alice").await;
    let bob = app.session("bob").await;
    let general = app.room_id(&alice, "general").await;
    // A time before the send: `updatedSince` is exclusive, and the send may fall in this millisecond.
    let now = confab_protocol::Timestamp(confab_protocol::Timestamp::now().millis() - 1).to_iso();
    assert_eq!(app.send(&alice, &general, "news").await.status(), 200);
    let subs: Value =
        app.get(&bob, &format!("/api/v1/subscriptions.get?updatedSince={now}")).await.json().await.unwrap();
    let update = subs["update"].as_array().unwrap();
    assert_eq!(update.len(), 1, "{subs}");
    assert_eq!(update[0]["name"], "general");
    // Three seeded messages from others, and this one.
    assert_eq!(update[0]["unread"], 4);
    let rooms: Value = app.get(&bob, &format!("/api/v1/rooms.get?updatedSince={now}")).await.json().await.unwrap();
    assert_eq!(rooms["update"].as_array().unwrap().len(), 1);
    assert_eq!(rooms["update"][0]["lastMessage"]["msg"], "news");
    let bad = app.get(&bob, "/api/v1/rooms.get?updatedSince=yesterday").await;
    assert_eq!(bad.status(), 400);
}

#[tokio::test]
async fn history_pages_newest_first_without_gaps_or_overlap() {
    let app = TestServer::start().await;
    let alice = app.session("alice").await;
    let random = app.room_id(&alice, "random").await;
    for n in 0..25 {
        assert_eq!(app.send(&alice, &random, &format!("message {n}")).await.status(), 200);
    }
    let page = |latest: Option<String>| {
        let app = &app;
        let alice = &alice;
        let random = &random;
        async move {
            let mut path = format!("/api/v1/channels.history?roomId={random}&count=10");
            if let Some(latest) = latest {
                path.push_str(&format!("&latest={latest}"));
            }
            let body: Value = app.get(alice, &path).await.json().await.unwrap();
            body["messages"].as_array().unwrap().clone()
        }
    };
    let mut seen = Vec::new();
    let mut latest = None;
    loop {
        let messages = page(latest.clone()).await;
        if messages.is_empty() {
            break;
        }
        latest = Some(messages.last().unwrap()["ts"].as_str().unwrap().to_owned());
        seen.extend(messages.into_iter().map(|m| m["msg"].as_str().unwrap().to_owned()));
    }
    // 25 sent here plus the 2 seeded messages, each exactly once, newest first.
    assert_eq!(seen.len(), 27);
    assert_eq!(seen[0], "message 24");
    assert_eq!(seen[24], "message 0");
    let mut unique = seen.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), seen.len());
}

#[tokio::test]
async fn a_resent_client_id_never_duplicates() {
    let app = TestServer::start().await;
    let alice = app.session("alice").await;
    let bob = app.session("bob").await;
    let general = app.room_id(&alice, "general").await;
    let body = json!({"message": {"_id": "ClientChosenId123", "rid": general, "msg": "once"}});
    let first: Value = app.post(&alice, "/api/v1/chat.sendMessage", body.clone()).await.json().await.unwrap();
    let second: Value = app.post(&alice, "/api/v1/chat.sendMessage", body.clone()).await.json().await.unwrap();
    assert_eq!(first["message"], second["message"]);
    assert_eq!(first["message"]["_id"], "ClientChosenId123");
    let history: Value =
        app.get(&alice, &format!("/api/v1/channels.history?roomId={general}&count=100")).await.json().await.unwrap();
    let copies = history["messages"].as_array().unwrap().iter().filter(|m| m["msg"] == "once").count();
    assert_eq!(copies, 1);
    // Bob's unread count went up once, not twice.
    let subs: Value = app.get(&bob, "/api/v1/subscriptions.get").await.json().await.unwrap();
    let sub = subs["update"].as_array().unwrap().iter().find(|s| s["rid"] == general.as_str()).unwrap().clone();
    let seeded_unread = 3;
    assert_eq!(sub["unread"], seeded_unread + 1);
    // Someone else cannot reuse (or read through) that id.
    let stolen = app.post(&bob, "/api/v1/chat.sendMessage", body).await;
    assert_eq!(stolen.status(), 400);
    let stolen: Value = stolen.json().await.unwrap();
    assert_eq!(stolen["errorType"], "error-duplicate-id");
    assert!(stolen.get("message").is_none());
}

#[tokio::test]
async fn membership_is_checked_on_every_room_access() {
    let app = TestServer::start().await;
    let alice = app.session("alice").await;
    let bob = app.session("bob").await;
    let design = app.room_id(&alice, "design").await;
    let general = app.room_id(&alice, "general").await;

    let read = app.get(&bob, &format!("/api/v1/groups.history?roomId={design}")).await;
    assert_eq!(read.status(), 403);
    let body: Value = read.json().await.unwrap();
    assert_eq!(body["success"], false);
    assert!(body.get("messages").is_none());
    assert_eq!(app.send(&bob, &design, "let me in").await.status(), 403);

    let unknown = app.get(&bob, "/api/v1/channels.history?roomId=NoSuchRoom12345").await;
    assert_eq!(unknown.status(), 404);
    assert_eq!(unknown.json::<Value>().await.unwrap()["errorType"], "error-room-not-found");
    assert_eq!(app.send(&bob, "NoSuchRoom12345", "hello?").await.status(), 404);
    // A room asked for under the wrong type's endpoint is not found either.
    assert_eq!(app.get(&alice, &format!("/api/v1/groups.history?roomId={general}")).await.status(), 404);
}

#[tokio::test]
async fn bad_bodies_get_clear_errors() {
    let app = TestServer::start().await;
    let alice = app.session("alice").await;
    let general = app.room_id(&alice, "general").await;
    let send_raw = |body: &'static str| {
        app.http
            .post(app.url("/api/v1/chat.sendMessage"))
            .header("X-User-Id", &alice.user_id)
            .header("X-Auth-Token", &alice.token)
            .header("Content-Type", "application/json")
            .body(body)
            .send()
    };
    let malformed = send_raw("{not json").await.unwrap();
    assert_eq!(malformed.status(), 400);
    let body: Value = malformed.json().await.unwrap();
    assert_eq!(body["success"], false);
    assert_eq!(body["error"], "The request body is not valid JSON");

    let missing = send_raw(r#"{"message": {"msg": "no room"}}"#).await.unwrap();
    assert_eq!(missing.status(), 400);
    assert!(missing.json::<Value>().await.unwrap()["error"].as_str().unwrap().contains("rid"));

    let long = app.send(&alice, &general, &"x".repeat(5001)).await;
    assert_eq!(long.status(), 400);
    assert_eq!(long.json::<Value>().await.unwrap()["errorType"], "error-message-size-exceeded");
    assert_eq!(app.send(&alice, &general, &"é".repeat(5000)).await.status(), 200);
    assert_eq!(app.send(&alice, &general, "   ").await.status(), 400);

    let bad_id = app
        .post(&alice, "/api/v1/chat.sendMessage", json!({"message": {"_id": "../../x", "rid": general, "msg": "hi"}}))
        .await;
    assert_eq!(bad_id.status(), 400);

    let huge = app.send(&alice, &general, &"x".repeat(200_000)).await;
    assert_eq!(huge.status(), 413);

    let unknown = app.get(&alice, "/api/v1/no.such.endpoint").await;
    assert_eq!(unknown.status(), 404);
    assert_eq!(unknown.json::<Value>().await.unwrap()["success"], false);
}

#[tokio::test]
async fn sending_marks_others_unread_and_the_sender_read() {
    let app = TestServer::start().await;
    let alice = app.session("alice").await;
    let carol = app.session("carol").await;
    let design = app.room_id(&alice, "design").await;
    let unread = |session: common::Session| {
        let app = &app;
        let design = design.clone();
        async move {
            let subs: Value = app.get(&session, "/api/v1/subscriptions.get").await.json().await.unwrap();
            subs["update"].as_array().unwrap().iter().find(|s| s["rid"] == design.as_str()).unwrap()["unread"]
                .as_u64()
                .unwrap()
        }
    };
    let (alice_before, carol_before) = (unread(alice.clone()).await, unread(carol.clone()).await);
    app.send(&alice, &design, "one").await;
    app.send(&alice, &design, "two").await;
    assert_eq!(unread(alice.clone()).await, alice_before);
    assert_eq!(unread(carol.clone()).await, carol_before + 2);
}

#[tokio::test]
async fn users_set_their_own_status_and_only_to_a_known_one() {
    let app = TestServer::start().await;
    let alice = app.session("alice").await;
    let me = |body: Value| body["statusDefault"].as_str().map(str::to_owned);
    assert_eq!(me(app.get(&alice, "/api/v1/me").await.json().await.unwrap()).as_deref(), Some("online"));
    let set = app.post(&alice, "/api/v1/users.setStatus", json!({"status": "away"})).await;
    assert_eq!(set.status(), 200);
    assert_eq!(me(app.get(&alice, "/api/v1/me").await.json().await.unwrap()).as_deref(), Some("away"));
    let too_long = "x".repeat(121);
    for bad in [
        json!({"status": "invisible"}),
        json!({"status": 3}),
        json!({}),
        json!({"status": "busy", "message": too_long}),
    ] {
        let refused = app.post(&alice, "/api/v1/users.setStatus", bad.clone()).await;
        assert_eq!(refused.status(), 400, "{bad}");
    }
    assert_eq!(me(app.get(&alice, "/api/v1/me").await.json().await.unwrap()).as_deref(), Some("away"));
    let bob = app.session("bob").await;
    assert_eq!(me(app.get(&bob, "/api/v1/me").await.json().await.unwrap()).as_deref(), Some("online"));
}

#[tokio::test]
async fn concurrent_creations_of_one_room_make_it_once_and_the_rest_hear_it_exists() {
    let app = TestServer::start().await;
    let alice = app.session("alice").await;
    let attempts = (0..8).map(|_| app.post(&alice, "/api/v1/channels.create", json!({"name": "launch"})));
    let answers = futures_util::future::join_all(attempts).await;
    let mut statuses = Vec::new();
    for answer in answers {
        let status = answer.status().as_u16();
        let body: Value = answer.json().await.unwrap();
        if status != 200 {
            assert_eq!(body["errorType"], "error-duplicate-channel-name", "{body}");
        }
        statuses.push(status);
    }
    assert_eq!(statuses.iter().filter(|&&s| s == 200).count(), 1, "{statuses:?}");
    assert!(statuses.iter().all(|&s| s == 200 || s == 400), "{statuses:?}");
}

#[tokio::test]
async fn concurrent_first_direct_messages_open_one_room() {
    let app = TestServer::start().await;
    let alice = app.session("alice").await;
    let carol = app.session("carol").await;
    let attempts = (0..8).map(|n| match n % 2 {
        0 => app.post(&alice, "/api/v1/im.create", json!({"username": "carol"})),
        _ => app.post(&carol, "/api/v1/im.create", json!({"username": "alice"})),
    });
    let mut rooms = Vec::new();
    for answer in futures_util::future::join_all(attempts).await {
        assert_eq!(answer.status(), 200);
        rooms.push(answer.json::<Value>().await.unwrap()["room"]["_id"].as_str().unwrap().to_owned());
    }
    rooms.dedup();
    assert_eq!(rooms.len(), 1, "{rooms:?}");
    let listed: Value = app.get(&alice, "/api/v1/subscriptions.get").await.json().await.unwrap();
    let with_carol =
        listed["update"].as_array().unwrap().iter().filter(|s| s["t"] == "d" && s["name"] == "carol").count();
    assert_eq!(with_carol, 1);
}

#[tokio::test]
async fn wrong_methods_and_undecodable_addresses_answer_in_rocket_chats_shape() {
    let app = TestServer::start().await;
    let alice = app.session("alice").await;
    let answers = [
        app.get(&alice, "/api/v1/chat.sendMessage").await,
        app.post(&alice, "/api/v1/me", json!({})).await,
        app.post(&alice, "/api/v1/method.call/%ff%fe", json!({"message": "{}"})).await,
        app.get(&alice, "/file-upload/x/y?download=1&download=2").await,
        app.get(&alice, "/api/v1/rooms.get?updatedSince=%ff").await,
        app.http.get(app.url("/websocket")).send().await.unwrap(),
    ];
    for answer in answers {
        let (status, url) = (answer.status().as_u16(), answer.url().clone());
        assert!((400..500).contains(&status), "{url}: {status}");
        let body: Value = answer.json().await.unwrap_or_else(|e| panic!("{url}: {status} is not JSON: {e}"));
        assert_eq!(body["success"], false, "{url}: {body}");
        assert!(body["error"].as_str().is_some_and(|e| !e.is_empty()), "{url}: {body}");
        assert!(body["errorType"].as_str().is_some_and(|e| e.starts_with("error-")), "{url}: {body}");
    }
}
