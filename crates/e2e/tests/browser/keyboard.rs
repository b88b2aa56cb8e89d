//! A whole session without the mouse: find and open a room, write, move through the timeline
//! (one Tab stop, arrows between messages and to their actions), quote, react, open and close a
//! thread, search, open Settings, and go from room to room (Ctrl+K and Alt+↑/↓), with the
//! focus checked after each step.

use confab_e2e::{Browser, Chromedriver, TestServer, eventually};
use fantoccini::key::Key;
use serde_json::json;

fn key(k: Key) -> String {
    k.to_string()
}

/// Presses `keys` until the focus is on `css`, at most `most` times.
async fn press_until(browser: &Browser, keys: &str, css: &str, most: usize) {
    for _ in 0..most {
        if browser.focused(css).await {
            return;
        }
        browser.press(keys).await;
    }
    browser.gets_focus(css, &format!("{keys:?} pressed {most} times")).await;
}

/// The text of the focused message, if a message has the focus.
async fn focused_message(browser: &Browser) -> String {
    let script = "const m = document.activeElement; \
        return m && m.matches('.messages > .message') ? m.querySelector('.message-text').textContent : null";
    browser.script(script, vec![]).await.as_str().unwrap_or_default().to_owned()
}

async fn focus_is_on_message(browser: &Browser, text: &str) {
    eventually(&format!("the focus on the message {text:?}"), || async {
        (focused_message(browser).await == text).then_some(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_whole_session_goes_without_the_mouse_and_the_focus_follows_each_step() {
    let data = tempfile::tempdir().unwrap();
    let server = TestServer::start(data.path(), 0).await;
    let driver = Chromedriver::start().await;
    let (alice, bob) = driver.alice_and_bob_in(&server, "general").await;
    bob.send("hello from bob").await;
    alice.goto(&server.url("/")).await;
    alice.wait_for(".room-list .room-entry").await;

    // Tab reaches the room search; ↓ reaches the room found and Enter opens it, with the focus
    // in its composer.
    press_until(&alice, &key(Key::Tab), ".room-filter", 8).await;
    alice.press("gen").await;
    alice.press(&key(Key::Down)).await;
    alice.gets_focus(".room-entry[data-room-name='general']", "↓ reaches the room found").await;
    alice.press(&key(Key::Enter)).await;
    alice.gets_focus("textarea.composer-input", "a room opened with Enter").await;

    // Writing keeps the focus in the composer.
    alice.press("typed with keys only").await;
    alice.press(&key(Key::Enter)).await;
    alice.confirmed("typed with keys only").await;
    alice.gets_focus("textarea.composer-input", "a message sent").await;

    // The timeline is one Tab stop, at its newest message; one more step leaves it.
    let back = key(Key::Shift) + &key(Key::Tab);
    press_until(&alice, &back, ".messages > .message", 4).await;
    focus_is_on_message(&alice, "typed with keys only").await;
    alice.press(&back).await;
    let outside = "return !document.activeElement.closest('.messages')";
    assert_eq!(alice.script(outside, vec![]).await, json!(true), "Shift+Tab leaves the timeline in one step");
    alice.press(&key(Key::Tab)).await;
    focus_is_on_message(&alice, "typed with keys only").await;
    alice.press(&key(Key::Tab)).await;
    assert_eq!(alice.script(outside, vec![]).await, json!(true), "Tab leaves the timeline in one step");
    press_until(&alice, &back, ".messages > .message", 2).await;

    // ↑ moves to the message before; → goes round its controls to its actions.
    alice.press(&key(Key::Up)).await;
    focus_is_on_message(&alice, "hello from bob").await;
    press_until(&alice, &key(Key::Right), ".messages > .message .action-quote", 8).await;
    // Quote: the focus goes to the composer, which shows whom it quotes.
    alice.press(&key(Key::Enter)).await;
    alice.gets_focus("textarea.composer-input", "Quote puts the focus in the composer").await;
    alice.wait_for(".quoting").await;
    alice.press("agreed").await;
    alice.press(&key(Key::Enter)).await;
    alice.wait_for(".message .attachment.quote").await;
    alice.gets_focus("textarea.composer-input", "a quote sent").await;

    // Back in the timeline, the focus is where it was (the roving Tab stop); End goes to the
    // newest. React from the keyboard: the picker takes the focus and gives it back.
    press_until(&alice, &back, ".messages > .message", 4).await;
    focus_is_on_message(&alice, "hello from bob").await;
    alice.press(&key(Key::End)).await;
    focus_is_on_message(&alice, "agreed").await;
    press_until(&alice, &key(Key::Right), ".messages > .message .action-react", 12).await;
    alice.press(&key(Key::Enter)).await;
    alice.gets_focus(".emoji-search", "the picker's search takes the focus").await;
    alice.press(&key(Key::Down)).await;
    alice.press(&key(Key::Enter)).await;
    alice.wait_for(".messages > .message .reaction").await;
    alice.gets_focus(".action-react", "the picker gives the focus back").await;

    // A thread: Reply opens it with the focus in its composer; Escape closes it and gives the
    // focus back; Escape once more goes from the actions back to the message.
    press_until(&alice, &key(Key::Right), ".messages > .message .action-reply", 12).await;
    alice.press(&key(Key::Enter)).await;
    alice.gets_focus(".thread-panel textarea.composer-input", "a thread opened").await;
    alice.press("in a thread").await;
    alice.press(&key(Key::Enter)).await;
    alice.wait_for(".thread-panel .message[data-delivery='sent']").await;
    alice.press(&key(Key::Escape)).await;
    alice.gets_focus(".action-reply", "a thread closed").await;
    assert!(!alice.has(".thread-panel").await, "Escape closes the thread");
    alice.press(&key(Key::Escape)).await;
    focus_is_on_message(&alice, "agreed").await;

    // Search, from the header's button: its box takes the focus, Escape gives it back.
    press_until(&alice, &back, ".find-messages", 8).await;
    alice.press(&key(Key::Enter)).await;
    alice.gets_focus(".find-panel .find-input", "the search opened").await;
    alice.press("keys").await;
    alice.wait_for(".find-panel .find-group").await;
    alice.press(&key(Key::Escape)).await;
    alice.gets_focus(".find-messages", "the search closed").await;

    // Settings, from the sidebar: Ctrl+K goes to the room search, and Settings is a dialog
    // that takes the focus and gives it back.
    alice.press(&(key(Key::Control) + "k")).await;
    alice.gets_focus(".room-filter", "Ctrl+K from the room").await;
    // The search still holds "gen": cleared, the list shows every room again.
    alice.press(&key(Key::Backspace).repeat(3)).await;
    alice.wait_for(".room-entry[data-room-name='random']").await;
    press_until(&alice, &back, ".open-settings", 6).await;
    alice.press(&key(Key::Enter)).await;
    alice.gets_focus(".dialog.settings *", "Settings opened").await;
    alice.press(&key(Key::Escape)).await;
    alice.gets_focus(".open-settings", "Settings closed").await;
    press_until(&alice, &key(Key::Tab), "textarea.composer-input", 20).await;

    // Alt+↓ and Alt+↑ go to the next and the previous room, with the focus in its composer.
    let rooms = "return Array.from(document.querySelectorAll('.room-entry')).map(e => e.dataset.roomName)";
    let rooms: Vec<String> = serde_json::from_value(alice.script(rooms, vec![]).await).unwrap();
    let after = rooms[rooms.iter().position(|r| r == "general").unwrap() + 1].clone();
    alice.press(&(key(Key::Alt) + &key(Key::Down))).await;
    alice.wait_for(&format!(".room-entry.selected[data-room-name='{after}']")).await;
    alice.gets_focus("textarea.composer-input", "Alt+↓ opened the next room").await;
    alice.press(&(key(Key::Alt) + &key(Key::Up))).await;
    alice.wait_for(".room-entry.selected[data-room-name='general']").await;
    alice.gets_focus("textarea.composer-input", "Alt+↑ opened the room before").await;

    // On a phone, a room hides the list: Ctrl+K goes back to it, to its search.
    alice.viewport(390, 844, true).await;
    alice.press(&(key(Key::Control) + "k")).await;
    alice.gets_focus(".room-filter", "Ctrl+K on a phone's room").await;

    alice.close().await;
    bob.close().await;
    server.kill().await;
}
