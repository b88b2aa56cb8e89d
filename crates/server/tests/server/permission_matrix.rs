//! Every action route against every kind of member, over REST against the real server: a
//! channel's owner, a moderator, a member, a muted member, a member of a read-only channel and a
//! guest. Each cell is allowed or refused as Rocket.Chat's default permissions say, a refusal in
//! Rocket.Chat's error shape, and a refused action leaves nothing changed.

use crate::common;

use common::{Session, TestServer};
use serde_json::{Value, json};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Who {
    Owner,
    Moderator,
    Member,
    Muted,
    ReadOnlyMember,
    Guest,
}

const EVERYONE: [Who; 6] = [Who::Owner, Who::Moderator, Who::Member, Who::Muted, Who::ReadOnlyMember, Who::Guest];

/// The action routes, and who may use each, by Rocket.Chat's defaults.
const ACTIONS: &[(&str, &[Who])] = &[
    ("chat.sendMessage", &[Who::Owner, Who::Moderator, Who::Member, Who::Guest]),
    ("rooms.upload", &[Who::Owner, Who::Moderator, Who::Member, Who::Guest]),
    ("chat.update own", &[Who::Owner, Who::Moderator, Who::Member, Who::Guest]),
    ("chat.update another's", &[Who::Owner, Who::Moderator]),
    ("chat.delete own", &[Who::Owner, Who::Moderator, Who::Member, Who::Muted, Who::ReadOnlyMember]),
    ("chat.delete another's", &[Who::Owner, Who::Moderator]),
    ("chat.react", &[Who::Owner, Who::Moderator, Who::Member, Who::Guest]),
    ("channels.invite", &[Who::Owner, Who::Moderator]),
    ("channels.kick", &[Who::Owner, Who::Moderator]),
    ("rooms.muteUser", &[Who::Owner, Who::Moderator]),
    ("rooms.unmuteUser", &[Who::Owner, Who::Moderator]),
    ("channels.addModerator", &[Who::Owner]),
    ("channels.removeModerator", &[Who::Owner]),
    ("channels.addOwner", &[Who::Owner]),
    ("channels.removeOwner", &[Who::Owner]),
    ("channels.setReadOnly", &[Who::Owner]),
    ("subscriptions.read", &EVERYONE),
    ("channels.members", &EVERYONE),
    ("channels.roles", &EVERYONE),
    ("chat.getThreadMessages", &EVERYONE),
];

struct World {
    app: TestServer,
    /// The owner of both channels, who sets up every cell.
    bob: Session,
    workshop: String,
    bulletin: String,
    counter: std::cell::Cell<u32>,
}

impl World {
    async fn post(&self, who: &Session, path: &str, body: Value) -> (u16, Value) {
        let response = self.app.post(who, &format!("/api/v1/{path}"), body).await;
        (response.status().as_u16(), response.json().await.unwrap_or(Value::Null))
    }

    async fn get(&self, who: &Session, path: &str) -> (u16, Value) {
        let response = self.app.get(who, &format!("/api/v1/{path}")).await;
        (response.status().as_u16(), response.json().await.unwrap_or(Value::Null))
    }

    async fn ok(&self, who: &Session, path: &str, body: Value) -> Value {
        let (status, answer) = self.post(who, path, body.clone()).await;
        assert_eq!(status, 200, "{path} {body}: {answer}");
        answer
    }

    /// A message by `who` in `rid`.
    async fn message(&self, who: &Session, rid: &str, text: &str) -> String {
        let answer = self.ok(who, "chat.sendMessage", json!({"message": {"rid": rid, "msg": text}})).await;
        answer["message"]["_id"].as_str().unwrap().to_owned()
    }

    /// A new user, made a member of `rid` by its owner, with `role` there if given.
    async fn fresh_member(&self, rid: &str, role: Option<&str>) -> (String, String) {
        self.counter.set(self.counter.get() + 1);
        let username = format!("target-{}", self.counter.get());
        let user = self.app.server.store().create_user(&username, None, &["user"]).await.unwrap();
        self.ok(&self.bob, "channels.invite", json!({"roomId": rid, "userId": user.id})).await;
        let target = json!({"roomId": rid, "userId": user.id});
        match role {
            Some("moderator") => drop(self.ok(&self.bob, "channels.addModerator", target).await),
            Some("owner") => drop(self.ok(&self.bob, "channels.addOwner", target).await),
            Some("muted") => {
                drop(self.ok(&self.bob, "rooms.muteUser", json!({"roomId": rid, "username": username})).await)
            }
            _ => {}
        }
        (user.id, username)
    }

    async fn has_role(&self, rid: &str, user_id: &str, role: &str) -> bool {
        let (_, roles) = self.get(&self.bob, &format!("channels.roles?roomId={rid}")).await;
        roles["roles"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["u"]["_id"] == user_id && r["roles"].as_array().unwrap().contains(&json!(role)))
    }

    async fn room(&self, rid: &str) -> Value {
        let (_, rooms) = self.get(&self.bob, "rooms.get").await;
        rooms["update"].as_array().unwrap().iter().find(|r| r["_id"] == rid).unwrap().clone()
    }

    async fn message_text(&self, rid: &str, id: &str) -> Option<String> {
        let (_, history) = self.get(&self.bob, &format!("channels.history?roomId={rid}&count=100")).await;
        history["messages"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["_id"] == id)
            .map(|m| m["msg"].as_str().unwrap().to_owned())
    }

    async fn is_member(&self, rid: &str, user_id: &str) -> bool {
        let (_, members) = self.get(&self.bob, &format!("channels.members?roomId={rid}&count=100")).await;
        members["members"].as_array().unwrap().iter().any(|m| m["_id"] == user_id)
    }

    /// Tries `action` as `actor` (of kind `who`) in `rid`: the answer, and whether it changed
    /// what it acts on.
    async fn attempt(&self, action: &str, actor: &Session, rid: &str, own: &[String]) -> ((u16, Value), bool) {
        let id_of = |n: usize| own[n].clone();
        match action {
            "chat.sendMessage" => {
                let answer = self.post(actor, action, json!({"message": {"rid": rid, "msg": "a new post"}})).await;
                let posted = answer.1["message"]["_id"].as_str().map(str::to_owned);
                let changed = match posted {
                    Some(id) => self.message_text(rid, &id).await.is_some(),
                    None => false,
                };
                (answer, changed)
            }
            "rooms.upload" => {
                let part = reqwest::multipart::Part::bytes(b"notes".to_vec())
                    .file_name("notes.txt")
                    .mime_str("text/plain")
                    .unwrap();
                let response = self
                    .app
                    .upload(
                        actor,
                        &format!("/api/v1/rooms.upload/{rid}"),
                        reqwest::multipart::Form::new().part("file", part),
                    )
                    .await;
                let answer = (response.status().as_u16(), response.json().await.unwrap_or(Value::Null));
                let changed = answer.0 == 200;
                (answer, changed)
            }
            "chat.update own" | "chat.update another's" => {
                let id =
                    if action.ends_with("own") { id_of(0) } else { self.message(&self.bob, rid, "bob's words").await };
                let answer =
                    self.post(actor, "chat.update", json!({"roomId": rid, "msgId": id, "text": "edited"})).await;
                (answer, self.message_text(rid, &id).await.as_deref() == Some("edited"))
            }
            "chat.delete own" | "chat.delete another's" => {
                let id = if action.ends_with("own") {
                    id_of(1)
                } else {
                    self.message(&self.bob, rid, "bob's to keep").await
                };
                let answer = self.post(actor, "chat.delete", json!({"roomId": rid, "msgId": id})).await;
                (answer, self.message_text(rid, &id).await.is_none())
            }
            "chat.react" => {
                let id = self.message(&self.bob, rid, "react to me").await;
                let answer =
                    self.post(actor, action, json!({"messageId": id, "emoji": ":tada:", "shouldReact": true})).await;
                let (_, history) = self.get(&self.bob, &format!("channels.history?roomId={rid}&count=100")).await;
                let reacted = history["messages"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|m| m["_id"] == id.as_str() && m.get("reactions").is_some());
                (answer, reacted)
            }
            "channels.invite" => {
                self.counter.set(self.counter.get() + 1);
                let user = self
                    .app
                    .server
                    .store()
                    .create_user(&format!("invitee-{}", self.counter.get()), None, &["user"])
                    .await
                    .unwrap();
                let answer = self.post(actor, action, json!({"roomId": rid, "userId": user.id})).await;
                (answer, self.is_member(rid, &user.id).await)
            }
            "channels.kick" => {
                let (target, _) = self.fresh_member(rid, None).await;
                let answer = self.post(actor, action, json!({"roomId": rid, "userId": target})).await;
                (answer, !self.is_member(rid, &target).await)
            }
            "rooms.muteUser" | "rooms.unmuteUser" => {
                let muting = action == "rooms.muteUser";
                let (_, username) = self.fresh_member(rid, (!muting).then_some("muted")).await;
                let answer = self.post(actor, action, json!({"roomId": rid, "username": username})).await;
                let muted = self.room(rid).await["muted"].as_array().is_some_and(|m| m.contains(&json!(username)));
                (answer, muted == muting)
            }
            "channels.addModerator" | "channels.removeModerator" | "channels.addOwner" | "channels.removeOwner" => {
                let role = if action.contains("Moderator") { "moderator" } else { "owner" };
                let adding = action.contains(".add");
                let (target, _) = self.fresh_member(rid, (!adding).then_some(role)).await;
                let answer = self.post(actor, action, json!({"roomId": rid, "userId": target})).await;
                (answer, self.has_role(rid, &target, role).await == adding)
            }
            "channels.setReadOnly" => {
                let was = self.room(rid).await["ro"].as_bool().unwrap_or(false);
                let answer = self.post(actor, action, json!({"roomId": rid, "readOnly": !was})).await;
                let changed = self.room(rid).await["ro"].as_bool().unwrap_or(false) != was;
                if changed {
                    self.ok(&self.bob, action, json!({"roomId": rid, "readOnly": was})).await;
                }
                (answer, changed)
            }
            "subscriptions.read" => (self.post(actor, action, json!({"rid": rid})).await, true),
            "channels.members" | "channels.roles" => (self.get(actor, &format!("{action}?roomId={rid}")).await, true),
            "chat.getThreadMessages" => (self.get(actor, &format!("{action}?tmid={}", id_of(2))).await, true),
            other => panic!("no attempt written for {other}"),
        }
    }
}

#[tokio::test]
async fn every_action_route_answers_each_kind_of_member_as_the_permissions_say() {
    let app = TestServer::start().await;
    let store = app.server.store();
    // dave, a plain user, is the demo's own.
    for (name, roles) in [("mia", &["user"][..]), ("rita", &["user"]), ("gus", &["guest"])] {
        store.create_user(name, None, roles).await.unwrap();
    }
    let bob = app.session("bob").await;
    let created = app
        .post(&bob, "/api/v1/channels.create", json!({"name": "workshop", "members": ["carol", "dave", "mia", "gus"]}))
        .await;
    let workshop = created.json::<Value>().await.unwrap()["channel"]["_id"].as_str().unwrap().to_owned();
    let created = app.post(&bob, "/api/v1/channels.create", json!({"name": "bulletin", "members": ["rita"]})).await;
    let bulletin = created.json::<Value>().await.unwrap()["channel"]["_id"].as_str().unwrap().to_owned();
    let world = World { bob, workshop, bulletin, counter: Default::default(), app };
    let app = &world.app;
    let sessions = [
        (Who::Owner, world.bob.clone()),
        (Who::Moderator, app.session("carol").await),
        (Who::Member, app.session("dave").await),
        (Who::Muted, app.session("mia").await),
        (Who::ReadOnlyMember, app.session("rita").await),
        (Who::Guest, app.session("gus").await),
    ];
    let carol = &sessions[1].1;
    world.ok(&world.bob, "channels.addModerator", json!({"roomId": world.workshop, "userId": carol.user_id})).await;
    // Each member's own messages (to edit, to delete, a thread's parent), written before the
    // muting and the read-only switch that silence two of them.
    let mut own = Vec::new();
    for (who, session) in &sessions {
        let rid = if *who == Who::ReadOnlyMember { &world.bulletin } else { &world.workshop };
        let mut ids = Vec::new();
        for text in ["to edit", "to delete", "a thread's parent"] {
            ids.push(world.message(session, rid, &format!("{who:?}: {text}")).await);
        }
        own.push(ids);
    }
    world.ok(&world.bob, "rooms.muteUser", json!({"roomId": world.workshop, "username": "mia"})).await;
    world.ok(&world.bob, "channels.setReadOnly", json!({"roomId": world.bulletin, "readOnly": true})).await;

    let mut cells = 0;
    for (action, allowed) in ACTIONS {
        for ((who, session), own) in sessions.iter().zip(&own) {
            let rid = if *who == Who::ReadOnlyMember { world.bulletin.clone() } else { world.workshop.clone() };
            let ((status, answer), changed) = world.attempt(action, session, &rid, own).await;
            let expected = allowed.contains(who);
            assert_eq!(status == 200, expected, "{action} by the {who:?}: expected {expected}, got {status} {answer}");
            if expected {
                assert!(changed, "{action} by the {who:?} answered 200 but changed nothing");
            } else {
                assert!(!changed, "{action} by the {who:?} was refused yet changed something");
                assert_eq!(answer["success"], false, "{action} by the {who:?}: {answer}");
                let error = answer["errorType"].as_str().unwrap_or_default();
                assert!(
                    ["error-action-not-allowed", "error-not-allowed", "error-user-muted"].contains(&error),
                    "{action} by the {who:?} was refused as {answer}"
                );
                if *who == Who::Muted && ["chat.sendMessage", "rooms.upload"].contains(action) {
                    assert_eq!(error, "error-user-muted", "a muted member is told why");
                }
            }
            cells += 1;
        }
    }
    assert_eq!(cells, ACTIONS.len() * EVERYONE.len());
    println!("{cells} cells of the permission matrix checked");
}
