//! Bots and incoming webhooks against the real server: a bot account signs in with a personal
//! access token over REST and DDP; an admin makes an incoming hook whose calls post into the
//! room as the bot, live, and whose token is shown only once; and nobody without the right can
//! make, list or read integrations.

use crate::common;

use common::{Session, Socket, TestServer};
use serde_json::{Value, json};

#[tokio::test]
async fn a_bot_signs_in_with_a_personal_access_token_shown_once() {
    let app = TestServer::start().await;
    let alice = app.session("alice").await;
    let helper = app.bot(&alice, "helper").await;

    let made: Value = app
        .post(
            &helper,
            "/api/v1/users.generatePersonalAccessToken",
            json!({"tokenName": "ci", "bypassTwoFactor": false}),
        )
        .await
        .json()
        .await
        .unwrap();
    let token = made["token"].as_str().unwrap_or_else(|| panic!("{made}")).to_owned();
    let personal = Session { user_id: helper.user_id.clone(), token: token.clone() };
    let me: Value = app.get(&personal, "/api/v1/me").await.json().await.unwrap();
    assert_eq!(me["username"], "helper");
    let mut socket = app.socket().await;
    socket.connect().await;
    assert!(socket.login(&token).await.get("result").is_some(), "a DDP login with the token");
    // What the bot posts is marked as a bot's.
    let general = app.room_id(&alice, "general").await;
    assert_eq!(app.post(&personal, "/api/v1/channels.join", json!({"roomId": general})).await.status(), 200);
    let sent: Value = app.send(&personal, &general, "Hello, I am a bot").await.json().await.unwrap();
    assert_eq!(sent["message"]["bot"], json!({"i": helper.user_id}), "{sent}");

    let again = app.post(&helper, "/api/v1/users.generatePersonalAccessToken", json!({"tokenName": "ci"})).await;
    assert_eq!(again.status(), 400);
    assert_eq!(again.json::<Value>().await.unwrap()["errorType"], "error-token-already-exists");
    let listed: Value = app.get(&helper, "/api/v1/users.getPersonalAccessTokens").await.json().await.unwrap();
    assert_eq!(listed["tokens"].as_array().unwrap().len(), 1, "{listed}");
    assert_eq!(listed["tokens"][0]["name"], "ci");
    assert_eq!(listed["tokens"][0]["lastTokenPart"], token[token.len() - 6..]);
    assert!(!listed.to_string().contains(&token), "the token is never shown again");

    // Ending the bot's sessions leaves its personal token; removing it by name ends it.
    app.server.store().revoke_all_login_tokens(&helper.user_id).await.unwrap();
    assert_eq!(app.get(&helper, "/api/v1/me").await.status(), 401, "the session is over");
    assert_eq!(app.get(&personal, "/api/v1/me").await.status(), 200, "the personal token lives on");
    let removed = app.post(&personal, "/api/v1/users.removePersonalAccessToken", json!({"tokenName": "ci"})).await;
    assert_eq!(removed.status(), 200);
    assert_eq!(app.get(&personal, "/api/v1/me").await.status(), 401);
}

#[tokio::test]
async fn an_incoming_hook_posts_as_its_bot_live_and_its_token_is_shown_once() {
    let app = TestServer::start().await;
    let alice = app.session("alice").await;
    let bob = app.session("bob").await;
    app.bot(&alice, "deploys").await;
    let general = app.room_id(&alice, "general").await;
    let mut socket = Socket::logged_in(&app, &bob).await;
    assert_eq!(socket.subscribe("room", &general).await["msg"], "ready");

    let create = json!({"type": "webhook-incoming", "name": "Deploys", "enabled": true, "username": "deploys",
        "channel": "#general", "scriptEnabled": false, "alias": "Deploy bot", "emoji": ":rocket:"});
    let made: Value = app.post(&alice, "/api/v1/integrations.create", create.clone()).await.json().await.unwrap();
    let hook = &made["integration"];
    let (id, token) = (hook["_id"].as_str().unwrap().to_owned(), hook["token"].as_str().unwrap().to_owned());
    assert_eq!(hook["channel"], json!(["#general"]), "{made}");
    assert_eq!(hook["username"], "deploys");
    let shown: Value =
        app.get(&alice, &format!("/api/v1/integrations.get?integrationId={id}")).await.json().await.unwrap();
    assert_eq!(shown["integration"]["name"], "Deploys");
    let listed: Value = app.get(&alice, "/api/v1/integrations.list").await.json().await.unwrap();
    assert_eq!(listed["total"], 1);
    assert!(!shown.to_string().contains(&token) && !listed.to_string().contains(&token), "the token is shown once");

    let address = app.url(&format!("/hooks/{id}/{token}"));
    let body = json!({"text": "Deployed *v2.4* to production", "avatar": "javascript:alert(1)",
        "attachments": [{"title": "Changelog", "text": "Faster rooms"}]});
    let posted = app.http.post(&address).json(&body).send().await.unwrap();
    assert_eq!(posted.status(), 200, "{}", posted.text().await.unwrap());
    let heard = socket.event(&general).await;
    let message = &heard[0];
    assert_eq!(message["msg"], "Deployed *v2.4* to production");
    assert_eq!(message["u"]["username"], "deploys");
    assert_eq!(message["alias"], "Deploy bot");
    assert_eq!(message["emoji"], ":rocket:");
    assert_eq!(message["bot"], json!({"i": id}));
    assert_eq!(message["attachments"][0]["title"], "Changelog");
    assert!(message.get("avatar").is_none(), "a javascript: avatar is dropped: {message}");
    assert!(message["md"].is_array(), "the text is read as anyone's");

    // A wrong token and a wrong id are the same 404; an empty call is a 400; nothing is posted.
    for wrong in [format!("/hooks/{id}/{}", "x".repeat(43)), format!("/hooks/{}/{token}", "y".repeat(17))] {
        let answer = app.http.post(app.url(&wrong)).json(&json!({"text": "sneaky"})).send().await.unwrap();
        assert_eq!(answer.status(), 404);
        let answer: Value = answer.json().await.unwrap();
        assert_eq!(
            (answer["success"].clone(), answer["errorType"].clone()),
            (json!(false), json!("error-invalid-integration"))
        );
    }
    let empty = app.http.post(&address).json(&json!({"text": "  "})).send().await.unwrap();
    assert_eq!(empty.status(), 400);
    let malformed = app.http.post(&address).header("content-type", "application/json").body("{").send().await.unwrap();
    assert_eq!(malformed.status(), 400);

    // A private group the bot is not in stays closed to it, even when the call may name a room.
    let open = json!({"type": "webhook-incoming", "name": "Anywhere", "enabled": true, "username": "deploys",
        "channel": "#general", "scriptEnabled": false, "overrideDestinationChannelEnabled": true});
    let anywhere: Value = app.post(&alice, "/api/v1/integrations.create", open).await.json().await.unwrap();
    let anywhere = app.url(&format!(
        "/hooks/{}/{}",
        anywhere["integration"]["_id"].as_str().unwrap(),
        anywhere["integration"]["token"].as_str().unwrap()
    ));
    let refused = app.http.post(&anywhere).json(&json!({"text": "hi", "channel": "#design"})).send().await.unwrap();
    assert_eq!(refused.status(), 403);

    // Removed, its address is gone.
    let removed =
        app.post(&alice, "/api/v1/integrations.remove", json!({"type": "webhook-incoming", "integrationId": id})).await;
    assert_eq!(removed.status(), 200);
    let gone = app.http.post(&address).json(&json!({"text": "late"})).send().await.unwrap();
    assert_eq!(gone.status(), 404);
}

#[tokio::test]
async fn nobody_without_the_right_makes_lists_or_reads_integrations() {
    let app = TestServer::start().await;
    let alice = app.session("alice").await;
    let bob = app.session("bob").await;
    let create = json!({"type": "webhook-incoming", "name": "Mine", "enabled": true, "username": "bob",
        "channel": "#general", "scriptEnabled": false});
    let made: Value = app.post(&alice, "/api/v1/integrations.create", create.clone()).await.json().await.unwrap();
    let id = made["integration"]["_id"].as_str().unwrap().to_owned();

    let refused = app.post(&bob, "/api/v1/integrations.create", create).await;
    assert!([400, 403].contains(&refused.status().as_u16()), "{}", refused.status());
    for path in ["/api/v1/integrations.list".to_owned(), format!("/api/v1/integrations.get?integrationId={id}")] {
        let answer = app.get(&bob, &path).await;
        let status = answer.status().as_u16();
        let body: Value = answer.json().await.unwrap();
        assert!(
            (400..500).contains(&status) && body.get("integration").is_none() && body.get("integrations").is_none(),
            "{path}: {body}"
        );
    }
    let removed =
        app.post(&bob, "/api/v1/integrations.remove", json!({"type": "webhook-incoming", "integrationId": id})).await;
    assert!((400..500).contains(&removed.status().as_u16()));
    let still: Value =
        app.get(&alice, &format!("/api/v1/integrations.get?integrationId={id}")).await.json().await.unwrap();
    assert_eq!(still["integration"]["_id"], id.as_str());

    // A script is refused rather than ignored.
    let scripted = json!({"type": "webhook-incoming", "name": "Script", "enabled": true, "username": "bob",
        "channel": "#general", "scriptEnabled": true, "script": "class Script {}"});
    let answer = app.post(&alice, "/api/v1/integrations.create", scripted).await;
    assert_eq!(answer.status(), 400);
}

#[tokio::test]
async fn a_hooks_blocks_are_stored_when_they_keep_the_rules_and_refused_whole_when_not() {
    let app = TestServer::start().await;
    let alice = app.session("alice").await;
    app.bot(&alice, "deploys").await;
    let general = app.room_id(&alice, "general").await;
    let create = json!({"type": "webhook-incoming", "name": "Deploys", "enabled": true, "username": "deploys",
        "channel": "#general", "scriptEnabled": false});
    let made: Value = app.post(&alice, "/api/v1/integrations.create", create).await.json().await.unwrap();
    let hook = &made["integration"];
    let address = app.url(&format!("/hooks/{}/{}", hook["_id"].as_str().unwrap(), hook["token"].as_str().unwrap()));

    let blocks = json!([
        {"type": "section", "text": {"type": "mrkdwn", "text": "Deploy *v2.5*? <script>alert(1)</script>"}},
        {"type": "actions", "blockId": "deploy", "elements": [
            {"type": "button", "actionId": "approve", "value": "v2.5", "style": "primary", "text": {"type": "plain_text", "text": "Approve"}},
            {"type": "button", "actionId": "logs", "url": "https://ci.example.com/logs", "text": {"type": "plain_text", "text": "Logs"}}]}
    ]);
    let posted = app.http.post(&address).json(&json!({"blocks": blocks})).send().await.unwrap();
    assert_eq!(posted.status(), 200, "blocks alone are a message: {}", posted.text().await.unwrap());
    let history: Value =
        app.get(&alice, &format!("/api/v1/channels.history?roomId={general}&count=1")).await.json().await.unwrap();
    assert_eq!(history["messages"][0]["blocks"], blocks, "stored as sent, its text only ever text");

    let hostile = [
        json!([{"type": "actions", "elements": [{"type": "button", "actionId": "x", "url": "javascript:alert(1)",
            "text": {"type": "plain_text", "text": "Click"}}]}]),
        json!([{"type": "image", "imageUrl": "data:image/svg+xml,<svg onload=alert(1)>", "altText": "x"}]),
        json!((0..60).map(|_| json!({"type": "divider"})).collect::<Vec<_>>()),
        json!([{"type": "section", "text": {"type": "plain_text", "text": "x".repeat(5000)}}]),
    ];
    for blocks in hostile {
        let refused = app.http.post(&address).json(&json!({"text": "sneaky", "blocks": blocks})).send().await.unwrap();
        assert_eq!(refused.status(), 400);
        let body: Value = refused.json().await.unwrap();
        assert_eq!(body["errorType"], "error-invalid-blocks", "{body}");
    }
    let after: Value =
        app.get(&alice, &format!("/api/v1/channels.history?roomId={general}&count=5")).await.json().await.unwrap();
    assert!(!after.to_string().contains("sneaky"), "nothing of a refused call is posted");
}
