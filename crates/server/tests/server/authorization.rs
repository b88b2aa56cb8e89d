//! The authorization matrix: every REST route and every DDP method and stream, against every
//! kind of bad credential and missing right, is refused with the right status and no data.
//!
//! Routes are enumerated from the router's own table (`api_routes`) and from the DDP dispatcher's
//! (`METHODS`, `STREAMS`); a route without a sample request here fails the test, so a new
//! endpoint cannot slip past it.

use crate::common;

use common::{Session, TestServer};
use confab_protocol::Timestamp;
use confab_server::realtime::{METHODS, STREAMS};
use confab_server::routes::{Access, api_routes};
use reqwest::Method;
use serde_json::{Value, json};

/// What the matrix needs to call a route: a query string or a JSON body, and whether it names a
/// room (so a non-member must be refused).
struct Sample {
    query: String,
    body: Value,
    room_scoped: bool,
}

/// Routes any user may call but only holders of a permission bob lacks may use.
const NEEDS_A_PERMISSION: &[&str] = &[
    "/permissions.update",
    "/integrations.create",
    "/integrations.list",
    "/integrations.get",
    "/integrations.remove",
    "/integrations.history",
];

/// A visitor token nobody holds.
const MADE_UP: &str = "made-up-visitor-token-0123456789";

/// The routes anyone may call whose credential is a visitor's token in the request: with a
/// made-up one, refused.
const VISITOR_TOKEN_ROUTES: &[&str] = &[
    "/livechat/room",
    "/livechat/message",
    "/livechat/messages.history/{rid}",
    "/livechat/room.close",
    "/livechat/room.survey",
    "/livechat/transcript",
    "/confab.livechat.askForPerson",
    "/confab.livechat.transcript",
];

/// Ids the samples point at: a private group bob is not in, one of its messages and a file
/// uploaded to it.
struct Targets {
    group: String,
    message: String,
    file: String,
    bob_id: String,
}

impl Targets {
    /// A route's path with its `{rid}` and `{fileId}` filled in.
    fn path(&self, route: &str) -> String {
        route
            .replace("{rid}", &self.group)
            .replace("{fileId}", &self.file)
            .replace("{method}", "loadSurroundingMessages")
    }
}

fn sample(path: &str, t: &Targets) -> Sample {
    let g = &t.group;
    let m = &t.message;
    let (query, body, room_scoped) = match path {
        "/login" => (String::new(), json!({"resume": "x"}), false),
        "/logout" | "/me" | "/rooms.get" | "/subscriptions.get" => (String::new(), json!({}), false),
        "/users.create" => (String::new(), json!({"email": "z@example.com", "name": "Z", "username": "zed"}), false),
        "/users.createToken" => (String::new(), json!({"username": "bob", "secret": "s"}), false),
        "/users.info" => ("username=bob".into(), json!({}), false),
        "/users.logout" => (String::new(), json!({"userId": t.bob_id}), false),
        "/users.autocomplete" => ("selector=%7B%22term%22%3A%22a%22%7D".into(), json!({}), false),
        "/users.setStatus" => (String::new(), json!({"status": "away"}), false),
        "/users.presence" => (format!("ids={}", t.bob_id), json!({}), false),
        "/users.getPresence" => (format!("userId={}", t.bob_id), json!({}), false),
        "/directory" => ("text=gen".into(), json!({}), false),
        "/statistics" => (String::new(), json!({}), false),
        "/subscriptions.read" => (String::new(), json!({"rid": g}), true),
        "/subscriptions.getOne" => (format!("roomId={g}"), json!({}), true),
        "/rooms.saveNotification" => {
            (String::new(), json!({"roomId": g, "notifications": {"desktopNotifications": "all"}}), true)
        }
        "/channels.create" | "/groups.create" => (String::new(), json!({"name": "matrix-room"}), false),
        "/channels.invite" | "/groups.invite" => (String::new(), json!({"roomId": g, "userId": t.bob_id}), true),
        "/channels.join" => (String::new(), json!({"roomId": g}), true),
        "/channels.leave" | "/groups.leave" => (String::new(), json!({"roomId": g}), true),
        "/im.create" => (String::new(), json!({"username": "carol"}), false),
        "/channels.members" | "/groups.members" | "/im.members" => (format!("roomId={g}"), json!({}), true),
        "/channels.history" | "/groups.history" | "/im.history" => (format!("roomId={g}"), json!({}), true),
        "/chat.syncMessages" => (format!("roomId={g}&lastUpdate=2020-01-01T00:00:00.000Z"), json!({}), true),
        "/chat.sendMessage" => (String::new(), json!({"message": {"rid": g, "msg": "let me in"}}), true),
        "/chat.update" => (String::new(), json!({"roomId": g, "msgId": m, "text": "defaced"}), true),
        "/chat.delete" => (String::new(), json!({"roomId": g, "msgId": m}), true),
        "/chat.react" => (String::new(), json!({"messageId": m, "emoji": "smile"}), true),
        "/chat.search" => (format!("roomId={g}&searchText=hello"), json!({}), true),
        "/spotlight" => ("query=a".into(), json!({}), false),
        "/chat.getThreadMessages" => (format!("tmid={m}"), json!({}), true),
        "/chat.getMessage" => (format!("msgId={m}"), json!({}), true),
        "/method.call/{method}" => {
            let frame =
                json!({"msg": "method", "id": "1", "method": "loadSurroundingMessages", "params": [{"_id": m}]});
            (String::new(), json!({"message": frame.to_string()}), true)
        }
        "/chat.pinMessage" | "/chat.unPinMessage" | "/chat.starMessage" | "/chat.unStarMessage" => {
            (String::new(), json!({"messageId": m}), true)
        }
        "/chat.getPinnedMessages" | "/chat.getStarredMessages" => (format!("roomId={g}"), json!({}), true),
        "/rooms.media/{rid}" | "/rooms.upload/{rid}" => (String::new(), json!({}), true),
        "/rooms.mediaConfirm/{rid}/{fileId}" => (String::new(), json!({"msg": "mine now"}), true),
        "/settings.public" => (String::new(), json!({}), false),
        "/users.setAvatar" => (String::new(), json!({"avatarUrl": "http://127.0.0.1:9/x.png"}), false),
        "/users.resetAvatar" => (String::new(), json!({}), false),
        "/permissions.listAll" => (String::new(), json!({}), false),
        "/permissions.update" => {
            (String::new(), json!({"permissions": [{"_id": "delete-message", "roles": ["user"]}]}), false)
        }
        "/channels.addModerator"
        | "/channels.removeModerator"
        | "/channels.addOwner"
        | "/channels.removeOwner"
        | "/groups.addModerator"
        | "/groups.removeModerator"
        | "/groups.addOwner"
        | "/groups.removeOwner" => (String::new(), json!({"roomId": g, "userId": t.bob_id}), true),
        "/rooms.muteUser" | "/rooms.unmuteUser" | "/channels.kick" | "/groups.kick" => {
            (String::new(), json!({"roomId": g, "userId": t.bob_id}), true)
        }
        "/roles.list" => (String::new(), json!({}), false),
        "/users.generatePersonalAccessToken"
        | "/users.regeneratePersonalAccessToken"
        | "/users.removePersonalAccessToken" => (String::new(), json!({"tokenName": "matrix"}), false),
        "/users.getPersonalAccessTokens" => (String::new(), json!({}), false),
        "/integrations.create" => {
            let hook = json!({"type": "webhook-incoming", "name": "Matrix", "enabled": true, "username": "bob",
                "channel": "#general", "scriptEnabled": false});
            (String::new(), hook, false)
        }
        "/integrations.list" => (String::new(), json!({}), false),
        "/integrations.history" => ("id=matrix".into(), json!({}), false),
        "/integrations.get" => ("integrationId=matrix".into(), json!({}), false),
        "/integrations.remove" => {
            (String::new(), json!({"type": "webhook-incoming", "integrationId": "matrix"}), false)
        }
        "/channels.roles" | "/groups.roles" => (format!("roomId={g}"), json!({}), true),
        "/confab.streams.start" => (String::new(), json!({"rid": g}), true),
        "/confab.streams.append" => (String::new(), json!({"messageId": m, "piece": "x"}), true),
        "/confab.streams.end" => (String::new(), json!({"messageId": m, "state": "done"}), true),
        "/confab.streams.stop" => (String::new(), json!({"messageId": m}), true),
        "/confab.agents.state" => (String::new(), json!({"rid": g, "activity": "agent-thinking"}), true),
        "/confab.blocks.action" => {
            (String::new(), json!({"mid": m, "rid": g, "blockId": "b", "actionId": "a", "value": "v"}), true)
        }
        "/confab.feedback.set" => (String::new(), json!({"messageId": m, "vote": "up"}), true),
        "/confab.feedback.mine" => (format!("roomId={g}"), json!({}), true),
        "/channels.setReadOnly" | "/groups.setReadOnly" => {
            (String::new(), json!({"roomId": g, "readOnly": true}), true)
        }
        // A visitor's routes take their token: a made-up one is refused (see `VISITOR_TOKEN_ROUTES`).
        "/livechat/visitor" => (String::new(), json!({"visitor": {"token": "matrix-visitor-token-0123456789"}}), false),
        "/livechat/config" | "/livechat/department" => (String::new(), json!({}), false),
        "/livechat/room" => (format!("token={MADE_UP}"), json!({}), false),
        "/livechat/message" => (String::new(), json!({"token": MADE_UP, "rid": g, "msg": "let me in"}), false),
        "/livechat/messages.history/{rid}" => (format!("token={MADE_UP}"), json!({}), false),
        "/livechat/room.close" | "/confab.livechat.askForPerson" => {
            (String::new(), json!({"token": MADE_UP, "rid": g}), false)
        }
        "/livechat/room.survey" => (
            String::new(),
            json!({"token": MADE_UP, "rid": g, "data": [{"name": "satisfaction", "value": "1"}]}),
            false,
        ),
        "/livechat/transcript" => (String::new(), json!({"token": MADE_UP, "rid": g, "email": "z@example.com"}), false),
        "/confab.livechat.transcript" => (format!("token={MADE_UP}&rid={g}"), json!({}), false),
        // The support team's: bob is on it, and the group is no support conversation.
        "/livechat/inquiries.queued" | "/livechat/rooms" | "/livechat/users/agent" => (String::new(), json!({}), false),
        "/livechat/inquiries.take" => (String::new(), json!({"inquiryId": g}), true),
        "/livechat/room.forward" => (String::new(), json!({"roomId": g, "userId": t.bob_id}), true),
        "/livechat/room.closeByUser" => (String::new(), json!({"rid": g, "comment": "closed"}), true),
        other => panic!("no authorization sample for the route {other}: add one to this test"),
    };
    Sample { query, body, room_scoped }
}

async fn call(app: &TestServer, method: &Method, path: &str, sample: &Sample, who: Option<&Session>) -> (u16, Value) {
    let url = app.url(&format!("/api/v1{path}?{}", sample.query));
    let mut request = app.http.request(method.clone(), url);
    if *method == Method::POST {
        request = request.json(&sample.body);
    }
    if let Some(session) = who {
        request = request.header("X-User-Id", &session.user_id).header("X-Auth-Token", &session.token);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// A refusal carries an error sentence and none of the documents a success would.
fn assert_no_data(body: &Value, context: &str) {
    for key in
        ["messages", "message", "members", "update", "channel", "group", "room", "user", "items", "result", "data"]
    {
        let leaked = body.get(key).is_some_and(|v| v.is_object() || v.is_array());
        assert!(!leaked, "{context}: refusal leaks {key:?}: {body}");
    }
    assert!(body.get("_id").is_none() && body.get("username").is_none(), "{context}: refusal leaks a document: {body}");
}

#[tokio::test]
async fn every_rest_route_refuses_bad_credentials_outsiders_and_non_admins() {
    let app = TestServer::start_with(|s| {
        s.create_tokens_secret = Some("s".into());
        s.login_rate_per_minute = 100_000;
    })
    .await;
    let alice = app.session("alice").await;
    let bob = app.session("bob").await;
    let group = app.room_id(&alice, "design").await;
    let sent: Value = app.send(&alice, &group, "private").await.json().await.unwrap();
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(b"plan".to_vec()).file_name("plan.txt").mime_str("text/plain").unwrap(),
    );
    let uploaded: Value = app.upload(&alice, &format!("/api/v1/rooms.media/{group}"), form).await.json().await.unwrap();
    let targets = Targets {
        group,
        message: sent["message"]["_id"].as_str().unwrap().into(),
        file: uploaded["file"]["_id"].as_str().unwrap().into(),
        bob_id: bob.user_id.clone(),
    };

    let store = app.server.store();
    let expired = Session { user_id: bob.user_id.clone(), token: "expired-token-for-the-matrix-0123456789abc".into() };
    store.insert_login_token(&bob.user_id, &expired.token, Timestamp(Timestamp::now().millis() - 1000)).await.unwrap();
    let revoked = Session { user_id: bob.user_id.clone(), token: "revoked-token-for-the-matrix-0123456789abc".into() };
    store
        .insert_login_token(&bob.user_id, &revoked.token, Timestamp(Timestamp::now().millis() + 600_000))
        .await
        .unwrap();
    store.revoke_login_token(&revoked.token).await.unwrap();
    let wrong = Session { user_id: bob.user_id.clone(), token: "x".repeat(43) };
    let someone_elses = Session { user_id: alice.user_id.clone(), token: bob.token.clone() };
    let bad_credentials: [(&str, Option<&Session>); 5] = [
        ("no token", None),
        ("wrong token", Some(&wrong)),
        ("expired token", Some(&expired)),
        ("revoked token", Some(&revoked)),
        ("another user's id", Some(&someone_elses)),
    ];

    let routes = api_routes();
    assert!(routes.len() >= 30, "the table lists every route");
    let mut checks = 0;
    for route in &routes {
        let sample = sample(route.path, &targets);
        let path = targets.path(route.path);
        if route.access == Access::Anyone {
            let (status, body) = call(&app, &route.method, &path, &sample, None).await;
            if route.path == "/login" {
                // A bad resume token is a 401 too.
                assert_eq!(status, 401, "{} with a bad resume token", route.path);
            } else if VISITOR_TOKEN_ROUTES.contains(&route.path) {
                assert_eq!(status, 403, "{} with a made-up visitor token: {body}", route.path);
            } else {
                // Public settings: answered, with nothing of any user or room.
                assert_eq!(status, 200, "{}: {body}", route.path);
            }
            assert_no_data(&body, route.path);
            checks += 1;
            continue;
        }
        for (label, who) in &bad_credentials {
            let (status, body) = call(&app, &route.method, &path, &sample, *who).await;
            assert_eq!(status, 401, "{} with {label}: {body}", route.path);
            assert_eq!(body, json!({"status": "error", "message": "You must be logged in to do this."}));
            checks += 1;
        }
        if route.access == Access::Admin || NEEDS_A_PERMISSION.contains(&route.path) {
            let (status, body) = call(&app, &route.method, &path, &sample, Some(&bob)).await;
            assert_eq!(status, 403, "{} as a non-admin: {body}", route.path);
            assert_no_data(&body, route.path);
            checks += 1;
        }
        if sample.room_scoped {
            let (status, body) = call(&app, &route.method, &path, &sample, Some(&bob)).await;
            assert!([403, 404].contains(&status), "{} as a non-member got {status}: {body}", route.path);
            assert_eq!(body["success"], false, "{}", route.path);
            assert_no_data(&body, route.path);
            checks += 1;
        }
    }
    // Nothing bob tried changed alice's private room.
    let history: Value =
        app.get(&alice, &format!("/api/v1/groups.history?roomId={}", targets.group)).await.json().await.unwrap();
    assert_eq!(history["messages"][0]["msg"], "private");
    assert_eq!(history["messages"][0]["reactions"], Value::Null);
    let file = app.get(&bob, &format!("/file-upload/{}/plan.txt", targets.file)).await;
    assert_eq!(file.status(), 404, "nor can bob fetch its file");
    println!("authorization matrix: {} REST routes, {checks} refusals checked", routes.len());
}

#[tokio::test]
async fn every_ddp_method_and_stream_refuses_without_a_valid_login_or_membership() {
    let app = TestServer::start_with(|s| s.login_rate_per_minute = 100_000).await;
    let alice = app.session("alice").await;
    let bob = app.session("bob").await;
    let group = app.room_id(&alice, "design").await;
    let sent: Value = app.send(&alice, &group, "private").await.json().await.unwrap();
    let message = sent["message"]["_id"].as_str().unwrap().to_owned();
    let store = app.server.store();
    let expired = "expired-token-for-the-ddp-matrix-0123456789";
    store.insert_login_token(&bob.user_id, expired, Timestamp(Timestamp::now().millis() - 1000)).await.unwrap();
    let revoked = "revoked-token-for-the-ddp-matrix-0123456789";
    store.insert_login_token(&bob.user_id, revoked, Timestamp(Timestamp::now().millis() + 600_000)).await.unwrap();
    store.revoke_login_token(revoked).await.unwrap();

    let method_params = |method: &str| match method {
        "login" => json!([{"resume": "not-a-token"}]),
        "stream-notify-room" => json!([format!("{group}/user-activity"), "bob", ["user-typing"]]),
        "sendMessage" => json!([{"rid": group, "msg": "let me in"}]),
        // A user's own idleness: any logged-in socket may report it.
        "UserPresence:away" | "UserPresence:online" => json!([]),
        "confab:streamStart" => json!([{"rid": group}]),
        "confab:streamAppend" => json!([{"messageId": message, "piece": "x"}]),
        "confab:streamEnd" => json!([{"messageId": message, "state": "done"}]),
        "confab:streamStop" => json!([{"messageId": message}]),
        "confab:agentState" => json!([{"rid": group, "activity": "agent-thinking"}]),
        other => panic!("no authorization sample for the DDP method {other}: add one to this test"),
    };
    let stream_event = |stream: &str| match stream {
        "stream-room-messages" => group.clone(),
        "stream-notify-room" => format!("{group}/user-activity"),
        "stream-notify-user" => format!("{}/rooms-changed", alice.user_id),
        "stream-notify-logged" => "updateAvatar".to_owned(),
        "livechat-inquiry-queue-observer" => "public".to_owned(),
        other => panic!("no authorization sample for the stream {other}: add one to this test"),
    };

    let mut checks = 0;
    for login in [None, Some("wrong-token"), Some(expired), Some(revoked), Some(bob.token.as_str())] {
        let mut socket = app.socket().await;
        socket.connect().await;
        if let Some(token) = login {
            let result = socket.login(token).await;
            assert_eq!(result.get("error").is_some(), token != bob.token, "login with {token}");
        }
        for method in METHODS {
            if *method == "login" {
                continue;
            }
            socket.send(json!({"msg": "method", "method": method, "id": "m", "params": method_params(method)})).await;
            let result = socket.recv().await;
            let own_presence = method.starts_with("UserPresence:") && login == Some(bob.token.as_str());
            if own_presence {
                assert!(result.get("error").is_none(), "{method} after a valid login: {result}");
            } else {
                assert_eq!(result["error"]["error"], "error-not-allowed", "{method} after login {login:?}: {result}");
                assert!(result.get("result").is_none());
            }
            assert_eq!(socket.recv().await["msg"], "updated");
            checks += 1;
        }
        for stream in STREAMS {
            let reply = socket.subscribe_stream("s", stream, &stream_event(stream)).await;
            if *stream == "livechat-inquiry-queue-observer" && login == Some(bob.token.as_str()) {
                // Bob is on the demo's support team (dave, who is not, is refused in `livechat`).
                assert_eq!(reply["msg"], "ready", "{reply}");
            } else if *stream == "stream-notify-logged" && login == Some(bob.token.as_str()) {
                // What every signed-in user hears: bob may; an unknown event of it he may not.
                assert_eq!(reply["msg"], "ready", "{reply}");
                let other = socket.subscribe_stream("t", stream, "user-secrets").await;
                assert_eq!(other["error"]["error"], "error-not-allowed", "{other}");
            } else {
                // Bob, validly logged in, is refused too: not a member of design, and not alice.
                assert_eq!(reply["msg"], "nosub", "{stream} after login {login:?}: {reply}");
                assert_eq!(reply["error"]["error"], "error-not-allowed");
            }
            checks += 1;
        }
        // The login method itself refuses a bad token.
        socket.send(json!({"msg": "method", "method": "login", "id": "l", "params": method_params("login")})).await;
        assert_eq!(socket.recv().await["error"]["error"], 403);
        socket.recv().await;
        checks += 1;
    }
    println!(
        "DDP authorization matrix: {} methods, {} streams, {checks} refusals checked",
        METHODS.len(),
        STREAMS.len()
    );
}
