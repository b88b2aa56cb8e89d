//! Delivery latency: Alice sends from one browser, Bob's browser renders it; the time from her
//! Enter to the message appearing in his DOM (one clock: both are on this machine), 500 messages
//! one after another, with 0, 1,000 and 5,000 background DDP clients following the same room.

use confab_e2e::{Chromedriver, TestServer, eventually};
use serde_json::json;

use crate::crowd::Crowd;
use crate::load;

const MESSAGES: usize = 500;
const CROWDS: [usize; 3] = [0, 1_000, 5_000];

/// Records, in Bob's page, when each message text first appears in the room.
const WATCH: &str = "window.__seen = {};
    new MutationObserver(() => {
        const now = performance.timeOrigin + performance.now();
        for (const m of document.querySelectorAll('.room-view .message-text')) {
            if (!(m.textContent in window.__seen)) window.__seen[m.textContent] = now;
        }
    }).observe(document.querySelector('.room-view'), { childList: true, subtree: true, characterData: true });";

/// Types into Alice's composer (Enter comes in a second call, once the app has re-rendered).
const TYPE: &str = "const box = document.querySelector('textarea.composer-input');
    Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value').set.call(box, arguments[0]);
    box.dispatchEvent(new InputEvent('input', { bubbles: true }));";

const ENTER: &str = "const at = performance.timeOrigin + performance.now();
    document.querySelector('textarea.composer-input').dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    return at;";

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

pub async fn run() -> String {
    let data = tempfile::tempdir().expect("a temporary directory");
    let server: TestServer = load::server(data.path()).await;
    server.admin(&["create-user", "--username", "crowd"]).await;
    server
        .admin(&["create-room", "--name", "latency", "--member", "alice", "--member", "bob", "--member", "crowd"])
        .await;
    let (_, crowd_token) = load::credentials(&server, "crowd").await;
    let driver = Chromedriver::start().await;
    let (alice, bob) = driver.alice_and_bob_in(&server, "latency").await;
    bob.script(WATCH, vec![]).await;

    let mut rows = Vec::new();
    for background in CROWDS {
        let crowd =
            Crowd::gather(&load::websocket_url(&server), &crowd_token, background, Some("__my_messages__")).await;
        let delivered_before = crowd.delivered();
        let mut latencies = Vec::with_capacity(MESSAGES);
        for n in 0..MESSAGES {
            let text = format!("latency {background} {n}");
            alice.script(TYPE, vec![json!(text)]).await;
            let sent = alice.script(ENTER, vec![]).await.as_f64().expect("a send time");
            let seen = eventually(&format!("Bob to see {text:?}"), || async {
                bob.script("return window.__seen[arguments[0]] ?? null", vec![json!(text)]).await.as_f64()
            })
            .await;
            latencies.push(seen - sent);
        }
        let fanned_out = crowd.delivered() - delivered_before;
        crowd.disperse().await;
        latencies.sort_by(f64::total_cmp);
        rows.push(format!(
            "| {background} | {:.1} ms | {:.1} ms | {:.1} ms | {fanned_out} |",
            percentile(&latencies, 50.0),
            percentile(&latencies, 99.0),
            latencies.last().copied().unwrap_or(f64::NAN),
        ));
    }
    alice.close().await;
    bob.close().await;
    server.kill().await;
    format!(
        "## Delivery latency\n\nAlice's Enter in one browser → the message in Bob's DOM in another, {MESSAGES} messages one \
         after another, with background DDP clients (native sockets of one more member) following the room.\n\n\
         | background clients | p50 | p99 | max | deliveries to the background |\n|---:|---:|---:|---:|---:|\n{}\n\n\
         Target: p99 ≤ 25 ms with 1,000 background clients.\n",
        rows.join("\n")
    )
}
