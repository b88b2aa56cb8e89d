//! Connections that never lose a message: two people keep chatting while the server is killed
//! and restarted, and while every socket between them and the server is cut at random moments.
//! Every message must appear exactly once, in the same order, on both sides.

use std::time::Duration;

use confab_e2e::{Chromedriver, CuttingProxy, TestServer, eventually, keeps_each_senders_order, shows_each_once};

#[tokio::test(flavor = "multi_thread")]
async fn messages_written_before_during_and_after_a_server_crash_arrive_once_in_order() {
    let data = tempfile::tempdir().unwrap();
    let server = TestServer::start(data.path(), 0).await;
    server.admin(&["create-room", "--name", "outage", "--member", "alice", "--member", "bob"]).await;
    let driver = Chromedriver::start().await;
    let (alice, bob) = driver.alice_and_bob_in(&server, "outage").await;
    let app = server.url("/");

    alice.send("alice 1").await;
    bob.send("bob 1").await;
    alice.confirmed("alice 1").await;
    bob.confirmed("bob 1").await;

    let server = {
        // SIGKILL: nothing is flushed, sockets die without a close frame.
        let port = server.port();
        server.kill().await;
        alice.wait_for(".connection.reconnecting").await;
        alice.send("alice 2").await;
        alice.send("alice 3").await;
        bob.send("bob 2").await;
        assert_eq!(alice.delivery_of("alice 2").await.as_deref(), Some("pending"));
        // Bob leaves the page with a message still unsent: it waits in his browser's storage.
        bob.goto("about:blank").await;
        TestServer::start(data.path(), port).await
    };
    bob.goto(&app).await;
    bob.open_room("outage").await;
    alice.send("alice 4").await;
    bob.send("bob 3").await;

    let all: Vec<String> =
        ["alice 1", "alice 2", "alice 3", "alice 4", "bob 1", "bob 2", "bob 3"].map(String::from).to_vec();
    let on_alice = shows_each_once(&alice, "^(alice|bob) \\d+$", &all).await;
    let on_bob = shows_each_once(&bob, "^(alice|bob) \\d+$", &all).await;
    assert_eq!(on_alice, on_bob, "both see the same order");
    keeps_each_senders_order(&on_alice, &["alice ", "bob "]);
    println!("server crash: {} messages, each once, same order on both: {on_alice:?}", all.len());

    alice.close().await;
    bob.close().await;
    server.kill().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn two_hundred_messages_survive_sockets_cut_at_random_moments() {
    let data = tempfile::tempdir().unwrap();
    let server = TestServer::start(data.path(), 0).await;
    server.admin(&["create-room", "--name", "flaky", "--member", "alice", "--member", "bob"]).await;
    let proxy = CuttingProxy::start(server.port()).await;
    let driver = Chromedriver::start().await;
    let (alice, bob) = (driver.browser().await, driver.browser().await);
    alice.sign_in(&proxy.url("/"), "alice").await;
    bob.sign_in(&proxy.url("/"), "bob").await;
    alice.open_room("flaky").await;
    bob.open_room("flaky").await;

    let seed = fastrand::u64(..);
    println!("socket cuts: seed {seed}");
    let mut random = fastrand::Rng::with_seed(seed);
    let (done, mut stopped) = tokio::sync::watch::channel(false);
    let cutter = {
        let mut random = random.fork();
        let proxy = &proxy;
        async move {
            loop {
                let pause = Duration::from_millis(random.u64(200..1_500));
                tokio::select! {
                    _ = tokio::time::sleep(pause) => proxy.cut(),
                    _ = stopped.changed() => break,
                }
            }
        }
    };
    let exchange = async {
        for n in 1..=100 {
            // The two write in an interleaving the seed decides.
            if random.bool() {
                alice.send(&format!("a {n}")).await;
                bob.send(&format!("b {n}")).await;
            } else {
                bob.send(&format!("b {n}")).await;
                alice.send(&format!("a {n}")).await;
            }
        }
        let _ = done.send(true);
    };
    tokio::join!(cutter, exchange);
    let cuts = proxy.cuts();
    assert!(cuts >= 5, "the connections were cut only {cuts} times");

    let all: Vec<String> = (1..=100).flat_map(|n| [format!("a {n}"), format!("b {n}")]).collect();
    let on_bob = shows_each_once(&bob, "^[ab] \\d+$", &all).await;
    let on_alice = shows_each_once(&alice, "^[ab] \\d+$", &all).await;
    assert_eq!(on_alice, on_bob, "both see the same order");
    keeps_each_senders_order(&on_alice, &["a ", "b "]);
    println!("socket cuts: 200 messages through {cuts} cuts, each once, same order on both");

    alice.close().await;
    bob.close().await;
    server.kill().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_connection_gone_silent_is_noticed_and_replaced() {
    let data = tempfile::tempdir().unwrap();
    // Clients give a connection up after three seconds of silence (35 s unless configured).
    let server = TestServer::start_with(data.path(), 0, &["--client-dead-after-ms", "3000"]).await;
    server.admin(&["create-room", "--name", "quiet", "--member", "alice", "--member", "bob"]).await;
    let proxy = CuttingProxy::start(server.port()).await;
    let driver = Chromedriver::start().await;
    let (alice, bob) = (driver.browser().await, driver.browser().await);
    alice.sign_in(&proxy.url("/"), "alice").await;
    bob.sign_in(&server.url("/"), "bob").await;
    alice.open_room("quiet").await;
    bob.open_room("quiet").await;

    // Alice's network goes silent without closing anything: only her own watch can tell.
    // Her app counts the silence from the last bytes that reached it, and so does this check.
    proxy.freeze();
    bob.send("said while alice heard nothing").await;
    alice.wait_for(".connection.reconnecting").await;
    let noticed = proxy.last_delivered().expect("alice's page was served through the proxy").elapsed();
    assert!(noticed >= Duration::from_millis(3_000), "gave up after only {noticed:?} of silence");
    proxy.thaw();
    alice.sees_once("said while alice heard nothing").await;
    eventually("the connection banner to go", || async { (!alice.has(".connection").await).then_some(()) }).await;
    println!("heartbeat: a silent connection was given up after {noticed:?} and replaced");

    alice.close().await;
    bob.close().await;
    server.kill().await;
}
