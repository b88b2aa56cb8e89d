//! `chat.search` over the real server and SQLite's FTS5 index: a word in one message of 10,000 is
//! found; an edited message is no longer found by its old words, a deleted one not at all; the
//! filters narrow; a room the user is not in, or has left, is never searched; and the index
//! survives a restart. A common word's page is read from the index newest first, stopping at the
//! page, never gathered and sorted whole.

use crate::common;

use common::{Session, TestServer};
use confab_protocol::rest::SearchText;
use confab_protocol::{Message, Timestamp};
use confab_server::{Server, Settings};
use serde_json::{Value, json};

async fn search(app: &TestServer, who: &Session, rid: &str, text: &str) -> (u16, Value) {
    let query = [("roomId", rid), ("searchText", text)];
    let url = app.url("/api/v1/chat.search");
    let response = app
        .http
        .get(url)
        .query(&query)
        .header("X-User-Id", &who.user_id)
        .header("X-Auth-Token", &who.token)
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.json().await.unwrap_or(Value::Null))
}

fn texts(answer: &Value) -> Vec<String> {
    answer["messages"].as_array().unwrap().iter().map(|m| m["msg"].as_str().unwrap().to_owned()).collect()
}

async fn sent(app: &TestServer, who: &Session, rid: &str, text: &str) -> String {
    let response = app.send(who, rid, text).await;
    assert_eq!(response.status(), 200);
    response.json::<Value>().await.unwrap()["message"]["_id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_word_in_one_of_ten_thousand_messages_is_found_and_edits_and_deletes_are_followed() {
    let app = TestServer::start().await;
    let alice = app.session("alice").await;
    let bob = app.session("bob").await;
    let rid = app.room_id(&alice, "general").await;
    // Ten thousand messages written straight to the store, as a long room's history would be.
    let store = app.server.store();
    let author = store.user_by_username("carol").await.unwrap().unwrap();
    let start = Timestamp::now().millis() - 10_000_000;
    for n in 0..10_000_i64 {
        let draft = Message::new(
            format!("bulk{n:013}"),
            &rid,
            format!("routine update number {n}"),
            author.to_ref(),
            Timestamp(start + n),
        );
        store.send_message(draft, &author, Timestamp(start + n)).await.unwrap();
    }
    let needle = sent(&app, &bob, &rid, "the quarterly zeppelin report is ready").await;

    let (status, found) = search(&app, &alice, &rid, "zeppelin").await;
    assert_eq!(status, 200, "{found}");
    assert_eq!(texts(&found), ["the quarterly zeppelin report is ready"]);
    assert_eq!(texts(&search(&app, &alice, &rid, "quarterly zepp").await.1).len(), 1, "the last word is a prefix");
    assert_eq!(texts(&search(&app, &alice, &rid, "zeppelin from:carol").await.1).len(), 0, "from: narrows");
    assert_eq!(texts(&search(&app, &alice, &rid, "zeppelin from:@bob").await.1).len(), 1);
    let page = search(&app, &alice, &rid, "routine").await.1;
    assert_eq!(texts(&page).len(), 20, "a page at a time");
    assert_eq!(texts(&page)[0], "routine update number 9999", "newest first");
    assert!(texts(&search(&app, &alice, &rid, "\" OR * NEAR(").await.1).is_empty(), "query syntax is only words");

    let edited = app
        .post(
            &bob,
            "/api/v1/chat.update",
            json!({"roomId": rid, "msgId": needle, "text": "the quarterly airship report"}),
        )
        .await;
    assert_eq!(edited.status(), 200);
    assert!(texts(&search(&app, &alice, &rid, "zeppelin").await.1).is_empty(), "the old word no longer finds it");
    assert_eq!(texts(&search(&app, &alice, &rid, "airship").await.1), ["the quarterly airship report"]);

    let deleted = app.post(&bob, "/api/v1/chat.delete", json!({"roomId": rid, "msgId": needle})).await;
    assert_eq!(deleted.status(), 200);
    assert!(texts(&search(&app, &alice, &rid, "airship").await.1).is_empty(), "a deleted message is gone");
    assert!(texts(&search(&app, &alice, &rid, "quarterly").await.1).is_empty());
}

#[tokio::test]
async fn rooms_the_user_is_not_in_or_has_left_are_never_searched() {
    let app = TestServer::start().await;
    let alice = app.session("alice").await;
    let bob = app.session("bob").await;
    let design = app.room_id(&alice, "design").await;
    sent(&app, &alice, &design, "secret mockups inside").await;
    let (status, answer) = search(&app, &bob, &design, "mockups").await;
    assert_eq!(status, 403, "bob is not in design: {answer}");
    assert!(answer.get("messages").is_none());

    let random = app.room_id(&alice, "random").await;
    sent(&app, &alice, &random, "quokka plans for friday").await;
    assert_eq!(texts(&search(&app, &bob, &random, "quokka").await.1).len(), 1);
    let left = app.post(&bob, "/api/v1/channels.leave", json!({"roomId": random})).await;
    assert_eq!(left.status(), 200);
    let (status, _) = search(&app, &bob, &random, "quokka").await;
    assert_eq!(status, 403, "a room bob left is not searched");

    let long = "x".repeat(201);
    assert_eq!(search(&app, &alice, &random, &long).await.0, 400);
    assert_eq!(search(&app, &alice, "no-such-room", "quokka").await.0, 404);
}

#[tokio::test]
async fn the_index_survives_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let settings = || {
        let mut settings = Settings::for_tests(dir.path());
        settings.port = 0;
        settings
    };
    let server = Server::start(settings()).await.unwrap();
    let store = server.store();
    let alice = store.user_by_username("alice").await.unwrap().unwrap();
    let general = store.room_by_name("general").await.unwrap().unwrap();
    let draft = Message::new("persisted00000001", &general, "a durable needle", alice.to_ref(), Timestamp::now());
    store.send_message(draft, &alice, Timestamp::now()).await.unwrap();
    server.stop().await;

    let server = Server::start(settings()).await.unwrap();
    let text = confab_protocol::rest::SearchText::parse("needle");
    let found = server.store().search(&general, &text, 10, 0).await.unwrap();
    assert_eq!(found.iter().map(|m| m.msg.as_str()).collect::<Vec<_>>(), ["a durable needle"]);
    server.stop().await;
}

#[tokio::test]
async fn spotlight_finds_people_and_rooms_the_user_may_see_by_name() {
    let app = TestServer::start().await;
    let (bob, carol) = (app.session("bob").await, app.session("carol").await);
    let spot = |who: &Session, query: &str| {
        let path = format!("/api/v1/spotlight?query={}", query.replace('#', "%23").replace('@', "%40"));
        let (app, who) = (&app, who.clone());
        async move { app.get(&who, &path).await.json::<Value>().await.unwrap() }
    };
    let names = |answer: &Value, list: &str, key: &str| -> Vec<String> {
        answer[list].as_array().unwrap().iter().map(|r| r[key].as_str().unwrap().to_owned()).collect()
    };
    // "d" finds design only for carol, who is in it; the public channels for anyone.
    assert!(names(&spot(&bob, "de").await, "rooms", "name").is_empty(), "a private room bob is not in");
    assert_eq!(names(&spot(&carol, "de").await, "rooms", "name"), ["design"]);
    assert_eq!(names(&spot(&bob, "Gen").await, "rooms", "name"), ["general"], "by full name, any case");
    let both = spot(&bob, "ca").await;
    assert_eq!(names(&both, "users", "username"), ["carol"]);
    assert!(spot(&bob, "#ca").await["users"].as_array().unwrap().is_empty(), "# asks for rooms only");
    assert!(spot(&bob, "@gen").await["rooms"].as_array().unwrap().is_empty(), "@ asks for users only");
    assert!(names(&spot(&bob, "%").await, "rooms", "name").is_empty(), "wildcards are taken literally");
}

#[tokio::test]
async fn a_nul_in_a_search_is_refused_and_other_control_characters_part_words() {
    let app = TestServer::start().await;
    let alice = app.session("alice").await;
    let general = app.room_id(&alice, "general").await;
    sent(&app, &alice, &general, "alpha beta").await;
    let (status, body) = search(&app, &alice, &general, "a\u{0}b").await;
    assert_eq!(
        (status, body["success"].as_bool(), body["errorType"].as_str()),
        (400, Some(false), Some("error-invalid-params")),
        "{body}"
    );
    let (status, body) = search(&app, &alice, &general, "alpha\u{7}be").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(texts(&body), ["alpha beta"]);
}

#[tokio::test]
async fn the_directory_lists_public_channels_by_name_a_page_at_a_time_and_never_a_private_group() {
    let app = TestServer::start().await;
    let carol = app.session("carol").await;
    let names = |page: &Value| -> Vec<String> {
        page["result"].as_array().unwrap().iter().map(|r| r["name"].as_str().unwrap().to_owned()).collect()
    };
    // carol is in general and design, not in random: the directory shows her random too.
    let all: Value = app.get(&carol, "/api/v1/directory?type=channels").await.json().await.unwrap();
    assert_eq!(names(&all), ["general", "random"], "design is a private group: {all}");
    assert_eq!((all["total"].clone(), all["count"].clone(), all["offset"].clone()), (json!(2), json!(2), json!(0)));
    let random: Value = app.get(&carol, "/api/v1/directory?text=AND").await.json().await.unwrap();
    assert_eq!(names(&random), ["random"], "the name contains the text, in any case");
    assert_eq!(random["result"][0]["usersCount"], 2);
    let second: Value = app.get(&carol, "/api/v1/directory?count=1&offset=1").await.json().await.unwrap();
    assert_eq!((names(&second), second["total"].clone()), (vec!["random".to_owned()], json!(2)));
    let design: Value = app.get(&carol, "/api/v1/directory?text=design").await.json().await.unwrap();
    assert_eq!(design["total"], 0);
    assert_eq!(app.get(&carol, "/api/v1/directory?type=users").await.status(), 400);
    let long = "x".repeat(1000);
    assert_eq!(app.get(&carol, &format!("/api/v1/directory?text={long}")).await.status(), 400);
}

#[tokio::test]
async fn a_common_words_page_is_read_newest_first_from_the_index_not_sorted_from_every_match() {
    let app = TestServer::start().await;
    let alice = app.session("alice").await;
    let rid = app.room_id(&alice, "general").await;
    let store = app.server.store();
    let author = store.user_by_username("carol").await.unwrap().unwrap();
    let start = Timestamp::now().millis() - 10_000_000;
    let history = (0..3_000_i64).map(|n| {
        Message::new(
            format!("bulk{n:013}"),
            &rid,
            format!("routine update number {n}"),
            author.to_ref(),
            Timestamp(start + n),
        )
    });
    store.insert_history(history.collect()).await.unwrap();
    store.analyze_messages().await.unwrap();

    // "routine" is in every message: the plan must stop at the page, whatever the statistics.
    for text in ["routine", "routine from:carol", "update rout"] {
        let plan = store.search_plan(&rid, &SearchText::parse(text)).await.unwrap();
        if store.backend_name() == "SQLite" {
            assert!(plan[0].starts_with("SCAN f VIRTUAL TABLE"), "the index leads: {plan:?}");
            assert!(!plan.iter().any(|step| step.contains("TEMP B-TREE")), "every match sorted: {plan:?}");
        } else {
            assert!(
                !plan.iter().any(|step| step.trim_start().trim_start_matches("->  ").starts_with("Sort")),
                "{plan:?}"
            );
        }
    }
    let page = search(&app, &alice, &rid, "routine").await.1;
    assert_eq!(texts(&page)[..2], ["routine update number 2999", "routine update number 2998"], "newest first");
}
