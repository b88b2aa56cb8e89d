//! The client's brand and language: the demo's looks theme the app, a new config applies
//! without a reload, a host's plain CSS overrides any token, a locale switch re-renders every
//! string the app shows, and a narrow space shows one pane at a time.

use std::collections::BTreeMap;

use confab_e2e::{Browser, Chromedriver, TestServer, eventually};
use serde_json::json;

/// The computed value of CSS `property` on the first element matching `css`.
async fn computed(browser: &Browser, css: &str, property: &str) -> String {
    let value = browser
        .script(
            "const e = document.querySelector(arguments[0]); return e ? getComputedStyle(e).getPropertyValue(arguments[1]).trim() : ''",
            vec![json!(css), json!(property)],
        )
        .await;
    value.as_str().unwrap_or_default().to_owned()
}

async fn becomes(browser: &Browser, css: &str, property: &str, wanted: &str) {
    eventually(&format!("{property} of {css} to be {wanted}"), || async move {
        (computed(browser, css, property).await == wanted).then_some(())
    })
    .await;
}

/// Chooses the demo's look on its sign-in page, then signs in as `username`.
async fn sign_in_with_look(browser: &Browser, server: &TestServer, look: &str, username: &str) {
    browser.goto(&server.url("/demo")).await;
    browser.click(&format!("form.looks input[value='{look}']")).await;
    browser.click("form.looks button[type='submit']").await;
    browser.wait_for(&format!("form.looks input[value='{look}']:checked")).await;
    browser.sign_in(&server.url("/demo"), username).await;
}

/// Saves a screenshot to `$CONFAB_SCREENSHOTS/<name>.png` when that variable is set.
async fn screenshot(browser: &Browser, name: &str) {
    if let Ok(dir) = std::env::var("CONFAB_SCREENSHOTS") {
        let png = browser.client.screenshot().await.expect("a screenshot");
        std::fs::write(std::path::Path::new(&dir).join(format!("{name}.png")), png).expect("writing the screenshot");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_demo_looks_theme_the_app_and_a_new_config_applies_without_a_reload() {
    let data = tempfile::tempdir().unwrap();
    let server = TestServer::start(data.path(), 0).await;
    let driver = Chromedriver::start().await;
    let browser = driver.browser().await;

    sign_in_with_look(&browser, &server, "default", "alice").await;
    browser.open_room("general").await;
    becomes(&browser, ".confab", "background-color", "rgb(255, 255, 255)").await;
    assert_eq!(computed(&browser, ".send", "background-color").await, "rgb(26, 106, 224)", "Confab's own primary");
    screenshot(&browser, "theme-default").await;

    sign_in_with_look(&browser, &server, "dark-brand", "alice").await;
    browser.open_room("general").await;
    becomes(&browser, ".confab", "background-color", "rgb(21, 18, 31)").await;
    assert_eq!(computed(&browser, ".send", "background-color").await, "rgb(182, 156, 255)");
    assert_eq!(computed(&browser, ".confab", "color").await, "rgb(236, 232, 247)");
    assert_eq!(computed(&browser, ".send", "border-top-left-radius").await, "14px");
    assert_eq!(browser.text_of(".brand-title").await, "Nightjar");
    assert!(browser.has(".confab[data-mode='dark'] .brand-logo[alt='Nightjar']").await);
    screenshot(&browser, "theme-dark-brand").await;

    // The host switches the look and asks for the config again: no reload, the chat stays open.
    browser.script("window.stillTheSamePage = true", vec![]).await;
    browser
        .script(
            "fetch('/demo/theme', { method: 'POST', body: new URLSearchParams({ theme: 'high-contrast' }) })
               .then(() => document.getElementById('confab').dispatchEvent(new CustomEvent('confab:reload-config')))",
            vec![],
        )
        .await;
    becomes(&browser, ".confab", "background-color", "rgb(255, 255, 255)").await;
    becomes(&browser, ".send", "background-color", "rgb(0, 0, 179)").await;
    assert_eq!(computed(&browser, ".confab", "color").await, "rgb(0, 0, 0)");
    assert_eq!(computed(&browser, ".send", "border-top-left-radius").await, "0px");
    assert_eq!(computed(&browser, ".confab", "font-size").await, "18px", "the 1.125 font scale");
    assert_eq!(browser.text_of(".brand-title").await, "Confab — high contrast");
    assert_eq!(browser.script("return window.stillTheSamePage === true", vec![]).await, json!(true));
    assert!(browser.has(".room-view").await, "the open room stayed open");
    screenshot(&browser, "theme-high-contrast").await;

    // A host overrides any token with plain CSS, whatever the order of the stylesheets.
    browser
        .script(
            "const s = document.createElement('style'); s.textContent = '.confab { --confab-primary: #123456; }'; document.head.prepend(s);",
            vec![],
        )
        .await;
    becomes(&browser, ".send", "background-color", "rgb(18, 52, 86)").await;

    browser.close().await;
    server.kill().await;
}

fn catalog(language: &str) -> BTreeMap<String, String> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("../../locales/{language}.json"));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Every string the app itself shows: labels, placeholders and titles, and the text of its
/// controls, headings and status lines (not what people wrote).
async fn shown_strings(browser: &Browser) -> Vec<String> {
    let strings = browser
        .script(
            "const root = document.querySelector('.confab'); const out = [];
             for (const e of root.querySelectorAll('*')) {
               for (const a of ['aria-label', 'placeholder', 'title']) { if (e.hasAttribute(a)) out.push(e.getAttribute(a)); }
             }
             for (const e of root.querySelectorAll('button, h2, label > span, legend, .room-list-status, .empty-state h1, .timeline-start, .day-separator span, .unread-divider span, .connection, .status-screen h1'))
               out.push(e.textContent.trim());
             return out;",
            vec![],
        )
        .await;
    serde_json::from_value(strings).unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_locale_switch_re_renders_every_visible_string_and_is_kept() {
    let data = tempfile::tempdir().unwrap();
    let server = TestServer::start(data.path(), 0).await;
    let driver = Chromedriver::start().await;
    let browser = driver.browser().await;
    browser.sign_in(&server.url("/"), "alice").await;
    browser.open_room("general").await;
    browser.click(".open-settings").await;
    browser.wait_for(".dialog.settings").await;

    let (english, italian) = (catalog("en"), catalog("it"));
    // The strings that read differently in Italian, so that seeing one means it was not translated.
    let english_only: Vec<&String> =
        english.iter().filter(|(key, text)| italian.get(*key) != Some(*text)).map(|(_, text)| text).collect();
    let count = |shown: &[String], texts: &[&String]| shown.iter().filter(|s| texts.contains(s)).count();
    let before = shown_strings(&browser).await;
    assert!(count(&before, &english_only) >= 10, "too few English strings found to test: {before:?}");

    browser.click(".language .menu-button").await;
    // Every language is offered as soon as Settings opens: none waits for its strings.
    let listed = browser.script("return document.querySelectorAll('.language .menu-item').length", vec![]).await;
    assert_eq!(listed, serde_json::json!(5), "English, German, Spanish, French and Italian");
    browser.click(".language .menu-item[data-key='it']").await;
    browser.wait_for(".confab[lang='it']").await;
    let after = shown_strings(&browser).await;
    let untranslated: Vec<&String> = after.iter().filter(|s| english_only.contains(s)).collect();
    assert!(untranslated.is_empty(), "still in English after switching to Italian: {untranslated:?}");
    let italian_texts: Vec<&String> = italian.values().collect();
    assert!(count(&after, &italian_texts) >= 10, "too few Italian strings: {after:?}");
    let members = browser.text_of(".room-members").await;
    assert!(members.ends_with(" membri") || members == "1 membro", "plural form: {members:?}");
    println!(
        "locale switch: {} English strings before, {} untranslated after",
        count(&before, &english_only),
        untranslated.len()
    );

    // The choice outlasts the page.
    browser.goto(&server.url("/")).await;
    browser.wait_for(".room-list").await;
    assert!(browser.has(".confab[lang='it'] input.room-filter[placeholder='Trova una stanza']").await);

    browser.close().await;
    server.kill().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_configs_features_labels_and_locale_are_honoured_and_a_bad_value_costs_only_itself() {
    let data = tempfile::tempdir().unwrap();
    let branding = data.path().join("branding.json");
    let off = json!({
        "threads": false, "reactions": false, "editing": false, "deleting": false,
        "typing": false, "readReceipts": false, "roomCreation": false, "directMessages": false
    });
    let config = json!({
        "features": off,
        "labels": { "de": { "composer.placeholder": "Frag Acme" }, "xx!": { "a": "b" } },
        "locale": "de-CH",
        "theme": { "light": { "primary": "red; } body { display: none", "text": "#222222" }, "radius": "round" }
    });
    std::fs::write(&branding, config.to_string()).unwrap();
    let server = TestServer::start_with(data.path(), 0, &["--branding", branding.to_str().unwrap()]).await;
    let driver = Chromedriver::start().await;
    let browser = driver.browser().await;
    browser.sign_in(&server.url("/"), "alice").await;
    browser.open_room("general").await;

    assert!(browser.has(".confab[lang='de'] textarea.composer-input[placeholder='Frag Acme']").await);
    assert_eq!(browser.text_of("button.send").await, "Senden");
    // A message's actions are shown for the message under the pointer: those left are offered.
    assert!(browser.offers_in_message("", ".action-quote").await, "quoting is not a feature to turn off");
    for gone in
        [".new-channel", ".new-direct", ".action-react", ".action-reply", ".action-edit", ".action-delete", ".reaction"]
    {
        assert!(!browser.has(gone).await, "{gone} is shown with its feature off");
    }
    assert!(browser.has(".room-view .message .message-text").await, "the room itself is shown");
    // The invalid primary and radius fall back alone; the valid text colour next to them is used.
    assert_eq!(computed(&browser, ".send", "background-color").await, "rgb(26, 106, 224)");
    assert_eq!(computed(&browser, ".send", "border-top-left-radius").await, "8px");
    assert_eq!(computed(&browser, ".confab", "color").await, "rgb(34, 34, 34)");
    assert_ne!(computed(&browser, "body", "display").await, "none");

    browser.close().await;
    server.kill().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn auto_follows_the_systems_colour_scheme_live() {
    let data = tempfile::tempdir().unwrap();
    let server = TestServer::start(data.path(), 0).await;
    let driver = Chromedriver::start().await;
    let browser = driver.browser().await;
    browser.emulate_color_scheme("light").await;
    browser.sign_in(&server.url("/"), "alice").await;
    browser.click(".open-settings").await;
    browser.click(".dialog.settings input[value='auto']").await;
    browser.click(".close-settings").await;
    browser.wait_for(".confab[data-mode='auto']").await;
    becomes(&browser, ".confab", "background-color", "rgb(255, 255, 255)").await;

    browser.emulate_color_scheme("dark").await;
    becomes(&browser, ".confab", "background-color", "rgb(22, 24, 29)").await;
    assert_eq!(computed(&browser, ".confab", "color").await, "rgb(232, 234, 237)");
    browser.emulate_color_scheme("light").await;
    becomes(&browser, ".confab", "background-color", "rgb(255, 255, 255)").await;

    browser.close().await;
    server.kill().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_narrow_layout_shows_one_pane_at_a_time() {
    let data = tempfile::tempdir().unwrap();
    let server = TestServer::start(data.path(), 0).await;
    let driver = Chromedriver::start().await;
    let browser = driver.browser().await;
    browser.resize(420, 860).await;
    browser.sign_in(&server.url("/"), "alice").await;
    // Shown: taking room on the screen (a pane kept only for assistive technology takes a pixel).
    let visible = |css: &'static str| {
        let browser = &browser;
        async move {
            browser
                .script(
                    "const e = document.querySelector(arguments[0]); const r = e && e.getBoundingClientRect(); return !!r && r.width > 1 && r.height > 1",
                    vec![json!(css)],
                )
                .await
                == json!(true)
        }
    };
    assert!(visible(".sidebar").await && !visible(".room-pane").await, "the list alone");

    browser.open_room("general").await;
    eventually("the room alone", || async {
        (!visible(".sidebar").await && visible(".room-view").await).then_some(())
    })
    .await;
    assert!(visible(".back-to-rooms").await);
    screenshot(&browser, "narrow").await;

    browser.click(".back-to-rooms").await;
    eventually("the list again", || async {
        (visible(".sidebar").await && !visible(".room-pane").await).then_some(())
    })
    .await;

    browser.resize(1280, 900).await;
    browser.open_room("general").await;
    assert!(visible(".sidebar").await && visible(".room-view").await, "both panes when wide");
    assert!(!visible(".back-to-rooms").await);

    browser.close().await;
    server.kill().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_embedded_layout_shows_one_room_alone() {
    let data = tempfile::tempdir().unwrap();
    let server = TestServer::start(data.path(), 0).await;
    let driver = Chromedriver::start().await;
    let browser = driver.browser().await;
    browser.sign_in(&server.url("/demo"), "alice").await;
    browser.goto(&server.url("/?layout=embedded&room=random")).await;
    browser.wait_for(".chat-layout.embedded .room-view .messages").await;
    assert!(!browser.has(".sidebar").await && !browser.has(".room-list").await, "no room list when embedded");
    assert_eq!(browser.text_of(".room-view h1").await, "Random");
    browser.send("said in the embedded room").await;
    browser.confirmed("said in the embedded room").await;

    // The same in a narrow frame: the room, not an empty list.
    browser.resize(400, 800).await;
    let shown = browser
        .script("const e = document.querySelector('.room-view'); return !!e && e.getClientRects().length > 0", vec![])
        .await;
    assert_eq!(shown, json!(true), "the room shows in a narrow embed");

    // The same layout as a path.
    browser.resize(1280, 900).await;
    browser.goto(&server.url("/embed/room/general")).await;
    browser.wait_for(".chat-layout.embedded .room-view .messages").await;
    assert!(!browser.has(".room-list").await);
    assert_eq!(browser.text_of(".room-view h1").await, "General");

    browser.close().await;
    server.kill().await;
}
