//! Opening a message by its permalink (Rocket.Chat's `/channel/<name>?msg=<id>`, or the page's
//! `?room=&msg=`), however old: the first of 10,000 messages opens
//! highlighted with a few hundred messages at most in the page, scrolling down from it loads the
//! next ones, and "Jump to latest" comes back to the newest. A deleted message opens to a notice.

use confab_e2e::{Browser, Chromedriver, TestServer, axe, eventually};
use serde_json::{Value, json};

/// Calls a history method over REST (`method.call`) as the page's user; its `result`.
async fn method(browser: &Browser, name: &str, params: Value) -> Value {
    let frame = json!({"msg": "method", "id": "1", "method": name, "params": params});
    let answer = browser.api(&format!("method.call/{name}"), Some(json!({"message": frame.to_string()}))).await;
    assert_eq!(answer["status"], 200, "{answer}");
    let result: Value = serde_json::from_str(answer["body"]["message"].as_str().unwrap()).unwrap();
    result["result"].clone()
}

const PAGE: &str = "const t = document.querySelector('.room-view .timeline');
    const marked = t?.querySelector('.message[data-highlighted] .message-text');
    const box = t?.getBoundingClientRect(), m = marked?.getBoundingClientRect();
    return { marked: marked?.textContent ?? null, count: t ? t.querySelectorAll('.message').length : 0,
             inView: !!(m && m.top >= box.top && m.bottom <= box.bottom),
             texts: Array.from(t ? t.querySelectorAll('.message-text') : []).map(e => e.textContent) };";

#[tokio::test(flavor = "multi_thread")]
async fn the_first_of_ten_thousand_messages_opens_highlighted_with_a_bounded_page() {
    let data = tempfile::tempdir().unwrap();
    let server = TestServer::start(data.path(), 0).await;
    server.admin(&["create-room", "--name", "archive", "--member", "bob"]).await;
    server.admin(&["fill-room", "--room", "archive", "--username", "bob", "--count", "10000"]).await;
    let driver = Chromedriver::start().await;
    let bob = driver.browser().await;
    bob.sign_in(&server.url("/"), "bob").await;
    let rooms = bob.api("rooms.get", None).await;
    let rid = rooms["body"]["update"].as_array().unwrap().iter().find(|r| r["name"] == "archive").unwrap()["_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let first = method(&bob, "loadNextMessages", json!([rid, {"$date": 0}, 2])).await;
    let (first_id, second_id) = (first["messages"][0]["_id"].clone(), first["messages"][1]["_id"].clone());
    assert_eq!(first["messages"][0]["msg"], "message 1");

    // Rocket.Chat's permalink form.
    bob.goto(&server.url(&format!("/channel/archive?msg={}", first_id.as_str().unwrap()))).await;
    let page = eventually("message 1 to show highlighted", || async {
        let page = bob.script(PAGE, vec![]).await;
        (page["marked"] == "message 1" && page["inView"] == json!(true)).then_some(page)
    })
    .await;
    let count = page["count"].as_u64().unwrap();
    assert!(count <= 210, "{count} message elements in the page");
    let texts: Vec<&str> = page["texts"].as_array().unwrap().iter().filter_map(Value::as_str).collect();
    assert!(!texts.contains(&"message 10000"), "the newest is not loaded around the first");
    assert!(bob.has(".timeline-start").await, "nothing is older than message 1");
    let violations = axe::check(&bob, "a timeline opened around its first message").await;
    assert!(violations.is_empty(), "axe: {violations:?}");

    // Scrolling down loads what follows; the page stays bounded.
    let mut most = count;
    for _ in 0..4 {
        let before = bob.script(PAGE, vec![]).await["texts"].as_array().unwrap().last().cloned();
        bob.script("const t = document.querySelector('.room-view .timeline'); t.scrollTop = t.scrollHeight;", vec![])
            .await;
        eventually("newer messages to load", || async {
            let now = bob.script(PAGE, vec![]).await;
            (now["texts"].as_array().unwrap().last().cloned() != before).then_some(())
        })
        .await;
        most = most.max(bob.script(PAGE, vec![]).await["count"].as_u64().unwrap());
    }
    assert!(most <= 210, "{most} message elements at most while scrolling down");

    bob.click(".jump-latest").await;
    bob.sees_once("message 10000").await;
    let latest = bob.script(PAGE, vec![]).await;
    assert!(!latest["texts"].as_array().unwrap().iter().any(|t| t == "message 1"), "back at the newest end");
    assert!(!bob.has(".jump-latest").await, "at the newest end, nothing to jump to");

    // A deleted message opens to a notice, not to an empty room.
    let deleted = bob.api("chat.delete", Some(json!({"roomId": rid, "msgId": second_id}))).await;
    assert_eq!(deleted["status"], 200, "{deleted}");
    bob.goto(&server.url(&format!("/?room=archive&msg={}", second_id.as_str().unwrap()))).await;
    eventually("the notice that the message cannot be shown", || async {
        bob.text_of(".notice").await.contains("This message cannot be shown").then_some(())
    })
    .await;
    println!("message 1 of 10,000 opened highlighted with {count} message elements; {most} at most scrolling down");

    bob.close().await;
    server.kill().await;
}
