//! The room list between two people: unread badges appear live, and opening the room reads it
//! (on the server too).

use confab_e2e::{Chromedriver, TestServer, eventually};
use serde_json::json;

/// The unread count the list shows for a room, 0 without a badge.
async fn badge(browser: &confab_e2e::Browser, room: &str) -> u64 {
    let script = "const b = document.querySelector(`.room-entry[data-room-name='${arguments[0]}'] .unread-badge`); return b ? Number(b.textContent) : 0";
    browser.script(script, vec![json!(room)]).await.as_u64().unwrap_or(0)
}

#[tokio::test(flavor = "multi_thread")]
async fn unread_badges_update_live_and_reading_the_room_clears_them() {
    let data = tempfile::tempdir().unwrap();
    let server = TestServer::start(data.path(), 0).await;
    let driver = Chromedriver::start().await;
    let alice = driver.browser().await;
    let bob = driver.browser().await;
    alice.sign_in(&server.url("/"), "alice").await;
    bob.sign_in(&server.url("/"), "bob").await;
    alice.open_room("random").await;
    bob.open_room("general").await;

    let before = badge(&alice, "general").await;
    bob.send("news for everyone").await;
    bob.sees_once("news for everyone").await;
    eventually("alice's general badge to count the new message", || async {
        (badge(&alice, "general").await == before + 1).then_some(())
    })
    .await;
    // The room moved to the top of its section.
    let first =
        alice.script("return document.querySelector('.room-section .room-entry').dataset.roomName", vec![]).await;
    assert_eq!(first, json!("general"));

    alice.open_room("general").await;
    alice.sees_once("news for everyone").await;
    eventually("the badge to clear", || async { (badge(&alice, "general").await == 0).then_some(()) }).await;
    // The server agrees: a reload lists the room from the server with nothing unread.
    alice.goto(&server.url("/")).await;
    alice.wait_for(".room-list .room-entry").await;
    eventually("the reloaded list to show general read", || async {
        (alice.has(".room-entry[data-room-name='general']").await && badge(&alice, "general").await == 0).then_some(())
    })
    .await;

    alice.close().await;
    bob.close().await;
    server.kill().await;
}
