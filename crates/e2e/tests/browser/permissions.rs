//! Permissions and moderation as the app shows them, live: a permission the admin takes away
//! disappears from bob's app without a reload (and the server refuses it), a muted member's or a
//! read-only room's composer says why, a new moderator gets the moderator's actions, and a
//! kicked member's list drops the room.

use std::time::Instant;

use confab_e2e::{Browser, Chromedriver, TestServer, eventually};
use serde_json::json;

/// The ids of the signed-in user of `browser` and of the room open in it.
async fn ids(browser: &Browser) -> (String, String) {
    let me = browser.api("me", None).await;
    let room = browser.script("return document.querySelector('.room-view').dataset.roomId", vec![]).await;
    (me["body"]["_id"].as_str().unwrap().to_owned(), room.as_str().unwrap().to_owned())
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
        bob.offers_in_message("bob's to delete", ".action-delete").await.then_some(())
    })
    .await;
    assert!(bob.offers_in_message("bob's to delete", ".action-edit").await, "and edit");
    assert!(alice.offers_in_message("bob's to delete", ".action-edit").await, "an admin edits anyone's");
    assert!(alice.offers_in_message("bob's to delete", ".action-delete").await, "and deletes anyone's");

    let taken = json!({"permissions": [{"_id": "delete-own-message", "roles": ["admin"]}]});
    let answer = alice.api("permissions.update", Some(taken)).await;
    assert_eq!(answer["status"], 200, "{answer}");
    let changed = Instant::now();
    eventually("bob's app to stop offering delete", || async {
        (!bob.offers_in_message("bob's to delete", ".action-delete").await).then_some(())
    })
    .await;
    println!("delete left bob's app {} ms after the change", changed.elapsed().as_millis());
    assert!(bob.offers_in_message("bob's to delete", ".action-edit").await, "editing his own is still his");
    let (_, rid) = ids(&bob).await;
    let id = bob
        .script(
            "return Array.from(document.querySelectorAll('.room-view .message')).find(m => m.textContent.includes(\"bob's to delete\")).dataset.messageId",
            vec![],
        )
        .await;
    let refused = bob.api("chat.delete", Some(json!({"roomId": rid, "msgId": id}))).await;
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
    assert_eq!(alice.api("rooms.muteUser", Some(bob_in_general.clone())).await["status"], 200);
    eventually("bob's composer to say he is muted", || async {
        (bob.text_of(".composer-refused").await.contains("muted") && !bob.has("form.composer").await).then_some(())
    })
    .await;
    assert_eq!(alice.api("rooms.unmuteUser", Some(bob_in_general.clone())).await["status"], 200);
    bob.wait_for("form.composer textarea.composer-input").await;

    // A moderator now: he may delete carol's message.
    assert!(!bob.offers_in_message("carol's words", ".action-delete").await);
    assert_eq!(alice.api("channels.addModerator", Some(bob_in_general.clone())).await["status"], 200);
    eventually("bob to be offered delete on carol's message", || async {
        bob.offers_in_message("carol's words", ".action-delete").await.then_some(())
    })
    .await;
    assert!(bob.offers_in_message("carol's words", ".action-edit").await, "and edit, as moderators may");

    // Read-only: carol, a member, is told so; bob, a moderator, still writes.
    let read_only = json!({"roomId": general, "readOnly": true});
    assert_eq!(alice.api("channels.setReadOnly", Some(read_only)).await["status"], 200);
    eventually("carol's composer to say the room is read-only", || async {
        carol.text_of(".composer-refused").await.contains("read-only").then_some(())
    })
    .await;
    assert!(bob.has("form.composer").await, "a moderator may post to a read-only room");

    // Kicked: the room leaves bob's list.
    assert_eq!(alice.api("channels.kick", Some(bob_in_general)).await["status"], 200);
    eventually("general to leave bob's list", || async {
        (!bob.has(".room-entry[data-room-name='general']").await).then_some(())
    })
    .await;

    for browser in [alice, bob, carol] {
        browser.close().await;
    }
    server.kill().await;
}

/// A message's text, and whether edit, delete and react should be offered on it.
type Offer = (&'static str, bool, bool, bool);

/// `browser`'s edit, delete and react offers on the message reading `text`.
async fn offered(browser: &Browser, text: &str) -> (bool, bool, bool) {
    (
        browser.offers_in_message(text, ".action-edit").await,
        browser.offers_in_message(text, ".action-delete").await,
        browser.offers_in_message(text, ".action-react").await,
    )
}

/// The moderation actions `browser`'s user card of `username` offers, opened from the member list.
async fn card_actions(browser: &Browser, username: &str) -> Vec<String> {
    browser.click(".show-members").await;
    browser.wait_for(&format!(".members .member[data-username='{username}']")).await;
    browser.click(&format!(".members .member[data-username='{username}']")).await;
    browser.wait_for(".user-card .card-username").await;
    let actions = browser
        .script(
            "return Array.from(document.querySelectorAll('.user-card .card-action')).map(a => a.dataset.action).filter(a => a !== 'direct-message')",
            vec![],
        )
        .await;
    serde_json::from_value(actions).unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn owner_moderator_member_muted_read_only_and_guest_see_exactly_the_actions_they_hold() {
    let data = tempfile::tempdir().unwrap();
    // Every sign-in and every call below asks for a config, which mints (or reuses) a token.
    let server = TestServer::start_with(data.path(), 0, &["--mint-rate-per-minute", "1000"]).await;
    // dave, a plain user, is the demo's own.
    for name in ["mia", "rita"] {
        server.admin(&["create-user", "--username", name]).await;
    }
    server.admin(&["create-user", "--username", "gus", "--guest"]).await;
    let members = ["alice", "bob", "carol", "dave", "mia", "gus"].map(|name| ["--member", name]).concat();
    server.admin(&[&["create-room", "--name", "matrix"][..], &members].concat()).await;
    let members = ["alice", "bob", "rita"].map(|name| ["--member", name]).concat();
    server.admin(&[&["create-room", "--name", "notices"][..], &members].concat()).await;
    let driver = Chromedriver::start().await;
    // One browser, signing in as each person in turn, so one app at a time runs.
    let browser = driver.browser().await;
    let as_user = |name: &'static str, room: &'static str| {
        let (browser, server) = (&browser, &server);
        async move {
            browser.sign_in(&server.url("/demo"), name).await;
            browser.open_room(room).await;
        }
    };
    let say = |text: &'static str| {
        let browser = &browser;
        async move {
            browser.send(text).await;
            browser.confirmed(text).await;
        }
    };
    // Words from those about to be silenced, then the admin gives the rooms their owner and
    // moderator, mutes mia and makes the notices read-only.
    as_user("mia", "matrix").await;
    say("mia's words").await;
    as_user("rita", "notices").await;
    say("rita's words").await;
    as_user("alice", "notices").await;
    let (_, notices) = ids(&browser).await;
    say("alice's notice").await;
    as_user("alice", "matrix").await;
    let (_, rid) = ids(&browser).await;
    for (role, name, room) in
        [("addOwner", "bob", &rid), ("addModerator", "carol", &rid), ("addOwner", "bob", &notices)]
    {
        let user = browser.api(&format!("users.info?username={name}"), None).await;
        let user_id = user["body"]["user"]["_id"].clone();
        let answer = browser.api(&format!("channels.{role}"), Some(json!({"roomId": room, "userId": user_id}))).await;
        assert_eq!(answer["status"], 200, "{role}: {answer}");
    }
    let muted = browser.api("rooms.muteUser", Some(json!({"roomId": rid, "username": "mia"}))).await;
    assert_eq!(muted["status"], 200, "{muted}");
    let read_only = browser.api("channels.setReadOnly", Some(json!({"roomId": notices, "readOnly": true}))).await;
    assert_eq!(read_only["status"], 200, "{read_only}");

    // Who signs in, as what, where; on which message they may edit, delete and react; whether
    // they may write; and which moderation their card of dave offers, as Rocket.Chat's defaults say.
    const EVERYTHING: &[&str] = &["mute", "add-moderator", "add-owner", "kick"];
    const MODERATING: &[&str] = &["mute", "kick"];
    type Row = (&'static str, &'static str, &'static str, &'static [Offer], bool, &'static [&'static str]);
    let expected: [Row; 6] = [
        ("gus", "guest", "matrix", &[("gus's words", true, false, true)], true, &[]),
        (
            "dave",
            "member",
            "matrix",
            &[("dave's words", true, true, true), ("gus's words", false, false, true)],
            true,
            &[],
        ),
        (
            "mia",
            "muted member",
            "matrix",
            &[("mia's words", false, true, false), ("dave's words", false, false, false)],
            false,
            &[],
        ),
        (
            "rita",
            "read-only channel member",
            "notices",
            &[("rita's words", false, true, false), ("alice's notice", false, false, false)],
            false,
            &[],
        ),
        (
            "bob",
            "owner",
            "matrix",
            &[("dave's words", true, true, true), ("gus's words", true, true, true)],
            true,
            EVERYTHING,
        ),
        (
            "carol",
            "moderator",
            "matrix",
            &[("dave's words", true, true, true), ("gus's words", true, true, true)],
            true,
            MODERATING,
        ),
    ];
    for (name, role, room, checks, writes, card) in expected {
        as_user(name, room).await;
        if matches!(name, "gus" | "dave") {
            let text: &'static str = if name == "gus" { "gus's words" } else { "dave's words" };
            say(text).await;
        }
        assert_eq!(browser.has("textarea.composer-input").await, writes, "the {role} may write: {writes}");
        // Guests hold neither create-c nor create-d.
        let creates = name != "gus";
        eventually(&format!("the {role}'s new-room buttons"), || async {
            (browser.has(".new-channel").await == creates && browser.has(".new-direct").await == creates).then_some(())
        })
        .await;
        assert_eq!(browser.has(".composer-refused").await, !writes, "the {role} is told why not");
        for (text, edit, delete, react) in checks {
            browser.sees_once(text).await;
            let seen = eventually(&format!("the {role}'s actions on {text:?}"), || async {
                let seen = offered(&browser, text).await;
                (seen == (*edit, *delete, *react)).then_some(seen)
            })
            .await;
            println!("{role} on {text:?}: edit {}, delete {}, react {}", seen.0, seen.1, seen.2);
        }
        if room == "matrix" && name != "dave" {
            let offered = card_actions(&browser, "dave").await;
            assert_eq!(offered, card, "the {role}'s card of dave");
            println!("{role}'s card of dave: {offered:?}");
        }
    }
    // The guest again, on the member's message.
    as_user("gus", "matrix").await;
    browser.sees_once("dave's words").await;
    let seen = eventually("the guest's actions on dave's words", || async {
        let seen = offered(&browser, "dave's words").await;
        (seen == (false, false, true)).then_some(seen)
    })
    .await;
    println!("guest on \"dave's words\": edit {}, delete {}, react {}", seen.0, seen.1, seen.2);

    browser.close().await;
    server.kill().await;
}
