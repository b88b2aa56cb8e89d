//! A message's life over REST: threads, edits, reactions, deletion, catch-up, and the room's
//! read state and members.

use crate::common;

use common::TestServer;
use serde_json::{Value, json};

async fn body(response: reqwest::Response) -> Value {
    let status = response.status();
    let body: Value = response.json().await.unwrap();
    assert!(status.is_success(), "{status}: {body}");
    body
}

#[tokio::test]
async fn thread_replies_count_on_the_parent_and_list_in_order() {
    let app = TestServer::start().await;
    let alice = app.session("alice").await;
    let bob = app.session("bob").await;
    let general = app.room_id(&alice, "general").await;
    let parent = body(app.send(&alice, &general, "lunch?").await).await["message"]["_id"].as_str().unwrap().to_owned();
    for (who, text) in [(&bob, "yes"), (&alice, "noon"), (&bob, "ok")] {
        let reply = json!({"message": {"rid": general, "msg": text, "tmid": parent}});
        let sent = body(app.post(who, "/api/v1/chat.sendMessage", reply).await).await;
        assert_eq!(sent["message"]["tmid"], parent.as_str());
    }
    let history = body(app.get(&alice, &format!("/api/v1/channels.history?roomId={general}&count=10")).await).await;
    let stored = history["messages"].as_array().unwrap().iter().find(|m| m["_id"] == parent.as_str()).unwrap().clone();
    assert_eq!(stored["tcount"], 3);
    assert!(stored["tlm"].is_string());
    assert_eq!(stored["replies"].as_array().unwrap().len(), 2);

    let thread = body(app.get(&bob, &format!("/api/v1/chat.getThreadMessages?tmid={parent}")).await).await;
    let texts: Vec<&str> = thread["messages"].as_array().unwrap().iter().map(|m| m["msg"].as_str().unwrap()).collect();
    assert_eq!(texts, ["yes", "noon", "ok"]);
    assert_eq!(thread["total"], 3);

    // A reply to a reply joins the parent's thread.
    let first_reply = thread["messages"][0]["_id"].as_str().unwrap();
    let nested = json!({"message": {"rid": general, "msg": "me too", "tmid": first_reply}});
    assert_eq!(
        body(app.post(&alice, "/api/v1/chat.sendMessage", nested).await).await["message"]["tmid"],
        parent.as_str()
    );

    // A parent from another room is refused.
    let random = app.room_id(&alice, "random").await;
    let stray = json!({"message": {"rid": random, "msg": "x", "tmid": parent}});
    assert_eq!(app.post(&alice, "/api/v1/chat.sendMessage", stray).await.status(), 400);
}

#[tokio::test]
async fn only_the_author_or_an_admin_edits_and_deletes() {
    let app = TestServer::start().await;
    let alice = app.session("alice").await; // an admin in the demo data
    let bob = app.session("bob").await;
    let carol = app.session("carol").await;
    let general = app.room_id(&bob, "general").await;
    let id = body(app.send(&bob, &general, "teh typo").await).await["message"]["_id"].as_str().unwrap().to_owned();

    let edit = |text: &str| json!({"roomId": general, "msgId": id, "text": text});
    assert_eq!(app.post(&carol, "/api/v1/chat.update", edit("vandalised")).await.status(), 403);
    let edited = body(app.post(&bob, "/api/v1/chat.update", edit("the typo")).await).await;
    assert_eq!(edited["message"]["msg"], "the typo");
    assert_eq!(edited["message"]["editedBy"]["username"], "bob");
    assert!(edited["message"]["editedAt"].is_string());
    let by_admin = body(app.post(&alice, "/api/v1/chat.update", edit("the typo, fixed")).await).await;
    assert_eq!(by_admin["message"]["editedBy"]["username"], "alice");

    let delete = json!({"roomId": general, "msgId": id});
    assert_eq!(app.post(&carol, "/api/v1/chat.delete", delete.clone()).await.status(), 403);
    let deleted = body(app.post(&bob, "/api/v1/chat.delete", delete.clone()).await).await;
    assert_eq!(deleted["_id"], id.as_str());
    assert_eq!(app.post(&bob, "/api/v1/chat.delete", delete).await.status(), 404);
    let history = body(app.get(&bob, &format!("/api/v1/channels.history?roomId={general}&count=100")).await).await;
    assert!(history["messages"].as_array().unwrap().iter().all(|m| m["_id"] != id.as_str()));
    // A deleted message's id cannot be reused to resurrect it.
    let resend = json!({"message": {"_id": id, "rid": general, "msg": "back"}});
    assert_eq!(app.post(&bob, "/api/v1/chat.sendMessage", resend).await.status(), 400);
}

#[tokio::test]
async fn reactions_toggle_and_obey_should_react() {
    let app = TestServer::start().await;
    let alice = app.session("alice").await;
    let bob = app.session("bob").await;
    let general = app.room_id(&alice, "general").await;
    let id = body(app.send(&alice, &general, "ship it").await).await["message"]["_id"].as_str().unwrap().to_owned();
    let reactions = || async {
        let history = body(app.get(&alice, &format!("/api/v1/channels.history?roomId={general}&count=1")).await).await;
        history["messages"][0]["reactions"].clone()
    };
    let react = |extra: Value| {
        let mut request = json!({"messageId": id, "emoji": ":rocket:"});
        request.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        request
    };
    body(app.post(&bob, "/api/v1/chat.react", react(json!({}))).await).await;
    body(app.post(&alice, "/api/v1/chat.react", react(json!({"emoji": "rocket"}))).await).await;
    assert_eq!(reactions().await, json!({":rocket:": {"usernames": ["bob", "alice"]}}));
    body(app.post(&bob, "/api/v1/chat.react", react(json!({}))).await).await;
    assert_eq!(reactions().await, json!({":rocket:": {"usernames": ["alice"]}}));
    body(app.post(&alice, "/api/v1/chat.react", react(json!({"shouldReact": true}))).await).await;
    assert_eq!(reactions().await, json!({":rocket:": {"usernames": ["alice"]}}));
    body(app.post(&alice, "/api/v1/chat.react", react(json!({"shouldReact": false}))).await).await;
    assert_eq!(reactions().await, Value::Null);
    let bad = app.post(&alice, "/api/v1/chat.react", react(json!({"emoji": "<img src=x>"}))).await;
    assert_eq!(bad.status(), 400);
}

#[tokio::test]
async fn sync_reports_what_changed_and_what_was_deleted_since_a_moment() {
    let app = TestServer::start().await;
    let alice = app.session("alice").await;
    let random = app.room_id(&alice, "random").await;
    let kept = body(app.send(&alice, &random, "kept").await).await["message"]["_id"].as_str().unwrap().to_owned();
    let gone = body(app.send(&alice, &random, "gone").await).await["message"]["_id"].as_str().unwrap().to_owned();
    let moment = confab_protocol::Timestamp::now();
    let since = moment.to_iso();
    // What follows happens after the moment: in a later millisecond, not the same one.
    while confab_protocol::Timestamp::now() <= moment {
        tokio::task::yield_now().await;
    }
    let new = body(app.send(&alice, &random, "new").await).await["message"]["_id"].as_str().unwrap().to_owned();
    body(
        app.post(&alice, "/api/v1/chat.update", json!({"roomId": random, "msgId": kept, "text": "kept, edited"})).await,
    )
    .await;
    body(app.post(&alice, "/api/v1/chat.delete", json!({"roomId": random, "msgId": gone})).await).await;

    let sync =
        body(app.get(&alice, &format!("/api/v1/chat.syncMessages?roomId={random}&lastUpdate={since}")).await).await;
    let updated: Vec<&str> =
        sync["result"]["updated"].as_array().unwrap().iter().map(|m| m["_id"].as_str().unwrap()).collect();
    assert_eq!(updated, [new.as_str(), kept.as_str()]);
    assert_eq!(sync["result"]["deleted"][0]["_id"], gone.as_str());
    assert!(sync["result"]["deleted"][0]["_deletedAt"].is_string());
    let bad = app.get(&alice, &format!("/api/v1/chat.syncMessages?roomId={random}&lastUpdate=soon")).await;
    assert_eq!(bad.status(), 400);
}

#[tokio::test]
async fn reading_clears_unread_and_mention_counts() {
    let app = TestServer::start().await;
    let alice = app.session("alice").await;
    let bob = app.session("bob").await;
    let general = app.room_id(&alice, "general").await;
    body(app.send(&alice, &general, "@bob please look").await).await;
    let sub = |session: common::Session| {
        let app = &app;
        let general = general.clone();
        async move {
            let subs = body(app.get(&session, "/api/v1/subscriptions.get").await).await;
            subs["update"].as_array().unwrap().iter().find(|s| s["rid"] == general.as_str()).unwrap().clone()
        }
    };
    let before = sub(bob.clone()).await;
    assert_eq!(before["userMentions"], 1);
    assert_eq!(before["alert"], true);
    body(app.post(&bob, "/api/v1/subscriptions.read", json!({"rid": general})).await).await;
    let after = sub(bob.clone()).await;
    assert_eq!(
        (after["unread"].clone(), after["userMentions"].clone(), after["alert"].clone()),
        (json!(0), json!(0), json!(false))
    );
    assert!(after["ls"].as_str().unwrap() > before["ls"].as_str().unwrap());
}

#[tokio::test]
async fn rooms_are_created_joined_left_and_listed_with_their_members() {
    let app = TestServer::start().await;
    let alice = app.session("alice").await;
    let bob = app.session("bob").await;
    let carol = app.session("carol").await;
    let created =
        body(app.post(&alice, "/api/v1/channels.create", json!({"name": "launch", "members": ["bob"]})).await).await;
    let launch = created["channel"]["_id"].as_str().unwrap().to_owned();
    assert_eq!(created["channel"]["t"], "c");
    let duplicate = app.post(&bob, "/api/v1/channels.create", json!({"name": "launch"})).await;
    assert_eq!(duplicate.status(), 400);
    // A title is refused with the rule and the name it would make; a topic comes with the room.
    let response = app.post(&alice, "/api/v1/channels.create", json!({"name": "Launch Plan"})).await;
    assert_eq!(response.status(), 400);
    let refused: Value = response.json().await.unwrap();
    assert_eq!(refused["errorType"], "error-invalid-room-name");
    let said = refused["error"].as_str().unwrap();
    assert!(said.contains("letters, digits") && said.contains("\"launch-plan\""), "{said}");
    let long = json!({"name": "long-topic", "extraData": {"topic": "x".repeat(251)}});
    assert_eq!(app.post(&alice, "/api/v1/channels.create", long).await.status(), 400);
    let planned = json!({"name": "launch-plan", "members": ["bob"], "extraData": {"topic": "Everything for Friday"}});
    let plan = body(app.post(&alice, "/api/v1/groups.create", planned).await).await;
    assert_eq!(plan["group"]["topic"], "Everything for Friday");
    assert_eq!(plan["group"]["t"], "p");

    let members = body(app.get(&bob, &format!("/api/v1/channels.members?roomId={launch}")).await).await;
    let names: Vec<&str> =
        members["members"].as_array().unwrap().iter().map(|m| m["username"].as_str().unwrap()).collect();
    assert_eq!(names, ["alice", "bob"]);

    // Carol joins the public channel herself; a private group needs an invitation.
    assert_eq!(
        body(app.post(&carol, "/api/v1/channels.join", json!({"roomId": launch})).await).await["channel"]["usersCount"],
        3
    );
    let group = body(app.post(&alice, "/api/v1/groups.create", json!({"name": "secret"})).await).await;
    let secret = group["group"]["_id"].as_str().unwrap().to_owned();
    assert_eq!(app.post(&carol, "/api/v1/channels.join", json!({"roomId": secret})).await.status(), 404);
    let invite = json!({"roomId": secret, "userId": carol.user_id});
    assert_eq!(app.post(&bob, "/api/v1/groups.invite", invite.clone()).await.status(), 403);
    body(app.post(&alice, "/api/v1/groups.invite", invite).await).await;
    assert_eq!(app.get(&carol, &format!("/api/v1/groups.history?roomId={secret}")).await.status(), 200);

    // Leaving shows up under `remove` for clients that sync with updatedSince: a time before the
    // leave (`updatedSince` is exclusive, and the leave may fall in the same millisecond as now).
    let since = confab_protocol::Timestamp(confab_protocol::Timestamp::now().millis() - 1).to_iso();
    body(app.post(&carol, "/api/v1/groups.leave", json!({"roomId": secret})).await).await;
    let subs = body(app.get(&carol, &format!("/api/v1/subscriptions.get?updatedSince={since}")).await).await;
    assert_eq!(subs["remove"][0]["rid"], secret.as_str());
    let rooms = body(app.get(&carol, &format!("/api/v1/rooms.get?updatedSince={since}")).await).await;
    assert_eq!(rooms["remove"][0]["_id"], secret.as_str());
    assert_eq!(app.get(&carol, &format!("/api/v1/groups.history?roomId={secret}")).await.status(), 403);
}

#[tokio::test]
async fn direct_rooms_are_created_once_and_autocomplete_finds_people() {
    let app = TestServer::start().await;
    let bob = app.session("bob").await;
    let carol = app.session("carol").await;
    let first = body(app.post(&bob, "/api/v1/im.create", json!({"username": "carol"})).await).await;
    let again = body(app.post(&carol, "/api/v1/im.create", json!({"username": "bob"})).await).await;
    assert_eq!(first["room"]["_id"], again["room"]["_id"]);
    assert_eq!(first["room"]["t"], "d");
    assert_eq!(first["room"]["usernames"], json!(["bob", "carol"]));
    assert_eq!(app.post(&bob, "/api/v1/im.create", json!({"username": "nobody"})).await.status(), 400);

    let found = body(app.get(&bob, "/api/v1/users.autocomplete?selector=%7B%22term%22%3A%22ca%22%7D").await).await;
    assert_eq!(
        found["items"].as_array().unwrap().iter().map(|u| u["username"].as_str().unwrap()).collect::<Vec<_>>(),
        ["carol"]
    );
    let by_name = body(app.get(&bob, "/api/v1/users.autocomplete?selector=%7B%22term%22%3A%22Danv%22%7D").await).await;
    assert_eq!(by_name["items"][0]["username"], "carol");
    let wild = body(app.get(&bob, "/api/v1/users.autocomplete?selector=%7B%22term%22%3A%22%25%22%7D").await).await;
    assert_eq!(wild["items"], json!([]), "LIKE wildcards are matched literally");
    assert_eq!(app.get(&bob, "/api/v1/users.autocomplete?selector=nope").await.status(), 400);
}

#[tokio::test]
async fn every_stored_message_carries_its_markup_tree_and_edits_renew_it() {
    let app = TestServer::start().await;
    let alice = app.session("alice").await;
    let general = app.room_id(&alice, "general").await;
    let sent = body(app.send(&alice, &general, "*hello* @bob").await).await;
    assert_eq!(sent["message"]["md"][0]["type"], "PARAGRAPH");
    assert_eq!(
        sent["message"]["md"][0]["value"][0],
        json!({"type": "BOLD", "value": [{"type": "PLAIN_TEXT", "value": "hello"}]})
    );
    assert_eq!(
        sent["message"]["md"][0]["value"][2],
        json!({"type": "MENTION_USER", "value": {"type": "PLAIN_TEXT", "value": "bob"}})
    );
    let id = sent["message"]["_id"].as_str().unwrap();
    let edited =
        body(app.post(&alice, "/api/v1/chat.update", json!({"roomId": general, "msgId": id, "text": "`code`"})).await)
            .await;
    assert_eq!(edited["message"]["md"][0]["value"][0]["type"], "INLINE_CODE");
    // The seeded history carries trees too.
    let history = body(app.get(&alice, &format!("/api/v1/channels.history?roomId={general}&count=100")).await).await;
    assert!(history["messages"].as_array().unwrap().iter().all(|m| m["md"].is_array()), "{history}");
}

#[tokio::test]
async fn direct_messages_stay_unread_until_the_other_member_reads_them() {
    let app = TestServer::start().await;
    let alice = app.session("alice").await;
    let bob = app.session("bob").await;
    let direct = app.room_id(&alice, "bob").await;
    let sent = body(app.send(&alice, &direct, "did you see it?").await).await;
    assert_eq!(sent["message"]["unread"], true);
    let general = app.room_id(&alice, "general").await;
    assert!(
        body(app.send(&alice, &general, "channels carry no receipts").await).await["message"].get("unread").is_none()
    );

    // Alice reading her own room changes nothing; bob reading it clears the flag.
    body(app.post(&alice, "/api/v1/subscriptions.read", json!({"rid": direct})).await).await;
    let history = |who: common::Session| {
        let app = &app;
        let direct = direct.clone();
        async move {
            body(app.get(&who, &format!("/api/v1/im.history?roomId={direct}&count=1")).await).await["messages"][0]
                .clone()
        }
    };
    assert_eq!(history(alice.clone()).await["unread"], true);
    body(app.post(&bob, "/api/v1/subscriptions.read", json!({"rid": direct})).await).await;
    assert!(history(alice.clone()).await.get("unread").is_none(), "read by bob");
}

#[tokio::test]
async fn a_reply_into_a_thread_whose_root_was_deleted_is_a_400() {
    let app = TestServer::start().await;
    let alice = app.session("alice").await;
    let general = app.room_id(&alice, "general").await;
    let root = body(app.send(&alice, &general, "root").await).await["message"]["_id"].as_str().unwrap().to_owned();
    let reply = json!({"message": {"rid": general, "msg": "first reply", "tmid": root}});
    let reply = body(app.post(&alice, "/api/v1/chat.sendMessage", reply).await).await["message"]["_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let deleted = app.post(&alice, "/api/v1/chat.delete", json!({"roomId": general, "msgId": root})).await;
    assert_eq!(deleted.status(), 200);
    for parent in [&reply, &root] {
        let late = json!({"message": {"rid": general, "msg": "too late", "tmid": parent}});
        let answer = app.post(&alice, "/api/v1/chat.sendMessage", late).await;
        assert_eq!(answer.status(), 400, "a reply to {parent}");
        let answer: Value = answer.json().await.unwrap();
        assert_eq!(
            (answer["success"].as_bool(), answer["errorType"].as_str()),
            (Some(false), Some("error-invalid-params"))
        );
    }
}
