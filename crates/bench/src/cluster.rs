//! Cluster mode's figures, all from one run: message writes per second on SQLite and on
//! PostgreSQL, fan-out deliveries per second with 1 and with 3 instances on PostgreSQL and NATS,
//! and delivery latency between instances (and within one, for comparison) with 1,000 background
//! clients spread over the instances.
//!
//! Every process shares this machine's two cores: PostgreSQL, NATS, the instances and the
//! clients. A second and third instance add work here (each reads every event from NATS and
//! writes it to its own sockets) without adding cores, so these figures show the cost of the
//! cluster, not its capacity; on separate machines each instance brings its own CPU.

use std::time::{Duration, Instant};

use confab_cluster::{Nats, Postgres};
use confab_e2e::TestServer;
use futures_util::{SinkExt, StreamExt, stream};
use serde_json::json;
use tokio_tungstenite::tungstenite::Message;

use crate::crowd::{self, Crowd, Priority};
use crate::{load, stats};

const WRITES: usize = 1_000;
const SUBSCRIBERS: usize = 1_000;
const FAN_OUT_MESSAGES: usize = 200;
const SENDS_IN_FLIGHT: usize = 16;
const LATENCY_SAMPLES: usize = 200;

/// A sender's REST credentials on one of the servers.
struct Sender {
    http: reqwest::Client,
    user_id: String,
    token: String,
    rid: String,
}

impl Sender {
    async fn new(server: &TestServer, room: &str) -> Self {
        let (user_id, token) = load::credentials(server, "alice").await;
        let rid = load::room_id(server, &user_id, &token, room).await;
        Self { http: reqwest::Client::new(), user_id, token, rid }
    }

    async fn send(&self, server: &TestServer, text: &str) {
        let body = json!({"message": {"rid": self.rid, "msg": text}});
        let url = server.url("/api/v1/chat.sendMessage");
        load::post_as(&self.http, &url, &self.user_id, &self.token, &body).await;
    }

    /// Sends `count` messages through `server` with [`SENDS_IN_FLIGHT`] at once.
    async fn flood(&self, server: &TestServer, count: usize, label: &str) {
        stream::iter(0..count)
            .map(|n| async move { self.send(server, &format!("{label} {n}")).await })
            .buffer_unordered(SENDS_IN_FLIGHT)
            .collect::<Vec<()>>()
            .await;
    }
}

/// `count` instances on `database` and `nats`'s subjects under `prefix`, started one after the
/// other (the first creates the schema), with a room `bench` of alice and the crowd user.
async fn instances(data: &std::path::Path, database: &str, nats: &Nats, prefix: &str, count: usize) -> Vec<TestServer> {
    let bus = nats.url();
    let args = ["--database", database, "--bus", &bus, "--bus-prefix", prefix];
    let mut servers = vec![load::server_with(data, &args).await];
    servers[0].admin(&["create-user", "--username", "crowd"]).await;
    servers[0].admin(&["create-room", "--name", "bench", "--member", "alice", "--member", "crowd"]).await;
    for _ in 1..count {
        servers.push(load::server_with(data, &args).await);
    }
    servers
}

/// `total` clients of the crowd user following their messages, spread evenly over `servers`.
async fn crowds(servers: &[TestServer], total: usize, priority: Priority) -> Vec<Crowd> {
    let (_, token) = load::credentials(&servers[0], "crowd").await;
    let mut crowds = Vec::new();
    for (n, server) in servers.iter().enumerate() {
        let share = total / servers.len() + usize::from(n < total % servers.len());
        crowds
            .push(Crowd::gather(&load::websocket_url(server), &token, share, Some("__my_messages__"), priority).await);
    }
    crowds
}

async fn disperse(crowds: Vec<Crowd>) {
    for crowd in crowds {
        crowd.disperse().await;
    }
}

/// Messages written per second through one server, [`SENDS_IN_FLIGHT`] at once.
async fn writes_per_second(server: &TestServer, room: &str) -> f64 {
    let sender = Sender::new(server, room).await;
    let started = Instant::now();
    sender.flood(server, WRITES, "write").await;
    WRITES as f64 / started.elapsed().as_secs_f64()
}

/// Deliveries per second of [`FAN_OUT_MESSAGES`] sent through the first of `servers` to
/// [`SUBSCRIBERS`] spread over all of them.
async fn fan_out(servers: &[TestServer]) -> f64 {
    let subscribers = crowds(servers, SUBSCRIBERS, Priority::Normal).await;
    let sender = Sender::new(&servers[0], "bench").await;
    let expected = (SUBSCRIBERS * FAN_OUT_MESSAGES) as u64;
    let delivered = || subscribers.iter().map(Crowd::delivered).sum::<u64>();
    let started = Instant::now();
    sender.flood(&servers[0], FAN_OUT_MESSAGES, "fan-out").await;
    let deadline = Instant::now() + Duration::from_secs(180);
    while delivered() < expected && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let rate = delivered() as f64 / started.elapsed().as_secs_f64();
    assert_eq!(delivered(), expected, "every fan-out delivery arrived");
    disperse(subscribers).await;
    rate
}

/// Milliseconds from a send through `from` until a socket on `to` hears it, [`LATENCY_SAMPLES`]
/// times one after the other, sorted.
async fn latencies(sender: &Sender, from: &TestServer, to: &TestServer, label: &str) -> Vec<f64> {
    let (_, token) = load::credentials(to, "crowd").await;
    let mut socket = crowd::open(load::websocket_url(to), token, Some("__my_messages__".into())).await;
    let mut samples = Vec::with_capacity(LATENCY_SAMPLES);
    for n in 0..LATENCY_SAMPLES {
        let text = format!("{label} probe {n}");
        let started = Instant::now();
        sender.send(from, &text).await;
        let marker = format!("\"{text}\"");
        loop {
            match socket.next().await {
                Some(Ok(Message::Text(frame))) if frame.contains(&marker) => break,
                Some(Ok(Message::Text(frame))) if frame.contains("\"ping\"") => {
                    let pong = Message::Text(json!({"msg": "pong"}).to_string().into());
                    socket.send(pong).await.expect("the probe socket is open");
                }
                Some(Ok(_)) => {}
                other => panic!("the probe socket ended: {other:?}"),
            }
        }
        samples.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    samples.sort_by(f64::total_cmp);
    samples
}

pub async fn run() -> String {
    let postgres = Postgres::start(true).expect("a private PostgreSQL (cargo xtask bench installs it)");
    let nats = Nats::start().expect("a private NATS server (cargo xtask bench installs it)");

    // Writes: one instance alone on each database.
    let sqlite_dir = tempfile::tempdir().expect("a temporary directory");
    let sqlite = load::server(sqlite_dir.path()).await;
    let on_sqlite = writes_per_second(&sqlite, "general").await;
    sqlite.kill().await;
    let postgres_dir = tempfile::tempdir().expect("a temporary directory");
    let on_postgres_server = load::server_with(postgres_dir.path(), &["--database", &postgres.url("writes")]).await;
    let on_postgres = writes_per_second(&on_postgres_server, "general").await;
    on_postgres_server.kill().await;

    // Fan-out: one instance, then three, on PostgreSQL and NATS.
    let one_dir = tempfile::tempdir().expect("a temporary directory");
    let one = instances(one_dir.path(), &postgres.url("one"), &nats, "one", 1).await;
    let fan_out_one = fan_out(&one).await;
    for server in one {
        server.kill().await;
    }
    let three_dir = tempfile::tempdir().expect("a temporary directory");
    let three = instances(three_dir.path(), &postgres.url("three"), &nats, "three", 3).await;
    let fan_out_three = fan_out(&three).await;

    // Latency: 1,000 background clients over the three instances (standing in for other
    // machines, at the lowest CPU priority), probes sent through the first.
    let background = crowds(&three, SUBSCRIBERS, Priority::Lowest).await;
    let sender = Sender::new(&three[0], "bench").await;
    let within = latencies(&sender, &three[0], &three[0], "within").await;
    let across = latencies(&sender, &three[0], &three[1], "across").await;
    disperse(background).await;
    for server in three {
        server.kill().await;
    }

    let ms = |sorted: &[f64], p: f64| format!("{:.1} ms", stats::percentile(sorted, p));
    let hop = stats::percentile(&across, 50.0) - stats::percentile(&within, 50.0);
    format!(
        "## Cluster mode\n\n\
         Release builds of confab-server; PostgreSQL (durable: fsync on), NATS, the instances and the \
         clients all on this machine's two cores.\n\n\
         | figure | value |\n|---|---:|\n\
         | message writes per second, one instance on SQLite ({WRITES} sends, {SENDS_IN_FLIGHT} in flight) | {on_sqlite:.0} |\n\
         | message writes per second, one instance on PostgreSQL | {on_postgres:.0} |\n\
         | fan-out deliveries per second, 1 instance ({FAN_OUT_MESSAGES} messages to {SUBSCRIBERS} subscribers) | {fan_out_one:.0} |\n\
         | fan-out deliveries per second, 3 instances (the subscribers spread over them) | {fan_out_three:.0} |\n\
         | delivery latency within one instance, p50 / p99 ({LATENCY_SAMPLES} probes, {SUBSCRIBERS} background clients over 3 instances) | {} / {} |\n\
         | delivery latency across instances (sent through one, heard on another), p50 / p99 | {} / {} |\n\n\
         What this means. Here three instances delivered {:.2}× what one did, but they share two cores \
         with PostgreSQL, NATS and the clients: each added instance adds work (it reads every event from \
         NATS and writes it to its own sockets) and no CPU, so this ratio measures contention, not the \
         cluster's capacity. On separate machines each instance brings its own cores and serves its own \
         share of the sockets. Crossing instances cost {hop:.1} ms more at the median, the trip through \
         NATS. The two write rates are not like for like: PostgreSQL here waits for fsync at every commit \
         (durable), while SQLite in WAL mode with `synchronous = NORMAL` syncs only at checkpoints. The \
         figures move from run to run by a fifth or more; compare them within one run.\n",
        ms(&within, 50.0),
        ms(&within, 99.0),
        ms(&across, 50.0),
        ms(&across, 99.0),
        fan_out_three / fan_out_one,
    )
}
