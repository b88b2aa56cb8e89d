//! Links in messages against the real server: previews read from a local page and sent again as
//! a change, with the page's picture kept as a file of the room that goes with the message,
//! addresses on blocked networks never requested, and quotes that show a message only
//! where everyone reading it may read the original.

use crate::common;

use common::{PageServer, Session, Socket, TestServer, WAIT};
use serde_json::{Value, json};

const PAGE: &str = r#"<!doctype html><html><head><title>Harbour notes</title>
<meta property="og:title" content="The harbour at dawn">
<meta property="og:description" content="Boats, gulls and fog.">
<meta property="og:image" content="/cover.png">
<meta name="twitter:card" content="summary_large_image">
</head><body><script>alert(1)</script></body></html>"#;

async fn statistics(app: &TestServer, admin: &Session) -> Value {
    app.get(admin, "/api/v1/statistics").await.json().await.unwrap()
}

/// Waits until the server has tried `n` previews in all, whatever came of them.
async fn previews_tried(app: &TestServer, admin: &Session, n: u64) -> Value {
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        let counts = statistics(app, admin).await["linkPreviews"].clone();
        let tried: u64 = ["read", "refused", "failed"].iter().map(|k| counts[k].as_u64().unwrap_or(0)).sum();
        if tried >= n {
            return counts;
        }
        assert!(tokio::time::Instant::now() < deadline, "timed out waiting for {n} previews: {counts}");
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn a_link_gets_its_preview_and_the_message_is_sent_again_as_changed() {
    let cover = confab_hostile::png(1200, 600);
    let site = PageServer::start(vec![
        ("/notes", "text/html; charset=utf-8", PAGE.as_bytes().to_vec()),
        ("/cover.png", "image/png", cover),
    ])
    .await;
    let app = TestServer::start_with(|s| s.fetch_private_addresses = true).await;
    let alice = app.session("alice").await;
    let bob = app.session("bob").await;
    let general = app.room_id(&alice, "general").await;
    let mut socket = Socket::logged_in(&app, &bob).await;
    assert_eq!(socket.subscribe("room", &general).await["msg"], "ready");

    let sent: Value = app.send(&alice, &general, &format!("look {}", site.url("/notes"))).await.json().await.unwrap();
    assert_eq!(sent["message"]["urls"], json!([{"url": site.url("/notes"), "meta": {}}]), "stored at once, unread");
    let first = socket.event(&general).await;
    assert_eq!(first[0]["urls"][0]["meta"], json!({}));
    let changed = socket.event(&general).await;
    let meta = &changed[0]["urls"][0]["meta"];
    assert_eq!(changed[0]["_id"], sent["message"]["_id"]);
    assert_eq!(meta["ogTitle"], "The harbour at dawn");
    assert_eq!(meta["ogDescription"], "Boats, gulls and fog.");
    assert_eq!(meta["ogImage"], site.url("/cover.png"));
    assert_eq!(meta["pageTitle"], "Harbour notes");
    assert_eq!(changed[0]["urls"][0]["headers"]["contentType"], "text/html; charset=utf-8");
    assert_eq!(site.hits(), 2, "the page and its picture, once each");

    // The picture is the server's own copy, scaled to the card and served to the room's readers.
    let picture = &changed[0]["urls"][0]["picture"];
    assert_eq!((picture["width"].as_u64(), picture["height"].as_u64()), (Some(480), Some(240)), "{picture}");
    let address = picture["url"].as_str().unwrap();
    assert!(address.starts_with("/file-upload/"), "{address}");
    let served = app.get(&bob, address).await;
    assert_eq!(served.status(), 200);
    let read = image::load_from_memory(&served.bytes().await.unwrap()).unwrap();
    assert_eq!((read.width(), read.height()), (480, 240));
    assert_eq!(site.hits(), 2, "readers never ask the page's site");

    // An edit that keeps the address keeps its card and picture without reading the page again.
    let id = sent["message"]["_id"].as_str().unwrap();
    let edit =
        |text: String| app.post(&alice, "/api/v1/chat.update", json!({"roomId": general, "msgId": id, "text": text}));
    let edited: Value = edit(format!("a must: {}", site.url("/notes"))).await.json().await.unwrap();
    assert_eq!(edited["message"]["urls"][0]["picture"], *picture, "{edited}");
    assert_eq!(edited["message"]["urls"][0]["meta"]["ogTitle"], "The harbour at dawn");
    assert_eq!(site.hits(), 2);
    assert_eq!(app.get(&bob, address).await.status(), 200);
    // One that drops it lets its picture go.
    let edited: Value = edit("never mind".into()).await.json().await.unwrap();
    assert!(edited["message"].get("urls").is_none_or(Value::is_null), "{edited}");
    assert_eq!(app.get(&bob, address).await.status(), 404, "the dropped link's picture is gone");
    let edited: Value = edit(format!("after all: {}", site.url("/notes"))).await.json().await.unwrap();
    assert_eq!(edited["message"]["urls"][0]["meta"], json!({}), "read anew");
    let changed = loop {
        let event = socket.event(&general).await;
        let after_all = event[0]["msg"].as_str().is_some_and(|text| text.starts_with("after all"));
        if after_all && event[0]["urls"][0]["picture"].is_object() {
            break event;
        }
    };
    let address = changed[0]["urls"][0]["picture"]["url"].as_str().unwrap().to_owned();
    assert_eq!(site.hits(), 4, "the page and its picture read again");
    let address = address.as_str();

    let deleted =
        app.post(&alice, "/api/v1/chat.delete", json!({"roomId": general, "msgId": sent["message"]["_id"]})).await;
    assert_eq!(deleted.status(), 200);
    assert_eq!(app.get(&bob, address).await.status(), 404, "the picture goes with its message");
}

#[tokio::test]
async fn a_page_whose_picture_cannot_be_read_gets_its_card_without_one() {
    let not_a_picture = b"<html>not a picture</html>".to_vec();
    let site = PageServer::start(vec![
        ("/notes", "text/html", PAGE.as_bytes().to_vec()),
        ("/cover.png", "image/png", not_a_picture),
    ])
    .await;
    let app = TestServer::start_with(|s| s.fetch_private_addresses = true).await;
    let alice = app.session("alice").await;
    let general = app.room_id(&alice, "general").await;
    let sent: Value = app.send(&alice, &general, &format!("look {}", site.url("/notes"))).await.json().await.unwrap();
    previews_tried(&app, &alice, 1).await;
    let id = sent["message"]["_id"].as_str().unwrap().to_owned();
    let deadline = tokio::time::Instant::now() + WAIT;
    let url = loop {
        assert!(tokio::time::Instant::now() < deadline, "timed out waiting for the card");
        let found: Value = app.get(&alice, &format!("/api/v1/chat.getMessage?msgId={id}")).await.json().await.unwrap();
        let url = found["message"]["urls"][0].clone();
        if !url["meta"].as_object().is_some_and(|meta| meta.is_empty()) {
            break url;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    };
    assert_eq!(url["meta"]["ogTitle"], "The harbour at dawn", "{url}");
    assert!(url.get("picture").is_none(), "no picture: {url}");
    assert_eq!(site.hits(), 2);
    assert_eq!(app.stored_files(), (0, 0), "nothing kept");
}

#[tokio::test]
async fn an_address_on_a_blocked_network_is_never_requested() {
    let site = PageServer::start(vec![("/notes", "text/html", PAGE.as_bytes().to_vec())]).await;
    let app = TestServer::start().await;
    let alice = app.session("alice").await;
    let general = app.room_id(&alice, "general").await;
    let port = site.addr.port();
    for address in [
        site.url("/notes"),
        format!("http://localhost:{port}/notes"),
        format!("http://[::ffff:127.0.0.1]:{port}/notes"),
        format!("http://2130706433:{port}/notes"),
    ] {
        let sent: Value = app.send(&alice, &general, &format!("see [this]({address})")).await.json().await.unwrap();
        assert_eq!(sent["message"]["urls"][0]["url"], address.as_str(), "{sent}");
    }
    let counts = previews_tried(&app, &alice, 4).await;
    assert_eq!(counts["read"], 0, "{counts}");
    assert_eq!(site.hits(), 0, "the local page was never requested");
    let history: Value =
        app.get(&alice, &format!("/api/v1/channels.history?roomId={general}")).await.json().await.unwrap();
    let linked: Vec<&Value> =
        history["messages"].as_array().unwrap().iter().filter(|m| m.get("urls").is_some()).collect();
    assert_eq!(linked.len(), 4);
    assert!(linked.iter().all(|m| m["urls"][0]["meta"] == json!({})), "no preview was stored");
}

async fn message_id(sent: reqwest::Response) -> String {
    let body: Value = sent.json().await.unwrap();
    body["message"]["_id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_quote_shows_the_message_only_where_its_readers_may_read_it() {
    let app = TestServer::start().await;
    let alice = app.session("alice").await;
    let bob = app.session("bob").await;
    let general = app.room_id(&alice, "general").await;
    let design = app.room_id(&alice, "design").await;
    let public = message_id(app.send(&bob, &general, "the ship sails at noon").await).await;
    let secret = message_id(app.send(&alice, &design, "the launch date is secret").await).await;

    let quoting = format!("[ ](http://chat.example/channel/general?msg={public}) agreed");
    let body: Value = app.send(&alice, &general, &quoting).await.json().await.unwrap();
    let quote = &body["message"]["attachments"][0];
    assert_eq!(quote["author_name"], "Bob Marley", "the quote names its author as everywhere else");
    assert_eq!(quote["author_icon"], "/avatar/bob");
    assert_eq!(quote["text"], "the ship sails at noon");
    assert!(quote["ts"].is_object() || quote["ts"].is_string(), "{quote}");
    assert_eq!(body["message"]["urls"][0]["ignoreParse"], true, "a quote's link is not previewed");

    // Alice may read design, but general's readers (bob) may not: nothing of it is quoted there.
    let leaking = format!("[ ](http://chat.example/group/design?msg={secret}) look");
    let body: Value = app.send(&alice, &general, &leaking).await.json().await.unwrap();
    assert!(body["message"].get("attachments").is_none(), "{body}");
    // Bob cannot read design at all: quoting it into a room he shares with alice shows nothing.
    let prying = format!("[ ](http://chat.example/group/design?msg={secret}) what is this?");
    let body: Value = app.send(&bob, &general, &prying).await.json().await.unwrap();
    assert!(body["message"].get("attachments").is_none(), "{body}");
    assert!(!body.to_string().contains("launch date"));
    // In design itself, alice's quote of it is shown.
    let inside = format!("[ ](http://chat.example/group/design?msg={secret}) as said");
    let body: Value = app.send(&alice, &design, &inside).await.json().await.unwrap();
    assert_eq!(body["message"]["attachments"][0]["text"], "the launch date is secret");
    // An edit that removes the permalink removes the quote.
    let edited = app
        .post(
            &alice,
            "/api/v1/chat.update",
            json!({"roomId": design, "msgId": body["message"]["_id"], "text": "never mind"}),
        )
        .await;
    let edited: Value = edited.json().await.unwrap();
    assert!(edited["message"].get("attachments").is_none(), "{edited}");
}
