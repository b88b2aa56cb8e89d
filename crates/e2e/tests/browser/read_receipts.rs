//! Read receipts in a direct room: the sender sees "Sent" until the other person reads, then
//! "Read" — live, and still after a reload; a burst read along costs a few read requests, not
//! one per message.

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

    // A burst of messages while Bob reads along: his reads are coalesced, yet all end up read.
    // The burst is posted from Alice's page back to back, so it is a burst whatever the speed of
    // typing through the driver (ten typed messages take about three seconds).
    bob.script("performance.clearResourceTimings()", vec![]).await;
    let burst: Vec<String> = (1..=10).map(|n| format!("burst {n}")).collect();
    let direct = alice.api("im.create", Some(json!({"username": "bob"}))).await;
    let rid = direct["body"]["room"]["_id"].as_str().unwrap_or_else(|| panic!("the direct room: {direct}")).to_owned();
    let credentials = alice.chat_credentials().await;
    let post_all = "const [user, rid, texts, done] = arguments; (async () => { const statuses = []; \
        for (const msg of texts) { const r = await fetch('/api/v1/chat.sendMessage', { method: 'POST', \
            headers: { 'X-User-Id': user.userId, 'X-Auth-Token': user.userToken, 'Content-Type': 'application/json' }, \
            body: JSON.stringify({ message: { rid, msg } }) }); statuses.push(r.status); } \
        return statuses; })().then(done, e => done(String(e)));";
    let started = std::time::Instant::now();
    let statuses = alice.script_async(post_all, vec![credentials, json!(rid), json!(burst)]).await;
    assert_eq!(statuses, json!([200; 10].to_vec()), "the burst's sends");
    println!("burst of {} sent in {} ms", burst.len(), started.elapsed().as_millis());
    for text in &burst {
        bob.sees_once(text).await;
    }
    eventually("every message of the burst to read as read", || async {
        for text in &burst {
            if receipt(&alice, text).await.as_deref() != Some("read") {
                return None;
            }
        }
        Some(())
    })
    .await;
    let reads = bob
        .script(
            "return performance.getEntriesByType('resource').filter(e => e.name.includes('subscriptions.read')).length",
            vec![],
        )
        .await
        .as_u64()
        .unwrap_or_default();
    assert!((1..=3).contains(&reads), "ten messages read along took {reads} read requests");

    alice.goto(&server.url("/")).await;
    alice.open_room("bob").await;
    alice.sees_once("are you there?").await;
    // The reloaded room shows its history first and the receipts once its read state is in.
    eventually("the receipt to survive a reload", || async {
        (receipt(&alice, "are you there?").await.as_deref() == Some("read")).then_some(())
    })
    .await;

    alice.close().await;
    bob.close().await;
    server.kill().await;
}
