//! Read receipts in a direct room: the sender sees "Sent" until the other person reads, then
//! "Read" — live, and still after a reload.

use confab_e2e::{Browser, Chromedriver, TestServer, eventually};
use serde_json::json;

async fn receipt(browser: &Browser, text: &str) -> Option<String> {
    let script = "const m = Array.from(document.querySelectorAll('.message')).find(m => m.querySelector('.message-text')?.textContent === arguments[0]);
                  const r = m && m.querySelector('.receipt'); return r ? r.dataset.receipt : null;";
    browser.script(script, vec![json!(text)]).await.as_str().map(str::to_owned)
}

#[tokio::test(flavor = "multi_thread")]
async fn the_sender_sees_when_a_direct_message_is_read() {
    let data = tempfile::tempdir().unwrap();
    let server = TestServer::start(data.path(), 0).await;
    let driver = Chromedriver::start().await;
    let (alice, bob) = driver.alice_and_bob(&server).await;
    alice.open_room("bob").await;
    bob.open_room("general").await;

    alice.send("are you there?").await;
    eventually("the receipt to say sent", || async {
        (receipt(&alice, "are you there?").await.as_deref() == Some("sent")).then_some(())
    })
    .await;

    bob.open_room("alice").await;
    bob.sees_once("are you there?").await;
    eventually("the receipt to say read", || async {
        (receipt(&alice, "are you there?").await.as_deref() == Some("read")).then_some(())
    })
    .await;

    alice.goto(&server.url("/")).await;
    alice.open_room("bob").await;
    alice.sees_once("are you there?").await;
    assert_eq!(receipt(&alice, "are you there?").await.as_deref(), Some("read"), "the receipt survives a reload");

    alice.close().await;
    bob.close().await;
    server.kill().await;
}
