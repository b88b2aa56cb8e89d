//! A hunt for a user shown offline while they are there: bob's connection is cut, frozen (a
//! laptop asleep, a NAT that forgot the flow), cut again while it is signing in, and his tab is
//! frozen and woken, each several times; after each, as soon as bob writes, alice must see him
//! online, and still online once every grace period that a stale disconnect could end is over.

use std::time::{Duration, Instant};

use confab_e2e::{Browser, Chromedriver, CuttingProxy, TestServer, eventually};

/// How long the server keeps a user shown after their last socket closed, here.
const GRACE_MS: u64 = 1_000;

/// Fails if alice sees bob as anything but online at any poll for `span`.
async fn stays_online(alice: &Browser, span: Duration, after: &str) {
    let until = Instant::now() + span;
    while Instant::now() < until {
        let shown = alice.presence_dot("bob").await;
        assert_eq!(shown.as_deref(), Some("online"), "bob shown {shown:?} after {after}, while he is there");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Bob writes; alice reads it and sees him online, and still online past the grace period.
async fn bob_is_there(alice: &Browser, bob: &Browser, after: &str) {
    let text = format!("still here after {after}");
    bob.send(&text).await;
    alice.sees_once(&text).await;
    alice.shows_presence("bob", "online").await;
    stays_online(alice, Duration::from_millis(GRACE_MS + 1_500), after).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn bob_is_never_shown_offline_while_he_is_there_across_cuts_sleeps_and_cut_sign_ins() {
    let data = tempfile::tempdir().unwrap();
    let grace = GRACE_MS.to_string();
    let args = ["--presence-grace-ms", &grace, "--client-dead-after-ms", "2000", "--idle-seconds", "600"];
    let server = TestServer::start_with(data.path(), 0, &args).await;
    let proxy = CuttingProxy::start(server.port()).await;
    let driver = Chromedriver::start().await;
    let (alice, bob) = (driver.browser().await, driver.browser().await);
    alice.sign_in(&server.url("/"), "alice").await;
    bob.sign_in(&proxy.url("/"), "bob").await;
    alice.open_room("bob").await;
    bob.open_room("alice").await;
    bob_is_there(&alice, &bob, "signing in").await;

    for round in 1..=3 {
        // The socket drops: bob's app connects again.
        proxy.cut();
        bob_is_there(&alice, &bob, &format!("a cut ({round})")).await;

        // Nothing gets through for longer than bob's app waits: it gives the socket up.
        proxy.freeze();
        bob.wait_for(".connection.reconnecting").await;
        proxy.thaw();
        eventually("bob's connection banner to go", || async { (!bob.has(".connection").await).then_some(()) }).await;
        bob_is_there(&alice, &bob, &format!("a frozen network ({round})")).await;

        // Cut again the moment the new socket starts talking: mid sign-in.
        proxy.cut();
        let before = proxy.last_delivered();
        eventually("bob's app to connect again", || async { (proxy.last_delivered() != before).then_some(()) }).await;
        proxy.cut();
        bob_is_there(&alice, &bob, &format!("a cut sign-in ({round})")).await;

        // The tab is frozen, as a browser does to a hidden tab, and woken.
        bob.devtools("Page.setWebLifecycleState", serde_json::json!({ "state": "frozen" })).await;
        proxy.cut();
        bob.devtools("Page.setWebLifecycleState", serde_json::json!({ "state": "active" })).await;
        bob_is_there(&alice, &bob, &format!("a frozen tab ({round})")).await;
    }
    alice.close().await;
    bob.close().await;
    server.kill().await;
}
