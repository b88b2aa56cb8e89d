//! Cluster mode in the browser: three confab-server instances on one PostgreSQL and one NATS,
//! behind HAProxy. Each browser comes through a port of HAProxy's that prefers one instance, so
//! the test knows who is served where: alice by the first (the second standing in), bob by the
//! third, carol straight from the first with no balancer to move her.
//!
//! Alice writes 300 messages to bob while the instance serving her is SIGKILLed twice and
//! restarted, and NATS is killed and restarted once. Her app reconnects through HAProxy to a live
//! instance; bob, on an instance that never dies, sees every message exactly once and in order
//! without a reload. Typing and presence cross instances, and carol, whose instance died under
//! her, is shown offline to bob within the presence lease.

use std::time::{Duration, Instant};

use confab_cluster::{HaProxy, Nats, Postgres, haproxy, wait_for_port};
use confab_e2e::{Browser, Chromedriver, TestServer, eventually, free_port, shows_each_once};
use serde_json::json;

/// The instances' presence lease in this test (the default is 5 s).
const LEASE: Duration = Duration::from_millis(4_000);

/// The texts of the direct room's messages as the database has them, oldest first, read a page
/// at a time back from the newest.
async fn history(browser: &Browser, rid: &str) -> Vec<String> {
    let mut texts = Vec::new();
    let mut latest: Option<String> = None;
    loop {
        let before = latest.as_ref().map(|ts| format!("&latest={ts}")).unwrap_or_default();
        let answer = browser.api(&format!("im.history?roomId={rid}&count=100{before}"), None).await;
        let page = answer["body"]["messages"].as_array().unwrap_or_else(|| panic!("the history: {answer}")).clone();
        let Some(oldest) = page.last() else { break };
        latest = Some(oldest["ts"].as_str().unwrap_or_else(|| panic!("a message's time: {oldest}")).to_owned());
        texts.extend(page.iter().filter_map(|m| m["msg"].as_str().map(str::to_owned)));
    }
    texts.reverse();
    texts
}

/// The Realtime sockets open on `server` now (its `statistics`, asked as `admin` over plain
/// HTTP, as no page of the other origins may ask).
async fn open_sockets(server: &TestServer, admin: &serde_json::Value) -> u64 {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(("127.0.0.1", server.port())).await.expect("the instance answers");
    let request = format!(
        "GET /api/v1/statistics HTTP/1.0\r\nX-User-Id: {}\r\nX-Auth-Token: {}\r\n\r\n",
        admin["userId"].as_str().unwrap_or_default(),
        admin["userToken"].as_str().unwrap_or_default()
    );
    stream.write_all(request.as_bytes()).await.expect("the request goes out");
    let mut answer = String::new();
    stream.read_to_string(&mut answer).await.expect("an answer");
    let body = answer.split_once("\r\n\r\n").map_or("", |(_, body)| body);
    let statistics: serde_json::Value = serde_json::from_str(body).unwrap_or_else(|_| panic!("statistics: {answer}"));
    statistics["openSockets"].as_u64().unwrap_or_else(|| panic!("statistics: {statistics}"))
}

/// The sockets open on each of `servers`.
async fn sockets_on(servers: &[TestServer], admin: &serde_json::Value) -> [u64; 3] {
    let mut counts = [0; 3];
    for (count, server) in counts.iter_mut().zip(servers) {
        *count = open_sockets(server, admin).await;
    }
    counts
}

/// SIGKILLs `servers[at]`; answers its port, for [`restart_at`].
async fn kill(servers: &mut Vec<TestServer>, at: usize) -> u16 {
    let dead = servers.remove(at);
    let port = dead.port();
    dead.kill().await;
    port
}

/// Starts the instance killed at `at` again, on its port.
async fn restart_at(servers: &mut Vec<TestServer>, at: usize, port: u16, data: &std::path::Path, args: &[&str]) {
    servers.insert(at, TestServer::start_with(data, port, args).await);
}

#[tokio::test(flavor = "multi_thread")]
async fn three_hundred_messages_cross_instances_while_alices_instance_is_killed_twice() {
    let postgres = Postgres::start(false).expect("a private PostgreSQL (cargo xtask test installs it)");
    let nats = Nats::start().expect("a private NATS server (cargo xtask test installs it)");
    let data = tempfile::tempdir().unwrap();
    let (database, bus, lease) = (postgres.url("confab"), nats.url(), LEASE.as_millis().to_string());
    let args = ["--database", &database, "--bus", &bus, "--presence-lease-ms", &lease];
    // One after the other: the first creates the schema and the demo data.
    let mut servers = Vec::new();
    for _ in 0..3 {
        servers.push(TestServer::start_with(data.path(), 0, &args).await);
    }
    let (first, second, third) = (servers[0].port(), servers[1].port(), servers[2].port());
    let (alices, bobs) = (free_port(), free_port());
    let config = haproxy::preferring_config(&[(alices, first, &[second]), (bobs, third, &[second])]);
    let _haproxy = HaProxy::start(&config, alices).expect("HAProxy (cargo xtask test installs it)");
    wait_for_port(bobs, Duration::from_secs(10)).unwrap();

    let driver = Chromedriver::start().await;
    let (alice, bob, carol) = (driver.browser().await, driver.browser().await, driver.browser().await);
    alice.sign_in(&format!("http://127.0.0.1:{alices}/"), "alice").await;
    bob.sign_in(&format!("http://127.0.0.1:{bobs}/"), "bob").await;
    carol.sign_in(&servers[0].url("/"), "carol").await;
    let direct = bob.api("im.create", Some(json!({"username": "carol"}))).await;
    assert_eq!(direct["status"], 200, "bob's direct room with carol: {direct}");
    alice.open_room("bob").await;
    bob.open_room("alice").await;

    // Presence and typing cross from the first instance to the third.
    bob.shows_presence("alice", "online").await;
    bob.shows_presence("carol", "online").await;
    alice.type_text("typing crosses").await;
    eventually("bob to see alice typing", || async {
        (bob.text_of(".typing").await == "Alice Liddell is typing…").then_some(())
    })
    .await;
    alice.send(" instances").await;
    bob.sees_once("typing crosses instances").await;

    let rid = alice.api("im.create", Some(json!({"username": "bob"}))).await["body"]["room"]["_id"]
        .as_str()
        .expect("the direct room's id")
        .to_owned();
    let admin = alice.chat_credentials().await;
    assert_eq!(
        sockets_on(&servers, &admin).await,
        [2, 0, 1],
        "alice and carol on the first instance, bob on the third"
    );
    let sent: Vec<String> = (1..=300).map(|n| format!("a{} {n:03}", 1 + (n - 1) / 150)).collect();
    let started = Instant::now();
    let mut offline_after = None;
    let mut killed_second = None;
    for (n, text) in (1..).zip(&sent) {
        alice.send(text).await;
        match n {
            // The instance serving alice (and carol) dies: HAProxy moves alice to the second.
            // Carol has nowhere to go; bob must see her offline within the lease.
            50 => {
                let killed = Instant::now();
                let restart = kill(&mut servers, 0).await;
                bob.shows_presence("carol", "offline").await;
                offline_after = Some(killed.elapsed());
                restart_at(&mut servers, 0, restart, data.path(), &args).await;
            }
            // Bob's screen keeps at most 200 messages: the first half is checked while it is all there.
            150 => {
                let shown = shows_each_once(&bob, "^a1 ", &sent[..150]).await;
                assert_eq!(shown, sent[..150], "bob sees the first half in the order written");
            }
            // Whichever instance serves alice now (the second, or the first again once it was
            // back) dies in turn.
            200 => {
                let serving = eventually("alice's socket to be on the first or the second instance", || async {
                    match sockets_on(&servers, &admin).await {
                        [1, 1, 1] => Some(1),
                        [2, 0, 1] => Some(0),
                        _ => None,
                    }
                })
                .await;
                killed_second = Some(["first", "second"][serving]);
                let restart = kill(&mut servers, serving).await;
                restart_at(&mut servers, serving, restart, data.path(), &args).await;
            }
            // The bus dies mid-stream: events sent meanwhile reach nobody, and every instance
            // makes its clients catch up from the database once NATS is back.
            250 => nats.halt(),
            255 => nats.resume().expect("NATS starts again"),
            _ => {}
        }
    }
    let shown = shows_each_once(&bob, "^a2 ", &sent[150..]).await;
    assert_eq!(shown, sent[150..], "bob sees the second half in the order written");
    let stored: Vec<String> = history(&bob, &rid).await.into_iter().filter(|t| t.starts_with('a')).collect();
    assert_eq!(stored, sent, "the database has each message once, in the order written");
    let offline_after = offline_after.expect("the first instance was killed");
    assert!(
        offline_after <= LEASE,
        "carol was shown offline {offline_after:?} after her instance died (lease {LEASE:?})"
    );
    println!(
        "cluster: 300 messages in {:.1} s through 2 kills of alice's instance (the first, then the {}) and a NATS \
         restart, each once and in order for bob; carol offline {} ms after her instance died (lease {} ms)",
        started.elapsed().as_secs_f64(),
        killed_second.expect("a second instance was killed"),
        offline_after.as_millis(),
        LEASE.as_millis()
    );

    for browser in [alice, bob, carol] {
        browser.close().await;
    }
    for server in servers {
        server.kill().await;
    }
}
