//! Administration over REST: creating users and minting their tokens, as a backend in front of
//! the chat server does.

use crate::common;

use common::{Session, TestServer};
use serde_json::{Value, json};

const SECRET: &str = "minting-secret-for-tests";

#[tokio::test]
async fn an_admin_creates_users_and_mints_tokens_with_the_secret() {
    let app = TestServer::start_with(|s| s.create_tokens_secret = Some(SECRET.into())).await;
    let alice = app.session("alice").await; // admin
    let bob = app.session("bob").await;
    let new_user = json!({"email": "erin@example.com", "name": "Erin", "password": "unused", "username": "erin"});
    assert_eq!(app.post(&bob, "/api/v1/users.create", new_user.clone()).await.status(), 403);
    let created: Value = app.post(&alice, "/api/v1/users.create", new_user.clone()).await.json().await.unwrap();
    assert_eq!(created["user"]["username"], "erin");
    assert_eq!(app.post(&alice, "/api/v1/users.create", new_user).await.status(), 400, "usernames are unique");
    let erin_id = created["user"]["_id"].as_str().unwrap().to_owned();

    let mint = |secret: &str| json!({"userId": erin_id, "secret": secret});
    assert_eq!(app.post(&bob, "/api/v1/users.createToken", mint(SECRET)).await.status(), 403, "admins only");
    assert_eq!(app.post(&alice, "/api/v1/users.createToken", mint("guess")).await.status(), 403, "secret required");
    assert_eq!(app.post(&alice, "/api/v1/users.createToken", json!({"userId": erin_id})).await.status(), 403);
    let minted: Value = app.post(&alice, "/api/v1/users.createToken", mint(SECRET)).await.json().await.unwrap();
    let erin = Session { user_id: erin_id.clone(), token: minted["data"]["authToken"].as_str().unwrap().to_owned() };
    assert_eq!(minted["data"]["userId"], erin_id.as_str());
    let me: Value = app.get(&erin, "/api/v1/me").await.json().await.unwrap();
    assert_eq!(me["username"], "erin");

    let info: Value = app.get(&alice, "/api/v1/users.info?username=erin").await.json().await.unwrap();
    assert_eq!(info["user"]["_id"], erin_id.as_str());
    // Who someone is, anyone signed in may read (for the user card): the document holds nothing private.
    let seen: Value = app.get(&bob, "/api/v1/users.info?username=erin").await.json().await.unwrap();
    assert_eq!(seen["user"], info["user"]);
}

#[tokio::test]
async fn minting_is_off_without_a_configured_secret() {
    let app = TestServer::start().await;
    let alice = app.session("alice").await;
    let refused = app.post(&alice, "/api/v1/users.createToken", json!({"username": "bob", "secret": ""})).await;
    assert_eq!(refused.status(), 403);
}

#[tokio::test]
async fn a_user_holds_at_most_fifty_live_tokens_and_the_oldest_go_first() {
    let app = TestServer::start_with(|s| {
        s.create_tokens_secret = Some(SECRET.into());
        s.mint_rate_per_minute = 10_000;
    })
    .await;
    let alice = app.session("alice").await;
    let mut tokens = Vec::new();
    for _ in 0..55 {
        let minted: Value = app
            .post(&alice, "/api/v1/users.createToken", json!({"username": "bob", "secret": SECRET}))
            .await
            .json()
            .await
            .unwrap();
        tokens.push(Session {
            user_id: minted["data"]["userId"].as_str().unwrap().into(),
            token: minted["data"]["authToken"].as_str().unwrap().into(),
        });
    }
    let bob_id = tokens[0].user_id.clone();
    assert_eq!(app.server.store().login_token_count(&bob_id).await.unwrap(), 50);
    assert_eq!(app.get(&tokens[0], "/api/v1/me").await.status(), 401, "the oldest was revoked");
    assert_eq!(app.get(&tokens[4], "/api/v1/me").await.status(), 401);
    assert_eq!(app.get(&tokens[5], "/api/v1/me").await.status(), 200);
    assert_eq!(app.get(&tokens[54], "/api/v1/me").await.status(), 200);
}

#[tokio::test]
async fn statistics_count_the_open_sockets_for_admins_only() {
    let app = TestServer::start().await;
    let alice = app.session("alice").await;
    let open = || async {
        let body: Value = app.get(&alice, "/api/v1/statistics").await.json().await.unwrap();
        body["openSockets"].as_u64().expect("a count")
    };
    let before = open().await;
    let mut first = app.socket().await;
    first.connect().await;
    let mut second = app.socket().await;
    second.connect().await;
    assert_eq!(open().await, before + 2);
    first.stream.close(None).await.unwrap();
    drop(first);
    let deadline = tokio::time::Instant::now() + common::WAIT;
    while open().await != before + 1 {
        assert!(tokio::time::Instant::now() < deadline, "a closed socket leaves the count");
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let bob = app.session("bob").await;
    assert_eq!(app.get(&bob, "/api/v1/statistics").await.status(), 403, "not for users");
}
