//! Support conversations end to end over the real interfaces: a visitor minted by the config
//! endpoint writes, the conversation waits in the team's queue, an agent takes it (one of two
//! racing does), forwards it, closes it with a comment; the visitor rates it and keeps its
//! transcript. And the bot's part: it answers first, and a hand-off (asked, its own button, a vote
//! down, or its silence) passes the conversation to the team and silences it.

use std::sync::{Arc, Mutex};

use crate::common;

use common::{Session, Socket, TestServer};
use confab_e2e::model_stand_in::{ModelStandIn, Reply};
use serde_json::{Value, json};

/// A visitor's credentials: the token they keep, their login, and their conversation.
pub struct Visitor {
    pub token: String,
    pub session: Session,
    pub rid: String,
}

/// The config endpoint as a launcher calls it for the visitor holding `token`, who has no open
/// conversation: no login, and the welcome a conversation will open with. Nothing is stored.
pub async fn not_started(app: &TestServer, token: &str) -> Value {
    let url = app.url(&format!("/chat/config?clientType=web&visitor={token}"));
    let response = app.http.get(url).send().await.unwrap();
    assert_eq!(response.status(), 202);
    let config: Value = response.json().await.unwrap();
    assert_eq!(config["authentication"]["userToken"], "", "no login before the visitor writes: {config}");
    assert_eq!(
        (config["support"]["token"].as_str(), config["support"]["pending"].as_bool()),
        (Some(token), Some(true))
    );
    assert!(config["support"]["rid"].is_null(), "{config}");
    config["support"].clone()
}

/// The config endpoint for the visitor holding `token`, who has an open conversation.
pub async fn signed_in(app: &TestServer, token: &str) -> Visitor {
    let url = app.url(&format!("/chat/config?clientType=web&visitor={token}"));
    let response = app.http.get(url).send().await.unwrap();
    assert_eq!(response.status(), 200);
    let config: Value = response.json().await.unwrap();
    let session = Session {
        user_id: config["authentication"]["userId"].as_str().unwrap().to_owned(),
        token: config["authentication"]["userToken"].as_str().unwrap().to_owned(),
    };
    assert_eq!(config["support"]["token"], token, "{config}");
    let rid = config["support"]["rid"].as_str().unwrap_or_else(|| panic!("{config}")).to_owned();
    Visitor { token: token.to_owned(), session, rid }
}

/// The visitor holding `token` writes `words` as their app does before they have a
/// conversation (registering, then writing with no room, which starts it), and is signed in.
pub async fn visitor_writes(app: &TestServer, token: &str, words: &str) -> Visitor {
    let register = json!({"visitor": {"token": token}});
    let (status, body) =
        json_of(app.http.post(app.url("/api/v1/livechat/visitor")).json(&register).send().await.unwrap()).await;
    assert_eq!(status, 200, "{body}");
    let message = json!({"token": token, "msg": words});
    let (status, body) =
        json_of(app.http.post(app.url("/api/v1/livechat/message")).json(&message).send().await.unwrap()).await;
    assert_eq!(status, 200, "{body}");
    let visitor = signed_in(app, token).await;
    assert_eq!(body["message"]["rid"], json!(visitor.rid), "the first words started the conversation");
    visitor
}

async fn json_of(response: reqwest::Response) -> (u16, Value) {
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

async fn queue(app: &TestServer, agent: &Session) -> Value {
    let (status, body) = json_of(app.get(agent, "/api/v1/livechat/inquiries.queued").await).await;
    assert_eq!(status, 200, "{body}");
    body
}

async fn history(app: &TestServer, who: &Session, rid: &str) -> Vec<Value> {
    let (status, body) = json_of(app.get(who, &format!("/api/v1/groups.history?roomId={rid}&count=50")).await).await;
    assert_eq!(status, 200, "{body}");
    body["messages"].as_array().unwrap().clone()
}

#[tokio::test]
async fn a_visitor_writes_waits_is_taken_forwarded_closed_and_rates_the_conversation() {
    let app = TestServer::start().await;
    let alice = app.session("alice").await;
    let bob = app.session("bob").await;
    let carol = app.session("carol").await;
    let dave = app.session("dave").await;
    let mut watcher = Socket::logged_in(&app, &alice).await;
    let ready = watcher.subscribe_stream("q", "livechat-inquiry-queue-observer", "public").await;
    assert_eq!(ready["msg"], "ready", "an agent may watch the queue: {ready}");

    let token = "visitor-token-0123456789-a";
    not_started(&app, token).await;
    not_started(&app, token).await;
    assert!(app.server.store().visitor_by_token(token).await.unwrap().is_none(), "nothing is stored before writing");
    assert_eq!(queue(&app, &bob).await["total"], 0, "nothing waits before the visitor writes");

    let guest = visitor_writes(&app, token, "My order has not arrived").await;
    let subs: Value = app.get(&guest.session, "/api/v1/subscriptions.get").await.json().await.unwrap();
    let subs = subs["update"].as_array().unwrap();
    assert_eq!(subs.len(), 1, "a visitor is in their conversation only: {subs:?}");
    assert_eq!((subs[0]["name"].as_str(), subs[0]["t"].as_str()), (Some("support"), Some("l")));
    assert_eq!(
        signed_in(&app, &guest.token).await.rid,
        guest.rid,
        "the same token comes back to the same conversation"
    );
    let heard = watcher.event("public").await;
    assert_eq!((heard[0].as_str(), heard[1]["_id"].as_str()), (Some("inserted"), Some(guest.rid.as_str())));
    let waiting = queue(&app, &bob).await;
    assert_eq!(waiting["total"], 1);
    assert_eq!(waiting["inquiries"][0]["message"], "My order has not arrived");
    assert_eq!(waiting["inquiries"][0]["status"], "queued");

    // Two agents take it at once: one does.
    let take = |who: Session| {
        let (app, rid) = (&app, guest.rid.clone());
        async move { json_of(app.post(&who, "/api/v1/livechat/inquiries.take", json!({"inquiryId": rid})).await).await }
    };
    let (first, second) = tokio::join!(take(bob.clone()), take(carol.clone()));
    let statuses = [first.0, second.0];
    assert!(statuses.contains(&200) && statuses.contains(&400), "one take wins: {first:?} {second:?}");
    let (agent, colleague) = if first.0 == 200 { (&bob, &carol) } else { (&carol, &bob) };
    assert_eq!(if first.0 == 200 { &second.1 } else { &first.1 }["errorType"], "error-not-queued");
    assert_eq!(queue(&app, &bob).await["total"], 0);
    let room: Value = app.get(&guest.session, "/api/v1/rooms.get").await.json().await.unwrap();
    let served_by = room["update"][0]["servedBy"]["_id"].clone();
    assert_eq!(served_by, json!(agent.user_id), "the visitor is told who answers: {room}");
    assert!(history(&app, &guest.session, &guest.rid).await.iter().any(|m| m["t"] == "uj"));

    app.send(agent, &guest.rid, "Let me look that up").await;
    assert!(history(&app, &guest.session, &guest.rid).await.iter().any(|m| m["msg"] == "Let me look that up"));

    // Only the agent serving it (or a manager) moves it; dave is not on the team at all.
    let forward = json!({"roomId": guest.rid, "userId": colleague.user_id});
    let (status, _) = json_of(app.post(&dave, "/api/v1/livechat/room.forward", forward.clone()).await).await;
    assert_eq!(status, 403, "dave is not on the support team");
    let (status, body) = json_of(app.post(colleague, "/api/v1/livechat/room.forward", forward.clone()).await).await;
    assert_eq!(status, 403, "only who serves it forwards it: {body}");
    let (status, body) = json_of(app.post(agent, "/api/v1/livechat/room.forward", forward).await).await;
    assert_eq!(status, 200, "{body}");
    let (status, _) = json_of(app.get(agent, &format!("/api/v1/groups.history?roomId={}", guest.rid)).await).await;
    assert_eq!(status, 403, "who forwarded it left it");

    let close = json!({"rid": guest.rid, "comment": "Parcel re-sent"});
    let (status, body) = json_of(app.post(colleague, "/api/v1/livechat/room.closeByUser", close).await).await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = json_of(app.send(&guest.session, &guest.rid, "Hello?").await).await;
    assert_eq!((status, body["errorType"].as_str()), (403, Some("error-room-closed")), "{body}");
    let closing = history(&app, &guest.session, &guest.rid).await;
    assert_eq!(
        (closing[0]["t"].as_str(), closing[0]["msg"].as_str()),
        (Some("livechat-close"), Some("Parcel re-sent"))
    );

    let survey = json!({"token": guest.token, "rid": guest.rid,
        "data": [{"name": "satisfaction", "value": "5"}, {"name": "comment", "value": "Quick, thanks"}]});
    let (status, body) =
        json_of(app.http.post(app.url("/api/v1/livechat/room.survey")).json(&survey).send().await.unwrap()).await;
    assert_eq!(status, 200, "{body}");
    let (_, rooms) = json_of(app.get(colleague, "/api/v1/livechat/rooms?open=false").await).await;
    assert_eq!(rooms["total"], 1, "{rooms}");
    assert_eq!(
        rooms["rooms"][0]["surveyFeedback"],
        json!([{"label": "satisfaction", "value": "5"}, {"label": "comment", "value": "Quick, thanks"}])
    );
    assert_eq!(rooms["rooms"][0]["closingComment"], "Parcel re-sent");

    let url = app.url(&format!("/api/v1/confab.livechat.transcript?token={}&rid={}", guest.token, guest.rid));
    let transcript = app.http.get(url).send().await.unwrap();
    assert_eq!(transcript.status(), 200);
    assert!(transcript.headers()["content-disposition"].to_str().unwrap().starts_with("attachment"));
    let text = transcript.text().await.unwrap();
    for line in ["My order has not arrived", "Let me look that up", "closed the conversation: Parcel re-sent"] {
        assert!(text.contains(line), "{line} in {text}");
    }
    not_started(&app, &guest.token).await;
    assert_ne!(
        visitor_writes(&app, &guest.token, "Me again").await.rid,
        guest.rid,
        "after a close, a visitor starts anew"
    );
}

#[tokio::test]
async fn a_visitor_reaches_nothing_but_their_own_conversation() {
    let app = TestServer::start().await;
    let alice = app.session("alice").await;
    let general = app.room_id(&alice, "general").await;
    let one = visitor_writes(&app, "visitor-token-0123456789-one", "one's secret").await;
    let two = visitor_writes(&app, "visitor-token-0123456789-two", "hello").await;

    // Every route not opened to visitors refuses their login, whatever it would show.
    let mut refused = 0;
    for route in confab_server::routes::api_routes() {
        use confab_server::routes::Access;
        if route.access == Access::Anyone || route.access == Access::Visitor {
            continue;
        }
        let path = format!("/api/v1{}", route.path.replace("{rid}", &general).replace("{fileId}", "x"));
        let request = app.http.request(route.method.clone(), app.url(&path));
        let request = request.header("X-User-Id", &two.session.user_id).header("X-Auth-Token", &two.session.token);
        let request = if route.method == reqwest::Method::GET { request } else { request.json(&json!({})) };
        let (status, body) = json_of(request.send().await.unwrap()).await;
        assert_eq!(status, 403, "{} gave a visitor {status}: {body}", route.path);
        assert_eq!(body["success"], false);
        refused += 1;
    }
    assert!(refused >= 60, "the table's routes were tried: {refused}");

    // The routes a visitor may call reach only their own conversation.
    for path in [
        format!("/api/v1/groups.history?roomId={}", one.rid),
        format!("/api/v1/groups.history?roomId={general}"),
        format!("/api/v1/chat.syncMessages?roomId={}&lastUpdate=2000-01-01T00:00:00.000Z", one.rid),
        format!("/api/v1/subscriptions.getOne?roomId={}", one.rid),
    ] {
        let (status, body) = json_of(app.get(&two.session, &path).await).await;
        assert!([403, 404].contains(&status), "{path} gave visitor two {status}: {body}");
        assert!(!body.to_string().contains("one's secret"));
    }
    let (status, _) = json_of(app.send(&two.session, &one.rid, "hi").await).await;
    assert_eq!(status, 403);
    let rooms: Value = app.get(&two.session, "/api/v1/rooms.get").await.json().await.unwrap();
    assert_eq!(rooms["update"].as_array().unwrap().len(), 1, "{rooms}");
    assert_eq!(rooms["update"][0]["_id"], json!(two.rid));
    // By token, likewise: another's conversation is not found, and a made-up token is refused.
    let url = app.url(&format!("/api/v1/livechat/messages.history/{}?token={}", one.rid, two.token));
    assert_eq!(app.http.get(url).send().await.unwrap().status(), 404);
    let url = app.url(&format!("/api/v1/livechat/messages.history/{}?token=made-up-token-0123456789", one.rid));
    assert_eq!(app.http.get(url).send().await.unwrap().status(), 403);
    let url = app.url(&format!("/api/v1/confab.livechat.transcript?token={}&rid={}", two.token, one.rid));
    assert_eq!(app.http.get(url).send().await.unwrap().status(), 404);
    let url = app.url(&format!("/api/v1/livechat/messages.history/{}?token={}", one.rid, one.token));
    let (status, own) = json_of(app.http.get(url).send().await.unwrap()).await;
    assert_eq!((status, own["messages"][0]["msg"].as_str()), (200, Some("one's secret")));

    // Over the socket: nobody's presence, not the queue, not another room.
    let mut socket = Socket::logged_in(&app, &two.session).await;
    for (id, stream, event) in [
        ("a", "stream-notify-logged", "user-status".to_owned()),
        ("b", "livechat-inquiry-queue-observer", "public".to_owned()),
        ("c", "stream-room-messages", one.rid.clone()),
        ("d", "stream-room-messages", general.clone()),
    ] {
        let answer = socket.subscribe_stream(id, stream, &event).await;
        assert_eq!(answer["msg"], "nosub", "{stream} {event}: {answer}");
    }
    assert_eq!(socket.subscribe_stream("e", "stream-room-messages", &two.rid).await["msg"], "ready");
    // Nor may a user who is not on the support team watch the queue or use its routes.
    let dave = app.session("dave").await;
    let mut socket = Socket::logged_in(&app, &dave).await;
    assert_eq!(socket.subscribe_stream("q", "livechat-inquiry-queue-observer", "public").await["msg"], "nosub");
    assert_eq!(app.get(&dave, "/api/v1/livechat/inquiries.queued").await.status(), 403);
}

/// The last words a model was asked to answer.
fn question(asked: &confab_e2e::model_stand_in::Asked) -> String {
    let messages = asked.body["messages"].as_array().unwrap();
    messages.last().unwrap()["content"].as_str().unwrap_or_default().to_owned()
}

#[tokio::test]
async fn the_bot_answers_first_and_falls_silent_once_the_conversation_is_handed_over() {
    let model = ModelStandIn::start(vec![Reply::pieces(&["Here ", "is ", "how."])]).await;
    let url = model.url();
    let app = TestServer::start_with(move |s| s.agent_url = Some(url)).await;
    let alice = app.session("alice").await;
    app.bot(&alice, "guide").await;
    let token = "visitor-token-0123456789-bot";
    let coming = not_started(&app, token).await;
    assert_eq!(coming["welcome"]["u"]["username"], "guide", "the visitor sees who will welcome them: {coming}");
    let guest = visitor_writes(&app, token, "How do I embed Confab?").await;
    let opened = history(&app, &guest.session, &guest.rid).await;
    let said: Vec<_> = opened.iter().rev().map(|m| (m["u"]["username"].as_str(), m["msg"].as_str())).collect();
    assert_eq!(said[0], (Some("guide"), coming["welcome"]["msg"].as_str()), "the welcome opens it: {said:?}");
    assert_eq!(said[1].1, Some("How do I embed Confab?"), "{said:?}");
    let welcome = opened.last().unwrap().clone();
    assert_eq!(welcome["blocks"], coming["welcome"]["blocks"], "the welcome stored is the one shown");
    let buttons = welcome["blocks"][0]["elements"].as_array().unwrap().clone();
    assert_eq!(buttons.last().unwrap()["actionId"], "confab.livechat.askForPerson");

    app.eventually("the bot is asked", || model.asked().len() == 1).await;
    assert!(question(&model.asked()[0]).contains("How do I embed Confab?"));
    assert_eq!(queue(&app, &alice).await["total"], 0, "the team does not see what the bot handles");

    // The bot's own button hands the conversation to the team.
    let action = json!({"mid": welcome["_id"], "rid": guest.rid, "blockId": "welcome",
        "actionId": "confab.livechat.askForPerson", "value": "person"});
    let (status, body) = json_of(app.post(&guest.session, "/api/v1/confab.blocks.action", action).await).await;
    assert_eq!(status, 200, "{body}");
    let waiting = queue(&app, &alice).await;
    assert_eq!(waiting["total"], 1);
    assert_eq!(waiting["inquiries"][0]["message"], "How do I embed Confab?", "the visitor's words, not the notice");

    // From then on it answers only when asked back by name. Posts reach it in order, so had it
    // taken up the first, the model's next question would be that one.
    app.send(&guest.session, &guest.rid, "Anyone there?").await;
    app.send(&guest.session, &guest.rid, "@guide are you still there?").await;
    app.eventually("the bot is asked back", || model.asked().len() == 2).await;
    assert!(question(&model.asked()[1]).contains("are you still there?"), "{:?}", model.asked()[1].body);
    let messages = history(&app, &guest.session, &guest.rid).await;
    assert_eq!(messages.iter().filter(|m| m["t"] == "livechat-queued").count(), 1);
    // Nobody on the team is connected: the visitor is told when they answer.
    let offline = messages.iter().find(|m| m["t"] == "livechat-offline").expect("the visitor is told nobody is there");
    assert!(offline["msg"].as_str().unwrap().contains("9:00"), "{offline}");
}

#[tokio::test]
async fn a_visitor_the_bot_leaves_unanswered_or_who_asks_goes_to_the_team() {
    let app = TestServer::start_with(|s| s.support_bot_patience_secs = 1).await;
    let alice = app.session("alice").await;
    app.bot(&alice, "quiet").await;
    let department = app.server.store().ensure_department("Sales", Some("quiet")).await.unwrap();

    let token = "visitor-token-0123456789-silent";
    not_started(&app, token).await;
    let body = json!({"visitor": {"token": token, "name": "Sam", "department": department}});
    let registered: Value =
        app.http.post(app.url("/api/v1/livechat/visitor")).json(&body).send().await.unwrap().json().await.unwrap();
    assert_eq!(registered["visitor"]["name"], "Sam", "{registered}");
    // Sam chose Sales, whose bot is the quiet one.
    let sales = visitor_writes(&app, token, "Is anyone reading?").await;
    let deadline = tokio::time::Instant::now() + common::WAIT;
    while queue(&app, &alice).await["total"] != 1 {
        assert!(tokio::time::Instant::now() < deadline, "an unanswered visitor reaches the queue");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(queue(&app, &alice).await["inquiries"][0]["department"], json!(department));

    let (status, _) =
        json_of(app.post(&alice, "/api/v1/livechat/room.closeByUser", json!({"rid": sales.rid})).await).await;
    assert_eq!(status, 200, "an admin closes any conversation");

    // Asking for a person by token before writing anything starts the conversation in the queue.
    let token = "visitor-token-0123456789-asker";
    let register = json!({"visitor": {"token": token}});
    assert_eq!(app.http.post(app.url("/api/v1/livechat/visitor")).json(&register).send().await.unwrap().status(), 200);
    let body = json!({"token": token});
    let (status, body) =
        json_of(app.http.post(app.url("/api/v1/confab.livechat.askForPerson")).json(&body).send().await.unwrap()).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(queue(&app, &alice).await["total"], 1, "the asker waits; Sam's conversation is closed");
    assert_eq!(signed_in(&app, token).await.rid, body["room"]["_id"].as_str().unwrap());
}

/// A mail received: its recipients and its text.
type Mail = (Vec<String>, String);

/// What a local SMTP server received.
#[derive(Clone, Default)]
struct Inbox(Arc<Mutex<Vec<Mail>>>);

impl mailin_embedded::Handler for Inbox {
    fn data_start(&mut self, _: &str, _: &str, _: bool, to: &[String]) -> mailin_embedded::Response {
        self.0.lock().unwrap().push((to.to_vec(), String::new()));
        mailin_embedded::response::OK
    }

    fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
        if let Some(last) = self.0.lock().unwrap().last_mut() {
            last.1.push_str(&String::from_utf8_lossy(buf));
        }
        Ok(())
    }
}

#[tokio::test]
async fn a_transcript_is_mailed_through_the_operators_relay() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let relay = format!("smtp://{}", listener.local_addr().unwrap());
    let inbox = Inbox::default();
    let mut smtp = mailin_embedded::Server::new(inbox.clone());
    smtp.with_tcp_listener(listener);
    std::thread::spawn(move || {
        let _ = smtp.serve();
    });
    let app = TestServer::start_with(move |s| s.smtp_url = Some(relay)).await;
    let guest = visitor_writes(&app, "visitor-token-0123456789-mail", "Please mail me this").await;

    let mail_to = |email: &str| {
        let body = json!({"token": guest.token, "rid": guest.rid, "email": email});
        app.http.post(app.url("/api/v1/livechat/transcript")).json(&body).send()
    };
    assert_eq!(mail_to("not an address").await.unwrap().status(), 400);
    // While the conversation is open the address is kept, and the transcript goes at the close.
    assert_eq!(mail_to("visitor@example.com").await.unwrap().status(), 200);
    assert!(inbox.0.lock().unwrap().is_empty());
    let alice = app.session("alice").await;
    let close = json!({"rid": guest.rid, "comment": "Done"});
    assert_eq!(app.post(&alice, "/api/v1/livechat/room.closeByUser", close).await.status(), 200);
    app.eventually("the transcript is mailed", || inbox.0.lock().unwrap().len() == 1).await;
    // Once closed, it goes at once.
    assert_eq!(mail_to("other@example.com").await.unwrap().status(), 200);
    let mails = inbox.0.lock().unwrap().clone();
    assert_eq!(mails.len(), 2);
    assert_eq!(
        (mails[0].0.as_slice(), mails[1].0.as_slice()),
        (["visitor@example.com".to_owned()].as_slice(), ["other@example.com".to_owned()].as_slice())
    );
    for (_, text) in &mails {
        assert!(text.contains("Please mail me this") && text.contains("closed the conversation: Done"), "{text}");
    }
}
