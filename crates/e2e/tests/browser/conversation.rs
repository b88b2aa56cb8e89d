//! The walking skeleton end to end: two people sign in, chat live, and find their conversation
//! still there after the server is killed and started again on the same database.

use confab_e2e::{Chromedriver, TestServer};

#[tokio::test(flavor = "multi_thread")]
async fn alice_and_bob_chat_live_and_the_history_survives_a_restart() {
    let data = tempfile::tempdir().unwrap();
    let server = TestServer::start(data.path(), 0).await;
    let driver = Chromedriver::start().await;
    let (alice, bob) = driver.alice_and_bob_in(&server, "general").await;
    // The seeded history is there before anyone types.
    alice.sees_once("Welcome to Confab! This is the general channel.").await;
    bob.sees_once("Welcome to Confab! This is the general channel.").await;

    alice.send("hello bob").await;
    // The sender sees it at once, before any other browser does.
    alice.sees_once("hello bob").await;
    bob.sees_once("hello bob").await;
    bob.send("hi alice").await;
    alice.sees_once("hi alice").await;
    // Alice saw Bob's reply, so her own message's REST answer and stream echo have long arrived:
    // it must still be there exactly once, and confirmed.
    assert_eq!(alice.count_messages("hello bob").await, 1);
    assert_eq!(bob.count_messages("hello bob").await, 1);
    assert_eq!(bob.count_messages("hi alice").await, 1);
    alice.confirmed("hello bob").await;

    let server = server.restart().await;
    bob.reload().await;
    bob.wait_for(".room-list").await;
    bob.open_room("general").await;
    bob.sees_once("hello bob").await;
    bob.sees_once("hi alice").await;

    alice.close().await;
    bob.close().await;
    server.kill().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn without_a_sign_in_the_app_shows_a_clear_error_instead_of_a_blank_page() {
    let data = tempfile::tempdir().unwrap();
    let server = TestServer::start(data.path(), 0).await;
    let driver = Chromedriver::start().await;
    let browser = driver.browser().await;

    // The front door sends an unknown browser to the demo sign-in page...
    browser.goto(&server.url("/")).await;
    browser.wait_for("form[action='/demo/sign-in']").await;
    // ...and the app itself, reached directly, explains what is wrong.
    browser.goto(&server.url("/index.html")).await;
    browser.wait_for(".status-screen [role='alert']").await;
    let text = browser.script("return document.querySelector('.status-screen').textContent", vec![]).await;
    let text = text.as_str().unwrap_or_default();
    assert!(text.contains("Not signed in"), "{text}");
    assert!(!text.contains('{'), "no raw JSON is shown: {text}");

    browser.close().await;
    server.kill().await;
}
