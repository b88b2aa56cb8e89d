//! Search, pinned and starred messages in the browser, against the real server: a pin by the
//! room's owner reaches a member's open pinned list without a reload, while the member is offered
//! no pin and is refused one; a star shows to its owner only; a search marks what it matched,
//! works from the keyboard, spans all rooms grouped by room, and opens its result highlighted.
//! axe finds nothing in the panel.

use confab_e2e::{Browser, Chromedriver, TestServer, axe, eventually};
use serde_json::json;

/// The texts of the entries the find panel lists.
async fn listed(browser: &Browser) -> Vec<String> {
    let script = "return Array.from(document.querySelectorAll('.find-panel .found-text')).map(e => e.textContent)";
    serde_json::from_value(browser.script(script, vec![]).await).unwrap_or_default()
}

async fn lists(browser: &Browser, text: &str) {
    eventually(&format!("the panel to list {text:?}"), || async {
        listed(browser).await.iter().any(|t| t.contains(text)).then_some(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_pin_reaches_every_member_live_and_a_star_only_its_owner() {
    let data = tempfile::tempdir().unwrap();
    let server = TestServer::start(data.path(), 0).await;
    let driver = Chromedriver::start().await;
    let (alice, bob) = driver.alice_and_bob_in(&server, "general").await;
    alice.send("the launch is on friday").await;
    bob.sees_once("the launch is on friday").await;
    alice.confirmed("the launch is on friday").await;

    bob.click(".show-pinned").await;
    eventually("bob's empty pinned list", || async {
        bob.text_of(".find-panel .find-status").await.contains("Nothing is pinned").then_some(())
    })
    .await;
    assert!(
        !bob.offers_in_message("the launch is on friday", ".action-pin").await,
        "a member without pin-message is offered no pin"
    );
    let id = bob
        .script(
            "return Array.from(document.querySelectorAll('.message')).find(m => m.textContent.includes('the launch is on friday'))?.dataset.messageId",
            vec![],
        )
        .await;
    let refused = bob.api("chat.pinMessage", Some(json!({"messageId": id}))).await;
    assert_eq!(refused["status"], 403, "and the server refuses it: {refused}");

    // Alice owns general: she pins, and bob's open list shows it at once.
    alice.click_in_message("the launch is on friday", ".action-pin").await;
    lists(&bob, "the launch is on friday").await;
    eventually("the pin's notice in bob's timeline", || async {
        bob.text_of(".system-message .message-text").await.contains("pinned a message").then_some(())
    })
    .await;
    assert_eq!(bob.text_of(".system-message .pinned-quote").await, "the launch is on friday");
    eventually("the pin's mark in bob's timeline", || async {
        bob.has(".message .message-mark.pinned").await.then_some(())
    })
    .await;

    // Bob stars it: he sees his star and his starred list; alice sees neither.
    bob.click_in_message("the launch is on friday", ".action-star").await;
    bob.wait_for(".message .message-mark.starred").await;
    // The open panel covers the header: it switches to the starred list itself.
    bob.click(".find-panel .find-tab[data-finding='find.starred']").await;
    lists(&bob, "the launch is on friday").await;
    let violations = axe::check(&bob, "the starred list").await;
    assert!(violations.is_empty(), "axe: {violations:?}");
    alice.click(".show-starred").await;
    eventually("alice's empty starred list", || async {
        alice.text_of(".find-panel .find-status").await.contains("You have starred nothing").then_some(())
    })
    .await;
    assert!(!alice.has(".message .message-mark.starred").await, "a star is its owner's alone");

    alice.close().await;
    bob.close().await;
    server.kill().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_search_marks_its_words_works_from_the_keyboard_and_opens_its_result() {
    let data = tempfile::tempdir().unwrap();
    let server = TestServer::start(data.path(), 0).await;
    server.admin(&["fill-room", "--room", "general", "--username", "carol", "--count", "300"]).await;
    let driver = Chromedriver::start().await;
    let (alice, bob) = driver.alice_and_bob_in(&server, "general").await;
    // A new message in general (after 300 old ones), and one in random.
    alice.send("zeppelin schedule for the fair").await;
    bob.sees_once("zeppelin schedule for the fair").await;
    alice.open_room("random").await;
    alice.send("zeppelins are slow").await;
    alice.confirmed("zeppelins are slow").await;

    bob.click(".find-messages").await;
    bob.gets_focus(".find-panel .find-input", "the search box takes the focus").await;
    bob.press("zepp").await;
    lists(&bob, "zeppelin schedule for the fair").await;
    bob.gets_focus(".find-panel .find-input", "the box keeps the focus while results come").await;
    let marked = bob.text_of(".find-panel .found-text mark").await;
    assert_eq!(marked, "zeppelin", "the matched word is marked");
    assert_eq!(listed(&bob).await.len(), 1, "this room only: {:?}", listed(&bob).await);

    // Every room: grouped by room.
    bob.click(".find-panel .find-scope[aria-pressed='false']").await;
    lists(&bob, "zeppelins are slow").await;
    let groups = bob
        .script("return Array.from(document.querySelectorAll('.find-group h3')).map(h => h.textContent).sort()", vec![])
        .await;
    assert_eq!(groups, json!(["General", "Random"]), "grouped by room");

    // From the keyboard: down from the box to the first entry, Enter opens it.
    bob.click(".find-panel .find-scope[aria-pressed='false']").await;
    eventually("this room's results again", || async { (listed(&bob).await.len() == 1).then_some(()) }).await;
    bob.click(".find-panel .find-input").await;
    bob.press(&fantoccini::key::Key::Down.to_string()).await;
    bob.gets_focus(".find-panel .found-message", "ArrowDown reaches the first result").await;
    let violations = axe::check(&bob, "the search panel").await;
    assert!(violations.is_empty(), "axe: {violations:?}");
    bob.press(&fantoccini::key::Key::Enter.to_string()).await;
    eventually("the result to open highlighted", || async {
        let text = bob.text_of(".message[data-highlighted] .message-text").await;
        (text == "zeppelin schedule for the fair").then_some(())
    })
    .await;

    // An old message far back in the room opens too.
    bob.click(".find-panel .find-input").await;
    bob.script("const i = document.querySelector('.find-panel .find-input'); i.select();", vec![]).await;
    bob.press("message 7").await;
    lists(&bob, "message 7").await;
    bob.script(
        "Array.from(document.querySelectorAll('.find-panel .found-message')).find(b => b.querySelector('.found-text').textContent === 'message 7').click()",
        vec![],
    )
    .await;
    eventually("message 7 of 300 to open highlighted", || async {
        (bob.text_of(".message[data-highlighted] .message-text").await == "message 7").then_some(())
    })
    .await;

    // Results come a page at a time.
    bob.click(".find-panel .find-input").await;
    bob.script("document.querySelector('.find-panel .find-input').select()", vec![]).await;
    bob.press("message").await;
    eventually("a first page of 20", || async { (listed(&bob).await.len() == 20).then_some(()) }).await;
    bob.click(".find-panel .find-more").await;
    eventually("a second page after it", || async { (listed(&bob).await.len() == 40).then_some(()) }).await;
    let texts = listed(&bob).await;
    assert_eq!(texts.iter().collect::<std::collections::HashSet<_>>().len(), 40, "no result twice");

    alice.close().await;
    bob.close().await;
    server.kill().await;
}
