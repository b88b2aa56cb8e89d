//! The history methods over REST (`method.call`): the messages around one, oldest first with
//! whether more lie on each side, the next ones after a time, and refusals for what the caller
//! may not read or an envelope that is not a method frame.

use crate::common;

use common::{Session, TestServer};
use serde_json::{Value, json};

async fn call(app: &TestServer, who: &Session, method: &str, params: Value) -> (u16, Value) {
    let frame = json!({"msg": "method", "id": "7", "method": method, "params": params});
    let response = app.post(who, &format!("/api/v1/method.call/{method}"), json!({"message": frame.to_string()})).await;
    let status = response.status().as_u16();
    let body: Value = response.json().await.unwrap();
    let result = body["message"].as_str().map(|m| serde_json::from_str::<Value>(m).unwrap());
    (status, result.unwrap_or(body))
}

fn texts(messages: &Value) -> Vec<&str> {
    messages.as_array().unwrap().iter().map(|m| m["msg"].as_str().unwrap()).collect()
}

#[tokio::test]
async fn the_messages_around_one_and_after_a_time_for_members_only() {
    let app = TestServer::start().await;
    let (alice, bob) = (app.session("alice").await, app.session("bob").await);
    let random = app.room_id(&alice, "random").await;
    let mut ids = Vec::new();
    for n in 1..=30 {
        let sent: Value = app.send(&alice, &random, &format!("note {n}")).await.json().await.unwrap();
        ids.push(sent["message"]["_id"].as_str().unwrap().to_owned());
    }
    let (status, answer) = call(&app, &alice, "loadSurroundingMessages", json!([{"_id": ids[14]}, 10])).await;
    assert_eq!((status, &answer["msg"], &answer["id"]), (200, &json!("result"), &json!("7")), "{answer}");
    let result = &answer["result"];
    let around = texts(&result["messages"]);
    let expected: Vec<String> = (10..=20).map(|n| format!("note {n}")).collect();
    assert_eq!(around, expected, "five before, the message, five after, oldest first");
    assert_eq!((&result["moreBefore"], &result["moreAfter"]), (&json!(true), &json!(true)));
    let (_, last) = call(&app, &alice, "loadSurroundingMessages", json!([{"_id": ids[29]}, 10])).await;
    assert_eq!(last["result"]["moreAfter"], false, "nothing after the newest");

    // What follows the last of them: notes 21 to 25, oldest first.
    let end = result["messages"].as_array().unwrap().last().unwrap()["ts"].clone();
    let (status, next) = call(&app, &alice, "loadNextMessages", json!([random, end, 5])).await;
    assert_eq!(status, 200, "{next}");
    assert_eq!(texts(&next["result"]["messages"]), ["note 21", "note 22", "note 23", "note 24", "note 25"]);

    let (_, first) = call(&app, &alice, "loadNextMessages", json!([random, {"$date": 0}, 3])).await;
    let first = texts(&first["result"]["messages"]);
    assert_eq!(first.len(), 3, "oldest first, three of them");

    // Bob is not in design.
    let design = app.room_id(&alice, "design").await;
    let secret: Value = app.send(&alice, &design, "design only").await.json().await.unwrap();
    let secret = secret["message"]["_id"].as_str().unwrap().to_owned();
    let (status, _) = call(&app, &bob, "loadSurroundingMessages", json!([{"_id": secret}])).await;
    assert_eq!(status, 404, "a message bob cannot read is not found");
    let (status, _) = call(&app, &bob, "loadNextMessages", json!([design, {"$date": 0}])).await;
    assert_eq!(status, 403, "nor a room he is not in paged");
    let (status, _) = call(&app, &alice, "deleteEverything", json!([])).await;
    assert_eq!(status, 404, "an unknown method");
    let bad = app.post(&alice, "/api/v1/method.call/loadNextMessages", json!({"message": "not json"})).await;
    assert_eq!(bad.status(), 400);
}
