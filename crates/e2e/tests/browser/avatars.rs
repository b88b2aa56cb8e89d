//! People's pictures and the app's icons: an avatar set in Settings (through `users.setAvatar`)
//! replaces the server's initials in the other user's app without a reload, and resetting it
//! brings them back; every icon is an SVG drawn in the text's colour inside a named control,
//! never a symbol that depends on the fonts installed.

use confab_e2e::{Browser, Chromedriver, Fixture, TestServer, eventually};
use serde_json::{Value, json};

/// The picture over the avatar beside the message reading `text` in `browser`: its address and
/// its width once loaded.
async fn author_picture(browser: &Browser, text: &str) -> Value {
    let script = "const m = Array.from(document.querySelectorAll('.message')).find(m => m.querySelector('.message-text')?.textContent === arguments[0]); \
        const img = m && m.querySelector('.avatar img'); \
        return img ? { src: img.getAttribute('src'), width: img.complete ? img.naturalWidth : 0, \
            initials: img.closest('.avatar').textContent } : null;";
    browser.script(script, vec![json!(text)]).await
}

#[tokio::test(flavor = "multi_thread")]
async fn an_avatar_set_in_settings_shows_in_the_other_users_app() {
    let data = tempfile::tempdir().unwrap();
    let server = TestServer::start(data.path(), 0).await;
    let driver = Chromedriver::start().await;
    let (alice, bob) = driver.alice_and_bob_in(&server, "random").await;
    alice.send("a face to the name").await;
    bob.sees_once("a face to the name").await;

    // The server's initials first: a 64-pixel SVG, the app's own initials beneath it.
    let initials = eventually("alice's initials in bob's app", || async {
        let picture = author_picture(&bob, "a face to the name").await;
        (picture["width"] == json!(64)).then_some(picture)
    })
    .await;
    assert!(!initials["initials"].as_str().unwrap_or_default().is_empty(), "initials under the picture: {initials}");

    alice.click(".open-settings").await;
    alice.wait_for(".settings .picture-input").await;
    alice.make_file("me.png", Fixture::PlainPng { width: 400, height: 300 }).await;
    alice.pick_files(".settings .picture-input", &["me.png"]).await;
    eventually("alice's picture to be set", || async {
        (alice.text_of(".settings .picture-status").await == "Your new picture is set.").then_some(())
    })
    .await;

    // Bob's app is told and shows the new picture: cropped square and scaled to 256 pixels.
    let picture = eventually("alice's picture in bob's app", || async {
        let picture = author_picture(&bob, "a face to the name").await;
        (picture["width"] == json!(256)).then_some(picture)
    })
    .await;
    assert_ne!(picture["src"], initials["src"], "a new address, past any cached copy: {picture}");

    // Back to initials (`users.resetAvatar`), in bob's app too.
    alice.click(".settings .reset-picture").await;
    eventually("alice's initials to be back", || async {
        (alice.text_of(".settings .picture-status").await == "Your initials are back.").then_some(())
    })
    .await;
    let reset = eventually("alice's initials again in bob's app", || async {
        let picture = author_picture(&bob, "a face to the name").await;
        (picture["width"] == json!(64)).then_some(picture)
    })
    .await;
    assert_ne!(reset["src"], picture["src"], "a new address again: {reset}");

    alice.close().await;
    bob.close().await;
    server.kill().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn every_icon_is_an_svg_in_a_named_control() {
    let data = tempfile::tempdir().unwrap();
    let server = TestServer::start(data.path(), 0).await;
    server
        .admin(&["create-room", "--name", "backroom", "--kind", "group", "--member", "alice", "--member", "bob"])
        .await;
    let driver = Chromedriver::start().await;
    let (alice, bob) = driver.alice_and_bob_in(&server, "random").await;
    alice.send("icons, please").await;
    bob.sees_once("icons, please").await;
    alice.confirmed("icons, please").await;

    let lock = bob
        .script("return document.querySelector(\".room-entry[data-room-name='backroom'] svg.icon\") !== null", vec![])
        .await;
    assert_eq!(lock, json!(true), "the private group's lock is drawn");
    let check = "const icons = Array.from(document.querySelectorAll('svg.icon')); \
        return { count: icons.length, \
          unnamed: icons.filter(i => { const c = i.closest('button, a, [role=status], .receipt, .room-name'); \
            return !c || !(c.getAttribute('aria-label') || c.textContent.trim()); }).length, \
          visible: icons.filter(i => i.getAttribute('aria-hidden') !== 'true').length, \
          coloured: icons.filter(i => (i.getAttribute('stroke') || i.getAttribute('fill')) !== 'currentColor').length, \
          symbols: (document.body.innerText.match(/[\\u{1F512}\\u{1F5D1}\\u{270F}\\u{21A9}\\u{2699}\\u{2713}\\u{2714}\\u{1F4CE}\\u{2B07}\\u{25B6}]/gu) || []) };";
    for (who, browser) in [("alice", &alice), ("bob", &bob)] {
        let icons = browser.script(check, vec![]).await;
        assert!(icons["count"].as_u64() >= Some(4), "{who}'s app draws its icons: {icons}");
        assert_eq!(icons["unnamed"], json!(0), "each icon is inside something named ({who}): {icons}");
        assert_eq!(icons["visible"], json!(0), "icons are hidden from assistive technology ({who}): {icons}");
        assert_eq!(icons["coloured"], json!(0), "icons take the text's colour ({who}): {icons}");
        assert_eq!(icons["symbols"], json!([]), "no symbol stands in for an icon ({who}): {icons}");
    }

    alice.close().await;
    bob.close().await;
    server.kill().await;
}
