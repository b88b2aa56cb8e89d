//! The launcher example (`examples/launcher`) on a host site of another origin, whose own CSS is
//! made hostile (`* { all: unset }` and a huge root font): the bubble shows after two small
//! scripts, before any of the app, in its place and size; a click opens the panel, where a
//! message reaches the room; the panel stays open across the site's pages; Escape closes it and
//! gives the focus back to the bubble; a reply while it is closed is counted on the bubble; a
//! phone gets it full screen; axe finds nothing, closed or open.

use std::path::Path;

use confab_e2e::{Browser, Chromedriver, HostSite, TestServer, eventually};
use serde_json::{Value, json};

/// The most a page fetches from Confab before the bubble shows, compressed.
const LAUNCHER_BUDGET: u64 = 10_000;

/// The launcher example's `page` as written, pointed at the app at `app`, with a hostile
/// stylesheet of the site's own: everything unset, and a huge root font.
fn page(app: &str, page: &str) -> String {
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/launcher").join(page);
    let written = std::fs::read_to_string(&example).unwrap().replace("http://127.0.0.1:3000", app);
    written.replace("</head>", "<style>* { all: unset; } html { font-size: 40px; }</style></head>")
}

/// Runs `script` with `root` bound to the launcher's shadow root (null if it is not there).
async fn in_launcher(browser: &Browser, script: &str) -> Value {
    let wrapped = format!(
        "const host = document.querySelector('confab-launcher-root'); const root = host && host.shadowRoot; \
         if (!root) return null; {script}"
    );
    browser.script(&wrapped, vec![]).await
}

async fn panel_open(browser: &Browser) -> bool {
    in_launcher(browser, "return !root.querySelector('.panel').hidden;").await == json!(true)
}

/// The app's composer in the panel, once the app has started there.
async fn composer_ready(browser: &Browser) {
    eventually("the chat to start in the panel", || async {
        (in_launcher(browser, "return !!root.querySelector('.chat textarea.composer-input');").await == json!(true))
            .then_some(())
    })
    .await;
}

/// A host site of another origin than the chat server's, and that server, which allows it.
struct Sites {
    site: HostSite,
    site_dir: tempfile::TempDir,
    server: TestServer,
    /// The chat server's origin.
    app: String,
    _data: tempfile::TempDir,
}

impl Sites {
    async fn start() -> Self {
        let site_dir = tempfile::tempdir().unwrap();
        let site = HostSite::serve(site_dir.path()).await;
        let data = tempfile::tempdir().unwrap();
        let server = TestServer::start_with(data.path(), 0, &["--allowed-origin", &site.url("127.0.0.1", "")]).await;
        let app = server.url("").trim_end_matches('/').to_owned();
        Self { site, site_dir, server, app, _data: data }
    }

    fn page(&self, name: &str, html: &str) {
        std::fs::write(self.site_dir.path().join(name), html).unwrap();
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_launcher_shows_after_two_small_scripts_opens_the_chat_and_keeps_it_across_pages() {
    let sites = Sites::start().await;
    let (site, server, app) = (&sites.site, &sites.server, sites.app.as_str());
    for name in ["index.html", "pricing.html"] {
        sites.page(name, &page(app, name));
    }
    let driver = Chromedriver::start().await;
    let browser = driver.browser().await;
    // Signed in on the chat server's origin: the same site as the host page, so the config
    // request carries the demo's sign-in cookie.
    browser.sign_in(&server.url("/"), "alice").await;
    let bob = driver.browser().await;
    bob.sign_in(&server.url("/"), "bob").await;
    bob.open_room("general").await;
    browser.viewport(1280, 800, false).await;
    browser.goto(&site.url("127.0.0.1", "/index.html")).await;

    // Before the bubble shows: embed.js and the launcher it fetches, no wasm, within the budget.
    let shown = eventually("the bubble", || async { browser.mark("confab:launcher").await }).await;
    let fetched = browser.fetched().await;
    let before: Vec<_> = fetched.iter().filter(|f| f.start < shown && !f.path.ends_with(".html")).collect();
    let paths: Vec<&str> = before.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(paths, ["/embed.js", "/launcher.js"], "only the two small scripts before the bubble");
    let bytes: u64 = before.iter().map(|f| f.bytes).sum();
    println!("before the launcher's bubble shows: {bytes} bytes of Confab, compressed");
    assert!(bytes > 0 && bytes <= LAUNCHER_BUDGET, "{bytes} bytes before the bubble, over {LAUNCHER_BUDGET}");

    // The page's hostile CSS changes nothing: a 60 px bubble, 20 px from the bottom right corner.
    let placed = in_launcher(
        &browser,
        "const b = root.querySelector('.bubble').getBoundingClientRect(); \
         return [b.width, b.height, innerWidth - b.right, innerHeight - b.bottom];",
    )
    .await;
    assert_eq!(placed, json!([60, 60, 20, 20]), "the bubble's size and place");
    let closed = confab_e2e::axe::check(&browser, "launcher-closed").await;
    assert!(closed.is_empty(), "axe, closed: {closed:?}");

    // A click opens the panel; the chat starts in it and takes the focus; a message goes out.
    in_launcher(&browser, "root.querySelector('.bubble').click();").await;
    composer_ready(&browser).await;
    let size = in_launcher(
        &browser,
        "const p = root.querySelector('.panel').getBoundingClientRect(); return [p.width, p.height];",
    )
    .await;
    assert_eq!(size, json!([400, 640]), "the panel's size on a laptop");
    // Nor does the page's 40 px root font reach the app's rem: no text in the chat is that big.
    let largest = in_launcher(
        &browser,
        "return Math.max(...Array.from(root.querySelectorAll('.chat *')).map(e => parseFloat(getComputedStyle(e).fontSize)));",
    )
    .await;
    let largest = largest.as_f64().unwrap();
    assert!((14.0..=24.0).contains(&largest), "the chat's largest text is {largest} px, not the page's 40 px rem");
    eventually("the focus to move into the panel", || async {
        let inside =
            in_launcher(&browser, "return !!root.activeElement && !!root.activeElement.closest('.panel');").await;
        (inside == json!(true)).then_some(())
    })
    .await;
    let open = confab_e2e::axe::check(&browser, "launcher-open").await;
    assert!(open.is_empty(), "axe, open: {open:?}");
    in_launcher(
        &browser,
        "const box = root.querySelector('.chat textarea.composer-input'); box.value = 'Hello from the help bubble'; \
         box.dispatchEvent(new InputEvent('input', { bubbles: true })); \
         box.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));",
    )
    .await;
    bob.sees_once("Hello from the help bubble").await;

    // The next page of the site opens with the panel open.
    browser.goto(&site.url("127.0.0.1", "/pricing.html")).await;
    eventually("the launcher on the next page", || async {
        (in_launcher(&browser, "return true;").await == json!(true)).then_some(())
    })
    .await;
    assert!(panel_open(&browser).await, "the panel stays open across the site's pages");
    composer_ready(&browser).await;

    // Escape closes it and the focus goes back to the bubble.
    in_launcher(&browser, "root.querySelector('.chat textarea.composer-input').focus();").await;
    browser.press(&fantoccini::key::Key::Escape.to_string()).await;
    eventually("Escape to close the panel", || async { (!panel_open(&browser).await).then_some(()) }).await;
    let focused = in_launcher(&browser, "return root.activeElement && root.activeElement.className;").await;
    assert_eq!(focused, json!("bubble"), "the focus goes back to the bubble");

    // A reply while the panel is closed is counted on the bubble; opening the panel clears it.
    bob.send("Happy to help, Alice").await;
    bob.close().await;
    let badge = "const b = root.querySelector('.badge'); return b.hidden ? null : b.textContent;";
    eventually("the bubble to count the reply", || async {
        (in_launcher(&browser, badge).await == json!("1")).then_some(())
    })
    .await;
    let named = in_launcher(&browser, "return root.querySelector('.bubble').getAttribute('aria-label');").await;
    assert_eq!(named, json!("Chat with Acme (1 unread)"), "the count is in the bubble's name");
    in_launcher(&browser, "root.querySelector('.bubble').click();").await;
    assert_eq!(in_launcher(&browser, badge).await, Value::Null, "opened, the count clears");
    in_launcher(&browser, "root.querySelector('.bubble').click();").await;
    assert!(!panel_open(&browser).await, "the bubble closes the panel it opened");

    // On a phone the panel fills the screen, with its close button in reach.
    browser.viewport(390, 844, true).await;
    in_launcher(&browser, "root.querySelector('.bubble').click();").await;
    composer_ready(&browser).await;
    let full = in_launcher(
        &browser,
        "const p = root.querySelector('.panel').getBoundingClientRect(); const c = root.querySelector('.close').getBoundingClientRect(); \
         return [p.left, p.top, p.width, p.height, c.width > 0 && c.top >= 0];",
    )
    .await;
    assert_eq!(full, json!([0, 0, 390, 844, true]), "full screen on a phone, with a close button");
    in_launcher(&browser, "root.querySelector('.close').click();").await;
    assert!(!panel_open(&browser).await, "the close button closes it");
    browser.close().await;
}

/// A page that starts the launcher from its own script, with `options` (JavaScript).
fn scripted_page(app: &str, options: &str) -> String {
    format!(
        r#"<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Scripted</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<script src="{app}/embed.js"></script></head>
<body><main><h1>Scripted</h1></main>
<script>window.heard = []; Confab.launcher(Object.assign({{ configUrl: "{app}/chat/config", room: "general",
  onOpen: () => heard.push("open"), onClose: () => heard.push("close") }}, {options}));</script></body></html>"#
    )
}

#[tokio::test(flavor = "multi_thread")]
async fn the_page_opens_and_closes_the_launcher_and_it_opens_by_itself_where_asked() {
    let sites = Sites::start().await;
    let (site, server, app) = (&sites.site, &sites.server, sites.app.as_str());
    let pages = [
        ("soon.html", "{ openAfter: 0.2 }"),
        ("elsewhere.html", r#"{ openAfter: 0, openOn: ["/help"] }"#),
        ("api.html", "{ position: 'left', offsetX: 32 }"),
    ];
    for (name, options) in pages {
        sites.page(name, &scripted_page(app, options));
    }
    let driver = Chromedriver::start().await;
    let browser = driver.browser().await;
    browser.viewport(1280, 800, false).await;
    browser.sign_in(&server.url("/"), "alice").await;
    let heard = || async { browser.script("return window.heard", vec![]).await };

    // After the time it was given, on any path.
    browser.goto(&site.url("127.0.0.1", "/soon.html")).await;
    eventually("the launcher to open by itself", || async { panel_open(&browser).await.then_some(()) }).await;
    assert_eq!(heard().await, json!(["open"]));
    browser.script("Confab.close()", vec![]).await;
    assert!(!panel_open(&browser).await, "Confab.close() closes it");
    assert_eq!(heard().await, json!(["open", "close"]));

    // Only on the paths it was given: not here.
    browser.goto(&site.url("127.0.0.1", "/elsewhere.html")).await;
    eventually("the launcher", || async { browser.mark("confab:launcher").await }).await;
    composer_ready(&browser).await;
    assert!(!panel_open(&browser).await, "not opened on a path it was not asked to open on");

    // From the page's own script, on the left, 32 px in.
    browser.goto(&site.url("127.0.0.1", "/api.html")).await;
    eventually("the launcher", || async { browser.mark("confab:launcher").await }).await;
    let left = in_launcher(&browser, "return root.querySelector('.bubble').getBoundingClientRect().left;").await;
    assert_eq!(left, json!(32), "on the left, where the page put it");
    browser.script("Confab.open()", vec![]).await;
    assert!(panel_open(&browser).await, "Confab.open() opens it");
    composer_ready(&browser).await;
    assert_eq!(heard().await, json!(["open"]));
    browser.close().await;
}
