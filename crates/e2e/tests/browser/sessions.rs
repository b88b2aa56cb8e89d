//! Sessions that never drop and end cleanly: tokens that expire every few seconds are refreshed
//! without the user noticing; a token revoked on the server, a host's token provider declining
//! or failing, and the user's own logout each end the session visibly and tell the host.

use confab_e2e::{Browser, Chromedriver, CuttingProxy, TestServer, eventually};
use serde_json::{Value, json};

/// Records the `confab:session-*` events of the element matching `arguments[0]` in
/// `window.__session`, as "kind detail-json".
const RECORD_SESSION_EVENTS: &str = "const root = document.querySelector(arguments[0]); window.__session = [];
    for (const kind of ['refreshed', 'error', 'closed']) {
        root.addEventListener('confab:session-' + kind, e => window.__session.push(kind + ' ' + JSON.stringify(e.detail)));
    }";

async fn session_events(browser: &Browser) -> Vec<String> {
    serde_json::from_value(browser.script("return window.__session || []", vec![]).await).unwrap_or_default()
}

/// Waits until a recorded session event starts with `prefix`; returns it.
async fn session_event(browser: &Browser, prefix: &str) -> String {
    eventually(&format!("a session event {prefix:?}"), || async move {
        session_events(browser).await.into_iter().find(|e| e.starts_with(prefix))
    })
    .await
}

/// Settings for a server whose tokens live four seconds (and which mints as often as asked).
const SHORT_TOKENS: [&str; 4] = ["--token-ttl-secs", "4", "--mint-rate-per-minute", "600"];

#[tokio::test(flavor = "multi_thread")]
async fn chatting_goes_on_across_token_expiries_without_an_error_or_a_reload() {
    let data = tempfile::tempdir().unwrap();
    let server = TestServer::start_with(data.path(), 0, &SHORT_TOKENS).await;
    let driver = Chromedriver::start().await;
    let (alice, bob) = driver.alice_and_bob_in(&server, "general").await;
    alice.script(&format!("{RECORD_SESSION_EVENTS}; window.__samePage = true;"), vec![json!("#confab")]).await;

    // Four refreshes, each a little before a four-second token expires: well over three lifetimes.
    for round in 1..=4 {
        eventually(&format!("refresh number {round}"), || async {
            let refreshed = session_events(&alice).await.iter().filter(|e| e.starts_with("refreshed")).count();
            (refreshed >= round).then_some(())
        })
        .await;
        let (mine, theirs) = (format!("still here {round}"), format!("me too {round}"));
        alice.send(&mine).await;
        bob.sees_once(&mine).await;
        alice.confirmed(&mine).await;
        bob.send(&theirs).await;
        alice.sees_once(&theirs).await;
    }
    let events = session_events(&alice).await;
    assert!(events.iter().all(|e| e.starts_with("refreshed")), "only refreshes: {events:?}");
    assert_eq!(alice.script("return window.__samePage === true", vec![]).await, json!(true), "no reload");
    for screen in [".status-screen", ".notice", ".connection.reconnecting"] {
        assert!(!alice.has(screen).await, "{screen} shown");
    }
    println!("token expiry: {} refreshes of a 4 s token, chat uninterrupted", events.len());

    alice.close().await;
    bob.close().await;
    server.kill().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_refused_token_is_refreshed_once_and_the_request_replayed() {
    let data = tempfile::tempdir().unwrap();
    let server = TestServer::start(data.path(), 0).await;
    let driver = Chromedriver::start().await;
    let (alice, bob) = driver.alice_and_bob_in(&server, "general").await;
    alice.script(RECORD_SESSION_EVENTS, vec![json!("#confab")]).await;

    // An operator revokes Alice's tokens in the database: her open socket is not told, so her next
    // request is the first to hear of it. The host still vouches for her, so the config endpoint
    // hands out a new token and the request goes through.
    server.admin(&["revoke-tokens", "--username", "alice"]).await;
    alice.send("sent with a revoked token").await;
    alice.confirmed("sent with a revoked token").await;
    bob.sees_once("sent with a revoked token").await;
    assert_eq!(session_events(&alice).await, ["refreshed {}"], "one refresh, no error");
    assert_eq!(alice.count_messages("sent with a revoked token").await, 1, "replayed once");

    alice.close().await;
    bob.close().await;
    server.kill().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_socket_login_refused_for_its_token_refreshes_it_and_reconnects() {
    let data = tempfile::tempdir().unwrap();
    let server = TestServer::start(data.path(), 0).await;
    let proxy = CuttingProxy::start(server.port()).await;
    let driver = Chromedriver::start().await;
    let (alice, bob) = (driver.browser().await, driver.browser().await);
    alice.sign_in(&proxy.url("/"), "alice").await;
    bob.sign_in(&server.url("/"), "bob").await;
    alice.open_room("general").await;
    bob.open_room("general").await;
    alice.script(RECORD_SESSION_EVENTS, vec![json!("#confab")]).await;

    // Alice's tokens are revoked and her socket dropped: the reconnect's DDP login is refused,
    // which must refresh the token once and log in with the new one.
    server.admin(&["revoke-tokens", "--username", "alice"]).await;
    proxy.cut();
    session_event(&alice, "refreshed").await;
    bob.send("heard over the new socket").await;
    alice.sees_once("heard over the new socket").await;
    eventually("the connection banner to go", || async { (!alice.has(".connection").await).then_some(()) }).await;
    let events = session_events(&alice).await;
    assert_eq!(events, ["refreshed {}"], "one refresh, no error");

    alice.close().await;
    bob.close().await;
    server.kill().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_token_revoked_on_the_server_signs_the_user_out() {
    let data = tempfile::tempdir().unwrap();
    let server = TestServer::start(data.path(), 0).await;
    let driver = Chromedriver::start().await;
    let (alice, bob) = driver.alice_and_bob_in(&server, "general").await;
    bob.script(RECORD_SESSION_EVENTS, vec![json!("#confab")]).await;

    // An administrator (Alice, with a token of her own) logs Bob out everywhere.
    let minted = server.admin(&["mint-token", "--username", "alice"]).await;
    let field = |name: &str| minted.lines().find_map(|l| l.strip_prefix(name)).unwrap_or_default().trim().to_owned();
    let status = alice
        .script(
            "return fetch('/api/v1/users.logout', { method: 'POST', body: JSON.stringify({ username: 'bob' }),
                headers: { 'Content-Type': 'application/json', 'X-User-Id': arguments[0], 'X-Auth-Token': arguments[1] } })
             .then(r => r.status)",
            vec![json!(field("userId ")), json!(field("authToken "))],
        )
        .await;
    assert_eq!(status, json!(200));

    let closed = session_event(&bob, "closed").await;
    bob.wait_for(".status-screen").await;
    assert!(bob.text_of(".status-screen").await.contains("Signed out"));
    assert!(!bob.has(".room-list").await, "nothing of Bob's is shown any more");
    assert!(alice.has(".room-list").await, "Alice's own session goes on");
    println!("revocation: bob saw {closed}");

    alice.close().await;
    bob.close().await;
    server.kill().await;
}

/// Mounts an instance into a new element `#id` whose token provider is `provider` (a JS
/// function expression), recording its events and callbacks in `window.__host` as
/// "id via kind detail".
const MOUNT_WITH_PROVIDER: &str = "const [id, provider] = arguments; window.__host = window.__host || [];
    const el = document.createElement('div'); el.id = id; document.body.append(el);
    const note = (via, kind) => detail => window.__host.push(`${id} ${via} ${kind} ${JSON.stringify(detail || {})}`);
    for (const kind of ['refreshed', 'error', 'closed']) {
        el.addEventListener('confab:session-' + kind, e => note('event', kind)(e.detail));
    }
    window.wasmBindings.mount(el, { tokenProvider: eval(provider),
        onSessionRefreshed: note('callback', 'refreshed'), onSessionError: note('callback', 'error'),
        onSessionClosed: note('callback', 'closed') });";

#[tokio::test(flavor = "multi_thread")]
async fn a_token_provider_refreshes_declines_or_fails_with_sendbirds_semantics() {
    let data = tempfile::tempdir().unwrap();
    let server = TestServer::start_with(data.path(), 0, &SHORT_TOKENS).await;
    let driver = Chromedriver::start().await;
    let host = driver.browser().await;
    host.sign_in(&server.url("/"), "alice").await;

    let providers = [
        (
            "gives",
            "(resolve) => fetch('/chat/config?clientType=web').then(r => r.json()).then(c => resolve(c.authentication.userToken))",
        ),
        ("declines", "(resolve) => resolve(null)"),
        ("fails", "(resolve, reject) => reject(new Error('the host said no'))"),
    ];
    for (id, provider) in providers {
        host.script(MOUNT_WITH_PROVIDER, vec![json!(id), json!(provider)]).await;
        host.wait_for(&format!("#{id} .room-list")).await;
    }
    let expected = [
        "gives event refreshed",
        "gives callback refreshed",
        "declines event closed",
        "declines callback closed",
        "fails event error {\"message\":\"the host said no\"}",
        "fails callback error {\"message\":\"the host said no\"}",
    ];
    let seen = eventually("every provider's outcome to reach the host", || async {
        let seen: Vec<String> =
            serde_json::from_value(host.script("return window.__host", vec![]).await).unwrap_or_default();
        expected.iter().all(|want| seen.iter().any(|s| s.starts_with(want))).then_some(seen)
    })
    .await;
    // resolve(null) closes that session; reject leaves the session open with an error reported.
    host.wait_for("#declines .status-screen").await;
    assert!(host.text_of("#declines .status-screen").await.contains("Signed out"));
    assert!(host.has("#fails .room-list").await && host.has("#gives .room-list").await);
    assert!(
        !seen.iter().any(|s| s.starts_with("gives event error") || s.starts_with("fails event closed")),
        "{seen:?}"
    );
    println!("token provider: {seen:?}");

    host.close().await;
    server.kill().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn logout_revokes_the_token_and_leaves_no_socket_open() {
    let data = tempfile::tempdir().unwrap();
    let server = TestServer::start(data.path(), 0).await;
    let driver = Chromedriver::start().await;
    let host = driver.browser().await;
    host.sign_in(&server.url("/"), "alice").await;
    // The page's own instance has its socket before the watching starts.
    host.wait_for(".chat-layout[data-connection='online']").await;
    // An instance mounted now, with the page's fetch and WebSocket watched: its credentials and
    // its sockets are known to the test.
    host.script(
        "window.__sockets = []; window.__credentials = null;
         const Socket = window.WebSocket;
         window.WebSocket = function (...args) { const s = new Socket(...args); window.__sockets.push(s); return s; };
         window.WebSocket.prototype = Socket.prototype;
         const fetch = window.fetch;
         window.fetch = function (request, init) {
             const headers = request instanceof Request ? request.headers : new Headers((init || {}).headers);
             if (headers.get('X-Auth-Token')) window.__credentials = [headers.get('X-User-Id'), headers.get('X-Auth-Token')];
             return fetch.apply(this, arguments);
         };
         const el = document.createElement('div'); el.id = 'mine'; document.body.append(el);
         window.wasmBindings.mount(el, {});",
        vec![],
    )
    .await;
    host.wait_for("#mine .room-list").await;
    // The socket opens once the list is up.
    host.wait_for("#mine .chat-layout[data-connection='online']").await;
    host.script(RECORD_SESSION_EVENTS, vec![json!("#mine")]).await;
    let credentials = host.script("return window.__credentials", vec![]).await;
    let open = host.script("return window.__sockets.filter(s => s.readyState === 1).length", vec![]).await;
    assert_eq!(open, json!(1), "the instance has its socket");

    host.click("#mine .sign-out").await;
    let closed = session_event(&host, "closed").await;
    assert!(closed.contains("You signed out."), "{closed}");
    host.wait_for("#mine .status-screen").await;
    eventually("the instance's socket to close", || async {
        let open = host.script("return window.__sockets.filter(s => s.readyState !== 3).length", vec![]).await;
        (open == json!(0)).then_some(())
    })
    .await;
    let status = host
        .script(
            "return fetch('/api/v1/me', { headers: { 'X-User-Id': arguments[0][0], 'X-Auth-Token': arguments[0][1] } })
             .then(r => r.status)",
            vec![credentials.clone()],
        )
        .await;
    assert_eq!(status, json!(401), "the old token is refused after logout");
    assert_eq!(
        host.script("return Object.keys(localStorage).filter(k => k.startsWith('confab.')).length", vec![]).await,
        json!(0),
        "nothing of the user's is left in storage"
    );
    assert!(credentials != Value::Null);
    println!("logout: {closed}; old token refused with 401; no socket open");

    host.close().await;
    server.kill().await;
}
