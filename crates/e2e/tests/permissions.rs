//! Permissions and moderation as the app shows them, live: a permission the admin takes away
//! disappears from bob's app without a reload (and the server refuses it), a muted member's or a
//! read-only room's composer says why, a new moderator gets the moderator's actions, and a
//! kicked member's list drops the room.

use std::time::Instant;

use confab_e2e::{Browser, Chromedriver, TestServer, eventually};
use serde_json::{Value, json};

/// Calls REST `path` with `body` (POST) or none (GET) as the user signed in to `browser`.
async fn api(browser: &Browser, path: &str, body: Option<Value>) -> Value {
    let script = "const [path, body, done] = arguments; \
        fetch('/chat/config?clientType=web').then(r => r.json()).then(c => c.authentication) \
        .then(a => fetch('/api/v1/' + path, { method: body === null ? 'GET' : 'POST', \
            headers: { 'X-User-Id': a.userId, 'X-Auth-Token': a.userToken, 'Content-Type': 'application/json' }, \
            body: body === null ? undefined : JSON.stringify(body) })) \
        .then(async r => done({ status: r.status, body: await r.json() }), e => done({ error: String(e) }));";
    browser.client.execute_async(script, vec![json!(path), body.unwrap_or(Value::Null)]).await.expect("the call runs")
}

/// The ids of the signed-in user of `browser` and of the room open in it.
async fn ids(browser: &Browser) -> (String, String) {
    let me = api(browser, "me", None).await;
    let room = browser.script("return document.querySelector('.room-view').dataset.roomId", vec![]).await;
    (me["body"]["_id"].as_str().unwrap().to_owned(), room.as_str().unwrap().to_owned())
}

/// Whether the message reading `text` offers the action matching `css` in `browser`.
async fn offers(browser: &Browser, text: &str, css: &str) -> bool {
    let script = "const m = Array.from(document.querySelectorAll('.room-view .message')).find(m => m.querySelector('.message-text')?.textContent === arguments[0]); \
        return m ? m.querySelector(arguments[1]) !== null : null;";
    browser.script(script, vec![json!(text), json!(css)]).await == json!(true)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_permission_taken_away_leaves_the_app_at_once_and_the_server_refuses_it() {
    let data = tempfile::tempdir().unwrap();
    let server = TestServer::start(data.path(), 0).await;
    let driver = Chromedriver::start().await;
    let (alice, bob) = driver.alice_and_bob_in(&server, "random").await;
    bob.send("bob's to delete").await;
    bob.confirmed("bob's to delete").await;
    alice.sees_once("bob's to delete").await;
    eventually("bob to be offered delete on his message", || async {
        offers(&bob, "bob's to delete", ".action-delete").await.then_some(())
    })
    .await;
    assert!(offers(&bob, "bob's to delete", ".action-edit").await, "and edit");
    assert!(offers(&alice, "bob's to delete", ".action-edit").await, "an admin edits anyone's");
    assert!(offers(&alice, "bob's to delete", ".action-delete").await, "and deletes anyone's");

    let taken = json!({"permissions": [{"_id": "delete-own-message", "roles": ["admin"]}]});
    let answer = api(&alice, "permissions.update", Some(taken)).await;
    assert_eq!(answer["status"], 200, "{answer}");
    let changed = Instant::now();
    eventually("bob's app to stop offering delete", || async {
        (!offers(&bob, "bob's to delete", ".action-delete").await).then_some(())
    })
    .await;
    println!("delete left bob's app {} ms after the change", changed.elapsed().as_millis());
    assert!(offers(&bob, "bob's to delete", ".action-edit").await, "editing his own is still his");
    let (_, rid) = ids(&bob).await;
    let id = bob
        .script(
            "return Array.from(document.querySelectorAll('.room-view .message')).find(m => m.textContent.includes(\"bob's to delete\")).dataset.messageId",
            vec![],
        )
        .await;
    let refused = api(&bob, "chat.delete", Some(json!({"roomId": rid, "msgId": id}))).await;
    assert_eq!(
        (refused["status"].clone(), refused["body"]["errorType"].clone()),
        (json!(403), json!("error-action-not-allowed"))
    );

    alice.close().await;
    bob.close().await;
    server.kill().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn muting_read_only_moderator_and_kick_reach_bobs_open_room_live() {
    let data = tempfile::tempdir().unwrap();
    let server = TestServer::start(data.path(), 0).await;
    let driver = Chromedriver::start().await;
    let carol = driver.browser().await;
    carol.sign_in(&server.url("/"), "carol").await;
    carol.open_room("general").await;
    let (alice, bob) = driver.alice_and_bob_in(&server, "general").await;
    let (bob_id, general) = ids(&bob).await;
    carol.send("carol's words").await;
    bob.sees_once("carol's words").await;
    bob.wait_for("form.composer textarea.composer-input").await;

    // Muted while his composer is open: it gives way to the reason; unmuted, it is back.
    let bob_in_general = json!({"roomId": general, "userId": bob_id});
    assert_eq!(api(&alice, "rooms.muteUser", Some(bob_in_general.clone())).await["status"], 200);
    eventually("bob's composer to say he is muted", || async {
        (bob.text_of(".composer-refused").await.contains("muted") && !bob.has("form.composer").await).then_some(())
    })
    .await;
    assert_eq!(api(&alice, "rooms.unmuteUser", Some(bob_in_general.clone())).await["status"], 200);
    bob.wait_for("form.composer textarea.composer-input").await;

    // A moderator now: he may delete carol's message.
    assert!(!offers(&bob, "carol's words", ".action-delete").await);
    assert_eq!(api(&alice, "channels.addModerator", Some(bob_in_general.clone())).await["status"], 200);
    eventually("bob to be offered delete on carol's message", || async {
        offers(&bob, "carol's words", ".action-delete").await.then_some(())
    })
    .await;
    assert!(offers(&bob, "carol's words", ".action-edit").await, "and edit, as moderators may");

    // Read-only: carol, a member, is told so; bob, a moderator, still writes.
    let read_only = json!({"roomId": general, "readOnly": true});
    assert_eq!(api(&alice, "channels.setReadOnly", Some(read_only)).await["status"], 200);
    eventually("carol's composer to say the room is read-only", || async {
        carol.text_of(".composer-refused").await.contains("read-only").then_some(())
    })
    .await;
    assert!(bob.has("form.composer").await, "a moderator may post to a read-only room");

    // Kicked: the room leaves bob's list.
    assert_eq!(api(&alice, "channels.kick", Some(bob_in_general)).await["status"], 200);
    eventually("general to leave bob's list", || async {
        (!bob.has(".room-entry[data-room-name='general']").await).then_some(())
    })
    .await;

    for browser in [alice, bob, carol] {
        browser.close().await;
    }
    server.kill().await;
}

/// A message's text, and whether edit and delete should be offered on it.
type Offer = (&'static str, bool, bool);

/// `browser`'s edit and delete offers on the message reading `text`.
async fn offered(browser: &Browser, text: &str) -> (bool, bool) {
    (offers(browser, text, ".action-edit").await, offers(browser, text, ".action-delete").await)
}

#[tokio::test(flavor = "multi_thread")]
async fn owner_moderator_member_and_guest_see_exactly_the_actions_they_hold() {
    let data = tempfile::tempdir().unwrap();
    let server = TestServer::start(data.path(), 0).await;
    server.admin(&["create-user", "--username", "dave"]).await;
    server.admin(&["create-user", "--username", "gus", "--guest"]).await;
    let members = ["alice", "bob", "carol", "dave", "gus"].map(|name| ["--member", name]).concat();
    server.admin(&[&["create-room", "--name", "matrix"][..], &members].concat()).await;
    let driver = Chromedriver::start().await;
    // One browser, signing in as each person in turn, so one app at a time runs.
    let browser = driver.browser().await;
    let as_user = |name: &'static str| {
        let (browser, server) = (&browser, &server);
        async move {
            browser.sign_in(&server.url("/demo"), name).await;
            browser.open_room("matrix").await;
        }
    };
    // The admin gives the room its owner and moderator.
    as_user("alice").await;
    let (_, rid) = ids(&browser).await;
    for (role, name) in [("addOwner", "bob"), ("addModerator", "carol")] {
        let user = api(&browser, &format!("users.info?username={name}"), None).await;
        let user_id = user["body"]["user"]["_id"].clone();
        let answer = api(&browser, &format!("channels.{role}"), Some(json!({"roomId": rid, "userId": user_id}))).await;
        assert_eq!(answer["status"], 200, "{role}: {answer}");
    }

    // Who signs in, as what, and on which message they may edit and delete, as Rocket.Chat's
    // default permissions say.
    let expected: [(&str, &str, &[Offer]); 4] = [
        ("gus", "guest", &[("gus's words", true, false)]),
        ("dave", "member", &[("dave's words", true, true), ("gus's words", false, false)]),
        ("bob", "owner", &[("dave's words", true, true), ("gus's words", true, true)]),
        ("carol", "moderator", &[("dave's words", true, true), ("gus's words", true, true)]),
    ];
    for (name, role, checks) in expected {
        as_user(name).await;
        if matches!(name, "gus" | "dave") {
            let text = format!("{name}'s words");
            browser.send(&text).await;
            browser.confirmed(&text).await;
        }
        for (text, edit, delete) in checks {
            browser.sees_once(text).await;
            let seen = eventually(&format!("the {role}'s actions on {text:?}"), || async {
                let seen = offered(&browser, text).await;
                (seen == (*edit, *delete)).then_some(seen)
            })
            .await;
            println!("{role} on {text:?}: edit {}, delete {}", seen.0, seen.1);
        }
    }
    // The guest again, on the member's message.
    as_user("gus").await;
    browser.sees_once("dave's words").await;
    let seen = eventually("the guest's actions on dave's words", || async {
        let seen = offered(&browser, "dave's words").await;
        (seen == (false, false)).then_some(seen)
    })
    .await;
    println!("guest on \"dave's words\": edit {}, delete {}", seen.0, seen.1);

    browser.close().await;
    server.kill().await;
}
