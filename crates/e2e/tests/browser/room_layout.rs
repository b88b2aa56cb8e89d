//! How an open room is laid out, measured in the page rather than looked for: the header stays
//! one row at any width, the composer sits at the foot of the room however short its history and
//! grows with its text, suggestions float above it, a quote reads as a quote, and a reader at the
//! newest message keeps it in view while the timeline is made shorter.

use confab_e2e::{Browser, Chromedriver, TestServer, eventually};
use fantoccini::key::Key;
use serde_json::{Value, json};

/// The boxes of the room's parts: `{header, headerRows, composer, input, room, attach, suggestions}`.
const MEASURE: &str = "const box = s => { const e = document.querySelector(s); if (!e) return null; \
        const r = e.getBoundingClientRect(); return { top: r.top, bottom: r.bottom, left: r.left, height: r.height }; }; \
    const shown = Array.from(document.querySelectorAll('.room-header > *, .room-toolbar > *')) \
        .filter(e => e.getClientRects().length > 0 && !e.classList.contains('room-toolbar')); \
    const middles = shown.map(e => { const r = e.getBoundingClientRect(); return Math.round(r.top + r.height / 2); }); \
    return { header: box('.room-header'), rows: new Set(middles.map(m => Math.round(m / 12))).size, \
        spread: Math.max(...middles) - Math.min(...middles), composer: box('form.composer'), \
        input: box('textarea.composer-input'), room: box('.room-view'), attach: box('.composer .attach'), \
        suggestions: box('.suggestions') };";

async fn measure(browser: &Browser) -> Value {
    browser.script(MEASURE, vec![]).await
}

fn number(value: &Value, part: &str, edge: &str) -> f64 {
    value[part][edge].as_f64().unwrap_or_else(|| panic!("no {part}.{edge} in {value}"))
}

#[tokio::test(flavor = "multi_thread")]
async fn the_header_is_one_row_and_the_composer_sits_at_the_foot_grows_and_keeps_its_buttons() {
    let data = tempfile::tempdir().unwrap();
    let server = TestServer::start(data.path(), 0).await;
    let driver = Chromedriver::start().await;
    let alice = driver.browser().await;
    alice.sign_in(&server.url("/"), "alice").await;
    let made = alice.api("channels.create", Some(json!({ "name": "quiet-corner" }))).await;
    assert_eq!(made["status"], 200, "{made}");

    for (width, height) in [(1280, 800), (900, 800), (390, 844)] {
        alice.viewport(width, height, width < 600).await;
        alice.open_room("quiet-corner").await;
        alice.wait_for(".room-header .room-notifications .menu-button:not([disabled])").await;
        let at = measure(&alice).await;
        assert!(number(&at, "header", "height") <= 64.0, "the header is one row at {width} px: {at}");
        assert!(at["spread"].as_f64().unwrap() <= 6.0, "the header's parts share one row at {width} px: {at}");
        // An empty room: the composer at the foot of the pane, not under the invitation.
        let gap = number(&at, "room", "bottom") - number(&at, "composer", "bottom");
        assert!(gap.abs() <= 24.0, "the composer is {gap} px above the room's foot at {width} px: {at}");
        if width < 600 {
            alice.click(".back-to-rooms").await;
            alice.wait_for(".room-list").await;
        }
    }

    // Ten lines make the box grow, up to 40% of the pane, and its buttons stay beside it.
    alice.viewport(1280, 800, false).await;
    alice.open_room("quiet-corner").await;
    let one_line = number(&measure(&alice).await, "input", "height");
    alice.click("textarea.composer-input").await;
    let line_break = format!("{}{}", Key::Shift, Key::Enter);
    for line in 1..=10 {
        alice.press(&format!("line {line}")).await;
        if line < 10 {
            alice.press(&line_break).await;
        }
    }
    let grown = eventually("the box to grow with ten lines", || async {
        let at = measure(&alice).await;
        (number(&at, "input", "height") > one_line * 3.0).then_some(at)
    })
    .await;
    let most = number(&grown, "room", "bottom") - number(&grown, "room", "top");
    assert!(number(&grown, "input", "height") <= most * 0.4 + 2.0, "the box stops at 40% of the pane: {grown}");
    let attach_before = number(&grown, "attach", "left");

    // Suggestions float above the box, and push nothing aside.
    alice.press(&format!("{line_break}#gen")).await;
    let suggesting = eventually("the suggestions to show", || async {
        let at = measure(&alice).await;
        at["suggestions"].is_object().then_some(at)
    })
    .await;
    assert!(
        number(&suggesting, "suggestions", "bottom") <= number(&suggesting, "input", "top") + 8.0,
        "the suggestions are above the box: {suggesting}"
    );
    assert_eq!(number(&suggesting, "attach", "left"), attach_before, "the attach button stays put");
    alice.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn quoting_and_editing_put_the_focus_in_the_composer_and_a_quote_reads_as_one() {
    let data = tempfile::tempdir().unwrap();
    let server = TestServer::start(data.path(), 0).await;
    let driver = Chromedriver::start().await;
    let (alice, bob) = driver.alice_and_bob_in(&server, "general").await;
    bob.send("the release is on friday").await;
    alice.sees_once("the release is on friday").await;

    alice.click_in_message("the release is on friday", ".action-quote").await;
    alice.wait_for("form.composer .quoting").await;
    alice.gets_focus("textarea.composer-input", "Quote puts the focus in the composer").await;
    alice.press(&format!("works for me{}", Key::Enter)).await;
    alice.confirmed("works for me").await;
    let quoted = "const m = Array.from(document.querySelectorAll('.room-view .message')).find(m => m.querySelector('.message-text')?.textContent.includes('works for me')); \
        return m && m.querySelector('.quote .author') ? { text: m.querySelector('.message-text').textContent, \
            links: m.querySelectorAll('.message-text a').length, author: m.querySelector('.quote .author').textContent } : null;";
    let sent = eventually("the quote to show on the sent message", || async {
        let sent = alice.script(quoted, vec![]).await;
        (!sent.is_null()).then_some(sent)
    })
    .await;
    assert_eq!(sent["text"], "works for me", "no empty link before the text: {sent}");
    assert_eq!(sent["links"], 0, "{sent}");
    assert_eq!(sent["author"], "Bob Marley", "the quote names its author as everywhere else");

    // Editing one's own message starts in the composer too.
    alice.script("document.activeElement.blur()", vec![]).await;
    alice.click_in_message("works for me", ".action-edit").await;
    alice.gets_focus("form.composer.editing textarea.composer-input", "Edit puts the focus in the composer").await;
    alice.press(&Key::Escape.to_string()).await;

    // A thread takes the focus into its composer, and Escape closes it.
    alice.click_in_message("the release is on friday", ".action-reply").await;
    alice.gets_focus(".thread-panel textarea.composer-input", "the thread's composer has the focus").await;
    alice.press(&Key::Escape.to_string()).await;
    eventually("Escape to close the thread", || async { (!alice.has(".thread-panel").await).then_some(()) }).await;
    alice.close().await;
    bob.close().await;
}

/// The boxes of the pin notice's line and quote, of an edited message's last line of text and
/// its "(edited)", and of the timeline, as `{top, bottom, left, right}`.
const NOTICE_AND_EDIT: &str = "const r = e => { if (!e) return null; const b = e.getBoundingClientRect(); \
        return { top: b.top, bottom: b.bottom, left: b.left, right: b.right }; }; \
    const edited = document.querySelector('.room-view .message .edited'); \
    const lines = edited && edited.previousElementSibling.getClientRects(); \
    const last = lines && lines[lines.length - 1]; \
    return { line: r(document.querySelector('.room-view .system-line')), \
             quote: r(document.querySelector('.room-view .pinned-quote')), \
             text: last ? { top: last.top, bottom: last.bottom, left: last.left, right: last.right } : null, \
             edited: r(edited), timeline: r(document.querySelector('.room-view .timeline')) };";

#[tokio::test(flavor = "multi_thread")]
async fn a_pins_notice_quotes_under_its_line_and_edited_follows_the_text_on_a_laptop_and_a_phone() {
    let data = tempfile::tempdir().unwrap();
    let server = TestServer::start(data.path(), 0).await;
    let driver = Chromedriver::start().await;
    let (alice, bob) = driver.alice_and_bob_in(&server, "general").await;
    bob.send("the launch is on friday").await;
    alice.send("see you then").await;
    alice.confirmed("see you then").await;
    alice.click_in_message("the launch is on friday", ".action-pin").await;
    alice.wait_for(".room-view .pinned-quote").await;
    alice.click_in_message("see you then", ".action-edit").await;
    alice.press(&Key::End.to_string()).await;
    alice.press(" at noon").await;
    alice.press(&Key::Enter.to_string()).await;
    alice.wait_for(".room-view .message .edited").await;

    for (width, height) in [(1280, 800), (390, 844)] {
        alice.viewport(width, height, width < 600).await;
        let at = alice.script(NOTICE_AND_EDIT, vec![]).await;
        let n = |part: &str, edge: &str| at[part][edge].as_f64().unwrap_or_else(|| panic!("{part}.{edge} in {at}"));
        // The quote is under the notice's line, inside the timeline, never beside it.
        assert!(n("quote", "top") >= n("line", "bottom") - 1.0, "at {width}: the quote beside its line: {at}");
        assert!(n("quote", "right") <= n("timeline", "right") + 1.0, "at {width}: the quote overflows: {at}");
        // "(edited)" is on the text's last line, after it.
        let middle = (n("edited", "top") + n("edited", "bottom")) / 2.0;
        assert!(
            middle > n("text", "top") && middle < n("text", "bottom"),
            "at {width}: (edited) on a line of its own: {at}"
        );
        assert!(n("edited", "left") >= n("text", "right") - 1.0, "at {width}: (edited) before the text: {at}");
    }
    alice.close().await;
    bob.close().await;
}

/// How far the newest message's foot is below the timeline's: 0 or less when it is in view.
const NEWEST_BELOW: &str = "const t = document.querySelector('.room-view .timeline'); \
    const all = t.querySelectorAll('.message'); if (!all.length) return null; \
    return all[all.length - 1].getBoundingClientRect().bottom - t.getBoundingClientRect().bottom;";

#[tokio::test(flavor = "multi_thread")]
async fn the_newest_message_stays_in_view_when_the_window_shrinks_or_the_composer_grows() {
    let data = tempfile::tempdir().unwrap();
    let server = TestServer::start(data.path(), 0).await;
    let driver = Chromedriver::start().await;
    let alice = driver.browser().await;
    alice.viewport(1280, 800, false).await;
    alice.sign_in(&server.url("/"), "alice").await;
    let made = alice.api("channels.create", Some(json!({ "name": "long-read" }))).await;
    let rid = made["body"]["channel"]["_id"].clone();
    // Thirty messages, under one session (each config call would mint a new one).
    let post = "const [rid, done] = arguments; \
        fetch('/chat/config?clientType=web').then(r => r.json()).then(async c => { \
            const a = c.authentication; const statuses = []; \
            for (let n = 1; n <= 30; n++) { \
                const r = await fetch('/api/v1/chat.sendMessage', { method: 'POST', body: JSON.stringify({ message: { rid, msg: 'line ' + n } }), \
                    headers: { 'X-User-Id': a.userId, 'X-Auth-Token': a.userToken, 'Content-Type': 'application/json' } }); \
                statuses.push(r.status); } \
            return statuses; }).then(done, e => done(String(e)));";
    let statuses = alice.script_async(post, vec![rid]).await;
    assert_eq!(statuses, json!(vec![200; 30]), "{statuses}");
    alice.open_room("long-read").await;
    let in_view = |what: &'static str| {
        let alice = &alice;
        async move {
            eventually(what, || async {
                let below = alice.script(NEWEST_BELOW, vec![]).await.as_f64();
                below.filter(|below| *below <= 1.0)
            })
            .await
        }
    };
    in_view("the newest message in view once the room opens").await;
    assert_eq!(alice.message_texts("line 30").await.len(), 1);

    alice.viewport(1280, 480, false).await;
    in_view("the newest message in view in a shorter window").await;

    alice.click("textarea.composer-input").await;
    let line_break = format!("{}{}", Key::Shift, Key::Enter);
    for line in 1..=6 {
        alice.press(&format!("draft {line}{line_break}")).await;
    }
    let grown = number(&measure(&alice).await, "input", "height");
    assert!(grown > 80.0, "the box grew: {grown}");
    in_view("the newest message in view above the grown composer").await;
    alice.close().await;
}
