//! Accessibility: everything works from the keyboard, new messages are announced, and axe-core
//! finds no serious or critical violation in any view, light or dark.

use confab_e2e::{Browser, Chromedriver, TestServer, axe, eventually};
use fantoccini::key::Key;

fn key(k: Key) -> String {
    k.to_string()
}

#[tokio::test(flavor = "multi_thread")]
async fn everything_works_from_the_keyboard() {
    let data = tempfile::tempdir().unwrap();
    let server = TestServer::start(data.path(), 0).await;
    let driver = Chromedriver::start().await;
    let (alice, bob) = (driver.browser().await, driver.browser().await);
    alice.sign_in(&server.url("/"), "alice").await;
    bob.sign_in(&server.url("/"), "bob").await;

    // The room list's keys (arrows, Home, End, Enter) are tested in room_list.rs.
    alice.open_room("general").await;
    bob.open_room("general").await;

    // Writing: the composer keeps the focus while the message goes out and comes back confirmed.
    alice.click("textarea.composer-input").await;
    alice.press("typed with keys only").await;
    alice.press(&key(Key::Enter)).await;
    alice.confirmed("typed with keys only").await;
    alice.gets_focus("textarea.composer-input", "a new message took the focus").await;

    // What others write is announced in the open room.
    bob.send("hello from bob").await;
    eventually("the new message to be announced", || async {
        alice.text_of("[data-announce='messages']").await.contains("hello from bob").then_some(())
    })
    .await;

    // A message's actions: reach the reaction button (shown once the message has the focus),
    // pick an emoji with the arrow keys.
    eventually("the reaction button of the focused message", || async {
        let script = "const m = Array.from(document.querySelectorAll('.room-view .message')).find(m => m.textContent.includes('typed with keys only'));
             if (!m.contains(document.activeElement)) m.focus();
             const b = m.querySelector('.action-react'); if (b) { b.focus(); return true; } return false;";
        (alice.script(script, vec![]).await == serde_json::Value::Bool(true)).then_some(())
    })
    .await;
    alice.press(&key(Key::Enter)).await;
    alice.wait_for(".emoji-picker").await;
    alice.gets_focus(".emoji-search", "the picker's search takes the focus").await;
    alice.press(&key(Key::Down)).await;
    alice.gets_focus(".emoji-choice", ".emoji-choice").await;
    alice.press(&key(Key::Right)).await;
    let chosen = alice.script("return document.activeElement.getAttribute('aria-label')", vec![]).await;
    alice.press(&key(Key::Escape)).await;
    eventually("the picker to close and give the focus back", || async {
        (!alice.has(".emoji-picker").await && alice.focused(".action-react").await).then_some(())
    })
    .await;
    alice.press(&key(Key::Enter)).await;
    alice.wait_for(".emoji-picker").await;
    alice.press(&key(Key::Down)).await;
    alice.press(&key(Key::Right)).await;
    alice.press(&key(Key::Enter)).await;
    let emoji = chosen.as_str().unwrap().to_owned();
    alice.wait_for(&format!(".reaction[data-emoji='{emoji}']")).await;

    // Settings: a dialog that keeps the focus inside, closes on Escape and gives it back.
    alice.script("document.querySelector('.open-settings').focus()", vec![]).await;
    alice.press(&key(Key::Enter)).await;
    alice.wait_for(".dialog.settings").await;
    alice.gets_focus(".pick-picture", "the dialog's first control takes the focus").await;
    for _ in 0..8 {
        alice.press(&key(Key::Tab)).await;
        alice.gets_focus(".dialog.settings *", "Tab left the dialog").await;
    }
    alice.press(&(key(Key::Shift) + &key(Key::Tab))).await;
    alice.gets_focus(".dialog.settings *", "Shift+Tab left the dialog").await;
    alice.press(&key(Key::Escape)).await;
    eventually("Settings to close and give the focus back", || async {
        (!alice.has(".dialog.settings").await && alice.focused(".open-settings").await).then_some(())
    })
    .await;

    alice.close().await;
    bob.close().await;
    server.kill().await;
}

/// Runs axe over the page as it is and fails on a serious or critical violation.
async fn no_serious_violations(browser: &Browser, view: &str) {
    let serious: Vec<String> =
        axe::check(browser, view).await.into_iter().filter(axe::Violation::is_serious).map(|v| v.rule).collect();
    assert!(serious.is_empty(), "axe: serious or critical violations in {view}: {serious:?}");
}

/// Chooses light or dark in Settings.
async fn choose_mode(browser: &Browser, mode: &str) {
    browser.click(".open-settings").await;
    browser.click(&format!(".dialog.settings input[value='{mode}']")).await;
    browser.wait_for(&format!(".confab[data-mode='{mode}']")).await;
    browser.click(".close-settings").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn axe_finds_no_serious_violation_in_any_view_light_or_dark() {
    let data = tempfile::tempdir().unwrap();
    let server = TestServer::start(data.path(), 0).await;
    let driver = Chromedriver::start().await;
    let browser = driver.browser().await;

    browser.goto(&server.url("/demo")).await;
    browser.wait_for("form[action='/demo/sign-in']").await;
    no_serious_violations(&browser, "sign-in page").await;

    browser.sign_in(&server.url("/"), "alice").await;
    browser.open_room("general").await;
    browser.send("a message with a thread").await;
    browser.confirmed("a message with a thread").await;
    for mode in ["light", "dark"] {
        choose_mode(&browser, mode).await;
        // A fresh page: the room list alone.
        browser.goto(&server.url("/")).await;
        browser.wait_for(".room-list .room-entry").await;
        no_serious_violations(&browser, &format!("room list, {mode}")).await;
        browser.open_room("general").await;
        no_serious_violations(&browser, &format!("room, {mode}")).await;
        browser.click_in_message("a message with a thread", ".action-reply").await;
        browser.wait_for(".thread-panel").await;
        no_serious_violations(&browser, &format!("thread, {mode}")).await;
        browser.click(".open-settings").await;
        browser.wait_for(".dialog.settings").await;
        no_serious_violations(&browser, &format!("settings, {mode}")).await;
        browser.click(".close-settings").await;
        browser.click(".sign-out").await;
        browser.wait_for(&format!(".confab[data-mode='{mode}'] .status-screen")).await;
        no_serious_violations(&browser, &format!("signed out, {mode}")).await;
        browser.sign_in(&server.url("/demo"), "alice").await;
    }

    browser.close().await;
    server.kill().await;
}
