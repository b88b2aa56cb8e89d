//! The first screen the server renders into the app's page: a cold visit shows the room list
//! from the page alone, before any of the app's code has arrived; the app then takes it over
//! without changing a node, and what the reader did meanwhile (a click on a room, a filter typed
//! into) is not lost.
//!
//! The page is rendered by the server once it knows the reader's offset from UTC, which the
//! page keeps in a cookie: so each test signs in (that first page is the app's own), then comes
//! back cold, on a slow network, so that the app's code is seen arriving after the list.

use confab_e2e::{Browser, Chromedriver, HostSite, TestServer, eventually};
use serde_json::{Value, json};

/// The slow network of the start-up bench: 150 ms of round trip, 1.6 Mbit/s down, 750 kbit/s up.
const SLOW: (f64, f64, f64) = (150.0, 1_600_000.0, 750_000.0);

/// Keeps what the page showed when the app took over: the server's first screen and the app's
/// own, as they were at that moment.
const KEEP_TAKEOVER: &str = "new MutationObserver((records) => { for (const record of records) \
    for (const node of record.removedNodes) if (node.id === 'confab-first') { \
      window.__server = node.innerHTML; window.__app = document.getElementById('confab').innerHTML; } })\
    .observe(document, { childList: true, subtree: true });";

struct Visit {
    browser: Browser,
    server: TestServer,
    _driver: Chromedriver,
    _data: tempfile::TempDir,
}

impl Visit {
    /// Alice signed in, then back on the app's page with nothing cached, on the slow network; the
    /// page is left as it arrives (the app has not taken over yet).
    async fn cold() -> Self {
        let data = tempfile::tempdir().unwrap();
        let server = TestServer::start(data.path(), 0).await;
        let driver = Chromedriver::start().await;
        let browser = driver.browser().await;
        browser.before_each_page(KEEP_TAKEOVER).await;
        browser.sign_in(&server.url("/"), "alice").await;
        browser.devtools("Network.enable", json!({})).await;
        browser.devtools("Network.clearBrowserCache", json!({})).await;
        browser.emulate_network(SLOW.0, SLOW.1, SLOW.2).await;
        browser.client.goto(&server.url("/")).await.expect("navigation");
        Self { browser, server, _driver: driver, _data: data }
    }

    async fn end(self) {
        self.browser.close().await;
        self.server.kill().await;
    }
}

/// Whether the server's first screen is still shown (the app has not taken over).
async fn server_screen_shown(browser: &Browser) -> bool {
    browser.script("return document.getElementById('confab-first') !== null", vec![]).await == json!(true)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_cold_visit_paints_the_room_list_from_the_page_alone_then_the_app_takes_it_over_unchanged() {
    let visit = Visit::cold().await;
    let browser = &visit.browser;
    // The list is in the page as it arrives, before the app's code.
    assert!(browser.has("#confab-first .room-entry[data-room-name='general']").await, "the server's room list");
    assert!(browser.has("#confab[hidden]").await, "the app's root waits hidden");
    let painted = eventually("the first paint", || async {
        browser
            .script(
                "const p = performance.getEntriesByName('first-contentful-paint')[0]; return p ? p.startTime : null",
                vec![],
            )
            .await
            .as_f64()
    })
    .await;
    // Nothing but the page (its stylesheet is in it) had arrived when the list was painted.
    let arrived: Value = browser
        .script(
            "return performance.getEntriesByType('resource').filter(e => e.responseEnd <= arguments[0]).map(e => e.name)",
            vec![json!(painted)],
        )
        .await;
    assert_eq!(arrived, json!([]), "fetched before the room list was painted at {painted:.0} ms");
    let page: Value = browser
        .script(
            "const n = performance.getEntriesByType('navigation')[0]; return { bytes: n.encodedBodySize, whole: n.decodedBodySize }",
            vec![],
        )
        .await;
    let bytes = page["bytes"].as_u64().expect("the page's size");
    println!(
        "the first load: the page alone, {bytes} bytes on the wire ({} decoded), painted at {painted:.0} ms",
        page["whole"]
    );
    assert!(bytes > 0 && bytes <= 20_000, "the page with its first screen is {bytes} bytes on the wire");

    // The app takes over once its own list is ready, and it is the same, node for node.
    browser.until_taken_over().await;
    assert!(browser.has("#confab:not([hidden]) .room-entry[data-room-name='general']").await);
    let server = browser.script("return window.__server", vec![]).await;
    let app = browser.script("return window.__app", vec![]).await;
    let (server, app) = (server.as_str().expect("the server's screen"), app.as_str().expect("the app's"));
    assert!(server.contains("room-entry"), "{server}");
    let origin = visit.server.url("");
    let origin = origin.trim_end_matches('/');
    assert_eq!(same_markup(server, origin), same_markup(app, origin), "the server's first screen and the app's differ");
    // It took the config, the user and the list from the page: it asked for none of them.
    let asked: Value = browser
        .script(
            "return performance.getEntriesByType('resource').map(e => new URL(e.name))
               .filter(u => ['/chat/config', '/api/v1/me', '/api/v1/subscriptions.get', '/api/v1/rooms.get'].includes(u.pathname) && !u.search.includes('updatedSince'))
               .map(u => u.pathname)",
            vec![],
        )
        .await;
    assert_eq!(asked, json!([]), "read again by the app");
    visit.end().await;
}

/// Markup with what differs between HTML written by the server and the same DOM built by the app
/// taken out: a form field's value is an attribute in the one and a property in the other, and
/// the server writes the pictures' addresses from the page's origin (`/avatar/…`), which the app
/// writes out in full (the same address).
fn same_markup(html: &str, origin: &str) -> String {
    html.replace(r#" value="""#, "").replace(r#"src="/"#, &format!(r#"src="{origin}/"#))
}

#[tokio::test(flavor = "multi_thread")]
async fn a_room_clicked_before_the_app_is_ready_opens_once_it_is() {
    let visit = Visit::cold().await;
    let browser = &visit.browser;
    let clicked = "const entry = document.querySelector(\"#confab-first .room-entry[data-room-name='general']\"); \
                   if (!entry) return false; entry.click(); return true;";
    eventually("a click on the server's general", || async {
        (browser.script(clicked, vec![]).await == json!(true)).then_some(())
    })
    .await;
    assert!(
        browser.has("#confab-first .room-entry.selected[data-room-name='general']").await,
        "the click shows at once"
    );
    browser.until_taken_over().await;
    browser.wait_for("#confab .room-entry[aria-current='page'][data-room-name='general']").await;
    browser.wait_for("#confab .room-view .composer-input").await;
    visit.end().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_filter_typed_before_the_app_is_ready_keeps_its_words_and_the_focus() {
    let visit = Visit::cold().await;
    let browser = &visit.browser;
    browser.click("#confab-first .room-filter").await;
    browser.press("gene").await;
    assert!(server_screen_shown(browser).await, "typed before the app was ready");
    browser.until_taken_over().await;
    eventually("the app's filter to hold the words", || async {
        let script = "const f = document.querySelector('#confab .room-filter'); \
                      return f && f.value === 'gene' && document.activeElement === f \
                        && document.querySelectorAll('#confab .room-entry').length === 1";
        (browser.script(script, vec![]).await == json!(true)).then_some(())
    })
    .await;
    assert!(browser.has("#confab .room-entry[data-room-name='general']").await);
    visit.end().await;
}

/// Runs `script` with `root` bound to the page's `<confab-chat>`'s shadow root.
async fn in_element(browser: &Browser, script: &str) -> Value {
    let wrapped = format!(
        "const host = document.querySelector('confab-chat'); const root = host && host.shadowRoot; \
         if (!root) return null; {script}"
    );
    browser.script(&wrapped, vec![]).await
}

#[tokio::test(flavor = "multi_thread")]
async fn through_embed_js_an_element_shows_its_first_screen_before_the_app_which_then_takes_it_over() {
    let site_dir = tempfile::tempdir().unwrap();
    let site = HostSite::serve(site_dir.path()).await;
    let data = tempfile::tempdir().unwrap();
    let server = TestServer::start_with(data.path(), 0, &["--allowed-origin", &site.url("127.0.0.1", "")]).await;
    let app = server.url("").trim_end_matches('/').to_owned();
    let page = format!(
        r#"<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A host</title>
<script src="{app}/embed.js"></script></head>
<body><confab-chat config-url="{app}/chat/config" style="display: block; height: 600px"></confab-chat></body></html>"#
    );
    std::fs::write(site_dir.path().join("index.html"), page).unwrap();
    let driver = Chromedriver::start().await;
    let browser = driver.browser().await;
    // Signed in on the chat server: the same site as the host page, so its cookie goes along.
    browser.sign_in(&server.url("/"), "alice").await;
    browser.devtools("Network.enable", json!({})).await;
    browser.devtools("Network.clearBrowserCache", json!({})).await;
    browser.emulate_network(SLOW.0, SLOW.1, SLOW.2).await;
    browser.client.goto(&site.url("127.0.0.1", "/index.html")).await.expect("navigation");

    // Before the list shows: embed.js and the fragment, nothing of the app (what the host's page
    // fetches of its own, a favicon, is the host's).
    let shown = eventually("the element's first screen", || async { browser.mark("confab:first-screen").await }).await;
    let before: Value = browser
        .script(
            "return performance.getEntriesByType('resource')
               .filter(e => e.responseEnd <= arguments[0] && new URL(e.name).origin === arguments[1])
               .map(e => ({ path: new URL(e.name).pathname, bytes: e.encodedBodySize }))",
            vec![json!(shown), json!(app)],
        )
        .await;
    let before: Vec<(String, u64)> = before
        .as_array()
        .expect("entries")
        .iter()
        .map(|e| (e["path"].as_str().unwrap_or_default().to_owned(), e["bytes"].as_u64().unwrap_or_default()))
        .collect();
    let paths: Vec<&str> = before.iter().map(|(path, _)| path.as_str()).collect();
    assert_eq!(paths, ["/embed.js", "/chat/first-screen"], "before the room list");
    let bytes: u64 = before.iter().map(|(_, bytes)| bytes).sum();
    println!("through embed.js, the first load: {before:?}, {bytes} bytes on the wire, shown at {shown:.0} ms");
    assert!(before.iter().all(|(_, bytes)| *bytes > 0), "each timed: {before:?}");
    assert!(bytes <= 20_000, "{bytes} bytes before the room list");
    let waiting = "return !!root.querySelector(\"#confab-first .room-entry[data-room-name='general']\") \
                   && !root.querySelector('.confab-host:not([hidden])')";
    assert_eq!(in_element(&browser, waiting).await, json!(true), "the server's list, and no app shown beside it");

    // A click on a room before the app is ready opens it once it is.
    let click = "const entry = root.querySelector(\"#confab-first .room-entry[data-room-name='general']\"); \
                 if (!entry) return false; entry.click(); return true;";
    assert_eq!(in_element(&browser, click).await, json!(true), "clicked before the app took over");
    eventually("the element's app to open general", || async {
        let opened = "return !root.querySelector('#confab-first') \
                      && !!root.querySelector(\".confab-host:not([hidden]) .room-entry[aria-current='page'][data-room-name='general']\") \
                      && !!root.querySelector('.room-view .composer-input')";
        (in_element(&browser, opened).await == json!(true)).then_some(())
    })
    .await;
    browser.close().await;
    server.kill().await;
}
