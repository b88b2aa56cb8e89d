//! Outgoing webhooks against the real server and a local endpoint: a message with a trigger word
//! is POSTed with Rocket.Chat's payload and the endpoint's answer is posted back as the bot; a
//! failing endpoint is retried as the hook says, and a hanging one never delays the sender; an
//! address on a private network is refused unless the server may call those; the bot behind a
//! hook hears the buttons pressed, the votes given and the stops on its messages.

use crate::common;

use std::sync::{Arc, Mutex};
use std::time::Instant;

use common::{Session, Socket, TestServer, WAIT};
use confab_protocol::Timestamp;
use serde_json::{Value, json};
use tokio::sync::Notify;

/// A local endpoint that keeps every body POSTed to it and answers from a script: the status and
/// body for each call in turn (the last one for every call after), after `hold` is notified if
/// it is set.
struct Endpoint {
    addr: std::net::SocketAddr,
    calls: Arc<Mutex<Vec<Value>>>,
    task: tokio::task::JoinHandle<()>,
}

impl Endpoint {
    async fn start(answers: Vec<(u16, Value)>, hold: Option<Arc<Notify>>) -> Self {
        let calls = Arc::new(Mutex::new(Vec::new()));
        let (kept, answers) = (calls.clone(), Arc::new(answers));
        let app = axum::Router::new().fallback(move |body: axum::body::Bytes| {
            let (kept, answers, hold) = (kept.clone(), answers.clone(), hold.clone());
            async move {
                let n = {
                    let mut calls = kept.lock().unwrap();
                    calls.push(serde_json::from_slice(&body).unwrap_or(Value::Null));
                    calls.len()
                };
                if let Some(hold) = hold {
                    hold.notified().await;
                }
                let (status, answer) = answers[(n - 1).min(answers.len() - 1)].clone();
                (axum::http::StatusCode::from_u16(status).unwrap(), axum::Json(answer))
            }
        });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let task = tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        Self { addr, calls, task }
    }

    fn url(&self) -> String {
        format!("http://{}/hook", self.addr)
    }

    fn calls(&self) -> Vec<Value> {
        self.calls.lock().unwrap().clone()
    }
}

impl Drop for Endpoint {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn create_hook(app: &TestServer, admin: &Session, fields: Value) -> Value {
    let mut hook = json!({"type": "webhook-outgoing", "name": "Ping", "enabled": true, "username": "pinger",
        "channel": "#general", "event": "sendMessage", "scriptEnabled": false});
    hook.as_object_mut().unwrap().extend(fields.as_object().unwrap().clone());
    app.post(admin, "/api/v1/integrations.create", hook).await.json().await.unwrap()
}

/// The hook's history once its newest call has finished.
async fn finished_history(app: &TestServer, admin: &Session, id: &str) -> Value {
    let deadline = tokio::time::Instant::now() + WAIT;
    loop {
        let history: Value =
            app.get(admin, &format!("/api/v1/integrations.history?id={id}")).await.json().await.unwrap();
        if history["history"][0]["finished"] == true {
            return history;
        }
        assert!(tokio::time::Instant::now() < deadline, "no finished call: {history}");
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn a_trigger_word_calls_the_endpoint_with_rocket_chats_payload_and_its_answer_is_posted() {
    let endpoint = Endpoint::start(vec![(200, json!({"text": "Pong from the endpoint"}))], None).await;
    let app = TestServer::start_with(|s| s.fetch_private_addresses = true).await;
    let alice = app.session("alice").await;
    let bob = app.session("bob").await;
    app.bot(&alice, "pinger").await;
    let general = app.room_id(&alice, "general").await;
    let made = create_hook(
        &app,
        &alice,
        json!({"urls": [endpoint.url()], "triggerWords": ["!ping"], "token": "hook-secret-123"}),
    )
    .await;
    let id = made["integration"]["_id"].as_str().unwrap_or_else(|| panic!("{made}")).to_owned();
    assert!(!made.to_string().contains("hook-secret-123"), "the outgoing token is never shown: {made}");
    let mut socket = Socket::logged_in(&app, &bob).await;
    assert_eq!(socket.subscribe("room", &general).await["msg"], "ready");

    app.send(&alice, &general, "hello there").await;
    let sent: Value = app.send(&alice, &general, "!ping are you up?").await.json().await.unwrap();
    let answer = loop {
        let event = socket.event(&general).await;
        if event[0]["u"]["username"] == "pinger" {
            break event[0].clone();
        }
    };
    assert_eq!(answer["msg"], "Pong from the endpoint");
    assert_eq!(answer["bot"], json!({"i": id}));
    let calls = endpoint.calls();
    assert_eq!(calls.len(), 1, "only the message with the trigger word: {calls:?}");
    let call = &calls[0];
    assert_eq!(call["token"], "hook-secret-123");
    assert_eq!(call["bot"], false);
    assert_eq!(call["channel_id"], general.as_str());
    assert_eq!(call["channel_name"], "general");
    assert_eq!(call["message_id"], sent["message"]["_id"]);
    assert_eq!(call["user_id"], alice.user_id.as_str());
    assert_eq!(call["user_name"], "alice");
    assert_eq!(call["text"], "!ping are you up?");
    assert_eq!(call["trigger_word"], "!ping");
    assert!(call["siteUrl"].as_str().is_some_and(|s| s.starts_with("http")), "{call}");
    assert!(Timestamp::parse_iso(call["timestamp"].as_str().unwrap()).is_ok(), "{call}");

    let history = finished_history(&app, &alice, &id).await;
    assert_eq!(history["total"], 1, "{history}");
    assert_eq!(history["history"][0]["step"], "finished");
    assert_eq!(history["history"][0]["attempts"], 1);
    let listed: Value = app.get(&alice, "/api/v1/integrations.list").await.json().await.unwrap();
    assert!(!listed.to_string().contains("hook-secret-123"));
}

#[tokio::test]
async fn a_failing_endpoint_is_retried_as_configured_and_a_hanging_one_never_delays_the_sender() {
    let failing =
        Endpoint::start(vec![(503, json!({})), (503, json!({})), (200, json!({"text": "third time lucky"}))], None)
            .await;
    let hold = Arc::new(Notify::new());
    let hanging = Endpoint::start(vec![(200, json!({}))], Some(hold.clone())).await;
    let app = TestServer::start_with(|s| s.fetch_private_addresses = true).await;
    let alice = app.session("alice").await;
    app.bot(&alice, "pinger").await;
    let general = app.room_id(&alice, "general").await;
    let retried = create_hook(
        &app,
        &alice,
        json!({"urls": [failing.url()], "retryFailedCalls": true,
        "retryCount": 3, "retryDelay": "powers-of-ten"}),
    )
    .await;
    let retried = retried["integration"]["_id"].as_str().unwrap().to_owned();
    create_hook(&app, &alice, json!({"name": "Hanging", "urls": [hanging.url()]})).await;

    let started = Instant::now();
    let sent = app.send(&alice, &general, "deploy the docs").await;
    let took = started.elapsed();
    assert_eq!(sent.status(), 200);
    // The hanging endpoint has the call and has not answered: the send did not wait for it.
    let deadline = tokio::time::Instant::now() + WAIT;
    while hanging.calls().is_empty() {
        assert!(tokio::time::Instant::now() < deadline, "the hanging endpoint was never called");
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    println!("a send with a hanging outgoing hook answered in {took:?}");

    let history = finished_history(&app, &alice, &retried).await;
    let entry = &history["history"][0];
    assert_eq!(entry["step"], "finished", "{history}");
    assert_eq!(entry["attempts"], 3, "two 503s, then the answer: {history}");
    assert_eq!(failing.calls().len(), 3);
    assert!(entry["httpResult"].as_str().is_some_and(|r| r.contains("third time lucky")), "{entry}");
    hold.notify_waiters();
}

#[tokio::test]
async fn an_endpoint_on_a_private_network_is_refused_unless_allowed() {
    let endpoint = Endpoint::start(vec![(200, json!({"text": "should never be posted"}))], None).await;
    let app = TestServer::start().await;
    let alice = app.session("alice").await;
    app.bot(&alice, "pinger").await;
    let general = app.room_id(&alice, "general").await;

    let literal = create_hook(&app, &alice, json!({"urls": [endpoint.url()]})).await;
    assert_eq!(literal["errorType"], "error-invalid-url", "{literal}");
    // A name is resolved at each call, and refused then.
    let by_name = format!("http://localhost:{}/hook", endpoint.addr.port());
    let made = create_hook(&app, &alice, json!({"urls": [by_name], "retryCount": 3})).await;
    let id = made["integration"]["_id"].as_str().unwrap_or_else(|| panic!("{made}")).to_owned();
    app.send(&alice, &general, "anyone home?").await;
    let history = finished_history(&app, &alice, &id).await;
    let entry = &history["history"][0];
    assert_eq!(entry["step"], "failed", "{entry}");
    assert_eq!(entry["attempts"], 1, "a refused address is not tried again: {entry}");
    assert!(entry["httpError"].as_str().is_some_and(|e| e.contains("network")), "{entry}");
    assert!(endpoint.calls().is_empty(), "the endpoint never heard a thing");
}

#[tokio::test]
async fn a_hook_on_a_bots_direct_messages_answers_there_and_never_hears_its_own_answers() {
    let endpoint = Endpoint::start(vec![(200, json!({"text": "Hello from the bot"}))], None).await;
    let app = TestServer::start_with(|s| s.fetch_private_addresses = true).await;
    let alice = app.session("alice").await;
    let bob = app.session("bob").await;
    app.bot(&alice, "pinger").await;
    let general = app.room_id(&alice, "general").await;
    let made = create_hook(&app, &alice, json!({"channel": "@pinger", "urls": [endpoint.url()]})).await;
    let id = made["integration"]["_id"].as_str().unwrap_or_else(|| panic!("{made}")).to_owned();

    // In #general nothing calls it; in bob's direct room with the bot, every message does.
    app.send(&bob, &general, "not for the bot").await;
    let direct: Value = app.post(&bob, "/api/v1/im.create", json!({"username": "pinger"})).await.json().await.unwrap();
    let dm = direct["room"]["_id"]
        .as_str()
        .or(direct["room"]["rid"].as_str())
        .unwrap_or_else(|| panic!("{direct}"))
        .to_owned();
    let mut socket = Socket::logged_in(&app, &bob).await;
    assert_eq!(socket.subscribe("dm", &dm).await["msg"], "ready");
    app.send(&bob, &dm, "hi bot").await;
    let answer = loop {
        let event = socket.event(&dm).await;
        if event[0]["u"]["username"] == "pinger" {
            break event[0].clone();
        }
    };
    assert_eq!(answer["msg"], "Hello from the bot");
    // A second message from bob: its call comes after any the answer could have made.
    app.send(&bob, &dm, "thanks").await;
    let history = {
        let deadline = tokio::time::Instant::now() + WAIT;
        loop {
            let history: Value =
                app.get(&alice, &format!("/api/v1/integrations.history?id={id}")).await.json().await.unwrap();
            let finished =
                history["history"].as_array().map_or(0, |h| h.iter().filter(|e| e["finished"] == true).count());
            if finished >= 2 {
                break history;
            }
            assert!(tokio::time::Instant::now() < deadline, "two calls did not finish: {history}");
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
    };
    let texts: Vec<String> =
        endpoint.calls().iter().map(|c| c["text"].as_str().unwrap_or_default().to_owned()).collect();
    assert_eq!(texts, ["hi bot", "thanks"], "only bob's direct messages, never the bot's answers: {history}");
}

#[tokio::test]
async fn a_bot_behind_a_hook_hears_the_buttons_pressed_and_the_votes_given_on_its_messages_and_answers() {
    let offer = json!({"text": "Which plan?", "blocks": [{"type": "actions", "blockId": "plan", "elements": [
        {"type": "button", "actionId": "choose", "value": "pro", "text": {"type": "plain_text", "text": "Pro"}}]}]});
    let endpoint =
        Endpoint::start(vec![(200, offer), (200, json!({"text": "Pro it is"})), (200, json!({}))], None).await;
    let app = TestServer::start_with(|s| s.fetch_private_addresses = true).await;
    let alice = app.session("alice").await;
    let bob = app.session("bob").await;
    app.bot(&alice, "pinger").await;
    let general = app.room_id(&alice, "general").await;
    let made =
        create_hook(&app, &alice, json!({"urls": [endpoint.url()], "triggerWords": ["!plan"], "token": "t-1"})).await;
    assert!(made["integration"]["_id"].is_string(), "{made}");
    let mut socket = Socket::logged_in(&app, &bob).await;
    assert_eq!(socket.subscribe("room", &general).await["msg"], "ready");
    app.send(&bob, &general, "!plan please").await;
    let from_bot = |event: &Value| event[0]["u"]["username"] == "pinger";
    let offered = loop {
        let event = socket.event(&general).await;
        if from_bot(&event) {
            break event[0].clone();
        }
    };
    let mid = offered["_id"].as_str().unwrap().to_owned();

    let action = json!({"rid": general, "mid": mid, "blockId": "plan", "actionId": "choose", "value": "pro"});
    assert_eq!(app.post(&bob, "/api/v1/confab.blocks.action", action).await.status(), 200);
    let answer = loop {
        let event = socket.event(&general).await;
        if from_bot(&event) && event[0]["_id"] != mid.as_str() {
            break event[0].clone();
        }
    };
    assert_eq!(answer["msg"], "Pro it is", "the endpoint's answer to the click is posted as the bot");
    let vote = json!({"messageId": mid, "vote": "up", "comment": "clear"});
    assert_eq!(app.post(&bob, "/api/v1/confab.feedback.set", vote).await.status(), 200);
    let deadline = tokio::time::Instant::now() + WAIT;
    while endpoint.calls().len() < 3 {
        assert!(tokio::time::Instant::now() < deadline, "the vote did not reach the endpoint: {:?}", endpoint.calls());
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let calls = endpoint.calls();
    let click = &calls[1];
    assert_eq!(
        (&click["event"], &click["actionId"], &click["blockId"], &click["value"]),
        (&json!("blockAction"), &json!("choose"), &json!("plan"), &json!("pro")),
        "{click}"
    );
    assert_eq!(
        (&click["token"], &click["message_id"], &click["user_name"]),
        (&json!("t-1"), &json!(mid), &json!("bob"))
    );
    let voted = &calls[2];
    assert_eq!(
        (&voted["event"], &voted["vote"], &voted["comment"]),
        (&json!("feedback"), &json!("up"), &json!("clear"))
    );
    assert_eq!(voted["channel_id"], general.as_str());
}

#[tokio::test]
async fn a_bot_behind_a_hook_hears_when_a_reader_stops_its_answer() {
    let endpoint = Endpoint::start(vec![(200, json!({}))], None).await;
    let app = TestServer::start_with(|s| s.fetch_private_addresses = true).await;
    let alice = app.session("alice").await;
    let bob = app.session("bob").await;
    let pinger = app.bot(&alice, "pinger").await;
    let general = app.room_id(&alice, "general").await;
    assert_eq!(app.post(&pinger, "/api/v1/channels.join", json!({"roomId": general})).await.status(), 200);
    create_hook(&app, &alice, json!({"urls": [endpoint.url()], "triggerWords": ["!never"]})).await;
    let started: Value =
        app.post(&pinger, "/api/v1/confab.streams.start", json!({"rid": general})).await.json().await.unwrap();
    let mid = started["message"]["_id"].as_str().unwrap_or_else(|| panic!("{started}")).to_owned();
    let stop = json!({"messageId": mid});
    assert_eq!(app.post(&bob, "/api/v1/confab.streams.stop", stop).await.status(), 200);
    let deadline = tokio::time::Instant::now() + WAIT;
    while endpoint.calls().is_empty() {
        assert!(tokio::time::Instant::now() < deadline, "the stop did not reach the endpoint");
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let call = &endpoint.calls()[0];
    assert_eq!(
        (&call["event"], &call["message_id"], &call["user_name"]),
        (&json!("streamStopped"), &json!(mid), &json!("bob"))
    );
}
