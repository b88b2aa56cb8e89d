//! Support at scale: 10,000 visitors minted by the config endpoint, each with a conversation in
//! which they wrote, all waiting in the queue. Then what a member of the support team waits for
//! when their Support section loads (the queue's first page and their open and closed
//! conversations, read at once, as the section does), and the server's memory per idle visitor
//! socket (each a visitor of their own, following their conversation).

use std::time::Instant;

use futures_util::{StreamExt, stream};
use serde_json::{Value, json};

use crate::crowd::{Crowd, Priority};
use crate::{load, stats};

const VISITORS: usize = 10_000;
/// Requests in flight while the visitors are made.
const IN_FLIGHT: usize = 16;
/// Of the visitors, how many Bob takes, and of those how many he closes.
const TAKEN: usize = 100;
const CLOSED: usize = 50;
/// Loads of the Support section timed.
const LOADS: usize = 200;
const IDLE_VISITOR_SOCKETS: usize = 2_000;

struct Visitor {
    token: String,
    rid: String,
}

async fn ok(request: reqwest::RequestBuilder) -> Value {
    let answer = request.send().await.expect("the server answers");
    assert!(answer.status().is_success(), "refused: {}", answer.status());
    answer.json().await.expect("JSON")
}

pub async fn run() -> String {
    let data = tempfile::tempdir().expect("a temporary directory");
    let server = load::server(data.path()).await;
    let pid = server.pid().expect("the server is running");
    let http = reqwest::Client::new();

    // 10,000 visitors, as launchers and their apps make them: a config that stores nothing, then
    // the first words (registering, then writing by token), which start each conversation and put
    // it in the queue, then the config again, which now signs the visitor in.
    let started = Instant::now();
    let visitors: Vec<Visitor> = stream::iter(0..VISITORS)
        .map(|n| {
            let token = format!("bench-visitor-{n:010}");
            let config_url = server.url(&format!("/chat/config?clientType=web&visitor={token}"));
            let (http, server) = (http.clone(), &server);
            async move {
                let coming = ok(http.get(&config_url)).await;
                assert_eq!(coming["support"]["pending"], true, "nothing is stored before the visitor writes");
                ok(http.post(server.url("/api/v1/livechat/visitor")).json(&json!({"visitor": {"token": token}}))).await;
                let words = json!({"token": token, "msg": "Hello, I have a question about my order"});
                ok(http.post(server.url("/api/v1/livechat/message")).json(&words)).await;
                let config = ok(http.get(&config_url)).await;
                let field = |path: &[&str]| {
                    path.iter().fold(&config, |v, key| &v[*key]).as_str().expect("the config names it").to_owned()
                };
                Visitor { token: field(&["authentication", "userToken"]), rid: field(&["support", "rid"]) }
            }
        })
        .buffer_unordered(IN_FLIGHT)
        .collect()
        .await;
    let minted = started.elapsed().as_secs_f64();

    let (bob_id, bob_token) = load::credentials(&server, "bob").await;
    let as_bob =
        |request: reqwest::RequestBuilder| request.header("X-User-Id", &bob_id).header("X-Auth-Token", &bob_token);
    for (n, visitor) in visitors.iter().take(TAKEN).enumerate() {
        ok(as_bob(http.post(server.url("/api/v1/livechat/inquiries.take"))).json(&json!({"inquiryId": visitor.rid})))
            .await;
        if n < CLOSED {
            let close = json!({"rid": visitor.rid, "comment": "Answered"});
            ok(as_bob(http.post(server.url("/api/v1/livechat/room.closeByUser"))).json(&close)).await;
        }
    }

    // The Support section's load: its three reads at once, as Bob's browser makes them.
    let mut samples = Vec::with_capacity(LOADS);
    let mut waiting_total = 0;
    for _ in 0..LOADS {
        let started = Instant::now();
        let (queue, open, closed) = tokio::join!(
            ok(as_bob(http.get(server.url("/api/v1/livechat/inquiries.queued")))),
            ok(as_bob(http.get(server.url("/api/v1/livechat/rooms?open=true")))),
            ok(as_bob(http.get(server.url("/api/v1/livechat/rooms?open=false")))),
        );
        samples.push(started.elapsed().as_secs_f64() * 1000.0);
        waiting_total = queue["total"].as_u64().unwrap_or_default();
        assert_eq!(queue["inquiries"].as_array().map(Vec::len), Some(50), "a page of the queue");
        assert_eq!(open["total"], (TAKEN - CLOSED) as u64);
        assert_eq!(closed["total"], CLOSED as u64);
    }
    assert_eq!(waiting_total, (VISITORS - TAKEN) as u64);
    samples.sort_by(f64::total_cmp);

    // Memory: idle visitors' sockets, each logged in as its visitor and following their room.
    let logins: Vec<(String, Option<String>)> = visitors
        .iter()
        .skip(TAKEN)
        .take(IDLE_VISITOR_SOCKETS)
        .map(|v| (v.token.clone(), Some(v.rid.clone())))
        .collect();
    let before = load::resident_bytes(pid);
    let idle = Crowd::gather_each(&load::websocket_url(&server), logins, Priority::Normal).await;
    let after = load::resident_bytes(pid);
    idle.disperse().await;
    let per_socket = after.saturating_sub(before) as f64 / IDLE_VISITOR_SOCKETS as f64;
    server.kill().await;
    format!(
        "## Support at scale\n\nThe release build of confab-server on SQLite; the clients run on the same two \
         cores.\n\n\
         | figure | value |\n|---|---:|\n\
         | {VISITORS} visitors started as their apps start them ({IN_FLIGHT} at once): a config, their first words by token (registering, then writing, which queues the conversation), a config again | {minted:.1} s |\n\
         | conversations waiting when the section loads | {waiting_total} |\n\
         | Support section load (queue's first page, open and closed conversations, at once), {LOADS} loads | p50 {:.1} ms, p99 {:.1} ms |\n\
         | resident memory per idle visitor socket (own login, following their conversation), at {IDLE_VISITOR_SOCKETS} sockets | {:.1} kB |\n\n\
         Target: the section's load at p99 ≤ 100 ms.\n",
        stats::percentile(&samples, 50.0),
        stats::percentile(&samples, 99.0),
        per_socket / 1000.0,
    )
}
