//! The plain-page example (`examples/plain-html`) as written, with only the chat server's
//! address changed: `embed.js` from the server defines `<confab-chat>` and mounts a second app
//! from JavaScript on a page of another origin. An app whose element the page drops without
//! unmounting closes its socket, and opens one again when the element comes back. Unmounted,
//! the apps leave no socket and no timer behind.

use std::path::Path;

use confab_e2e::{Browser, Chromedriver, HostSite, TestServer, eventually};
use serde_json::{Value, json};

async fn sockets_become(browser: &Browser, app: &str, admin: &Value, count: u64) {
    eventually(&format!("{count} open socket(s) on the server"), || async {
        (browser.open_sockets(app, admin).await == count).then_some(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_plain_page_example_embeds_two_apps_and_an_orphaned_one_lets_go() {
    let site_dir = tempfile::tempdir().unwrap();
    let site = HostSite::serve(site_dir.path()).await;
    let data = tempfile::tempdir().unwrap();
    let server = TestServer::start_with(data.path(), 0, &["--allowed-origin", &site.url("127.0.0.1", "")]).await;
    let app = server.url("");
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/plain-html/index.html");
    let page = std::fs::read_to_string(&example).unwrap().replace("http://127.0.0.1:3000", &app);
    std::fs::write(site_dir.path().join("index.html"), page).unwrap();

    let driver = Chromedriver::start().await;
    let browser = driver.browser().await;
    browser.sign_in(&server.url("/demo"), "alice").await;
    let alice = browser.chat_credentials().await;
    browser.track_timers().await;
    browser.goto(&site.url("127.0.0.1", "/")).await;

    let in_element = "const root = document.querySelector('confab-chat').shadowRoot; \
        const e = root && root.querySelector('.room-entry.selected'); return e && e.dataset.roomName;";
    eventually("the element to open general", || async {
        (browser.script(in_element, vec![]).await == json!("general")).then_some(())
    })
    .await;
    browser.wait_for("#support .chat-layout.embedded .room-view").await;
    let support_room = browser.text_of("#support .room-header h1").await;
    assert!(support_room.to_lowercase().contains("random"), "the mounted app shows random alone: {support_room:?}");
    let primary = browser
        .script("return getComputedStyle(document.querySelector('#support .send')).backgroundColor", vec![])
        .await;
    assert_eq!(primary, json!("rgb(11, 83, 148)"), "the page's own brand colour on that app");
    sockets_become(&browser, &app, &alice, 2).await;

    // The page drops the mounted app's element without unmounting it, then puts it back.
    browser.script("window.parked = document.getElementById('support'); window.parked.remove();", vec![]).await;
    sockets_become(&browser, &app, &alice, 1).await;
    browser.script("document.body.append(window.parked);", vec![]).await;
    sockets_become(&browser, &app, &alice, 2).await;
    browser.wait_for("#support .chat-layout.embedded .room-view").await;
    assert!(browser.pending_timers().await > 0, "the running apps' timers are counted");

    // The page is done with both: the element is removed and the other app unmounted. Their
    // sockets close and not one of their timers is left behind.
    browser.script("document.querySelector('confab-chat').remove(); window.supportChat.unmount();", vec![]).await;
    sockets_become(&browser, &app, &alice, 0).await;
    browser.until_no_timer_is_pending().await;
    browser.close().await;
}
