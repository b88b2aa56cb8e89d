//! Drafts outlive a reload: what was typed in a room, and in a thread of it, comes back after the
//! page reloads, each in its own place; a sent draft does not, and logging out leaves none in the
//! browser's storage.

use confab_e2e::{Browser, Chromedriver, TestServer, eventually};
use fantoccini::Locator;
use serde_json::json;

async fn composer_text(browser: &Browser, scope: &str) -> String {
    let script = "return document.querySelector(arguments[0] + ' textarea.composer-input')?.value ?? ''";
    browser.script(script, vec![json!(scope)]).await.as_str().unwrap_or_default().to_owned()
}

async fn stored_drafts(browser: &Browser) -> String {
    let script = "return Object.keys(localStorage).filter(k => k.startsWith('confab.drafts.')).map(k => localStorage[k]).join('')";
    browser.script(script, vec![]).await.as_str().unwrap_or_default().to_owned()
}

async fn reload(browser: &Browser, room: &str) {
    browser.reload().await;
    browser.wait_for(".room-list").await;
    browser.open_room(room).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_draft_survives_a_reload_and_is_gone_after_sending_and_after_logout() {
    let data = tempfile::tempdir().unwrap();
    let server = TestServer::start(data.path(), 0).await;
    let driver = Chromedriver::start().await;
    let alice = driver.browser().await;
    alice.sign_in(&server.url("/"), "alice").await;
    alice.open_room("general").await;
    alice.sees_once("Welcome to Confab! This is the general channel.").await;

    alice.type_text("half a thought about the roadmap").await;
    eventually("the draft to be stored", || async {
        stored_drafts(&alice).await.contains("half a thought about the roadmap").then_some(())
    })
    .await;
    reload(&alice, "general").await;
    eventually("the draft to come back after the reload", || async {
        (composer_text(&alice, ".room-view").await == "half a thought about the roadmap").then_some(())
    })
    .await;
    // Another room has its own (empty) draft; coming back restores this one.
    alice.open_room("random").await;
    assert_eq!(composer_text(&alice, ".room-view").await, "");
    alice.open_room("general").await;
    eventually("the room's draft to be back", || async {
        (composer_text(&alice, ".room-view").await == "half a thought about the roadmap").then_some(())
    })
    .await;

    // Sent: gone from the box, the storage and the next reload.
    alice.send(", finished").await;
    alice.sees_once("half a thought about the roadmap, finished").await;
    assert!(!stored_drafts(&alice).await.contains("half a thought"), "a sent draft is not kept");
    reload(&alice, "general").await;
    alice.sees_once("half a thought about the roadmap, finished").await;
    assert_eq!(composer_text(&alice, ".room-view").await, "", "a sent draft does not come back");

    // A thread has a draft of its own, beside the room's.
    alice.send("a question for a thread").await;
    alice.confirmed("a question for a thread").await;
    alice.click_in_message("a question for a thread", ".action-reply").await;
    alice.wait_for(".thread-panel textarea.composer-input").await;
    let thread_box =
        alice.client.find(Locator::Css(".thread-panel textarea.composer-input")).await.expect("the thread's composer");
    thread_box.send_keys("an answer in progress").await.expect("typing");
    eventually("the thread's draft to be stored", || async {
        stored_drafts(&alice).await.contains("an answer in progress").then_some(())
    })
    .await;
    reload(&alice, "general").await;
    assert_eq!(composer_text(&alice, ".room-view").await, "", "the thread's draft is not the room's");
    alice.click_in_message("a question for a thread", ".action-reply").await;
    eventually("the thread's draft to come back in the thread", || async {
        (composer_text(&alice, ".thread-panel").await == "an answer in progress").then_some(())
    })
    .await;
    alice.click(".thread-panel .close-thread").await;
    eventually("the thread to close", || async { (!alice.has(".thread-panel").await).then_some(()) }).await;

    // Logging out drops what is kept.
    alice.type_text("never sent").await;
    eventually("the new draft to be stored", || async {
        stored_drafts(&alice).await.contains("never sent").then_some(())
    })
    .await;
    alice.click(".sign-out").await;
    alice.wait_for(".status-screen").await;
    eventually("the drafts to leave storage at logout", || async {
        stored_drafts(&alice).await.is_empty().then_some(())
    })
    .await;

    alice.close().await;
    server.kill().await;
}
