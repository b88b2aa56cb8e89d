//! The host-backend role: who may ask for a config, and where its token comes from.

use crate::common;

use common::{Session, Socket, TestServer};
use confab_protocol::Timestamp;
use confab_protocol::config::ChatConfig;
use serde_json::{Value, json};

async fn config(app: &TestServer, header: (&str, &str)) -> reqwest::Response {
    app.http.get(app.url("/chat/config?clientType=web")).header(header.0, header.1).send().await.unwrap()
}

#[tokio::test]
async fn the_identity_header_is_believed_only_when_the_operator_says_so() {
    let untrusted = TestServer::start_with(|s| s.demo = false).await;
    assert_eq!(config(&untrusted, ("userid", "alice")).await.status(), 401);
    let trusted = TestServer::start_with(|s| {
        s.demo = false;
        s.trust_identity_header = true;
    })
    .await;
    assert_eq!(config(&trusted, ("userid", "alice")).await.status(), 200);
}

#[tokio::test]
async fn a_dotted_identity_header_reads_into_json() {
    let app = TestServer::start_with(|s| {
        s.demo = false;
        s.trust_identity_header = true;
        s.identity_header = "x-user.profile.login".into();
    })
    .await;
    let ok = config(&app, ("x-user", r#"{"profile": {"login": "gina"}}"#)).await;
    assert_eq!(ok.status(), 200);
    let gina: ChatConfig = ok.json().await.unwrap();
    let session = Session { user_id: gina.authentication.user_id, token: gina.authentication.user_token };
    let me: Value = app.get(&session, "/api/v1/me").await.json().await.unwrap();
    assert_eq!(me["username"], "gina");
    assert_eq!(config(&app, ("x-user", r#"{"profile": {}}"#)).await.status(), 400);
}

#[tokio::test]
async fn a_host_signed_jwt_identifies_the_user_until_it_expires() {
    let secret = "host-app-shared-secret";
    let app = TestServer::start_with(|s| {
        s.demo = false;
        s.jwt_secret = Some(secret.into());
    })
    .await;
    let sign = |claims: Value, key: &str| {
        let key = jsonwebtoken::EncodingKey::from_secret(key.as_bytes());
        jsonwebtoken::encode(&jsonwebtoken::Header::default(), &claims, &key).unwrap()
    };
    let now = Timestamp::now().millis() / 1000;
    let bearer = |token: String| format!("Bearer {token}");
    let good = sign(json!({"sub": "hank", "exp": now + 300}), secret);
    let response = config(&app, ("authorization", &bearer(good))).await;
    assert_eq!(response.status(), 200);
    let expired = sign(json!({"sub": "hank", "exp": now - 5}), secret);
    let response = config(&app, ("authorization", &bearer(expired))).await;
    assert_eq!(response.status(), 401);
    assert_eq!(response.json::<Value>().await.unwrap()["errors"]["title"], "Session expired");
    let forged = sign(json!({"sub": "hank", "exp": now + 300}), "guessed");
    assert_eq!(config(&app, ("authorization", &bearer(forged))).await.status(), 401);
}

#[tokio::test]
async fn an_expired_token_is_refused_over_ddp_too() {
    let app = TestServer::start_with(|s| s.token_ttl_secs = 0).await;
    let alice = app.session("alice").await;
    let mut socket = app.socket().await;
    socket.connect().await;
    assert_eq!(socket.login(&alice.token).await["error"]["error"], 403);
}

#[tokio::test]
async fn provider_mode_mints_on_another_server_over_http() {
    let secret = "provider-minting-secret";
    let chat = TestServer::start_with(|s| s.create_tokens_secret = Some(secret.into())).await;
    let admin = chat.session("alice").await;
    let host = TestServer::start_with(|s| {
        s.demo = false;
        s.trust_identity_header = true;
        s.provider_url = Some(chat.server.url());
        s.provider_user_id = Some(admin.user_id.clone());
        s.provider_token = Some(admin.token.clone());
        s.provider_secret = Some(secret.into());
    })
    .await;

    let first: ChatConfig = config(&host, ("userid", "ivan")).await.json().await.unwrap();
    assert_eq!(first.server.as_ref().unwrap().url, chat.server.url());
    let ivan =
        Session { user_id: first.authentication.user_id.clone(), token: first.authentication.user_token.clone() };
    let me: Value = chat.get(&ivan, "/api/v1/me").await.json().await.unwrap();
    assert_eq!(me["username"], "ivan", "the user was created on the provider");
    assert!(host.server.store().user_by_username("ivan").await.unwrap().is_none(), "and not on the host");

    // Existing provider users are looked up, and a live token is reused.
    let again: ChatConfig = config(&host, ("userid", "ivan")).await.json().await.unwrap();
    assert_eq!(again.authentication.user_token, first.authentication.user_token);
    let bob: ChatConfig = config(&host, ("userid", "bob")).await.json().await.unwrap();
    let bob_on_chat = chat.server.store().user_by_username("bob").await.unwrap().unwrap();
    assert_eq!(bob.authentication.user_id, bob_on_chat.id);
    let mut socket = Socket::logged_in(
        &chat,
        &Session { user_id: bob.authentication.user_id, token: bob.authentication.user_token },
    )
    .await;
    socket.send(json!({"msg": "ping", "id": "p"})).await;
    assert_eq!(socket.recv().await["msg"], "pong");
}

#[tokio::test]
async fn provider_refusals_surface_as_an_unavailable_chat() {
    let chat = TestServer::start().await; // no minting secret: users.createToken is refused
    let admin = chat.session("alice").await;
    let host = TestServer::start_with(|s| {
        s.demo = false;
        s.trust_identity_header = true;
        s.provider_url = Some(chat.server.url());
        s.provider_user_id = Some(admin.user_id.clone());
        s.provider_token = Some(admin.token.clone());
    })
    .await;
    let response = config(&host, ("userid", "ivan")).await;
    assert_eq!(response.status(), 503);
    assert_eq!(response.json::<Value>().await.unwrap()["errors"]["title"], "Chat unavailable");
}

#[tokio::test]
async fn the_embedding_rules_are_served_to_everyone_and_nothing_else_to_a_stranger() {
    let dir = tempfile::tempdir().unwrap();
    let branding = dir.path().join("branding.json");
    let embed = json!({"allowedOrigins": ["https://portal.example"], "targetOrigin": "https://portal.example"});
    std::fs::write(&branding, json!({"embed": embed, "theme": {"title": "Acme"}}).to_string()).unwrap();
    let app = TestServer::start_with(move |s| {
        s.demo = false;
        s.trust_identity_header = true;
        s.branding = Some(branding);
    })
    .await;
    let stranger = app.http.get(app.url("/chat/config?clientType=web")).send().await.unwrap();
    assert_eq!(stranger.status(), 401);
    let body: Value = stranger.json().await.unwrap();
    assert_eq!(body["embed"], embed, "a framed app that is not signed in needs them for login-with-token");
    assert_eq!(body["errors"]["title"], "Not signed in");
    assert!(body.get("theme").is_none() && body.get("authentication").is_none(), "{body}");
    let signed_in: Value = config(&app, ("userid", "alice")).await.json().await.unwrap();
    assert_eq!(signed_in["embed"], embed);
}
