//! Streamed answers: a bot appends an answer piece by piece over REST while Bob's browser shows
//! it and 1,000 background clients follow the room's pieces. Measured: the time from the bot's
//! append to the piece in Bob's DOM (one clock: everything is on this machine), the server's CPU
//! per piece, and the bytes that reach Bob's browser, on the wire, for an answer of 2,000 tokens
//! against the answer's own size: appended a token at a time by REST, and written by the agent
//! bridge from a model stand-in.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use confab_e2e::model_stand_in::{ModelStandIn, Reply};
use confab_e2e::{Browser, Chromedriver, CuttingProxy, TestServer, eventually};
use serde_json::{Value, json};

use crate::crowd::{Crowd, Priority};
use crate::{load, stats};

/// Pieces timed for latency, one every [`PACE`], as a model writes them.
const TIMED_PIECES: usize = 500;
/// About a token every 20 ms: a brisk model.
const PACE: Duration = Duration::from_millis(20);
/// The answer whose bytes on the wire are counted.
const LONG_ANSWER: usize = 2_000;

/// Counts what Bob's sockets hand the page (inflated), before the app's scripts run.
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

/// Someone in the room calling REST with their token: the bot writing answers, or a member
/// asking the agent.
struct Member {
    http: reqwest::Client,
    base: String,
    user_id: String,
    token: String,
}

impl Member {
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

/// The model's answer: 2,000 plain words of Confab's README (no markup, so the page shows them
/// as they are), each a token.
fn model_tokens() -> Vec<String> {
    let plain = |word: &&str| {
        let word = word.trim_end_matches([',', '.']);
        !word.is_empty() && word.chars().all(|c| c.is_ascii_alphabetic())
    };
    include_str!("../../../README.md")
        .split_whitespace()
        .filter(plain)
        .take(LONG_ANSWER)
        .map(|w| format!("{w} "))
        .collect()
}

impl Member {
    /// Mentions the agent's bot in room `rid` and waits for its answer to end: its id and text.
    async fn ask_the_agent(&self, rid: &str) -> (String, String) {
        let url = format!("{}/api/v1/chat.sendMessage", self.base);
        let asked = json!({"message": {"rid": rid, "msg": "@writer tell me about Confab"}});
        load::post_as(&self.http, &url, &self.user_id, &self.token, &asked).await;
        // 2,000 tokens at the model's pace take about 40 s: longer than a test's usual wait.
        let deadline = tokio::time::Instant::now() + Duration::from_secs(180);
        loop {
            if let Some(answer) = self.last_answer(rid).await {
                return answer;
            }
            assert!(tokio::time::Instant::now() < deadline, "the agent's answer did not end");
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }

    /// The room's last message, if it is the agent's finished answer: its id and text.
    async fn last_answer(&self, rid: &str) -> Option<(String, String)> {
        let url = format!("{}/api/v1/channels.history?roomId={rid}&count=1", self.base);
        let history: Value = self
            .http
            .get(url)
            .header("X-User-Id", &self.user_id)
            .header("X-Auth-Token", &self.token)
            .send()
            .await
            .ok()?
            .json()
            .await
            .ok()?;
        let last = history["messages"].get(0)?;
        let ended = last["u"]["username"] == "writer" && last["stream"] == "done";
        ended.then_some((last["_id"].as_str()?.to_owned(), last["msg"].as_str()?.to_owned()))
    }
}

/// A row of the bytes table: what reached Bob, on the wire and inflated, while `answer` was
/// written and until his page showed all of it.
async fn bytes_row(
    bob: &Browser,
    wire: &CuttingProxy,
    label: &str,
    answer: impl std::future::Future<Output = (String, String)>,
) -> String {
    let before = bob.script("return window.__socketBytes", vec![]).await.as_u64().unwrap_or(0);
    let wire_before = wire.downloaded();
    let (id, text) = answer.await;
    let words = text.split_whitespace().count();
    eventually("Bob to see the whole answer", || async {
        let script = "const m = document.querySelector(`.message[data-message-id='${arguments[0]}'] .message-text`); \
            return m && !m.hasAttribute('aria-busy') ? m.textContent.trim().split(/\\s+/).length : null;";
        (bob.script(script, vec![json!(id)]).await.as_u64() == Some(words as u64)).then_some(())
    })
    .await;
    let inflated = bob.script("return window.__socketBytes", vec![]).await.as_u64().unwrap_or(0) - before;
    let on_wire = wire.downloaded() - wire_before;
    format!("| {label} | {} B | {on_wire} B | {:.2} × | {inflated} B |", text.len(), on_wire as f64 / text.len() as f64)
}

pub async fn run(background: usize) -> String {
    let data = tempfile::tempdir().expect("a temporary directory");
    let model = ModelStandIn::start(vec![Reply::Stream { pieces: model_tokens(), every: PACE, cut_after: None }]).await;
    let url = model.url();
    let agent = ["--max-answer-chars", "100000", "--agent-url", &url, "--agent-bot", "writer"];
    let server: TestServer = load::server_with(data.path(), &agent).await;
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
    let bot = Member {
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
    // Bob's browser reaches the server through a proxy that counts what crosses the wire.
    let wire = CuttingProxy::start(server.port()).await;
    bob.sign_in(&wire.url("/"), "bob").await;
    bob.open_room("answers").await;
    let crowd = Crowd::gather(
        &load::websocket_url(&server),
        &crowd_token,
        background,
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
    let expected = (background * TIMED_PIECES) as u64;
    let fanned_out = eventually("the background clients to hear every piece", || async {
        Some(crowd.delivered() - delivered_before).filter(|&heard| heard >= expected)
    })
    .await;

    // Bytes: a 2,000-piece answer, appended as fast as the bot can, and at the model's pace; then
    // 2,000 tokens from the model stand-in through the agent bridge, as the product writes them.
    let mut bytes_rows = Vec::new();
    for (paced, label) in
        [(false, "by REST, a token per append, back to back"), (true, "by REST, a token per append, every 20 ms")]
    {
        let row = bytes_row(&bob, &wire, label, async {
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
            (id, text)
        })
        .await;
        bytes_rows.push(row);
    }
    let label = "the agent bridge: a model writing a token every 20 ms";
    let asker = Member { http: bot.http.clone(), base: bot.base.clone(), user_id: crowd_id, token: crowd_token };
    bytes_rows.push(bytes_row(&bob, &wire, label, asker.ask_the_agent(&rid)).await);
    crowd.disperse().await;
    bob.close().await;
    drop(model);
    server.kill().await;
    format!(
        "## Streamed answers\n\nA bot appends an answer over REST, a piece every 20 ms (about 50 tokens a second), while Bob's \
         browser shows it and {background} background DDP clients follow the room's pieces at the lowest CPU priority.\n\n\
         | pieces timed | shown in Bob's DOM | append → Bob's DOM p50 | p99 | max | server CPU per piece | pieces delivered to the background |\n\
         |---:|---:|---:|---:|---:|---:|---:|\n\
         | {TIMED_PIECES} | {shown} | {:.1} ms | {:.1} ms | {:.1} ms | {:.2} ms | {fanned_out} |\n\n\
         Target: p99 ≤ 25 ms with 1,000 background clients. (A piece the next one overtook in Bob's DOM before a frame \
         was drawn is not counted as shown.)\n\n\
         Bytes that reached Bob's browser for an answer of {LONG_ANSWER} tokens, counted on the wire by a proxy in \
         front of the server (the socket is compressed with permessage-deflate), and what the page's socket \
         handed it once inflated:\n\n| appended | the answer | on the wire | ratio | inflated |\n|---|---:|---:|---:|---:|\n{}\n\n\
         Target: at most 1.5 × the answer's size. Each append is a frame to every reader: a frame per token costs \
         about three times the token even compressed, so the agent bridge gathers what its model writes for 150 ms \
         per append (the first token goes at once), and a bot on the REST or DDP calls should do the same.\n",
        stats::percentile(&latencies, 50.0),
        stats::percentile(&latencies, 99.0),
        latencies.last().copied().unwrap_or(f64::NAN),
        cpu_per_piece * 1000.0,
        bytes_rows.join("\n")
    )
}
