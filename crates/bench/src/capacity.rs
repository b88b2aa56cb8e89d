//! Server capacity: resident memory per idle authenticated socket at 10,000 sockets, fan-out
//! deliveries per second to 1,000 subscribers, and server CPU time per message fanned out.

use std::time::{Duration, Instant};

use futures_util::{StreamExt, stream};
use serde_json::json;

use crate::crowd::{Crowd, Priority};
use crate::load;

const IDLE_SOCKETS: usize = 10_000;
const SUBSCRIBERS: usize = 1_000;
const MESSAGES: usize = 200;
const SENDS_IN_FLIGHT: usize = 16;
/// Sockets that compress, as browsers' do.
const COMPRESSED_SOCKETS: usize = 1_000;

pub async fn run() -> String {
    let data = tempfile::tempdir().expect("a temporary directory");
    let server = load::server(data.path()).await;
    let pid = server.pid().expect("the server is running");
    server.admin(&["create-user", "--username", "crowd"]).await;
    server.admin(&["create-room", "--name", "capacity", "--member", "alice", "--member", "crowd"]).await;
    let (_, crowd_token) = load::credentials(&server, "crowd").await;
    let (alice_id, alice_token) = load::credentials(&server, "alice").await;
    let socket_url = load::websocket_url(&server);

    // Memory: the server's growth while 10,000 logged-in sockets sit idle.
    let before = load::resident_bytes(pid);
    let idle = Crowd::gather(&socket_url, &crowd_token, IDLE_SOCKETS, None, Priority::Normal).await;
    let after = load::resident_bytes(pid);
    idle.disperse().await;
    let per_socket = after.saturating_sub(before) as f64 / IDLE_SOCKETS as f64;

    let http = reqwest::Client::new();
    let authorized =
        |request: reqwest::RequestBuilder| request.header("X-User-Id", &alice_id).header("X-Auth-Token", &alice_token);
    let rid = load::room_id(&server, &alice_id, &alice_token, "capacity").await;

    // Memory of sockets that compress: logged in and following their messages, once each has
    // been sent a message (its compressor exists from the first sizeable frame).
    let before = load::resident_bytes(pid);
    let mut compressed = Vec::with_capacity(COMPRESSED_SOCKETS);
    for _ in 0..COMPRESSED_SOCKETS {
        compressed.push(crate::compressed::open(&socket_url, &crowd_token).await);
    }
    let body = json!({"message": {"rid": rid, "msg": "one message, compressed for each socket"}});
    let sent = authorized(http.post(server.url("/api/v1/chat.sendMessage"))).json(&body).send().await;
    assert!(sent.is_ok_and(|answer| answer.status().is_success()), "the message was refused");
    for socket in &mut compressed {
        crate::compressed::until(socket, "compressed for each socket").await;
    }
    let per_compressed_socket = load::resident_bytes(pid).saturating_sub(before) as f64 / COMPRESSED_SOCKETS as f64;
    drop(compressed);

    // Fan-out: messages sent over REST as fast as the server answers, each delivered to 1,000.
    let subscribers =
        Crowd::gather(&socket_url, &crowd_token, SUBSCRIBERS, Some("__my_messages__"), Priority::Normal).await;
    let expected = (SUBSCRIBERS * MESSAGES) as u64;
    let cpu_before = load::cpu_seconds(pid);
    let started = Instant::now();
    // Several sends in flight, so the figure is the fan-out's and not one sender's round trips.
    let sends = stream::iter(0..MESSAGES).map(|n| {
        let body = json!({"message": {"rid": rid, "msg": format!("fan-out {n}")}});
        authorized(http.post(server.url("/api/v1/chat.sendMessage"))).json(&body).send()
    });
    let answers: Vec<_> = sends.buffer_unordered(SENDS_IN_FLIGHT).collect().await;
    let refused = answers.iter().filter(|a| !a.as_ref().is_ok_and(|r| r.status().is_success())).count();
    assert_eq!(refused, 0, "{refused} messages were refused");
    let deadline = Instant::now() + Duration::from_secs(120);
    while subscribers.delivered() < expected && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let elapsed = started.elapsed().as_secs_f64();
    let delivered = subscribers.delivered();
    let cpu = load::cpu_seconds(pid) - cpu_before;
    subscribers.disperse().await;
    server.kill().await;
    format!(
        "## Server capacity\n\nThe release build of confab-server; the clients run on the same two cores.\n\n\
         | figure | value |\n|---|---:|\n\
         | resident memory per idle authenticated socket, at {IDLE_SOCKETS} sockets | {:.1} kB |\n\
         | resident memory per socket that compresses (permessage-deflate, as browsers offer), after one message, at {COMPRESSED_SOCKETS} sockets | {:.1} kB |\n\
         | fan-out: {MESSAGES} messages ({SENDS_IN_FLIGHT} sends in flight) to {SUBSCRIBERS} subscribers, delivered | {delivered} of {expected} in {elapsed:.2} s |\n\
         | fan-out deliveries per second | {:.0} |\n\
         | server CPU per message (sent once, delivered {SUBSCRIBERS} times) | {:.2} ms |\n\n\
         Targets: ≤ 12 kB per idle socket (8 kB wanted); ≥ 170,000 deliveries/s. A socket that compresses keeps its \
         compressor's state (zlib's window and tables) for as long as it lives: what makes each event cost little \
         more than what changed in it. `--socket-deflate false` keeps every socket plain.\n",
        per_socket / 1000.0,
        per_compressed_socket / 1000.0,
        delivered as f64 / elapsed,
        cpu * 1000.0 / MESSAGES as f64,
    )
}
