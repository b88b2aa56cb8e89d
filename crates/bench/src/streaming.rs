//! Streamed answers: a bot appends an answer piece by piece over REST while Bob's browser shows
//! it and 1,000 background clients follow the room's pieces. Measured: the time from the bot's
//! append to the piece in Bob's DOM (one clock: everything is on this machine), the server's CPU
//! per piece, and the bytes Bob's socket receives for an answer of 2,000 pieces against the
//! answer's own size.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use confab_e2e::{Chromedriver, TestServer, eventually};
use serde_json::{Value, json};

use crate::crowd::{Crowd, Priority};
use crate::{load, stats};

/// Pieces timed for latency, one every [`PACE`], as a model writes them.
const TIMED_PIECES: usize = 500;
/// About a token every 20 ms: a brisk model.
const PACE: Duration = Duration::from_millis(20);
/// The answer whose bytes on the wire are counted.
const LONG_ANSWER: usize = 2_000;
const BACKGROUND: usize = 1_000;

/// Counts what Bob's sockets receive, before the app's scripts run.
const COUNT_SOCKET_BYTES: &str = "(() => { const Native = window.WebSocket; window.__socketBytes = 0; \
    window.WebSocket = class extends Native { constructor(...args) { super(...args); \
      this.addEventListener('message', e => { window.__socketBytes += new TextEncoder().encode(e.data).length; }); } }; })();";

/// Records, in Bob's page, when each numbered piece (`p17 `) first shows in the room.
const WATCH: &str = "window.__pieces = {};
    new MutationObserver(() => {
        const now = performance.timeOrigin + performance.now();
        for (const m of document.querySelectorAll('.room-view .message-text[aria-busy=true]')) {
            const words = m.textContent.trim().split(/\\s+/);
            const last = words[words.length - 1];
            if (last && last.startsWith('p') && !(last in window.__pieces)) window.__pieces[last] = now;
        }
    }).observe(document.querySelector('.room-view'), { childList: true, subtree: true, characterData: true });";

fn now_ms() -> f64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs_f64() * 1000.0).unwrap_or_default()
}

struct Bot {
    http: reqwest::Client,
    base: String,
    user_id: String,
    token: String,
}

impl Bot {
    async fn call(&self, path: &str, body: Value) -> Value {
        let url = format!("{}/api/v1/{path}", self.base);
        let answer = load::post_as(&self.http, &url, &self.user_id, &self.token, &body).await;
        answer.json().await.expect("JSON")
    }

    async fn start(&self, rid: &str) -> String {
        let started = self.call("confab.streams.start", json!({"rid": rid})).await;
        started["message"]["_id"].as_str().expect("an answer id").to_owned()
    }

    async fn append(&self, id: &str, piece: &str) {
        self.call("confab.streams.append", json!({"messageId": id, "piece": piece})).await;
    }

    async fn end(&self, id: &str) {
        self.call("confab.streams.end", json!({"messageId": id, "state": "done"})).await;
    }
}

pub async fn run() -> String {
    let data = tempfile::tempdir().expect("a temporary directory");
    let server: TestServer = load::server_with(data.path(), &["--max-answer-chars", "100000"]).await;
    server.admin(&["create-user", "--username", "crowd"]).await;
    server.admin(&["create-user", "--username", "writer", "--name", "Writer", "--bot"]).await;
    server
        .admin(&[
            "create-room",
            "--name",
            "answers",
            "--member",
            "alice",
            "--member",
            "bob",
            "--member",
            "crowd",
            "--member",
            "writer",
        ])
        .await;
    let printed = server.admin(&["personal-token", "--username", "writer", "--name", "bench"]).await;
    let field = |name: &str| printed.lines().find_map(|l| l.strip_prefix(name)).unwrap_or_default().trim().to_owned();
    let bot = Bot {
        http: reqwest::Client::new(),
        base: server.url(""),
        user_id: field("userId "),
        token: field("authToken "),
    };
    let (crowd_id, crowd_token) = load::credentials(&server, "crowd").await;
    let rid = load::room_id(&server, &crowd_id, &crowd_token, "answers").await;

    let driver = Chromedriver::start().await;
    let bob = driver.browser().await;
    bob.before_each_page(COUNT_SOCKET_BYTES).await;
    bob.sign_in(&server.url("/"), "bob").await;
    bob.open_room("answers").await;
    let crowd = Crowd::gather(
        &load::websocket_url(&server),
        &crowd_token,
        BACKGROUND,
        Some(&format!("{rid}/confab-piece")),
        Priority::Lowest,
    )
    .await;

    // Latency: a piece every 20 ms, each timed from just before its append to Bob's DOM.
    bob.script(WATCH, vec![]).await;
    let id = bot.start(&rid).await;
    bob.wait_for(&format!(".message[data-message-id='{id}'] .message-text[aria-busy=true]")).await;
    let pid = server.pid().expect("the server runs");
    let (cpu_before, delivered_before) = (load::cpu_seconds(pid), crowd.delivered());
    let mut sent = Vec::with_capacity(TIMED_PIECES);
    for n in 0..TIMED_PIECES {
        let next = tokio::time::Instant::now() + PACE;
        sent.push(now_ms());
        bot.append(&id, &format!("p{n} ")).await;
        tokio::time::sleep_until(next).await;
    }
    let cpu_per_piece = (load::cpu_seconds(pid) - cpu_before) / TIMED_PIECES as f64;
    let seen: Value = eventually("Bob to see every timed piece", || async {
        let seen = bob.script("return window.__pieces", vec![]).await;
        seen.get(format!("p{}", TIMED_PIECES - 1)).is_some().then_some(seen)
    })
    .await;
    let mut latencies: Vec<f64> =
        (0..TIMED_PIECES).filter_map(|n| Some(seen.get(format!("p{n}"))?.as_f64()? - sent[n])).collect();
    latencies.sort_by(f64::total_cmp);
    let shown = latencies.len();
    bot.end(&id).await;
    let expected = (BACKGROUND * TIMED_PIECES) as u64;
    let fanned_out = eventually("the background clients to hear every piece", || async {
        Some(crowd.delivered() - delivered_before).filter(|&heard| heard >= expected)
    })
    .await;

    // Bytes: a 2,000-piece answer, appended as fast as the bot can, and at the model's pace.
    let mut bytes_rows = Vec::new();
    for (paced, label) in [(false, "back to back"), (true, "a piece every 20 ms")] {
        let before = bob.script("return window.__socketBytes", vec![]).await.as_u64().unwrap_or(0);
        let id = bot.start(&rid).await;
        let mut text = String::new();
        for n in 0..LONG_ANSWER {
            let next = tokio::time::Instant::now() + PACE;
            let piece = format!("w{n} ");
            text.push_str(&piece);
            bot.append(&id, &piece).await;
            if paced {
                tokio::time::sleep_until(next).await;
            }
        }
        bot.end(&id).await;
        let words = text.split_whitespace().count();
        eventually("Bob to see the whole answer", || async {
            let script = "const m = document.querySelector(`.message[data-message-id='${arguments[0]}'] .message-text`); \
                return m && !m.hasAttribute('aria-busy') ? m.textContent.trim().split(/\\s+/).length : null;";
            (bob.script(script, vec![json!(id)]).await.as_u64() == Some(words as u64)).then_some(())
        })
        .await;
        let received = bob.script("return window.__socketBytes", vec![]).await.as_u64().unwrap_or(0) - before;
        bytes_rows.push(format!(
            "| {label} | {} B | {received} B | {:.1} × |",
            text.len(),
            received as f64 / text.len() as f64
        ));
    }
    crowd.disperse().await;
    bob.close().await;
    server.kill().await;
    format!(
        "## Streamed answers\n\nA bot appends an answer over REST, a piece every 20 ms (about 50 tokens a second), while Bob's \
         browser shows it and {BACKGROUND} background DDP clients follow the room's pieces at the lowest CPU priority.\n\n\
         | pieces timed | shown in Bob's DOM | append → Bob's DOM p50 | p99 | max | server CPU per piece | pieces delivered to the background |\n\
         |---:|---:|---:|---:|---:|---:|---:|\n\
         | {TIMED_PIECES} | {shown} | {:.1} ms | {:.1} ms | {:.1} ms | {:.2} ms | {fanned_out} |\n\n\
         Target: p99 ≤ 25 ms with 1,000 background clients. (A piece the next one overtook in Bob's DOM before a frame \
         was drawn is not counted as shown.)\n\n\
         Bytes Bob's socket received for an answer of {LONG_ANSWER} pieces (every frame's text, as the page got it; the \
         socket is not compressed):\n\n| appended | the answer | Bob's socket | ratio |\n|---|---:|---:|---:|\n{}\n\n\
         Target: at most 1.5 × the answer's size.\n",
        stats::percentile(&latencies, 50.0),
        stats::percentile(&latencies, 99.0),
        latencies.last().copied().unwrap_or(f64::NAN),
        cpu_per_piece * 1000.0,
        bytes_rows.join("\n")
    )
}
