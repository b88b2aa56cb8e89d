//! `<confab-chat>`: two elements on one page, each in its own shadow root with its own room and
//! socket; the page's styles do not reach in, but its theme tokens do; changing an attribute
//! remounts; removing an element closes its socket and stops its timers.

use confab_e2e::{Browser, Chromedriver, TestServer, eventually};
use serde_json::{Value, json};

/// Counts the page's WebSockets, created and still open: loaded before the app, so it sees them all.
const TRACK_SOCKETS: &str = "
window.confabSockets = [];
const NativeSocket = window.WebSocket;
window.WebSocket = function (...args) { const socket = new NativeSocket(...args); window.confabSockets.push(socket); return socket; };
window.WebSocket.prototype = NativeSocket.prototype;
Object.assign(window.WebSocket, { CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3 });
";

/// A host page with two elements and a style of its own that must not reach into them.
fn host_page() -> String {
    let elements = r#"<script src="/track-sockets.js"></script>
    <style>.send { background: rgb(255, 0, 0) !important; } confab-chat { height: 420px; }
      #two { --confab-primary: #123456; }</style>
    <confab-chat id="one" room="general"></confab-chat>
    <confab-chat id="two" room="random"></confab-chat>"#;
    // The built app's head loads its scripts; the body is the host's own.
    let index = TestServer::app_index();
    let head = &index[..index.find("</head>").expect("the app's index.html has a head")];
    format!("{head}</head><body>{elements}</body></html>")
}

/// Runs `script` with `root` bound to element `id`'s shadow root.
async fn in_shadow(browser: &Browser, id: &str, script: &str) -> Value {
    let wrapped = format!(
        "const host = document.getElementById(arguments[0]); const root = host && host.shadowRoot; if (!root) return null; {script}"
    );
    browser.script(&wrapped, vec![json!(id)]).await
}

async fn selected_room(browser: &Browser, id: &str) -> Value {
    in_shadow(browser, id, "const e = root.querySelector('.room-entry.selected'); return e && e.dataset.roomName;")
        .await
}

async fn open_sockets(browser: &Browser) -> (u64, u64) {
    let counts = browser
        .script(
            "return [window.confabSockets.length, window.confabSockets.filter(s => s.readyState === 1).length]",
            vec![],
        )
        .await;
    (counts[0].as_u64().unwrap_or_default(), counts[1].as_u64().unwrap_or_default())
}

#[tokio::test(flavor = "multi_thread")]
async fn two_elements_on_a_page_are_independent_and_removal_closes_the_socket() {
    let data = tempfile::tempdir().unwrap();
    let app = TestServer::app_with_pages(
        data.path(),
        &[("elements.html", &host_page()), ("track-sockets.js", TRACK_SOCKETS)],
    );
    let server = TestServer::serving(&app, data.path(), 0, &[]).await;
    let driver = Chromedriver::start().await;
    let browser = driver.browser().await;
    browser.sign_in(&server.url("/demo"), "alice").await;
    browser.track_timers().await;
    browser.goto(&server.url("/elements.html")).await;

    eventually("each element to open its own room", || async {
        (selected_room(&browser, "one").await == json!("general")
            && selected_room(&browser, "two").await == json!("random"))
        .then_some(())
    })
    .await;
    assert!(!browser.has(".confab").await, "the apps live in shadow roots, not in the page");
    // The room's view is a part: it arrives after the room is selected.
    eventually("each element to show its room's composer", || async {
        let composers = ["one", "two"].map(|id| in_shadow(&browser, id, "return !!root.querySelector('.send');"));
        let [one, two] = composers;
        (one.await == json!(true) && two.await == json!(true)).then_some(())
    })
    .await;
    let send_colour =
        in_shadow(&browser, "one", "return getComputedStyle(root.querySelector('.send')).backgroundColor;").await;
    assert_eq!(send_colour, json!("rgb(26, 106, 224)"), "the theme applies inside; the page's red does not");
    let overridden =
        in_shadow(&browser, "two", "return getComputedStyle(root.querySelector('.send')).backgroundColor;").await;
    assert_eq!(overridden, json!("rgb(18, 52, 86)"), "the page sets a token on one element");
    assert_eq!(browser.script("return document.getElementById('one').dataset.mode", vec![]).await, json!("light"));
    eventually("both sockets to be open", || async { (open_sockets(&browser).await == (2, 2)).then_some(()) }).await;

    // What is written in one element stays in its room.
    in_shadow(
        &browser,
        "one",
        "const box = root.querySelector('textarea.composer-input'); box.value = 'only in general';
         box.dispatchEvent(new InputEvent('input', { bubbles: true }));
         box.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));",
    )
    .await;
    let delivery = "const m = Array.from(root.querySelectorAll('.message')).find(m => m.textContent.includes('only in general')); return m ? m.dataset.delivery : null;";
    eventually("the message to be sent in element one", || async {
        (in_shadow(&browser, "one", delivery).await == json!("sent")).then_some(())
    })
    .await;
    assert_eq!(in_shadow(&browser, "two", delivery).await, Value::Null, "element two shows another room");

    // Another room by attribute: the element mounts again, on a new socket, closing the old one.
    browser.script("document.getElementById('one').setAttribute('room', 'design')", vec![]).await;
    eventually("element one to move to design", || async {
        (selected_room(&browser, "one").await == json!("design")).then_some(())
    })
    .await;
    eventually("the old socket to close and a new one to open", || async {
        (open_sockets(&browser).await == (3, 2)).then_some(())
    })
    .await;

    // Removing an element unmounts its app and closes its socket.
    browser.script("document.getElementById('two').remove()", vec![]).await;
    eventually("element two's socket to close", || async { (open_sockets(&browser).await == (3, 1)).then_some(()) })
        .await;
    assert_eq!(selected_room(&browser, "one").await, json!("design"), "element one carries on");
    assert!(browser.pending_timers().await > 0, "the running app's timers are counted");

    // With the last element gone, the page has no socket and no timer of Confab's left.
    browser.script("document.getElementById('one').remove()", vec![]).await;
    eventually("element one's socket to close", || async { (open_sockets(&browser).await == (3, 0)).then_some(()) })
        .await;
    browser.until_no_timer_is_pending().await;

    browser.close().await;
    server.kill().await;
}
