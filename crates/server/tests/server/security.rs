//! Rate limits, the Realtime socket's origin check, CORS, and the headers on the app.

use crate::common;

use common::TestServer;
use futures_util::StreamExt;
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

#[tokio::test]
async fn too_many_logins_sends_or_mints_get_429_with_retry_after() {
    let app = TestServer::start_with(|s| {
        s.login_rate_per_minute = 9;
        s.send_rate_per_minute = 6;
        s.mint_rate_per_minute = 3;
    })
    .await;
    let alice = app.session("alice").await;
    let login = || app.http.post(app.url("/api/v1/login")).json(&json!({"resume": alice.token})).send();
    // A burst of a third of the per-minute rate, then refusals.
    let mut statuses = Vec::new();
    for _ in 0..3 {
        statuses.push(login().await.unwrap().status().as_u16());
    }
    assert!(statuses.iter().all(|&s| s == 200), "{statuses:?}");
    let limited = login().await.unwrap();
    assert_eq!(limited.status(), 429);
    let wait: u64 = limited.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=60).contains(&wait));
    let body: Value = limited.json().await.unwrap();
    assert_eq!(body["errorType"], "error-too-many-requests");
    // DDP logins from the same address count against the same budget.
    let mut socket = app.socket().await;
    socket.connect().await;
    assert_eq!(socket.login(&alice.token).await["error"]["error"], "too-many-requests");

    let general = app.room_id(&alice, "general").await;
    let mut sent = 0;
    while app.send(&alice, &general, "spam").await.status() == 200 {
        sent += 1;
        assert!(sent <= 6, "sends are limited");
    }
    assert_eq!(sent, 1, "a burst of a sixth of the per-minute rate");

    // Minting allows a burst of a third of its per-minute rate, per user: one here.
    app.config_for("bob").await;
    let refused = app.http.get(app.url("/chat/config?clientType=web")).header("userid", "bob").send().await.unwrap();
    assert_eq!(refused.status(), 429);
    assert!(refused.headers().contains_key("retry-after"));
    assert_eq!(refused.json::<Value>().await.unwrap()["errors"]["title"], "Too many requests");
}

async fn open_socket(app: &TestServer, origin: Option<&str>) -> Result<(), u16> {
    let mut request = format!("ws://{}/websocket", app.server.addr()).into_client_request().unwrap();
    if let Some(origin) = origin {
        request.headers_mut().insert("origin", origin.parse().unwrap());
    }
    match tokio_tungstenite::connect_async(request).await {
        Ok((mut stream, _)) => {
            let _ = stream.close(None).await;
            let _ = stream.next().await;
            Ok(())
        }
        Err(tokio_tungstenite::tungstenite::Error::Http(response)) => Err(response.status().as_u16()),
        Err(other) => panic!("unexpected failure: {other}"),
    }
}

#[tokio::test]
async fn only_allowed_origins_may_open_the_socket() {
    let app = TestServer::start_with(|s| s.allowed_origins = vec!["https://host.example".into()]).await;
    let own = format!("http://{}", app.server.addr());
    assert_eq!(open_socket(&app, Some(&own)).await, Ok(()));
    assert_eq!(open_socket(&app, Some("https://host.example")).await, Ok(()));
    assert_eq!(open_socket(&app, None).await, Ok(()), "non-browser clients send no origin");
    assert_eq!(open_socket(&app, Some("https://evil.example")).await, Err(403));
}

#[tokio::test]
async fn cors_answers_only_configured_origins() {
    let app = TestServer::start_with(|s| s.allowed_origins = vec!["https://host.example".into()]).await;
    let preflight = |origin: &'static str| {
        app.http
            .request(reqwest::Method::OPTIONS, app.url("/api/v1/chat.sendMessage"))
            .header("origin", origin)
            .header("access-control-request-method", "POST")
            .header("access-control-request-headers", "x-auth-token,x-user-id,content-type")
            .send()
    };
    let allowed = preflight("https://host.example").await.unwrap();
    assert_eq!(allowed.headers()["access-control-allow-origin"], "https://host.example");
    let refused = preflight("https://evil.example").await.unwrap();
    assert!(!refused.headers().contains_key("access-control-allow-origin"));
    let closed = TestServer::start().await;
    let none = closed.http.get(closed.url("/api/v1/me")).header("origin", "https://host.example").send().await.unwrap();
    assert!(!none.headers().contains_key("access-control-allow-origin"), "no CORS unless configured");
}

#[tokio::test]
async fn the_app_is_served_with_a_strict_content_security_policy() {
    let site = tempfile::tempdir().unwrap();
    let boot = "import init from '/app.js'; await init();";
    std::fs::write(site.path().join("index.html"), format!("<!doctype html><script type=\"module\">{boot}</script>"))
        .unwrap();
    let dir = site.path().to_owned();
    let branding = site.path().join("branding.json");
    let embedding = json!({
        "embed": {"allowedOrigins": ["https://portal.example", "https://crm.example", "*"]},
        "view": {"mode": "iframe", "roomUrl": "https://chat.example/{type}/{name}?layout=embedded"},
    });
    std::fs::write(&branding, embedding.to_string()).unwrap();
    let app = TestServer::start_with(move |s| {
        s.static_dir = Some(dir);
        s.demo = false;
        s.frame_ancestors = vec!["'self'".into(), "https://portal.example".into()];
        s.branding = Some(branding);
    })
    .await;
    let page = app.http.get(app.url("/")).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let csp = page.headers()["content-security-policy"].to_str().unwrap().to_owned();
    assert!(csp.contains("script-src 'self' 'wasm-unsafe-eval' 'sha256-"), "{csp}");
    assert!(csp.contains("frame-ancestors 'self' https://portal.example https://crm.example;"), "{csp}");
    assert!(csp.contains("frame-src 'self' https://chat.example;"), "{csp}");
    assert!(csp.contains("object-src 'none'"));
    assert!(!csp.contains("'unsafe-inline'; connect") && !csp.contains("script-src 'self' 'unsafe-inline'"));
    assert_eq!(page.headers()["x-content-type-options"], "nosniff");
    use base64::Engine;
    use sha2::Digest;
    let hash = base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(boot.as_bytes()));
    assert!(csp.contains(&hash), "the inline bootstrap script is pinned by hash: {csp}");
    let api = app.http.get(app.url("/api/v1/me")).send().await.unwrap();
    assert_eq!(api.headers()["x-content-type-options"], "nosniff");
}
