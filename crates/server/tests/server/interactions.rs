//! What readers do with a bot's message against the real server: a button's block action reaches
//! the bot with Rocket.Chat's fields, only for choices the message offers; feedback is stored
//! once per reader, can be changed and taken back, and reaches the bot.

use crate::common;

use common::{Session, Socket, TestServer};
use serde_json::{Value, json};

/// A bot in `#general` whose message carries buttons and a menu, with the room and message ids.
async fn bots_message(app: &TestServer, admin: &Session) -> (Session, String, String) {
    let helper = app.bot(admin, "helper").await;
    let general = app.room_id(admin, "general").await;
    assert_eq!(app.post(&helper, "/api/v1/channels.join", json!({"roomId": general})).await.status(), 200);
    let started: Value = app
        .post(&helper, "/api/v1/confab.streams.start", json!({"rid": general, "msg": "Which plan?"}))
        .await
        .json()
        .await
        .unwrap();
    let id = started["message"]["_id"].as_str().unwrap().to_owned();
    let blocks = json!([{"type": "actions", "blockId": "plans", "elements": [
        {"type": "button", "actionId": "choose", "value": "pro", "text": {"type": "plain_text", "text": "Pro"}},
        {"type": "static_select", "actionId": "seats", "placeholder": {"type": "plain_text", "text": "Seats"},
         "options": [{"value": "5", "text": {"type": "plain_text", "text": "5 seats"}}]}]}]);
    let ended = app
        .post(&helper, "/api/v1/confab.streams.end", json!({"messageId": id, "state": "done", "blocks": blocks}))
        .await;
    assert_eq!(ended.status(), 200, "{}", ended.text().await.unwrap());
    (helper, general, id)
}

#[tokio::test]
async fn a_buttons_action_reaches_the_bot_only_for_what_the_message_offers() {
    let app = TestServer::start().await;
    let alice = app.session("alice").await;
    let bob = app.session("bob").await;
    let (helper, general, id) = bots_message(&app, &alice).await;
    let mut bot = Socket::logged_in(&app, &helper).await;
    let event = format!("{}/confab-block-action", helper.user_id);
    assert_eq!(bot.subscribe_stream("a", "stream-notify-user", &event).await["msg"], "ready");

    let press =
        |value: &str| json!({"mid": id, "rid": general, "blockId": "plans", "actionId": "choose", "value": value});
    assert_eq!(app.post(&bob, "/api/v1/confab.blocks.action", press("pro")).await.status(), 200);
    let heard = bot.event(&event).await;
    let action = &heard[0];
    assert_eq!(action["type"], "blockAction");
    assert_eq!(
        (action["actionId"].clone(), action["blockId"].clone(), action["value"].clone()),
        (json!("choose"), json!("plans"), json!("pro"))
    );
    assert_eq!((action["mid"].clone(), action["rid"].clone()), (json!(id), json!(general)));
    assert_eq!(action["user"]["username"], "bob");
    assert!(action["triggerId"].as_str().is_some_and(|t| !t.is_empty()));

    let choose = json!({"mid": id, "rid": general, "blockId": "plans", "actionId": "seats", "value": "5"});
    assert_eq!(app.post(&bob, "/api/v1/confab.blocks.action", choose).await.status(), 200);
    assert_eq!(bot.event(&event).await[0]["value"], "5");
    for forged in [
        press("enterprise"),
        json!({"mid": id, "rid": general, "blockId": "other", "actionId": "choose", "value": "pro"}),
    ] {
        let refused = app.post(&bob, "/api/v1/confab.blocks.action", forged).await;
        assert_eq!(refused.status(), 400);
        assert_eq!(refused.json::<Value>().await.unwrap()["errorType"], "error-invalid-action");
    }
    // A person's message takes no block action; someone outside the room cannot press.
    let sent: Value = app.send(&bob, &general, "plain").await.json().await.unwrap();
    let plain = json!({"mid": sent["message"]["_id"], "rid": general, "blockId": "plans", "actionId": "choose", "value": "pro"});
    assert_eq!(app.post(&bob, "/api/v1/confab.blocks.action", plain).await.status(), 400);
    let dave = app.session("dave").await;
    assert_eq!(app.post(&dave, "/api/v1/confab.blocks.action", press("pro")).await.status(), 403);
}

#[tokio::test]
async fn feedback_is_one_vote_per_reader_changed_in_place_and_heard_by_the_bot() {
    let app = TestServer::start().await;
    let alice = app.session("alice").await;
    let bob = app.session("bob").await;
    let (helper, general, id) = bots_message(&app, &alice).await;
    let mut bot = Socket::logged_in(&app, &helper).await;
    let event = format!("{}/confab-feedback", helper.user_id);
    assert_eq!(bot.subscribe_stream("f", "stream-notify-user", &event).await["msg"], "ready");

    let vote = |vote: Value, comment: Value| json!({"messageId": id, "vote": vote, "comment": comment});
    assert_eq!(app.post(&bob, "/api/v1/confab.feedback.set", vote(json!("up"), Value::Null)).await.status(), 200);
    assert_eq!(bot.event(&event).await[0]["vote"], "up");
    let changed = app.post(&bob, "/api/v1/confab.feedback.set", vote(json!("down"), json!("Too long"))).await;
    assert_eq!(changed.status(), 200);
    let heard = bot.event(&event).await;
    assert_eq!((heard[0]["vote"].clone(), heard[0]["comment"].clone()), (json!("down"), json!("Too long")));
    assert_eq!(heard[0]["user"]["username"], "bob");
    assert_eq!(app.post(&alice, "/api/v1/confab.feedback.set", vote(json!("up"), Value::Null)).await.status(), 200);
    assert_eq!(app.server.store().feedback_counts(&id).await.unwrap(), (1, 1), "one vote per reader");
    let mine: Value =
        app.get(&bob, &format!("/api/v1/confab.feedback.mine?roomId={general}")).await.json().await.unwrap();
    assert_eq!(mine["votes"], json!([{"mid": id, "vote": "down"}]));
    assert_eq!(app.post(&bob, "/api/v1/confab.feedback.set", vote(Value::Null, Value::Null)).await.status(), 200);
    assert_eq!(app.server.store().feedback_counts(&id).await.unwrap(), (1, 0), "taken back");
    let long = app.post(&bob, "/api/v1/confab.feedback.set", vote(json!("down"), json!("x".repeat(501)))).await;
    assert_eq!(long.status(), 400);
    let own = app.post(&helper, "/api/v1/confab.feedback.set", vote(json!("up"), Value::Null)).await;
    assert_eq!(own.status(), 400, "a bot does not rate itself");
}
