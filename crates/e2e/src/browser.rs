//! Headless Chromium sessions through one chromedriver process.

use std::process::Stdio;
use std::time::Duration;

use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{Value, json};
use tokio::process::{Child, Command};

use crate::{eventually, free_port};

/// A script's first line: `m`, the first message (not a system line) whose text contains
/// `arguments[0]`, in the room or a thread; inside the element matching `arguments[2]` if given.
const FIND_MESSAGE: &str = "const m = Array.from(document.querySelectorAll((arguments[2] ?? '') + ' .message:not(.system-message)')) \
    .find(m => m.querySelector('.message-text')?.textContent.includes(arguments[0]));";

/// A chromedriver: the one `cargo xtask test` runs for every test (its port in
/// `CONFAB_CHROMEDRIVER_PORT`), or else a process of this test's own on a free port.
pub struct Chromedriver {
    _child: Option<Child>,
    port: u16,
}

impl Chromedriver {
    pub async fn start() -> Self {
        if let Some(port) = std::env::var("CONFAB_CHROMEDRIVER_PORT").ok().and_then(|p| p.parse().ok()) {
            return Self { _child: None, port };
        }
        let binary = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into());
        let port = free_port();
        let child = Command::new(&binary)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {binary}: {e}; run `cargo xtask test`, which installs it"));
        eventually("chromedriver to accept connections", || async move {
            tokio::net::TcpStream::connect(("127.0.0.1", port)).await.ok().map(|_| ())
        })
        .await;
        Self { _child: Some(child), port }
    }

    /// Alice and Bob, each in a browser of their own on `server`'s clock, signed in to it.
    pub async fn alice_and_bob(&self, server: &crate::TestServer) -> (Browser, Browser) {
        let (alice, bob) = (self.browser().await, self.browser().await);
        if server.clock_shift_ms() != 0 {
            alice.shift_clock(server.clock_shift_ms()).await;
            bob.shift_clock(server.clock_shift_ms()).await;
        }
        alice.sign_in(&server.url("/"), "alice").await;
        bob.sign_in(&server.url("/"), "bob").await;
        (alice, bob)
    }

    /// Alice and Bob, signed in to `server` with `room` open.
    pub async fn alice_and_bob_in(&self, server: &crate::TestServer, room: &str) -> (Browser, Browser) {
        let (alice, bob) = self.alice_and_bob(server).await;
        alice.open_room(room).await;
        bob.open_room(room).await;
        (alice, bob)
    }

    /// A new headless browser with its own fresh profile (its own cookies and storage).
    pub async fn browser(&self) -> Browser {
        let profile = tempfile::tempdir().expect("a profile directory");
        let args = [
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
            "--window-size=1280,900",
            // A page left stays live in the back/forward cache, sockets open; tests that count
            // sockets on the server need pages gone when left.
            "--disable-features=BackForwardCache",
        ]
        .into_iter()
        .map(str::to_owned)
        .chain([format!("--user-data-dir={}", profile.path().display())])
        .collect::<Vec<_>>();
        let mut capabilities = serde_json::Map::new();
        capabilities.insert("goog:chromeOptions".into(), json!({ "args": args }));
        let client = ClientBuilder::new(HttpConnector::new())
            .capabilities(capabilities)
            .connect(&format!("http://127.0.0.1:{}", self.port))
            .await
            .expect("a browser session starts");
        Browser { client, _profile: profile }
    }
}

/// One thing the page fetched.
#[derive(Clone, Debug, PartialEq)]
pub struct Fetched {
    pub path: String,
    /// When the fetch started, in milliseconds since the navigation.
    pub start: f64,
    /// The body's size as sent (compressed, if it was).
    pub bytes: u64,
}

/// One browser session.
pub struct Browser {
    pub client: Client,
    _profile: tempfile::TempDir,
}

impl Browser {
    /// Opens `url` and, when it is the app's page with a first screen rendered by the server,
    /// waits until the app has taken it over, so that what a test finds next is the app's.
    pub async fn goto(&self, url: &str) {
        self.client.goto(url).await.expect("navigation");
        self.until_taken_over().await;
    }

    /// Loads the page again, as [`Browser::goto`] does.
    pub async fn reload(&self) {
        self.client.refresh().await.expect("reload");
        self.until_taken_over().await;
    }

    /// Waits until no first screen rendered by the server is left on the page.
    pub async fn until_taken_over(&self) {
        eventually("the app to take over the server's first screen", || async {
            (!self.has("#confab-first").await).then_some(())
        })
        .await;
    }

    pub async fn script(&self, script: &str, args: Vec<Value>) -> Value {
        self.client.execute(script, args).await.expect("script runs")
    }

    /// Runs an asynchronous script: its last argument is the callback that gives its result.
    pub async fn script_async(&self, script: &str, args: Vec<Value>) -> Value {
        self.client.execute_async(script, args).await.expect("script runs")
    }

    /// Makes the page see `prefers-color-scheme: scheme` (`light` or `dark`), as if the system
    /// setting had changed, through chromedriver's DevTools endpoint.
    pub async fn emulate_color_scheme(&self, scheme: &str) {
        let params = json!({ "features": [{ "name": "prefers-color-scheme", "value": scheme }] });
        let command = DevTools { method: "Emulation.setEmulatedMedia", params };
        self.client.issue_cmd(command).await.expect("chromedriver runs the DevTools command");
    }

    /// The page's JavaScript event listeners, counted by Chromium after a full garbage collection.
    pub async fn event_listeners(&self) -> u64 {
        let collect = DevTools { method: "HeapProfiler.collectGarbage", params: json!({}) };
        self.client.issue_cmd(collect).await.expect("chromedriver runs the DevTools command");
        let counters = DevTools { method: "Memory.getDOMCounters", params: json!({}) };
        let counters = self.client.issue_cmd(counters).await.expect("chromedriver runs the DevTools command");
        counters["jsEventListeners"].as_u64().expect("Chromium counts event listeners")
    }

    /// From the next page loaded on, keeps count of the page's pending timers: intervals until
    /// cleared, timeouts until they fire or are cleared (read with [`Browser::pending_timers`]).
    pub async fn track_timers(&self) {
        let source = "(() => { const pending = new Set(); window.__pendingTimers = pending; \
            const { setInterval: si, setTimeout: st, clearInterval: ci, clearTimeout: ct } = window; \
            window.setInterval = function (...a) { const id = si.apply(this, a); pending.add(id); return id; }; \
            window.setTimeout = function (f, ...a) { let id; \
              const run = typeof f === 'function' ? function (...b) { pending.delete(id); return f.apply(this, b); } : f; \
              id = st.call(this, run, ...a); if (run !== f) pending.add(id); return id; }; \
            window.clearInterval = function (id) { pending.delete(id); return ci.call(this, id); }; \
            window.clearTimeout = function (id) { pending.delete(id); return ct.call(this, id); }; })();";
        self.before_each_page(source).await;
    }

    /// Runs `source` in every page loaded from now on, before the page's own scripts.
    pub async fn before_each_page(&self, source: &str) {
        let install = DevTools { method: "Page.addScriptToEvaluateOnNewDocument", params: json!({ "source": source }) };
        self.client.issue_cmd(install).await.expect("chromedriver runs the DevTools command");
    }

    /// Makes the pages loaded from now on see the wall clock `shift_ms` ahead of the real one,
    /// in UTC: a server started [at a moment of its own](crate::TestServer::start_at) and its
    /// pages then agree on what time and what day it is.
    pub async fn shift_clock(&self, shift_ms: i64) {
        self.devtools("Emulation.setTimezoneOverride", json!({ "timezoneId": "UTC" })).await;
        let source = format!(
            "(() => {{ const Real = Date, shift = {shift_ms}; \
              class Shifted extends Real {{ \
                constructor(...a) {{ if (a.length === 0) super(Real.now() + shift); else super(...a); }} \
                static now() {{ return Real.now() + shift; }} }} \
              globalThis.Date = Shifted; }})();"
        );
        self.before_each_page(&source).await;
    }

    /// Sends `headers` with every request from now on (the demo server believes a `userid`
    /// header, so a page can be loaded as a user without the sign-in page).
    pub async fn send_headers(&self, headers: Value) {
        self.devtools("Network.enable", json!({})).await;
        self.devtools("Network.setExtraHTTPHeaders", json!({ "headers": headers })).await;
    }

    /// Makes the network as slow as `latency_ms` of round trip and `down_bits`/`up_bits` per
    /// second, as Chromium's network emulation does (applied to every request).
    pub async fn emulate_network(&self, latency_ms: f64, down_bits: f64, up_bits: f64) {
        self.devtools("Network.enable", json!({})).await;
        let conditions = json!({
            "offline": false, "latency": latency_ms,
            "downloadThroughput": down_bits / 8.0, "uploadThroughput": up_bits / 8.0,
        });
        self.devtools("Network.emulateNetworkConditions", conditions).await;
    }

    /// Ends [`Browser::emulate_network`]: the network as fast as it is.
    pub async fn full_network(&self) {
        let conditions = json!({ "offline": false, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1 });
        self.devtools("Network.emulateNetworkConditions", conditions).await;
    }

    /// Slows the page's CPU down `rate` times (Lighthouse's mobile setting is 4).
    pub async fn throttle_cpu(&self, rate: f64) {
        self.devtools("Emulation.setCPUThrottlingRate", json!({ "rate": rate })).await;
    }

    /// Makes the page's viewport exactly `width` × `height` CSS pixels at one device pixel each
    /// (a window's size would include its frame), as a phone when `phone`.
    pub async fn viewport(&self, width: u32, height: u32, phone: bool) {
        let params = json!({ "width": width, "height": height, "deviceScaleFactor": 1, "mobile": phone });
        self.devtools("Emulation.setDeviceMetricsOverride", params).await;
    }

    /// Runs a Chrome DevTools Protocol command and returns its result.
    pub async fn devtools(&self, method: &'static str, params: Value) -> Value {
        self.client.issue_cmd(DevTools { method, params }).await.expect("chromedriver runs the DevTools command")
    }

    /// Makes every request whose URL matches one of `patterns` (`*` wildcards) fail, as a
    /// network that drops them would; an empty list lets everything through again.
    pub async fn block_urls(&self, patterns: &[&str]) {
        self.devtools("Network.enable", json!({})).await;
        self.devtools("Network.setBlockedURLs", json!({ "urls": patterns })).await;
    }

    /// What the page has fetched, as the browser's resource timing records it: the page itself
    /// and every resource, with the path, when it started (ms since navigation) and its body's
    /// size on the wire.
    pub async fn fetched(&self) -> Vec<Fetched> {
        let entries = self
            .script(
                "return performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))
                   .map(e => ({ url: e.name, start: e.startTime, bytes: e.encodedBodySize }))",
                vec![],
            )
            .await;
        let entries: Vec<Value> = serde_json::from_value(entries).unwrap_or_default();
        entries
            .into_iter()
            .map(|e| Fetched {
                path: url::Url::parse(e["url"].as_str().unwrap_or_default())
                    .map(|u| u.path().to_owned())
                    .unwrap_or_default(),
                start: e["start"].as_f64().unwrap_or_default(),
                bytes: e["bytes"].as_u64().unwrap_or_default(),
            })
            .collect()
    }

    /// The time (ms since navigation) of the page's first performance mark `name`, if made.
    pub async fn mark(&self, name: &str) -> Option<f64> {
        let at = self
            .script(
                "const m = performance.getEntriesByName(arguments[0])[0]; return m ? m.startTime : null",
                vec![json!(name)],
            )
            .await;
        at.as_f64()
    }

    /// The page's pending timers, counted since it loaded (see [`Browser::track_timers`]).
    pub async fn pending_timers(&self) -> u64 {
        let count = self.script("return window.__pendingTimers ? window.__pendingTimers.size : null", vec![]).await;
        count.as_u64().expect("the page was loaded after track_timers")
    }

    /// Waits until the page has no pending timer left (see [`Browser::track_timers`]).
    pub async fn until_no_timer_is_pending(&self) {
        eventually("the page's pending timers to drop to 0", || async {
            (self.pending_timers().await == 0).then_some(())
        })
        .await;
    }

    /// The chat credentials the config endpoint gives the page's user (`{userId, userToken}`),
    /// asked from the current page of the chat server.
    pub async fn chat_credentials(&self) -> Value {
        let script = "const done = arguments[0]; \
            fetch('/chat/config?clientType=web').then(r => r.json()).then(c => done(c.authentication));";
        self.client.execute_async(script, vec![]).await.expect("the config request runs")
    }

    /// Calls REST `/api/v1/<path>` as the page's user, with the credentials its config gives:
    /// POST with `body`, GET without. Answers `{status, body}`.
    pub async fn api(&self, path: &str, body: Option<Value>) -> Value {
        let script = "const [path, body, done] = arguments; \
            fetch('/chat/config?clientType=web').then(r => r.json()).then(c => c.authentication) \
            .then(a => fetch('/api/v1/' + path, { method: body === null ? 'GET' : 'POST', \
                headers: { 'X-User-Id': a.userId, 'X-Auth-Token': a.userToken, 'Content-Type': 'application/json' }, \
                body: body === null ? undefined : JSON.stringify(body) })) \
            .then(async r => done({ status: r.status, body: await r.json() }), e => done({ error: String(e) }));";
        self.client.execute_async(script, vec![json!(path), body.unwrap_or(Value::Null)]).await.expect("the call runs")
    }

    /// The Realtime sockets open on the server at `app` (its `statistics`, asked as `admin`, from
    /// a page the server allows).
    pub async fn open_sockets(&self, app: &str, admin: &Value) -> u64 {
        let script = "const [url, user, done] = arguments; \
            fetch(url, {headers: {'X-User-Id': user.userId, 'X-Auth-Token': user.userToken}}) \
            .then(r => r.json()).then(b => done(b.openSockets), e => done(String(e)));";
        let url = format!("{app}/api/v1/statistics");
        let count = self.client.execute_async(script, vec![json!(url), admin.clone()]).await.expect("the call runs");
        count.as_u64().unwrap_or_else(|| panic!("statistics: {count}"))
    }

    /// Resizes the browser window (the page's viewport follows).
    pub async fn resize(&self, width: u32, height: u32) {
        self.client.set_window_size(width, height).await.expect("resizing the window");
    }

    /// Presses `keys` (text or a `fantoccini::key::Key`) in whatever has the focus, as the
    /// keyboard does: a modifier (Shift, Control, Alt, Meta) is held down until the end. (Keys
    /// sent to a file input would name a file to choose instead.)
    pub async fn press(&self, keys: &str) {
        use fantoccini::actions::{InputSource, KeyAction, KeyActions};
        use fantoccini::key::Key;
        let modifiers = [Key::Shift, Key::Control, Key::Alt, Key::Meta].map(char::from);
        let mut actions = KeyActions::new("keyboard".into());
        let mut held = Vec::new();
        for value in keys.chars() {
            actions = actions.then(KeyAction::Down { value });
            if modifiers.contains(&value) {
                held.push(value);
            } else {
                actions = actions.then(KeyAction::Up { value });
            }
        }
        for value in held.into_iter().rev() {
            actions = actions.then(KeyAction::Up { value });
        }
        self.client.perform_actions(actions).await.expect("pressing keys");
    }

    /// Waits until the focused element matches `css`; fails saying `what` was expected.
    pub async fn gets_focus(&self, css: &str, what: &str) {
        eventually(&format!("the focus on {css}: {what}"), || async { self.focused(css).await.then_some(()) }).await;
    }

    /// Whether the focused element matches `css`.
    pub async fn focused(&self, css: &str) -> bool {
        self.script(
            "return document.activeElement !== null && document.activeElement.matches(arguments[0])",
            vec![json!(css)],
        )
        .await
            == json!(true)
    }

    /// Whether an element matches `css` now.
    pub async fn has(&self, css: &str) -> bool {
        self.script("return document.querySelector(arguments[0]) !== null", vec![json!(css)]).await == json!(true)
    }

    /// Moves the mouse to the page's top-left corner, where it hovers over nothing: a click leaves
    /// it where it was, over whatever the next view puts there.
    pub async fn rest_pointer(&self) {
        use fantoccini::actions::{InputSource, MouseActions, PointerAction};
        let away = MouseActions::new("mouse".into()).then(PointerAction::MoveTo { duration: None, x: 0.0, y: 0.0 });
        self.client.perform_actions(away).await.expect("the mouse moves");
    }

    /// Waits for an element matching `css` and clicks it.
    pub async fn click(&self, css: &str) {
        let element = eventually(&format!("an element matching {css}"), || async move {
            self.client.find(Locator::Css(css)).await.ok()
        })
        .await;
        element.click().await.expect("click");
    }

    pub async fn wait_for(&self, css: &str) {
        eventually(&format!("an element matching {css}"), || async move { self.has(css).await.then_some(()) }).await;
    }

    /// Signs in on the demo page as `username` and waits for the room list.
    pub async fn sign_in(&self, base: &str, username: &str) {
        self.goto(base).await;
        self.click(&format!("form[action='/demo/sign-in'] input[value='{username}'] + button")).await;
        // The page signed into may be one the server rendered: the app's, once it has taken over.
        self.wait_for(".room-list").await;
        self.until_taken_over().await;
    }

    /// Opens room `name` from the list and waits for its messages.
    pub async fn open_room(&self, name: &str) {
        self.choose_room(name).await;
        // Loaded: messages, or the empty room's invitation (the loading line carries role=status).
        self.wait_for(".room-view .messages, .room-view p.timeline-status:not([role])").await;
    }

    /// Chooses room `name` in the list, however it shows (the room itself, or a frame).
    pub async fn choose_room(&self, name: &str) {
        let entry = format!(".room-entry[data-room-name='{name}']");
        // A click that lands while the list is put in the page anew (as a sign-in's first
        // subscriptions arrive) can miss: it is repeated until the entry is the current one (or,
        // in a layout that hides the list once a room is open, until a room is open).
        let chosen = || async {
            let script = "const entry = document.querySelector(arguments[0]); \
                 return entry ? entry.getAttribute('aria-current') === 'page' : document.querySelector('.room-view') !== null";
            self.script(script, vec![json!(entry)]).await == json!(true)
        };
        eventually(&format!("{entry} to become the current room"), || async {
            if !chosen().await {
                self.click(&entry).await;
            }
            for _ in 0..40 {
                if chosen().await {
                    return Some(());
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            None
        })
        .await;
    }

    /// Types `text` into the composer inside `scope` (a CSS selector) and presses Enter.
    pub async fn send_in(&self, scope: &str, text: &str) {
        let input =
            self.client.find(Locator::Css(&format!("{scope} textarea.composer-input"))).await.expect("a composer");
        input.send_keys(text).await.expect("typing");
        input.send_keys(&fantoccini::key::Key::Enter.to_string()).await.expect("pressing Enter");
    }

    /// Types `text` into the composer without sending it.
    pub async fn type_text(&self, text: &str) {
        let input = self.client.find(Locator::Css("textarea.composer-input")).await.expect("a composer");
        input.send_keys(text).await.expect("typing");
    }

    /// The presence the room list shows for the direct room with `username`.
    pub async fn presence_dot(&self, username: &str) -> Option<String> {
        let css = format!(".room-entry[data-room-name='{username}'] .presence");
        let shown = self
            .script("return document.querySelector(arguments[0])?.dataset.presence ?? null", vec![json!(css)])
            .await;
        shown.as_str().map(str::to_owned)
    }

    /// Waits until the room list shows `username`'s direct room with presence `status`.
    pub async fn shows_presence(&self, username: &str, status: &str) {
        eventually(&format!("{username} to show {status}"), || async {
            (self.presence_dot(username).await.as_deref() == Some(status)).then_some(())
        })
        .await;
    }

    /// Types `text` into the composer and presses Enter.
    pub async fn send(&self, text: &str) {
        self.type_text(&format!("{text}{}", fantoccini::key::Key::Enter)).await;
    }

    /// The text of the first element matching `css`, or empty.
    pub async fn text_of(&self, css: &str) -> String {
        let text = self
            .script("const e = document.querySelector(arguments[0]); return e ? e.textContent : ''", vec![json!(css)])
            .await;
        text.as_str().unwrap_or_default().to_owned()
    }

    /// How many messages in the open room read exactly `text`.
    pub async fn count_messages(&self, text: &str) -> usize {
        let count = self
            .script(
                "return Array.from(document.querySelectorAll('.message-text')).filter(e => e.textContent === arguments[0]).length",
                vec![json!(text)],
            )
            .await;
        count.as_u64().unwrap_or(0) as usize
    }

    /// Waits until exactly one message reads `text`.
    pub async fn sees_once(&self, text: &str) {
        eventually(&format!("exactly one message reading {text:?}"), || async move {
            (self.count_messages(text).await == 1).then_some(())
        })
        .await;
    }

    /// The delivery state (`pending`, `sent`, `failed`) of the message reading `text`.
    pub async fn delivery_of(&self, text: &str) -> Option<String> {
        let state = self
            .script(
                "const m = Array.from(document.querySelectorAll('.message')).find(m => m.querySelector('.message-text')?.textContent === arguments[0]); return m ? m.dataset.delivery : null",
                vec![json!(text)],
            )
            .await;
        state.as_str().map(str::to_owned)
    }

    /// The texts of the open room's messages matching the regular expression `pattern`, in the
    /// order shown.
    pub async fn message_texts(&self, pattern: &str) -> Vec<String> {
        let texts = self
            .script(
                "const re = new RegExp(arguments[0]); return Array.from(document.querySelectorAll('.room-view .message-text')).map(e => e.textContent).filter(t => re.test(t))",
                vec![json!(pattern)],
            )
            .await;
        serde_json::from_value(texts).unwrap_or_default()
    }

    /// Clicks, by script, the element matching `css` inside the first message whose text contains
    /// `text`, once the mouse is over that message (its actions exist only then).
    pub async fn click_in_message(&self, text: &str, css: &str) {
        self.hover_message(text).await;
        let script = format!(
            "{FIND_MESSAGE} const e = m && m.querySelector(arguments[1]); if (e) {{ e.click(); return true; }} return false;"
        );
        eventually(&format!("{css} in the message {text:?}"), || async {
            (self.script(&script, vec![json!(text), json!(css)]).await == json!(true)).then_some(())
        })
        .await;
    }

    /// Moves the mouse over the first message whose text contains `text` (scrolled into view if
    /// it is not), as a person does before using a message's actions: they exist only on the
    /// message under the pointer or holding the focus.
    pub async fn hover_message(&self, text: &str) {
        self.hover_message_in("", text).await;
    }

    /// [`Self::hover_message`] for a message inside the element matching `scope` (one app of
    /// several on a page).
    pub async fn hover_message_in(&self, scope: &str, text: &str) {
        use fantoccini::actions::{InputSource, MouseActions, PointerAction};
        let script = format!("{FIND_MESSAGE} if (m) m.scrollIntoView({{block: 'nearest'}}); return m ?? null;");
        let found = eventually(&format!("the message {text:?}"), || async {
            let found = self.script(&script, vec![json!(text), json!(null), json!(scope)]).await;
            let id = found.as_object()?.values().next()?.as_str()?.to_owned();
            Some(fantoccini::elements::Element::from_element_id(self.client.clone(), id.into()))
        })
        .await;
        let over = PointerAction::MoveToElement { element: found, duration: None, x: 0.0, y: 0.0 };
        self.client.perform_actions(MouseActions::new("mouse".into()).then(over)).await.expect("the mouse moves");
    }

    /// Whether the first message whose text contains `text`, hovered, offers the action matching
    /// `css` once its actions are shown.
    pub async fn offers_in_message(&self, text: &str, css: &str) -> bool {
        self.hover_message(text).await;
        let script = format!(
            "{FIND_MESSAGE} return m?.querySelector('.message-actions') ? m.querySelector(arguments[1]) !== null : null;"
        );
        eventually(&format!("the actions of the message {text:?}"), || async {
            self.script(&script, vec![json!(text), json!(css)]).await.as_bool()
        })
        .await
    }

    /// Waits until every message reading one of `texts` is confirmed by the server: one script
    /// per poll, however many there are.
    pub async fn all_confirmed(&self, texts: &[String]) {
        let script = "const wanted = new Set(arguments[0]); \
            const states = Array.from(document.querySelectorAll('.message')) \
              .filter(m => wanted.has(m.querySelector('.message-text')?.textContent)) \
              .map(m => [m.querySelector('.message-text').textContent, m.dataset.delivery]); \
            return states.filter(([, state]) => state !== 'sent').map(([text]) => text) \
              .concat(arguments[0].filter(t => !states.some(([text]) => text === t)));";
        let mut unconfirmed: Vec<String> = Vec::new();
        let confirmed = tokio::time::timeout(crate::TIMEOUT, async {
            loop {
                unconfirmed = serde_json::from_value(self.script(script, vec![json!(texts)]).await).unwrap_or_default();
                if unconfirmed.is_empty() {
                    return;
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        })
        .await;
        assert!(confirmed.is_ok(), "not confirmed after {:?}: {unconfirmed:?}", crate::TIMEOUT);
    }

    /// Waits until the message reading `text` is confirmed by the server.
    pub async fn confirmed(&self, text: &str) {
        eventually(&format!("the message {text:?} to be confirmed"), || async move {
            (self.delivery_of(text).await.as_deref() == Some("sent")).then_some(())
        })
        .await;
    }

    pub async fn close(self) {
        let _ = tokio::time::timeout(Duration::from_secs(10), self.client.close()).await;
    }
}

/// A Chrome DevTools Protocol command, sent through chromedriver's `goog/cdp/execute` endpoint.
#[derive(Debug)]
struct DevTools {
    method: &'static str,
    params: Value,
}

impl fantoccini::wd::WebDriverCompatibleCommand for DevTools {
    fn endpoint(&self, base_url: &url::Url, session_id: Option<&str>) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!("session/{}/goog/cdp/execute", session_id.unwrap_or_default()))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(json!({ "cmd": self.method, "params": self.params }).to_string()))
    }
}
