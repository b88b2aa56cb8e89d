//! The agent bridge against a local stand-in for an OpenAI-compatible model: a direct message to
//! the bot becomes a streamed answer whose request carries the prompt, the last messages and the
//! key; refusals and cuts end as sentences a reader understands; a stop cancels the request.

use std::time::Duration;

use crate::common;
use confab_e2e::model_stand_in::{ModelStandIn, Reply};

use common::{Session, Socket, TestServer};
use serde_json::{Value, json};

const KEY: &str = "sk-stand-in-0123456789-never-shown";

/// A server whose agent (`guide`) asks `model`, reading `history` messages; and bob with a
/// direct room to the agent, and a socket on his messages.
async fn with_agent(model: &ModelStandIn, history: u32, timeout_secs: u64) -> (TestServer, Session, String, Socket) {
    let key_file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(key_file.path(), format!("{KEY}\n")).unwrap();
    let (url, path) = (model.url(), key_file.path().to_owned());
    let app = TestServer::start_with(move |s| {
        s.agent_url = Some(url);
        s.agent_key_file = Some(path);
        s.agent_prompt = "Be brief.".into();
        s.agent_history = history;
        s.agent_timeout_secs = timeout_secs;
    })
    .await;
    drop(key_file);
    let alice = app.session("alice").await;
    app.bot(&alice, "guide").await;
    let bob = app.session("bob").await;
    let made: Value = app.post(&bob, "/api/v1/im.create", json!({"username": "guide"})).await.json().await.unwrap();
    let rid = made["room"]["rid"].as_str().or(made["room"]["_id"].as_str()).unwrap_or_else(|| panic!("{made}"));
    let mut socket = Socket::logged_in(&app, &bob).await;
    assert_eq!(socket.subscribe_stream("m", "stream-room-messages", "__my_messages__").await["msg"], "ready");
    (app, bob, rid.to_owned(), socket)
}

/// The agent's answer once it has ended, as bob hears it.
async fn ended_answer(socket: &mut Socket) -> Value {
    loop {
        let heard = socket.event("__my_messages__").await;
        let message = &heard[0];
        if message["u"]["username"] == "guide" && message["stream"].as_str().is_some_and(|s| s != "writing") {
            return message.clone();
        }
    }
}

#[tokio::test]
async fn a_direct_message_to_the_agent_streams_the_models_answer() {
    let model = ModelStandIn::start(vec![
        Reply::pieces(&["Noted", "."]),
        Reply::pieces(&["Confab ", "is ", "a ", "*chat*", "."]),
    ])
    .await;
    let (app, bob, rid, mut socket) = with_agent(&model, 3, 5).await;
    app.send(&bob, &rid, "I have a question").await;
    assert_eq!(ended_answer(&mut socket).await["msg"], "Noted.");
    app.send(&bob, &rid, "What is Confab?").await;
    let answer = ended_answer(&mut socket).await;
    assert_eq!((answer["msg"].clone(), answer["stream"].clone()), (json!("Confab is a *chat*."), json!("done")));
    assert!(answer["bot"]["i"].as_str().is_some(), "marked as a bot's: {answer}");

    let asked = model.asked();
    assert_eq!(asked.len(), 2);
    assert_eq!(asked[1].authorization.as_deref(), Some(format!("Bearer {KEY}").as_str()), "the key is sent");
    let body = &asked[1].body;
    assert_eq!((body["stream"].clone(), body["model"].clone()), (json!(true), json!("llama3.2")));
    assert_eq!(
        body["messages"],
        json!([
            {"role": "system", "content": "Be brief."},
            {"role": "user", "content": "I have a question"},
            {"role": "assistant", "content": "Noted."},
            {"role": "user", "content": "What is Confab?"},
        ]),
        "the prompt, then the last 3 messages"
    );
    // The key is in no answer the server gives.
    for path in [format!("/api/v1/im.history?roomId={rid}"), "/api/v1/settings.public".into(), "/api/v1/me".into()] {
        let text = app.get(&bob, &path).await.text().await.unwrap();
        assert!(!text.contains(KEY), "{path} shows the key");
    }
}

#[tokio::test]
async fn refusals_timeouts_and_cut_streams_end_as_readable_failures() {
    let slow = Reply::Stream { pieces: vec!["Thinking".into(); 3], every: Duration::from_secs(3), cut_after: None };
    let cut = Reply::Stream {
        pieces: vec!["Half ".into(), "an ".into(), "answer".into()],
        every: Duration::ZERO,
        cut_after: Some(2),
    };
    let model = ModelStandIn::start(vec![Reply::Status(429), Reply::Status(500), cut, slow]).await;
    let (app, bob, rid, mut socket) = with_agent(&model, 2, 1).await;
    let expected = [
        ("a 429", "The assistant has too many questions right now. Please try again in a minute."),
        ("a 500", "The assistant could not answer right now. Please try again later."),
        ("a cut stream", "Half an \n\nThe answer was cut off. Please ask again."),
        ("a silent model", "The assistant took too long to answer. Please try again."),
    ];
    for (n, (what, text)) in expected.into_iter().enumerate() {
        app.send(&bob, &rid, &format!("Question {n}")).await;
        let answer = ended_answer(&mut socket).await;
        assert_eq!((answer["stream"].clone(), answer["msg"].clone()), (json!("failed"), json!(text)), "{what}");
    }
}

#[tokio::test]
async fn a_stop_cancels_the_request_to_the_model() {
    let long = Reply::Stream { pieces: vec!["word ".into(); 200], every: Duration::from_millis(50), cut_after: None };
    let model = ModelStandIn::start(vec![long]).await;
    let (app, bob, rid, mut socket) = with_agent(&model, 2, 5).await;
    app.send(&bob, &rid, "Tell me everything").await;
    let id = loop {
        let heard = socket.event("__my_messages__").await;
        if heard[0]["u"]["username"] == "guide" {
            break heard[0]["_id"].as_str().unwrap().to_owned();
        }
    };
    // Once the first words are in, bob stops it: the model's stream is dropped, not read to its end.
    let deadline = tokio::time::Instant::now() + common::WAIT;
    loop {
        let stored: Value = app.get(&bob, &format!("/api/v1/chat.getMessage?msgId={id}")).await.json().await.unwrap();
        if stored["message"]["msg"].as_str().is_some_and(|text| !text.is_empty()) {
            break;
        }
        assert!(tokio::time::Instant::now() < deadline, "no words of the answer arrived");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let stopped: Value =
        app.post(&bob, "/api/v1/confab.streams.stop", json!({"messageId": id})).await.json().await.unwrap();
    assert_eq!(stopped["message"]["stream"], "stopped", "{stopped}");
    app.eventually("the stand-in to see its stream dropped", || model.dropped() == 1).await;
    let stored: Value = app.get(&bob, &format!("/api/v1/chat.getMessage?msgId={id}")).await.json().await.unwrap();
    let words = stored["message"]["msg"].as_str().unwrap().split_whitespace().count();
    assert!(words < 20, "the answer stopped where it was: {words} words");
}

#[tokio::test]
async fn the_demos_guide_greets_every_demo_user_and_answers_from_the_readme() {
    let app = TestServer::start_with(|s| s.demo_guide = true).await;
    let bob = app.session("bob").await;
    let subscriptions: Value = app.get(&bob, "/api/v1/subscriptions.get").await.json().await.unwrap();
    let guide = subscriptions["update"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["t"] == "d" && s["name"] == "guide")
        .unwrap_or_else(|| panic!("no direct room with the guide: {subscriptions}"));
    let rid = guide["rid"].as_str().unwrap().to_owned();
    let history: Value = app.get(&bob, &format!("/api/v1/im.history?roomId={rid}")).await.json().await.unwrap();
    assert!(history["messages"][0]["msg"].as_str().unwrap().starts_with("Hi! I am Guide"), "{history}");
    let mut socket = Socket::logged_in(&app, &bob).await;
    assert_eq!(socket.subscribe_stream("m", "stream-room-messages", "__my_messages__").await["msg"], "ready");
    app.send(&bob, &rid, "How do I embed Confab in my page?").await;
    let answer = ended_answer(&mut socket).await;
    assert_eq!(answer["stream"], "done");
    assert!(answer["msg"].as_str().unwrap().starts_with("From the README, **Embedding**"), "{answer}");
    let suggested = answer["blocks"][0]["elements"].as_array().unwrap_or_else(|| panic!("{answer}"));
    assert_eq!(suggested.len(), 3, "what to ask next: {answer}");
    assert_eq!(suggested[0]["actionId"], "confab.reply");
}

#[tokio::test]
async fn the_agents_key_appears_in_no_log_line() {
    let model = ModelStandIn::start(vec![Reply::Status(500), Reply::pieces(&["All ", "good."])]).await;
    let data = tempfile::tempdir().unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let (log, errors) = (data.path().join("out.log"), data.path().join("err.log"));
    let mut server = tokio::process::Command::new(env!("CARGO_BIN_EXE_confab-server"))
        .args(["--demo", "--demo-guide", "--port", &port.to_string(), "--agent-url", &model.url()])
        .arg("--data-dir")
        .arg(data.path())
        .env("CONFAB_AGENT_KEY", KEY)
        .env("RUST_LOG", "debug")
        // To a file, which never fills as a pipe would with debug logs.
        .stdout(std::fs::File::create(&log).unwrap())
        .stderr(std::fs::File::create(&errors).unwrap())
        .kill_on_drop(true)
        .spawn()
        .expect("the server starts");
    let http = reqwest::Client::new();
    let base = format!("http://127.0.0.1:{port}");
    let config: Value = loop {
        if let Ok(answer) = http.get(format!("{base}/chat/config?clientType=web")).header("userid", "bob").send().await
        {
            break answer.json().await.unwrap();
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    let auth = &config["authentication"];
    let (user, token) = (auth["userId"].as_str().unwrap(), auth["userToken"].as_str().unwrap());
    let call =
        |path: &str| http.get(format!("{base}/api/v1/{path}")).header("X-User-Id", user).header("X-Auth-Token", token);
    let subscriptions: Value = call("subscriptions.get").send().await.unwrap().json().await.unwrap();
    let rid = subscriptions["update"].as_array().unwrap().iter().find(|s| s["name"] == "guide").unwrap()["rid"]
        .as_str()
        .unwrap()
        .to_owned();
    for question in ["First question", "Second question"] {
        let body = json!({"message": {"rid": rid, "msg": question}});
        let sent = http
            .post(format!("{base}/api/v1/chat.sendMessage"))
            .header("X-User-Id", user)
            .header("X-Auth-Token", token);
        assert!(sent.json(&body).send().await.unwrap().status().is_success());
        let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
        loop {
            let history: Value = call(&format!("im.history?roomId={rid}")).send().await.unwrap().json().await.unwrap();
            let ended = history["messages"][0]["u"]["username"] == "guide"
                && history["messages"][0]["stream"].as_str().is_some_and(|s| s != "writing");
            if ended {
                break;
            }
            assert!(tokio::time::Instant::now() < deadline, "the agent's answer to {question:?} did not end");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
    assert_eq!(model.asked().len(), 2);
    assert_eq!(model.asked()[0].authorization.as_deref(), Some(format!("Bearer {KEY}").as_str()));
    server.start_kill().unwrap();
    server.wait().await.unwrap();
    let logs = format!("{}{}", std::fs::read_to_string(&log).unwrap(), std::fs::read_to_string(&errors).unwrap());
    assert!(logs.contains("the model's API answered 500"), "the failure is logged in detail: {logs}");
    assert!(!logs.contains(KEY) && !logs.contains("stand-in-0123456789"), "the key is in the log");
}

#[tokio::test]
async fn a_models_tokens_reach_readers_a_few_appends_a_second_the_first_at_once() {
    // 60 tokens over about 600 ms: one append at once, then one every 100 ms.
    let tokens: Vec<String> = (0..60).map(|n| format!("t{n} ")).collect();
    let paced = Reply::Stream { pieces: tokens.clone(), every: Duration::from_millis(10), cut_after: None };
    let model = ModelStandIn::start(vec![paced]).await;
    let (app, bob, rid, _messages) = with_agent(&model, 2, 5).await;
    let mut pieces = Socket::logged_in(&app, &bob).await;
    let piece_event = format!("{rid}/confab-piece");
    assert_eq!(pieces.subscribe_stream("p", "stream-notify-room", &piece_event).await["msg"], "ready");
    app.send(&bob, &rid, "Count for me").await;
    let whole = tokens.concat();
    let mut heard: Vec<String> = Vec::new();
    while heard.concat().len() < whole.len() {
        let piece = pieces.event(&piece_event).await;
        heard.push(piece[0]["piece"].as_str().unwrap().to_owned());
    }
    assert_eq!(heard.concat(), whole, "every token, in order, once");
    assert_eq!(heard[0], "t0 ", "the first token goes alone, at once");
    assert!((3..=15).contains(&heard.len()), "the rest gathered about every 100 ms, not a frame per token: {heard:?}");
}
