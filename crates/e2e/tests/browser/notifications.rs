//! Desktop notifications in headless Chromium, against the real server, with the permission
//! granted through the DevTools protocol and every notification the page creates recorded: a
//! mention in a background room notifies; the open room of a focused page does not; a muted room
//! and a room set to "nothing" do not; clicking a notification opens its message; a chime sounds
//! with each, unless muted in Settings. The page's title counts what waits and clears once it is
//! read. axe finds nothing in the room's notification choice nor in Settings.

use confab_e2e::{Browser, Chromedriver, TestServer, axe, eventually};
use serde_json::{Value, json};

/// Records each notification the page creates (the real one is still created), and counts the
/// notes of the chime that goes with it.
const RECORD_NOTIFICATIONS: &str = "window.__notes = []; const Real = window.Notification;
    window.Notification = class extends Real {
        constructor(title, options) { super(title, options); window.__notes.push({ title, body: options && options.body, shown: this }); }
    };
    window.__tones = 0; const tone = AudioContext.prototype.createOscillator;
    AudioContext.prototype.createOscillator = function () { window.__tones++; return tone.call(this); };";

async fn tones(browser: &Browser) -> u64 {
    browser.script("return window.__tones", vec![]).await.as_u64().unwrap_or(0)
}

async fn notes(browser: &Browser) -> Vec<String> {
    let bodies = browser.script("return window.__notes.map(n => n.body)", vec![]).await;
    serde_json::from_value(bodies).unwrap_or_default()
}

/// Waits for the next notification the page creates, and returns its text.
async fn next_note(browser: &Browser, seen: &mut usize) -> String {
    let text = eventually("a notification", || async { notes(browser).await.get(*seen).cloned() }).await;
    *seen += 1;
    text
}

/// A browser whose pages may show notifications (granted as a user would, through DevTools), and
/// which records those they create.
async fn allowed_to_notify(driver: &Chromedriver, server: &TestServer) -> Browser {
    let browser = driver.browser().await;
    browser.before_each_page(RECORD_NOTIFICATIONS).await;
    let origin = server.url("").trim_end_matches('/').to_owned();
    browser.devtools("Browser.grantPermissions", json!({"permissions": ["notifications"], "origin": origin})).await;
    browser
}

async fn send(browser: &Browser, rid: &str, text: &str) {
    let sent = browser.api("chat.sendMessage", Some(json!({"message": {"rid": rid, "msg": text}}))).await;
    assert_eq!(sent["status"], 200, "{sent}");
}

fn rid_of(rooms: &Value, name: &str) -> String {
    rooms["body"]["update"].as_array().unwrap().iter().find(|s| s["name"] == name).unwrap()["rid"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn choose(browser: &Browser, room: &str, value: &str) {
    browser.open_room(room).await;
    browser.click(".room-notifications .menu-button:not([disabled])").await;
    browser.click(&format!(".room-notifications .menu-item[data-key='{value}']")).await;
    browser.gets_focus(".room-notifications .menu-button", "a pick gives the focus back to the menu's button").await;
    eventually("the choice to be stored", || async {
        let read = browser.api(&format!("subscriptions.getOne?roomId={}", room_id(browser, room).await), None).await;
        let stored = &read["body"]["subscription"];
        let now = if stored["disableNotifications"] == true {
            "muted"
        } else {
            stored["desktopNotifications"].as_str().unwrap_or("default")
        };
        (now == value).then_some(())
    })
    .await;
}

async fn room_id(browser: &Browser, name: &str) -> String {
    rid_of(&browser.api("subscriptions.get", None).await, name)
}

async fn title(browser: &Browser) -> String {
    browser.script("return document.title", vec![]).await.as_str().unwrap_or_default().to_owned()
}

/// The count a title shows (`(3) Chat` → 3), and the title without it.
fn badge(title: &str) -> (u32, &str) {
    title
        .strip_prefix('(')
        .and_then(|rest| rest.split_once(") "))
        .and_then(|(n, plain)| Some((n.parse().ok()?, plain)))
        .unwrap_or((0, title))
}

#[tokio::test(flavor = "multi_thread")]
async fn notifications_follow_the_rooms_choices_and_a_click_opens_the_message() {
    let data = tempfile::tempdir().unwrap();
    // Each REST call from a page reads the config, which mints a token: more than the default allows.
    let server = TestServer::start_with(data.path(), 0, &["--mint-rate-per-minute", "1000"]).await;
    let driver = Chromedriver::start().await;
    let alice = driver.browser().await;
    alice.sign_in(&server.url("/"), "alice").await;
    let bob = allowed_to_notify(&driver, &server).await;
    bob.devtools("Emulation.setFocusEmulationEnabled", json!({"enabled": true})).await;
    bob.sign_in(&server.url("/"), "bob").await;
    // The seed left bob one unread direct message: the title counts it.
    let first_title = eventually("the title to count the unread direct message", || async {
        let now = title(&bob).await;
        (badge(&now).0 == 1).then_some(now)
    })
    .await;
    let plain_title = badge(&first_title).1.to_owned();
    let (general, direct) = (room_id(&alice, "general").await, room_id(&alice, "bob").await);
    bob.open_room("random").await;
    bob.wait_for(".chat-layout[data-connection='online']").await;
    let mut seen = 0;

    // A mention in a room in the background notifies.
    send(&alice, &general, "@bob the build is green").await;
    assert_eq!(next_note(&bob, &mut seen).await, "Alice Liddell: @bob the build is green");
    assert_eq!(tones(&bob).await, 2, "a two-note chime sounds with it");
    let counted = eventually("the title to count the mention too", || async {
        let now = title(&bob).await;
        (badge(&now).0 == 2).then_some(now)
    })
    .await;
    assert_eq!(counted, format!("(2) {plain_title}"));

    // The open room of a focused page does not; what comes next is the direct message.
    let random = room_id(&alice, "random").await;
    send(&alice, &random, "@bob you are looking at this").await;
    send(&alice, &direct, "a word in private").await;
    assert_eq!(next_note(&bob, &mut seen).await, "a word in private", "the open, focused room did not notify");

    // A muted room, and a room set to "nothing", do not.
    choose(&bob, "general", "muted").await;
    let violations = axe::check(&bob, "a room with its notification choice").await;
    assert!(violations.is_empty(), "axe: {violations:?}");
    bob.open_room("random").await;
    send(&alice, &general, "@bob muted room").await;
    send(&alice, &direct, "after the muted room").await;
    assert_eq!(next_note(&bob, &mut seen).await, "after the muted room", "a muted room did not notify");
    choose(&bob, "general", "nothing").await;
    bob.open_room("random").await;
    send(&alice, &general, "@bob nobody home").await;
    send(&alice, &direct, "after nothing").await;
    assert_eq!(next_note(&bob, &mut seen).await, "after nothing", "\"nothing\" silenced the room");

    // Muted in Settings: the notification comes, the chime does not.
    let before = tones(&bob).await;
    bob.click(".open-settings").await;
    bob.wait_for(".settings .sound-muted").await;
    let violations = axe::check(&bob, "Settings with notifications and sound").await;
    assert!(violations.is_empty(), "axe: {violations:?}");
    bob.click(".settings .sound-muted").await;
    bob.click(".settings .close-settings").await;
    send(&alice, &direct, "quietly now").await;
    assert_eq!(next_note(&bob, &mut seen).await, "quietly now");
    assert_eq!(tones(&bob).await, before, "no chime once the sound is muted");

    // Back to the default; a click on the notification opens its message.
    choose(&bob, "general", "default").await;
    bob.open_room("random").await;
    send(&alice, &general, "@bob open me").await;
    assert_eq!(next_note(&bob, &mut seen).await, "Alice Liddell: @bob open me");
    bob.script("window.__notes[window.__notes.length - 1].shown.dispatchEvent(new Event('click'))", vec![]).await;
    eventually("the message to open highlighted", || async {
        (bob.text_of(".message[data-highlighted] .message-text").await == "@bob open me").then_some(())
    })
    .await;

    // Read everything: the title is plain again.
    bob.open_room("alice").await;
    bob.open_room("general").await;
    eventually("the title to clear", || async { (title(&bob).await == plain_title).then_some(()) }).await;
    println!("notifications: {:?}; title {first_title:?}, then {counted:?}, then {plain_title:?}", notes(&bob).await);

    alice.close().await;
    bob.close().await;
    server.kill().await;
}

/// A host's page with Confab as a `<confab-chat>` element.
fn host_page() -> String {
    let index = TestServer::app_index();
    let head = &index[..index.find("</head>").expect("the app's index.html has a head")];
    format!(
        "{head}</head><body><confab-chat id=\"chat\" room=\"random\" style=\"height: 500px\"></confab-chat></body></html>"
    )
}

#[tokio::test(flavor = "multi_thread")]
async fn an_app_in_a_hosts_page_leaves_notifications_and_the_title_to_the_host() {
    let data = tempfile::tempdir().unwrap();
    let app = TestServer::app_with_pages(data.path(), &[("host.html", &host_page())]);
    let server = TestServer::serving(&app, data.path(), 0, &["--mint-rate-per-minute", "1000"]).await;
    let driver = Chromedriver::start().await;
    let alice = driver.browser().await;
    alice.sign_in(&server.url("/"), "alice").await;
    let bob = allowed_to_notify(&driver, &server).await;
    bob.sign_in(&server.url("/"), "bob").await;
    bob.goto(&server.url("/host.html")).await;
    let in_element = |script: &'static str| {
        let bob = &bob;
        async move {
            bob.script(&format!("const root = document.getElementById('chat').shadowRoot; {script}"), vec![]).await
        }
    };
    eventually("the element's room list", || async {
        (in_element("return !!(root && root.querySelector('.room-entry'));").await == json!(true)).then_some(())
    })
    .await;
    eventually("the element's live connection", || async {
        (in_element("return !!root.querySelector(\".chat-layout[data-connection='online']\");").await == json!(true))
            .then_some(())
    })
    .await;

    // A mention in a background room: the element's list counts it, and no notification comes.
    let hosts_title = title(&bob).await;
    let general = room_id(&alice, "general").await;
    send(&alice, &general, "@bob seen from a host's page").await;
    eventually("the mention to be counted in the element's list", || async {
        let badge =
            in_element("return !!root.querySelector(\".room-entry[data-room-name='general'] .mention-badge\");").await;
        (badge == json!(true)).then_some(())
    })
    .await;
    // A later message on the same socket shows: the mention's notification event came before it.
    let random = room_id(&alice, "random").await;
    send(&alice, &random, "the barrier").await;
    eventually("the later message in the element", || async {
        let shown = in_element(
            "return Array.from(root.querySelectorAll('.message-text')).some(e => e.textContent === 'the barrier');",
        )
        .await;
        (shown == json!(true)).then_some(())
    })
    .await;
    assert!(notes(&bob).await.is_empty(), "no desktop notification unless the config turns them on");
    assert_eq!(title(&bob).await, hosts_title, "the host's title is left alone");
    assert!(!hosts_title.starts_with('('), "no count was ever put in it: {hosts_title:?}");

    alice.close().await;
    bob.close().await;
    server.kill().await;
}
