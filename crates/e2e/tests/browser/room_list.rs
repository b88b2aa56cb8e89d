//! The room list between two people: unread badges appear live, and opening the room reads it
//! (on the server too).

use confab_e2e::{Chromedriver, TestServer, eventually};
use serde_json::json;

/// The unread count the list shows for a room, 0 without a badge.
async fn badge(browser: &confab_e2e::Browser, room: &str) -> u64 {
    let script = "const b = document.querySelector(`.room-entry[data-room-name='${arguments[0]}'] .unread-badge`); return b ? Number(b.textContent) : 0";
    browser.script(script, vec![json!(room)]).await.as_u64().unwrap_or(0)
}

#[tokio::test(flavor = "multi_thread")]
async fn unread_badges_update_live_and_reading_the_room_clears_them() {
    let data = tempfile::tempdir().unwrap();
    let server = TestServer::start(data.path(), 0).await;
    let driver = Chromedriver::start().await;
    let (alice, bob) = driver.alice_and_bob(&server).await;
    alice.open_room("random").await;
    bob.open_room("general").await;

    let before = badge(&alice, "general").await;
    bob.send("news for everyone").await;
    bob.sees_once("news for everyone").await;
    eventually("alice's general badge to count the new message", || async {
        (badge(&alice, "general").await == before + 1).then_some(())
    })
    .await;
    // The room moved to the top of its section.
    let first =
        alice.script("return document.querySelector('.room-section .room-entry').dataset.roomName", vec![]).await;
    assert_eq!(first, json!("general"));

    alice.open_room("general").await;
    alice.sees_once("news for everyone").await;
    eventually("the badge to clear", || async { (badge(&alice, "general").await == 0).then_some(()) }).await;
    // The server agrees: a reload lists the room from the server with nothing unread.
    alice.goto(&server.url("/")).await;
    alice.wait_for(".room-list .room-entry").await;
    eventually("the reloaded list to show general read", || async {
        (alice.has(".room-entry[data-room-name='general']").await && badge(&alice, "general").await == 0).then_some(())
    })
    .await;

    alice.close().await;
    bob.close().await;
    server.kill().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_room_list_works_from_the_keyboard() {
    use fantoccini::key::Key;
    let data = tempfile::tempdir().unwrap();
    let server = TestServer::start(data.path(), 0).await;
    let driver = Chromedriver::start().await;
    let alice = driver.browser().await;
    alice.sign_in(&server.url("/"), "alice").await;
    alice.wait_for(".room-entry").await;
    let names = alice
        .script("return Array.from(document.querySelectorAll('.room-entry')).map(e => e.dataset.roomName)", vec![])
        .await;
    let names: Vec<String> = serde_json::from_value(names).unwrap();
    alice.script("document.querySelector('.room-entry').focus()", vec![]).await;
    for key in [Key::Down, Key::Down, Key::Up, Key::Down, Key::Enter] {
        alice.press(&key.to_string()).await;
    }
    eventually("the third room to open", || async {
        let current = alice
            .script("return document.querySelector('.room-entry[aria-current=page]')?.dataset.roomName", vec![])
            .await;
        (current == json!(names[2])).then_some(())
    })
    .await;
    alice
        .gets_focus(".room-view textarea.composer-input", "a room opened with Enter puts the focus in its composer")
        .await;
    alice.script("document.querySelector('.room-entry[aria-current=page]').focus()", vec![]).await;
    alice.press(&Key::End.to_string()).await;
    let last = alice.script("return document.activeElement.dataset.roomName", vec![]).await;
    assert_eq!(last, json!(names.last().unwrap()));
    alice.press(&Key::Home.to_string()).await;
    let first = alice.script("return document.activeElement.dataset.roomName", vec![]).await;
    assert_eq!(first, json!(names[0]), "Home moves to the first room");

    alice.close().await;
    server.kill().await;
}

/// Counts the history pages a page asks for, as it asks (a finished request's timing would come
/// too late to tell that a click asked for none).
const COUNT_HISTORY_FETCHES: &str = "if (window.historyFetches === undefined) {
                      window.historyFetches = 0;
                      const fetch = window.fetch;
                      window.fetch = (...args) => {
                          if (/\\.history\\?/.test(String(args[0]?.url ?? args[0]))) window.historyFetches += 1;
                          return fetch.apply(window, args);
                      };
                  }";

/// From now on, counts the history pages `browser` asks for.
async fn count_history_fetches(browser: &confab_e2e::Browser) {
    browser.script(COUNT_HISTORY_FETCHES, vec![]).await;
}

/// How many history pages `browser` has received.
async fn history_pages_read(browser: &confab_e2e::Browser) -> u64 {
    let script = "return performance.getEntriesByType('resource').filter(e => /\\.history\\?/.test(e.name)).length";
    browser.script(script, vec![]).await.as_u64().unwrap_or(0)
}

async fn history_fetches(browser: &confab_e2e::Browser) -> u64 {
    browser.script("return window.historyFetches", vec![]).await.as_u64().expect("history fetches are counted")
}

#[tokio::test(flavor = "multi_thread")]
async fn a_room_pressed_is_ready_before_the_click_and_keeps_what_is_said_meanwhile() {
    let data = tempfile::tempdir().unwrap();
    let server = TestServer::start(data.path(), 0).await;
    let driver = Chromedriver::start().await;
    let (alice, bob) = driver.alice_and_bob(&server).await;
    alice.open_room("random").await;
    // The mouse leaves the list: resting on an entry makes its room ready too, and the list
    // reorders under a still mouse as rooms get news.
    alice.rest_pointer().await;
    bob.open_room("general").await;
    bob.send("before the press").await;
    bob.confirmed("before the press").await;

    // The press fetches the room's page before the click (once: the socket's stream flows).
    alice.wait_for(".chat-layout[data-connection='online']").await;
    count_history_fetches(&alice).await;
    let (before, read) = (history_fetches(&alice).await, history_pages_read(&alice).await);
    let press = "document.querySelector(\".room-entry[data-room-name='general']\")
                   .dispatchEvent(new PointerEvent('pointerdown', {bubbles: true}))";
    alice.script(press, vec![]).await;
    eventually("the pressed room's history", || async {
        (history_fetches(&alice).await == before + 1 && history_pages_read(&alice).await == read + 1).then_some(())
    })
    .await;
    // Said after that page was read, before the click.
    bob.send("between the press and the click").await;
    bob.confirmed("between the press and the click").await;

    alice.click(".room-entry[data-room-name='general']").await;
    alice.sees_once("before the press").await;
    alice.sees_once("between the press and the click").await;
    assert_eq!(history_fetches(&alice).await, before + 1, "the click fetched the page again");

    // A room reached from the keyboard is made ready as its entry takes the focus, and one
    // the pointer rests on as it rests; Enter or the click then fetch nothing more.
    let entry = |room: &str| format!("document.querySelector(\".room-entry[data-room-name='{room}']\")");
    for (room, prepare, said) in [
        ("design", format!("{}.focus()", entry("design")), "First sketches of the new look are up."),
        (
            "bob",
            format!("{}.dispatchEvent(new PointerEvent('pointerenter'))", entry("bob")),
            "Sure, ping me after three.",
        ),
    ] {
        let before = history_fetches(&alice).await;
        alice.script(&prepare, vec![]).await;
        eventually("the history of the room made ready", || async {
            (history_fetches(&alice).await == before + 1).then_some(())
        })
        .await;
        alice.click(&format!(".room-entry[data-room-name='{room}']")).await;
        alice.sees_once(said).await;
        assert_eq!(history_fetches(&alice).await, before + 1, "opening {room} fetched its page again");
    }

    alice.close().await;
    bob.close().await;
    server.kill().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_room_opened_last_is_ready_at_the_next_visit_before_any_click() {
    let data = tempfile::tempdir().unwrap();
    let server = TestServer::start(data.path(), 0).await;
    let driver = Chromedriver::start().await;
    let alice = driver.browser().await;
    alice.sign_in(&server.url("/"), "alice").await;
    alice.open_room("random").await;

    alice.before_each_page(COUNT_HISTORY_FETCHES).await;
    alice.goto(&server.url("/")).await;
    alice.wait_for(".room-list .room-entry").await;
    // Asked for with the list, before any click (and asked again should the answer come after
    // the socket's stream started).
    eventually("the last room's history, unasked", || async {
        let (asked, read) = (history_fetches(&alice).await, history_pages_read(&alice).await);
        (asked >= 1 && read == asked).then_some(())
    })
    .await;
    assert_eq!(current_room(&alice).await, serde_json::Value::Null, "made ready, not opened");
    // With history out of reach, the click still shows the room: its page was already there.
    alice.block_urls(&["*.history?*"]).await;
    alice.click(".room-entry[data-room-name='random']").await;
    alice.sees_once("Count me in.").await;

    alice.close().await;
    server.kill().await;
}

/// The room open in `browser`'s list.
async fn current_room(browser: &confab_e2e::Browser) -> serde_json::Value {
    browser
        .script("return document.querySelector('.room-entry[aria-current=page]')?.dataset.roomName ?? null", vec![])
        .await
}

/// Types `term` into the open dialog's person search and picks `username` among its suggestions.
async fn pick_person(browser: &confab_e2e::Browser, term: &str, username: &str) {
    let input = browser.client.find(fantoccini::Locator::Css(".new-room-dialog .person-input")).await.unwrap();
    input.send_keys(term).await.unwrap();
    browser.click(&format!(".person-suggestions .person-option[data-username='{username}']")).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn people_find_each_other_by_name_and_create_private_groups_with_invitees_and_a_topic() {
    let data = tempfile::tempdir().unwrap();
    let server = TestServer::start(data.path(), 0).await;
    let driver = Chromedriver::start().await;
    let (alice, bob) = driver.alice_and_bob(&server).await;
    let carol = driver.browser().await;
    carol.sign_in(&server.url("/"), "carol").await;

    // Carol writes to alice by typing part of her name and picking her.
    carol.click(".new-direct").await;
    carol.gets_focus(".new-direct-dialog .person-input", "the person search takes the focus").await;
    pick_person(&carol, "ali", "alice").await;
    eventually("the conversation with alice to open", || async {
        (current_room(&carol).await == json!("alice")).then_some(())
    })
    .await;

    // Carol is not in random: her room search says none of hers matches; in the directory,
    // beside it, she finds random and joins it.
    let filter = carol.client.find(fantoccini::Locator::Css(".room-filter")).await.unwrap();
    filter.send_keys("rand").await.unwrap();
    let said = "const s = document.querySelector('.room-sections'); \
        return s && s.childElementCount === 0 ? getComputedStyle(s, '::before').content : null;";
    eventually("the search to say nothing of hers matches", || async {
        let said = carol.script(said, vec![]).await;
        said.as_str().is_some_and(|s| s.contains("None of your rooms matches.")).then_some(())
    })
    .await;
    carol.click(".new-channel").await;
    carol.click(".new-channel-dialog .browse-channels").await;
    carol.gets_focus(".directory-dialog .directory-search", "the directory's search takes the focus").await;
    let search = carol.client.find(fantoccini::Locator::Css(".directory-search")).await.unwrap();
    search.send_keys("rand").await.unwrap();
    carol.click(".directory-entry[data-room-name='random'] .directory-join").await;
    eventually("random to open, joined", || async { (current_room(&carol).await == json!("random")).then_some(()) })
        .await;
    // The search emptied as a person empties it, so the list shows every room again.
    filter.send_keys(&format!("{}a{}", fantoccini::key::Key::Control, fantoccini::key::Key::Backspace)).await.unwrap();

    // Alice makes the private group "Launch Plan": its name becomes launch-plan as she types.
    alice.click(".new-channel").await;
    alice.gets_focus(".new-channel-dialog .room-title-input", "the name takes the focus").await;
    alice.click(".new-channel-dialog input[value='private']").await;
    let title = alice.client.find(fantoccini::Locator::Css(".room-title-input")).await.unwrap();
    title.send_keys("Launch Plan").await.unwrap();
    eventually("the name the title makes to show", || async {
        let hint = alice.script("return document.querySelector('.field-hint').dataset.name", vec![]).await;
        (hint == json!("launch-plan")).then_some(())
    })
    .await;
    assert_eq!(alice.text_of(".field-hint").await, "It will be #launch-plan", "the hint names it");
    let topic = alice.client.find(fantoccini::Locator::Css(".room-topic-input")).await.unwrap();
    topic.send_keys("Everything for Friday").await.unwrap();
    pick_person(&alice, "bo", "bob").await;
    pick_person(&alice, "car", "carol").await;
    let invited = alice
        .script("return Array.from(document.querySelectorAll('.invitee')).map(i => i.dataset.username)", vec![])
        .await;
    assert_eq!(invited, json!(["bob", "carol"]));
    alice.click(".create-room").await;
    eventually("the new group to open", || async {
        (current_room(&alice).await == json!("launch-plan")).then_some(())
    })
    .await;
    eventually("its topic to show", || async {
        (alice.text_of(".room-header .room-topic").await == "Everything for Friday").then_some(())
    })
    .await;
    for invitee in [&bob, &carol] {
        invitee.wait_for(".room-section .room-entry[data-room-name='launch-plan']").await;
    }

    // She adds dave from the members panel; the list counts him.
    alice.click(".show-members").await;
    alice.click(".member-list .add-members-toggle").await;
    alice.gets_focus(".member-list .person-input", "the person search takes the focus").await;
    let input = alice.client.find(fantoccini::Locator::Css(".member-list .person-input")).await.unwrap();
    input.send_keys("dav").await.unwrap();
    alice.click(".member-list .person-option[data-username='dave']").await;
    alice.wait_for(".member-list .member[data-username='dave']").await;
    assert_eq!(alice.script("return document.querySelector('.member-status').dataset.total", vec![]).await, json!("4"));
    alice.close().await;
    bob.close().await;
    carol.close().await;
}

/// The preview the list shows under a room's name.
async fn preview(browser: &confab_e2e::Browser, room: &str) -> String {
    browser.text_of(&format!(".room-entry[data-room-name='{room}'] .room-preview")).await
}

async fn previews(browser: &confab_e2e::Browser, room: &str, expected: &str) {
    eventually(&format!("{room}'s preview to read {expected:?}"), || async {
        (preview(browser, room).await == expected).then_some(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn previews_follow_deletes_and_pins_and_say_you_for_ones_own() {
    let data = tempfile::tempdir().unwrap();
    let server = TestServer::start(data.path(), 0).await;
    let driver = Chromedriver::start().await;
    let (alice, bob) = driver.alice_and_bob(&server).await;
    alice.open_room("general").await;
    alice.send("the plan stands").await;
    alice.send("a slip of the keys").await;
    alice.confirmed("a slip of the keys").await;
    previews(&bob, "general", "Alice: a slip of the keys").await;
    previews(&alice, "general", "You: a slip of the keys").await;

    // Deleted: the room's last message is the one before it, for everyone.
    let rid = alice.script("return document.querySelector('.room-view').dataset.roomId", vec![]).await;
    let id_of = |text: &'static str| {
        let alice = &alice;
        async move {
            let script = "return Array.from(document.querySelectorAll('.room-view .message')).find(m => m.textContent.includes(arguments[0]))?.dataset.messageId";
            alice.script(script, vec![json!(text)]).await
        }
    };
    let slip = id_of("a slip of the keys").await;
    let deleted = alice.api("chat.delete", Some(json!({"roomId": rid, "msgId": slip}))).await;
    assert_eq!(deleted["status"], 200, "{deleted}");
    previews(&bob, "general", "Alice: the plan stands").await;

    // A pin is a notice, and says so.
    let plan = id_of("the plan stands").await;
    let pinned = alice.api("chat.pinMessage", Some(json!({"messageId": plan}))).await;
    assert_eq!(pinned["status"], 200, "{pinned}");
    previews(&bob, "general", "Alice pinned a message").await;
    previews(&alice, "general", "You pinned a message").await;
    alice.close().await;
    bob.close().await;
}

/// Monday 15 June 2026, 12:00 UTC: the demo's last messages in #general and #random were then
/// sent on Sunday at 12:01 and on Monday at 06:02.
const MONDAY_NOON: i64 = 1_781_524_800_000;
const DAY_MS: i64 = 86_400_000;

#[tokio::test(flavor = "multi_thread")]
async fn a_rooms_time_reads_the_time_today_then_yesterday_a_weekday_and_a_date() {
    let data = tempfile::tempdir().unwrap();
    let server = TestServer::start_at(data.path(), MONDAY_NOON).await;
    let driver = Chromedriver::start().await;
    // The same list read on Monday, on Thursday and a week later on Tuesday.
    for (days_later, general, random) in
        [(0, "Yesterday", "06:02 AM"), (3, "Sunday", "Monday"), (8, "June 14, 2026", "June 15, 2026")]
    {
        let alice = driver.browser().await;
        alice.shift_clock(server.clock_shift_ms() + days_later * DAY_MS).await;
        alice.sign_in(&server.url("/"), "alice").await;
        for (room, expected) in [("general", general), ("random", random)] {
            let css = format!(".room-entry[data-room-name='{room}'] .room-time");
            eventually(&format!("{room}'s time to read {expected:?} {days_later} days on"), || async {
                (alice.text_of(&css).await == expected).then_some(())
            })
            .await;
        }
        alice.close().await;
    }
}
