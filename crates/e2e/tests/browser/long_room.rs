//! A room of 10,000 messages: the DOM stays bounded while the reader scrolls from the newest to
//! the oldest and down again, and the message under the reader's eyes stays in place whenever
//! the rendered slice moves either way or older messages arrive, across a day's divider.

use confab_e2e::{Chromedriver, TestServer, eventually};
use serde_json::json;

/// Scrolls to the top and reports, before the app has reacted (scroll events are dispatched
/// after this script returns), the first message and where it sits, how many are rendered, and
/// whether the oldest is among them.
const SCROLL_TO_TOP: &str = "const t = document.querySelector('.room-view .timeline'); t.scrollTop = 0;
    const first = t.querySelector('.message'); const box = t.getBoundingClientRect();
    return { id: first.dataset.messageId, top: first.getBoundingClientRect().top - box.top,
             count: t.querySelectorAll('.message').length,
             oldest: !!Array.from(t.querySelectorAll('.message-text')).find(e => e.textContent === 'message 1') };";

/// Whether the first rendered message is still `arguments[0]`.
const FIRST_IS: &str =
    "return document.querySelector('.room-view .timeline .message')?.dataset.messageId === arguments[0];";

/// Where message `arguments[0]` sits now, and how many messages are rendered.
const POSITION_OF: &str = "const t = document.querySelector('.room-view .timeline');
    const m = t.querySelector(`.message[data-message-id='${arguments[0]}']`);
    return { top: m ? m.getBoundingClientRect().top - t.getBoundingClientRect().top : null,
             count: t.querySelectorAll('.message').length };";

/// Scrolls to the bottom and reports, before the app has reacted, the last message and where it
/// sits, and whether the newest (`arguments[0]`) is among those rendered.
const SCROLL_TO_BOTTOM: &str = "const t = document.querySelector('.room-view .timeline'); t.scrollTop = t.scrollHeight;
    const all = t.querySelectorAll('.message'); const last = all[all.length - 1];
    return { id: last.dataset.messageId, top: last.getBoundingClientRect().top - t.getBoundingClientRect().top,
             newest: !!Array.from(t.querySelectorAll('.message-text')).find(e => e.textContent === arguments[0]) };";

/// Whether the last rendered message is still `arguments[0]`.
const LAST_IS: &str = "const all = document.querySelectorAll('.room-view .timeline .message');
    return all[all.length - 1]?.dataset.messageId === arguments[0];";

/// Waits until the slice has moved past the message `before` reported at its edge (`edge_is`:
/// [`FIRST_IS`] going up, [`LAST_IS`] going down), then checks that this message, the one in the
/// reader's view, stayed within 2 px of where it was. Returns how many messages are rendered.
async fn held_in_place(browser: &confab_e2e::Browser, before: &serde_json::Value, edge_is: &str, at: &str) -> u64 {
    let anchor = before["id"].clone();
    eventually("the slice to move", || async {
        (browser.script(edge_is, vec![anchor.clone()]).await == json!(false)).then_some(())
    })
    .await;
    let after = browser.script(POSITION_OF, vec![anchor]).await;
    let drift = (after["top"].as_f64().unwrap_or(f64::MAX) - before["top"].as_f64().unwrap()).abs();
    assert!(drift <= 2.0, "the message in view moved by {drift}px at {at}");
    after["count"].as_u64().unwrap()
}

/// Monday 15 June 2026, 01:00 UTC.
const AFTER_MIDNIGHT: i64 = 1_781_485_200_000;

#[tokio::test(flavor = "multi_thread")]
async fn ten_thousand_messages_scroll_with_a_bounded_dom_and_no_jumps() {
    let data = tempfile::tempdir().unwrap();
    // At 01:00, so that the room's three hours of history cross midnight: a day divider lies
    // in the slice as it moves.
    let server = TestServer::start_at(data.path(), AFTER_MIDNIGHT).await;
    server.admin(&["create-room", "--name", "archive", "--member", "alice", "--member", "bob"]).await;
    server.admin(&["fill-room", "--room", "archive", "--username", "bob", "--count", "10000"]).await;
    let driver = Chromedriver::start().await;
    let (alice, bob) = driver.alice_and_bob_in(&server, "archive").await;
    alice.sees_once("message 10000").await;

    let mut most = 0;
    let mut steps = 0;
    loop {
        let before = alice.script(SCROLL_TO_TOP, vec![]).await;
        most = most.max(before["count"].as_u64().unwrap());
        if before["oldest"] == json!(true) {
            break;
        }
        // The slice moves (or older messages arrive): the first message changes.
        let count = held_in_place(&alice, &before, FIRST_IS, &format!("step {steps} up")).await;
        most = most.max(count);
        assert!(count <= 200, "{count} messages in the DOM at step {steps}");
        steps += 1;
        assert!(steps < 1000, "never reached the oldest message");
    }
    println!("long room: reached message 1 of 10,000 in {steps} moves; at most {most} messages in the DOM");
    assert!(most <= 200);

    // A message arriving meanwhile is counted on the way back, not rendered at the far end.
    bob.send("fresh news").await;
    let label = eventually("the jump control to count the new message", || async {
        let label = alice.text_of(".jump-latest").await;
        label.contains("1 new").then_some(label)
    })
    .await;
    assert_eq!(alice.count_messages("fresh news").await, 0, "the slice stays at the oldest messages");
    println!("long room: scrolled up, the jump control reads {label:?}");

    // Down again, a slice at a time: the message in view stays in place at every move.
    for step in 0..20 {
        let before = alice.script(SCROLL_TO_BOTTOM, vec![json!("message 10000")]).await;
        assert_eq!(before["newest"], json!(false), "reached the newest end in {step} moves down");
        let count = held_in_place(&alice, &before, LAST_IS, &format!("step {step} down")).await;
        assert!(count <= 200, "{count} messages in the DOM at step {step} down");
    }

    // Back to the newest in one click.
    alice.click(".jump-latest").await;
    eventually("the newest messages to be rendered again", || async {
        (alice.count_messages("message 10000").await == 1 && alice.count_messages("fresh news").await == 1)
            .then_some(())
    })
    .await;
    assert!(!alice.has(".jump-latest").await, "the jump control goes once at the newest end");

    alice.close().await;
    bob.close().await;
    server.kill().await;
}
