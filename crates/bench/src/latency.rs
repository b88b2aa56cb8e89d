//! Delivery latency: Alice sends from one browser, Bob's browser renders it; the time from her
//! Enter to the message appearing in his DOM (one clock: both are on this machine), 500 messages
//! one after another, with 0, 1,000 and 5,000 background DDP clients following the same room.

use confab_e2e::{Chromedriver, TestServer, eventually};
use serde_json::json;

use crate::crowd::{Crowd, Priority};
use crate::load;

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

const ENTER: &str = "performance.clearResourceTimings();
    const at = performance.timeOrigin + performance.now();
    document.querySelector('textarea.composer-input').dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    return at;";

/// When Alice's page started the message's `chat.sendMessage` request and when its response ended.
const REQUEST: &str =
    "const e = performance.getEntriesByType('resource').find(e => e.name.includes('chat.sendMessage'));
    return e ? [performance.timeOrigin + e.startTime, performance.timeOrigin + e.responseEnd] : null;";

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// One delivery's moments, in milliseconds on the machine's one clock.
struct Delivery {
    enter: f64,
    request: f64,
    response: f64,
    seen: f64,
}

/// One span of every delivery (a stage, or the whole way), shortest first.
fn spans(deliveries: &[Delivery], span: impl Fn(&Delivery) -> f64) -> Vec<f64> {
    let mut spans: Vec<f64> = deliveries.iter().map(span).collect();
    spans.sort_by(f64::total_cmp);
    spans
}

/// p50 and p99 of one stage of every delivery, as "p50 / p99".
fn stage(deliveries: &[Delivery], span: impl Fn(&Delivery) -> f64) -> String {
    let spans = spans(deliveries, span);
    format!("{:.1} / {:.1} ms", percentile(&spans, 50.0), percentile(&spans, 99.0))
}

pub async fn run(messages: usize, crowds: &[usize]) -> String {
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

    let (mut rows, mut stages) = (Vec::new(), Vec::new());
    for &background in crowds {
        let crowd = Crowd::gather(
            &load::websocket_url(&server),
            &crowd_token,
            background,
            Some("__my_messages__"),
            Priority::Lowest,
        )
        .await;
        let delivered_before = crowd.delivered();
        let mut deliveries = Vec::with_capacity(messages);
        for n in 0..messages {
            let text = format!("latency {background} {n}");
            alice.script(TYPE, vec![json!(text)]).await;
            let enter = alice.script(ENTER, vec![]).await.as_f64().expect("a send time");
            let seen = eventually(&format!("Bob to see {text:?}"), || async {
                bob.script("return window.__seen[arguments[0]] ?? null", vec![json!(text)]).await.as_f64()
            })
            .await;
            let (request, response) = eventually(&format!("Alice's request for {text:?} to end"), || async {
                let times = alice.script(REQUEST, vec![]).await;
                Some((times.get(0)?.as_f64()?, times.get(1)?.as_f64().filter(|end| *end > 0.0)?))
            })
            .await;
            deliveries.push(Delivery { enter, request, response, seen });
        }
        // Every background client hears every message, late as it may be at the lowest priority.
        let expected = (background * messages) as u64;
        let fanned_out = eventually("the background clients to hear every message", || async {
            Some(crowd.delivered() - delivered_before).filter(|&heard| heard >= expected)
        })
        .await;
        crowd.disperse().await;
        let latencies = spans(&deliveries, |d| d.seen - d.enter);
        rows.push(format!(
            "| {background} | {:.1} ms | {:.1} ms | {:.1} ms | {fanned_out} |",
            percentile(&latencies, 50.0),
            percentile(&latencies, 99.0),
            latencies.last().copied().unwrap_or(f64::NAN),
        ));
        stages.push(format!(
            "| {background} | {} | {} | {} |",
            stage(&deliveries, |d| d.request - d.enter),
            stage(&deliveries, |d| d.response - d.request),
            stage(&deliveries, |d| d.seen - d.request),
        ));
    }
    alice.close().await;
    bob.close().await;
    server.kill().await;
    format!(
        "## Delivery latency\n\nAlice's Enter in one browser → the message in Bob's DOM in another, {messages} messages one \
         after another, with background DDP clients (native sockets of one more member) following the room. They stand \
         in for other machines, so their threads run at the lowest CPU priority and their own reading is not charged to \
         the server or the browsers; the last column shows each of them still heard every message.\n\n\
         | background clients | p50 | p99 | max | deliveries to the background |\n|---:|---:|---:|---:|---:|\n{}\n\n\
         Target: p99 ≤ 25 ms with 1,000 background clients.\n\n\
         Where the time goes (p50 / p99 of each stage; Alice's request from the browser's resource timing):\n\n\
         | background clients | Enter → request sent | request → response | request sent → in Bob's DOM |\n\
         |---:|---:|---:|---:|\n{}\n",
        rows.join("\n"),
        stages.join("\n")
    )
}
