//! A visitor without an account on a host site of another origin (`examples/launcher/help.html`):
//! they open the launcher, fill the pre-chat form and write; the demo's agent answers, streamed;
//! they ask for a person, and the conversation waits in Bob's Support section; Bob takes it,
//! answers and closes it with a comment; the visitor rates it and downloads the transcript. A
//! reload on the way brings the visitor back to the same conversation.

use std::path::Path;

use confab_e2e::gallery::{CLOCK, VARIANTS, shoot};
use confab_e2e::{Browser, Chromedriver, HostSite, TestServer, eventually};
use serde_json::{Value, json};

/// The example's `page` as written, pointed at the app at `app`.
fn page(app: &str, page: &str) -> String {
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/launcher").join(page);
    std::fs::read_to_string(&example).unwrap().replace("http://127.0.0.1:3000", app)
}

/// Runs `script` with `root` bound to the launcher's shadow root (null if it is not there).
async fn in_launcher(browser: &Browser, script: &str) -> Value {
    let wrapped = format!(
        "const host = document.querySelector('confab-launcher-root'); const root = host && host.shadowRoot; \
         if (!root) return null; {script}"
    );
    browser.script(&wrapped, vec![]).await
}

/// Waits until `script` (run in the launcher) returns true.
async fn until(browser: &Browser, what: &str, script: &str) {
    eventually(what, || async { (in_launcher(browser, script).await == json!(true)).then_some(()) }).await;
}

/// Types `text` into the field matching `css` in the launcher, as typing would.
async fn fill(browser: &Browser, css: &str, text: &str) {
    let script = format!(
        "const f = root.querySelector({css:?}); f.value = {text:?}; \
         f.dispatchEvent(new InputEvent('input', {{ bubbles: true }})); return true;"
    );
    assert_eq!(in_launcher(browser, &script).await, json!(true), "{css} is there");
}

/// The texts of the messages in the launcher's chat.
async fn messages(browser: &Browser) -> Vec<String> {
    let read =
        in_launcher(browser, "return Array.from(root.querySelectorAll('.message-text')).map(m => m.textContent);")
            .await;
    read.as_array().map(|all| all.iter().filter_map(|m| m.as_str().map(str::to_owned)).collect()).unwrap_or_default()
}

async fn send(browser: &Browser, text: &str) {
    let script = format!(
        "const box = root.querySelector('.chat textarea.composer-input'); box.value = {text:?}; \
         box.dispatchEvent(new InputEvent('input', {{ bubbles: true }})); \
         box.dispatchEvent(new KeyboardEvent('keydown', {{ key: 'Enter', bubbles: true }})); return true;"
    );
    assert_eq!(in_launcher(browser, &script).await, json!(true));
}

/// The status of a GET of `path` made from `browser`'s page.
async fn status_of(browser: &Browser, path: &str) -> u64 {
    let script = format!("const done = arguments[0]; fetch({path:?}).then(r => done(r.status), e => done(String(e)));");
    let status = browser.script_async(&script, vec![]).await;
    status.as_u64().unwrap_or_else(|| panic!("{path}: {status}"))
}

#[tokio::test(flavor = "multi_thread")]
async fn a_visitor_talks_to_the_agent_then_to_bob_who_closes_and_is_rated() {
    let site_dir = tempfile::tempdir().unwrap();
    let site = HostSite::serve(site_dir.path()).await;
    let data = tempfile::tempdir().unwrap();
    let args = ["--allowed-origin", &site.url("127.0.0.1", ""), "--demo-guide"];
    let server = TestServer::start_with(data.path(), 0, &args).await;
    let app = server.url("").trim_end_matches('/').to_owned();
    std::fs::write(site_dir.path().join("help.html"), page(&app, "help.html")).unwrap();

    let driver = Chromedriver::start().await;
    let bob = driver.browser().await;
    bob.viewport(1280, 800, false).await;
    bob.sign_in(&server.url("/"), "bob").await;
    bob.wait_for(".support-section").await;

    let visitor = driver.browser().await;
    visitor.viewport(1280, 800, false).await;
    visitor.goto(&site.url("127.0.0.1", "/help.html")).await;
    eventually("the bubble", || async { visitor.mark("confab:launcher").await }).await;
    in_launcher(&visitor, "root.querySelector('.bubble').click();").await;

    // The pre-chat form, with the bot's welcome above it; the composer comes once it is filled.
    until(&visitor, "the pre-chat form", "return !!root.querySelector('.prechat-form .prechat-name');").await;
    until(&visitor, "the welcome", "return root.querySelectorAll('.message').length === 1;").await;
    until(
        &visitor,
        "the focus on the form's first field",
        "return root.activeElement === root.querySelector('.prechat-name');",
    )
    .await;
    assert!(!in_launcher(&visitor, "return !!root.querySelector('textarea.composer-input');").await.as_bool().unwrap());
    let violations = confab_e2e::axe::check(&visitor, "support-prechat").await;
    assert!(violations.is_empty(), "axe, the pre-chat form: {violations:?}");
    fill(&visitor, ".prechat-name", "Vera Visitor").await;
    fill(&visitor, ".prechat-email", "vera@example.com").await;
    in_launcher(&visitor, "root.querySelector('.prechat-start').click();").await;
    until(
        &visitor,
        "the composer after the form, focused",
        "return root.activeElement === root.querySelector('.chat textarea.composer-input');",
    )
    .await;
    // Nothing is stored until the visitor writes: the server does not know their token yet.
    let token = visitor.script("return localStorage.getItem('confab-visitor');", vec![]).await;
    let token = token.as_str().expect("the launcher keeps the visitor's token").to_owned();
    assert_eq!(
        status_of(&bob, &format!("/api/v1/livechat/config?token={token}")).await,
        403,
        "not stored before writing"
    );

    // The first words start the conversation, and the agent answers, streamed into it.
    send(&visitor, "How do I embed Confab?").await;
    // The bot's second message, after the welcome: its answer, finished.
    until(
        &visitor,
        "the agent's answer",
        "const bots = Array.from(root.querySelectorAll('.message')).filter(m => m.querySelector('.bot-tag')); \
         return bots.length >= 2 && !bots[1].querySelector('[aria-busy=true], .answer-stop') && bots[1].querySelector('.message-text').textContent.length > 20;",
    )
    .await;
    let answered = messages(&visitor).await;
    assert!(answered.iter().any(|m| m == "How do I embed Confab?"), "{answered:?}");
    assert_eq!(status_of(&bob, &format!("/api/v1/livechat/config?token={token}")).await, 200, "stored once written");
    until(
        &visitor,
        "the composer focused in the conversation",
        "return root.activeElement === root.querySelector('.chat textarea.composer-input');",
    )
    .await;

    // A reload comes back to the same conversation.
    visitor.goto(&site.url("127.0.0.1", "/help.html")).await;
    until(&visitor, "the panel again, open", "return !root.querySelector('.panel').hidden;").await;
    until(
        &visitor,
        "the same conversation after a reload",
        "return Array.from(root.querySelectorAll('.message-text')).some(m => m.textContent === 'How do I embed Confab?');",
    )
    .await;

    // A person, please: the conversation waits in Bob's Support section.
    until(&visitor, "the way to a person", "return !!root.querySelector('.ask-person');").await;
    in_launcher(&visitor, "root.querySelector('.ask-person').click();").await;
    until(&visitor, "the hand-off notice", "return Array.from(root.querySelectorAll('.system-message')).some(m => /asked for a person/.test(m.textContent));").await;
    // Bob's section, open on Waiting all along, hears of it from the queue's stream.
    eventually("the conversation waiting in Bob's Support section", || async {
        bob.has(".support-waiting").await.then_some(())
    })
    .await;
    assert!(bob.text_of(".support-waiting .room-name").await.contains("Vera Visitor"));
    assert!(
        bob.text_of(".support-waiting .room-preview").await.contains("How do I embed Confab?"),
        "the visitor's last words"
    );
    let violations = confab_e2e::axe::check(&bob, "support-section").await;
    assert!(violations.is_empty(), "axe, the Support section: {violations:?}");
    bob.click(".support-waiting .support-take").await;
    bob.wait_for(".room-view .staff-bar").await;
    bob.wait_for(".support-tab.selected:nth-child(2)").await;
    let violations = confab_e2e::axe::check(&bob, "support-conversation").await;
    assert!(violations.is_empty(), "axe, a conversation served: {violations:?}");
    bob.send("Hi Vera, Bob here. Let me help.").await;
    until(
        &visitor,
        "Bob's answer at the visitor's",
        "return Array.from(root.querySelectorAll('.message-text')).some(m => m.textContent === 'Hi Vera, Bob here. Let me help.');",
    )
    .await;

    // Bob hands it back to the Support department's queue, where it waits again; he takes it back.
    bob.click(".support-forward .menu-button").await;
    bob.script(
        "Array.from(document.querySelectorAll('.support-forward .menu-item')).find(i => i.textContent === 'Queue: Support').click();",
        vec![],
    )
    .await;
    eventually("the conversation waiting again", || async {
        bob.click(".support-tab:first-child").await;
        bob.has(".support-waiting .support-take").await.then_some(())
    })
    .await;
    until(&visitor, "the visitor told of the transfer", "return Array.from(root.querySelectorAll('.system-message')).some(m => /queue|transferred|back/i.test(m.textContent));").await;
    bob.click(".support-waiting .support-take").await;
    bob.wait_for(".room-view .staff-bar").await;

    // Bob closes it with a comment; the visitor rates it and downloads the transcript.
    bob.click(".close-conversation").await;
    bob.gets_focus(".close-comment", "the closing comment").await;
    bob.script(
        "const c = document.querySelector('.close-comment'); c.value = 'Sent the embed guide'; \
         c.dispatchEvent(new InputEvent('input', { bubbles: true }));",
        vec![],
    )
    .await;
    bob.click(".close-confirm").await;
    bob.wait_for(".support-closed").await;
    until(&visitor, "the closing panel", "return !!root.querySelector('.closing .rating-stars');").await;
    bob.gets_focus(".support-closed", "the closed note, after the close took its form away").await;
    let violations = confab_e2e::axe::check(&visitor, "support-closing").await;
    assert!(violations.is_empty(), "axe, the closing card: {violations:?}");
    in_launcher(&visitor, "root.querySelectorAll('.rating-star')[4].click();").await;
    fill(&visitor, ".rating-comment", "Quick and kind").await;
    in_launcher(&visitor, "root.querySelector('.rating-send').click();").await;
    until(&visitor, "the thanks", "return /Thank you/.test(root.querySelector('.closing').textContent);").await;
    until(
        &visitor,
        "the focus on the transcript after the rating",
        "return root.activeElement === root.querySelector('.transcript-download');",
    )
    .await;
    // The download is a file made from what the server sent: its text is read where it is made.
    visitor
        .script(
            "window.__saved = []; const make = URL.createObjectURL; \
             URL.createObjectURL = blob => { window.__saved.push(blob); return make.call(URL, blob); };",
            vec![],
        )
        .await;
    in_launcher(&visitor, "root.querySelector('.transcript-download').click();").await;
    eventually("the transcript saved", || async {
        (visitor.script("return window.__saved.length;", vec![]).await == json!(1)).then_some(())
    })
    .await;
    let read = "const done = arguments[0]; window.__saved[0].text().then(done);";
    let transcript = visitor.client.execute_async(read, vec![]).await.unwrap();
    let transcript = transcript.as_str().unwrap_or_default();
    for line in ["Vera Visitor: How do I embed Confab?", "Hi Vera, Bob here. Let me help.", "Sent the embed guide"] {
        assert!(transcript.contains(line), "{line:?} in the transcript:\n{transcript}");
    }

    // What the server keeps of it.
    let rooms = bob.api("livechat/rooms?open=false", None).await;
    let closed = &rooms["body"]["rooms"][0];
    assert_eq!(closed["closingComment"], "Sent the embed guide", "{rooms}");
    assert_eq!(closed["surveyFeedback"][0], json!({"label": "satisfaction", "value": "5"}));
}

/// The support views as people see them, at a laptop's and a phone's size, light and dark, checked
/// against the committed pictures (`docs/screenshots/views/`): the visitor's pre-chat form and
/// welcome before they write, their conversation waiting for a person, Bob's Support section and
/// his Forward menu, and the visitor's closing card.
#[tokio::test(flavor = "multi_thread")]
async fn the_support_views_look_as_committed_at_both_sizes_light_and_dark() {
    let site_dir = tempfile::tempdir().unwrap();
    let site = HostSite::serve(site_dir.path()).await;
    let data = tempfile::tempdir().unwrap();
    let args = ["--allowed-origin", &site.url("127.0.0.1", ""), "--demo-guide"];
    let server = TestServer::start_at_with(data.path(), CLOCK, &args).await;
    let app = server.url("").trim_end_matches('/').to_owned();
    std::fs::write(site_dir.path().join("help.html"), page(&app, "help.html")).unwrap();
    let driver = Chromedriver::start().await;
    let bob = driver.browser().await;
    bob.sign_in(&server.url("/"), "bob").await;
    let visitor = driver.browser().await;

    let mut failures = Vec::new();
    for (variant, width, height, scheme) in VARIANTS {
        let phone = width < 600;
        // A new visitor each time, whose app is in the variant's mode.
        visitor.viewport(width, height, phone).await;
        visitor.emulate_color_scheme(scheme).await;
        visitor.goto(&site.url("127.0.0.1", "/help.html")).await;
        let prefs = format!(
            "localStorage.clear(); sessionStorage.clear(); localStorage.setItem('confab.prefs', '{{\"mode\":\"{scheme}\"}}');"
        );
        visitor.script(&prefs, vec![]).await;
        visitor.goto(&site.url("127.0.0.1", "/help.html")).await;
        eventually("the bubble", || async { visitor.mark("confab:launcher").await }).await;
        in_launcher(&visitor, "root.querySelector('.bubble').click();").await;
        until(&visitor, "the pre-chat form", "return !!root.querySelector('.prechat-form .prechat-name');").await;
        failures.extend(shoot(&visitor, "visitor-prechat", variant).await);
        fill(&visitor, ".prechat-name", "Vera Visitor").await;
        in_launcher(&visitor, "root.querySelector('.prechat-start').click();").await;
        until(&visitor, "the welcome's questions", "return !!root.querySelector('.visitor-start .suggested');").await;
        failures.extend(shoot(&visitor, "visitor-welcome", variant).await);
        in_launcher(&visitor, "root.querySelector('.visitor-start .ask-person').click();").await;
        until(&visitor, "the hand-off notice", "return Array.from(root.querySelectorAll('.system-message')).some(m => /asked for a person/.test(m.textContent));").await;
        failures.extend(shoot(&visitor, "visitor-waiting", variant).await);

        bob.viewport(width, height, phone).await;
        bob.emulate_color_scheme(scheme).await;
        bob.goto(&server.url("/")).await;
        bob.wait_for(".room-list .room-entry").await;
        bob.click(".open-settings").await;
        bob.click(&format!(".dialog.settings input[value='{scheme}']")).await;
        bob.press(&fantoccini::key::Key::Escape.to_string()).await;
        eventually("the conversation waiting", || async {
            bob.has(".support-waiting .support-take").await.then_some(())
        })
        .await;
        failures.extend(shoot(&bob, "support-section", variant).await);
        bob.click(".support-waiting .support-take").await;
        bob.wait_for(".room-view .staff-bar").await;
        bob.click(".support-forward .menu-button").await;
        bob.wait_for(".support-forward .menu-list").await;
        failures.extend(shoot(&bob, "support-forward", variant).await);
        bob.press(&fantoccini::key::Key::Escape.to_string()).await;
        bob.click(".close-conversation").await;
        bob.gets_focus(".close-comment", "the closing comment").await;
        bob.click(".close-confirm").await;
        bob.wait_for(".support-closed").await;
        until(&visitor, "the closing card", "return !!root.querySelector('.closing .rating-stars');").await;
        failures.extend(shoot(&visitor, "visitor-closing", variant).await);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
