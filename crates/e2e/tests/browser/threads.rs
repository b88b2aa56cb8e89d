//! Threads between two people: a reply shows in the thread, the parent counts it, and the room's
//! own timeline stays free of it.

use confab_e2e::{Chromedriver, TestServer, eventually};
use serde_json::json;

#[tokio::test(flavor = "multi_thread")]
async fn a_thread_reply_is_counted_on_its_parent_and_shown_in_the_thread() {
    let data = tempfile::tempdir().unwrap();
    let server = TestServer::start(data.path(), 0).await;
    let driver = Chromedriver::start().await;
    let (alice, bob) = driver.alice_and_bob_in(&server, "general").await;

    alice.send("lunch plans?").await;
    bob.sees_once("lunch plans?").await;
    alice.confirmed("lunch plans?").await;
    let open_thread = "const m = Array.from(document.querySelectorAll('.room-view .message')).find(m => m.querySelector('.message-text')?.textContent === 'lunch plans?');
                       const b = m && m.querySelector(arguments[0]); if (b) { b.click(); return true; } return false;";
    alice.click_in_message("lunch plans?", ".action-reply").await;
    alice.wait_for(".thread-panel").await;
    alice.send_in(".thread-panel", "noon at the usual place").await;

    eventually("bob to see the reply counted on the parent", || async {
        (bob.text_of(".room-view .thread-summary").await.starts_with("1 reply")).then_some(())
    })
    .await;
    assert_eq!(bob.count_messages("noon at the usual place").await, 0, "replies stay out of the room's timeline");
    assert_eq!(bob.script(open_thread, vec![json!(".thread-summary")]).await, json!(true));
    eventually("bob to read the reply in the thread", || async {
        let count = bob
            .script(
                "return Array.from(document.querySelectorAll('.thread-panel .message-text')).filter(e => e.textContent === arguments[0]).length",
                vec![json!("noon at the usual place")],
            )
            .await;
        (count == json!(1)).then_some(())
    })
    .await;

    alice.close().await;
    bob.close().await;
    server.kill().await;
}
