//! Confab in Mia-Platform's micro-lc: the real orchestrator from npm (pinned in `crates/e2e/js`),
//! on a third party's site, with the example configuration (`examples/micro-lc`), loads Confab as
//! a parcel from `embed.js` and as a compose page of `<confab-chat>` from `embed.mjs`. Chatting works in both; micro-lc's language reaches the
//! app; the room opened is kept in micro-lc's address; and 50 mounts and unmounts leave no
//! socket open on the server and no event listener behind.
//!
//! The site is `127.0.0.1` on another port: another origin, but the same site, so the browser
//! sends the chat server's sign-in cookie with the config request, as a portal and its chat
//! backend under one domain would.

use std::path::Path;

use confab_e2e::{Browser, Chromedriver, HostSite, TestServer, eventually};
use serde_json::{Value, json};

/// Finds the first element matching a selector, looking into every shadow root.
const DEEP: &str = "const deep = (sel, root = document) => { \
    const found = root.querySelector(sel); if (found) return found; \
    for (const el of root.querySelectorAll('*')) { if (el.shadowRoot) { const inner = deep(sel, el.shadowRoot); if (inner) return inner; } } \
    return null; };";

const INDEX: &str = r#"<!doctype html><html><head><meta charset="utf-8"><base href="/">
<script type="module" src="/micro-lc/micro-lc.production.js"></script></head>
<body><micro-lc config-src="/config.json"></micro-lc></body></html>"#;

/// `examples/micro-lc/config.json` as written, pointed at the test's server: a parcel at
/// `/chat/`, a compose page of `<confab-chat>` at `/support/`, and a page without Confab at `/home/`.
fn config(app: &str) -> String {
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/micro-lc/config.json");
    std::fs::read_to_string(&example).unwrap().replace("http://127.0.0.1:3000", app)
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

async fn deep(browser: &Browser, script: &str, args: Vec<Value>) -> Value {
    browser.script(&format!("{DEEP} {script}"), args).await
}

async fn has(browser: &Browser, css: &str) -> bool {
    deep(browser, "return deep(arguments[0]) !== null", vec![json!(css)]).await == json!(true)
}

async fn wait_for(browser: &Browser, css: &str) {
    eventually(&format!("{css} inside micro-lc"), || async { has(browser, css).await.then_some(()) }).await;
}

async fn go(browser: &Browser, path: &str) {
    browser.script("document.querySelector('micro-lc').getApi().router.goTo(arguments[0])", vec![json!(path)]).await;
}

/// Sends `text` from the composer of the app found in the shadow roots, and waits until the
/// server has it.
async fn chat(browser: &Browser, text: &str) {
    wait_for(browser, "textarea.composer-input").await;
    let send = "const box = deep('textarea.composer-input'); box.focus(); box.value = arguments[0]; \
        box.dispatchEvent(new Event('input', {bubbles: true})); \
        box.dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter', bubbles: true, cancelable: true}));";
    deep(browser, send, vec![json!(text)]).await;
    let sent = "const m = Array.from(deep('.messages').querySelectorAll('.message')).find(m => m.querySelector('.message-text')?.textContent === arguments[0]); return m ? m.dataset.delivery : null";
    eventually(&format!("{text:?} to reach the server"), || async {
        (deep(browser, sent, vec![json!(text)]).await == json!("sent")).then_some(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn micro_lc_mounts_confab_as_a_parcel_and_a_compose_element_and_releases_it() {
    let site_dir = tempfile::tempdir().unwrap();
    let site = HostSite::serve(site_dir.path()).await;
    let site_origin = site.url("127.0.0.1", "");
    let data = tempfile::tempdir().unwrap();
    // Each mount fetches the config, which mints a token: at the default rate (30 a minute, 10
    // at once) the cycles below would wait two seconds each from the tenth on.
    let args = ["--allowed-origin", &site_origin, "--mint-rate-per-minute", "3000"];
    let server = TestServer::start_with(data.path(), 0, &args).await;
    let app = server.url("");
    let orchestrator = Path::new(env!("CARGO_MANIFEST_DIR")).join("js/node_modules/@micro-lc/orchestrator/dist");
    assert!(
        orchestrator.is_dir(),
        "no micro-lc in {}: run `cargo xtask test`, which installs it",
        orchestrator.display()
    );
    copy_dir(&orchestrator, &site_dir.path().join("micro-lc"));
    std::fs::write(site_dir.path().join("index.html"), INDEX).unwrap();
    std::fs::write(site_dir.path().join("config.json"), config(&app)).unwrap();

    let driver = Chromedriver::start().await;
    let browser = driver.browser().await;
    browser.sign_in(&server.url("/demo"), "alice").await;
    let alice = browser.chat_credentials().await;

    // The parcel: it opens the room its properties name, keeps it in micro-lc's address, and chats.
    browser.goto(&site.url("127.0.0.1", "/chat/")).await;
    wait_for(&browser, ".confab-parcel").await;
    wait_for(&browser, ".room-entry.selected[data-room-name='general']").await;
    eventually("the room to be kept in the address", || async {
        (browser.script("return location.search", vec![]).await == json!("?room=general")).then_some(())
    })
    .await;
    chat(&browser, "hello from a micro-lc parcel").await;
    deep(&browser, "deep(\".room-entry[data-room-name='random']\").click()", vec![]).await;
    eventually("the address to follow the room", || async {
        (browser.script("return location.search", vec![]).await == json!("?room=random")).then_some(())
    })
    .await;
    browser.goto(&site.url("127.0.0.1", "/chat/?room=random")).await;
    wait_for(&browser, ".room-entry.selected[data-room-name='random']").await;

    // micro-lc's language is the app's (the config names none here).
    assert_eq!(deep(&browser, "return deep('.sign-out').textContent", vec![]).await, "Sign out");
    browser
        .script("document.querySelector('micro-lc').getApi().getExtensions().language.setLanguage('it')", vec![])
        .await;
    go(&browser, "/home/").await;
    wait_for(&browser, ".home").await;
    go(&browser, "/chat/").await;
    eventually("the parcel to speak Italian", || async {
        (deep(&browser, "const b = deep('.sign-out'); return b && b.textContent", vec![]).await == "Esci").then_some(())
    })
    .await;

    // The compose page: <confab-chat> from embed.mjs, one room alone, chatting.
    go(&browser, "/support/").await;
    wait_for(&browser, "confab-chat").await;
    eventually("the element to show random alone", || async {
        let title =
            deep(&browser, "const h = deep('.chat-layout.embedded .room-view h1'); return h && h.textContent", vec![])
                .await;
        (title == "Random").then_some(())
    })
    .await;
    assert!(!has(&browser, ".confab-parcel").await, "the parcel was unmounted");
    chat(&browser, "hello from micro-lc's compose").await;

    // 50 mounts and unmounts of the parcel: nothing is left behind.
    let mut baseline = None;
    for cycle in 1..=50 {
        go(&browser, "/chat/").await;
        wait_for(&browser, ".confab-parcel .room-list, .room-list").await;
        eventually("the parcel's socket to open", || async {
            (browser.open_sockets(&app, &alice).await == 1).then_some(())
        })
        .await;
        go(&browser, "/home/").await;
        wait_for(&browser, ".home").await;
        assert!(!has(&browser, ".room-list").await, "cycle {cycle}: the app is gone");
        eventually("the parcel's socket to close", || async {
            (browser.open_sockets(&app, &alice).await == 0).then_some(())
        })
        .await;
        if cycle == 5 {
            baseline = Some(browser.event_listeners().await);
        }
    }
    let (baseline, last) = (baseline.unwrap(), browser.event_listeners().await);
    eprintln!("micro-lc: event listeners after 5 cycles {baseline}, after 50 cycles {last}; open sockets 0");
    assert!(last <= baseline, "event listeners grew from {baseline} to {last} over 45 mount/unmount cycles");
    browser.close().await;
}
