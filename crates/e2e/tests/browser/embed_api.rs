//! Confab framed by a third party's page, through Rocket.Chat's postMessage API: commands are
//! obeyed only from the origin on the allow-list and only when well-formed, and events go to the
//! configured origin and nowhere else. The host page is on `localhost`, another site than the chat server on
//! `127.0.0.1`, so the framed app gets no cookie and is signed in only by `login-with-token`.

use confab_e2e::{Browser, Chromedriver, HostSite, TestServer, eventually, free_port};
use serde_json::{Value, json};

/// The host: records every event with the origin it came from, and can send commands itself or
/// have a frame of another origin (`sender.html`) send them.
const HOST: &str = r#"<!doctype html><html><body>
<script>
window.events = []; window.relayed = 0;
addEventListener('message', (e) => {
  if (e.data === 'relayed') { window.relayed += 1; return; }
  if (e.data === 'barrier') { window.barrier = true; return; }
  if (e.data && e.data.eventName) window.events.push({origin: e.origin, name: e.data.eventName, data: e.data.data});
});
window.command = (c) => document.getElementById('chat').contentWindow.postMessage(c, 'APP');
window.relay = (c) => document.getElementById('sender').contentWindow.postMessage({relay: c}, '*');
window.api = async (path, user, body) => {
  const headers = {'X-User-Id': user.userId, 'X-Auth-Token': user.userToken, 'Content-Type': 'application/json'};
  const init = body ? {method: 'POST', headers, body: JSON.stringify(body)} : {headers};
  const response = await fetch('APP/api/v1/' + path, init);
  return {status: response.status, body: await response.json()};
};
</script>
<iframe id="chat" src="APP/?layout=embedded&room=general" style="width:900px;height:600px"></iframe>
<iframe id="sender" src="SENDER/sender.html"></iframe>
</body></html>"#;

/// A frame of an origin not on the allow-list that passes on what the host gives it.
const SENDER: &str = r#"<!doctype html><script>
addEventListener('message', (e) => {
  if (!e.data || !e.data.relay) return;
  parent.frames[0].postMessage(e.data.relay, 'APP');
  parent.postMessage('relayed', '*');
});
</script>"#;

async fn events(browser: &Browser, name: &str) -> Vec<Value> {
    let all = browser.script("return window.events", vec![]).await;
    all.as_array().into_iter().flatten().filter(|e| e["name"] == name).cloned().collect()
}

async fn wait_for_event(browser: &Browser, name: &str, count: usize) -> Vec<Value> {
    eventually(&format!("{count} {name} event(s)"), || async {
        let found = events(browser, name).await;
        (found.len() >= count).then_some(found)
    })
    .await
}

/// `/api/v1/<path>` as `user`, from the host page (the server allows its origin).
async fn api(browser: &Browser, path: &str, user: &Value, body: Value) -> Value {
    let script =
        "const [path, user, body, done] = arguments; api(path, user, body).then(done, (e) => done(String(e)));";
    browser.client.execute_async(script, vec![json!(path), user.clone(), body]).await.expect("the call runs")
}

/// The status `user` chose (what `set-user-status` sets), as `me` tells them.
async fn status_of(browser: &Browser, user: &Value) -> Value {
    api(browser, "me", user, Value::Null).await["body"]["statusDefault"].clone()
}

/// The framed app's visible state, read inside the frame.
async fn frame_has(browser: &Browser, css: &str) -> bool {
    browser.client.enter_frame(0).await.expect("entering the chat frame");
    let found = browser.has(css).await;
    browser.client.enter_parent_frame().await.expect("leaving the frame");
    found
}

#[tokio::test(flavor = "multi_thread")]
async fn a_framed_room_obeys_only_its_allowed_origin_and_tells_only_it() {
    let site_dir = tempfile::tempdir().unwrap();
    let site = HostSite::serve(site_dir.path()).await;
    let host_origin = site.url("localhost", "");
    let data = tempfile::tempdir().unwrap();
    let branding = data.path().join("branding.json");
    let embed = json!({"embed": {"allowedOrigins": [host_origin], "targetOrigin": host_origin}});
    std::fs::write(&branding, embed.to_string()).unwrap();
    let branding = branding.to_string_lossy().into_owned();
    // The host's other origin may frame the app (to show below that it hears no event).
    let other_origin = site.url("127.0.0.1", "");
    let ancestors = format!("'self',{other_origin}");
    let args = ["--branding", &branding, "--allowed-origin", &host_origin, "--frame-ancestor", &ancestors];
    let server = TestServer::start_with(data.path(), 0, &args).await;
    let app_origin = server.url("");
    for (name, page) in [("host.html", HOST), ("sender.html", SENDER)] {
        let page = page.replace("APP", &app_origin).replace("SENDER", &site.url("127.0.0.1", ""));
        std::fs::write(site_dir.path().join(name), page).unwrap();
    }

    let driver = Chromedriver::start().await;
    let browser = driver.browser().await;
    // The host backend's part: credentials for its users (the demo server believes the header).
    browser.goto(&server.url("/demo")).await;
    let credentials = "const [user, done] = arguments; \
        fetch('/chat/config?clientType=web', {headers: {userid: user}}).then(r => r.json()).then(c => done(c.authentication));";
    let alice = browser.client.execute_async(credentials, vec![json!("alice")]).await.unwrap();
    let bob = browser.client.execute_async(credentials, vec![json!("bob")]).await.unwrap();

    browser.goto(&site.url("localhost", "/host.html")).await;
    let startup = wait_for_event(&browser, "startup", 1).await;
    assert_eq!(startup[0]["origin"], json!(app_origin), "events come from the app's origin");
    eventually("the framed app to wait for a sign-in", || async {
        frame_has(&browser, ".status-screen").await.then_some(())
    })
    .await;

    // A login-with-token without a token, or with one that is not a string, does nothing; the
    // same command with a token from an origin not on the list does nothing either.
    for bad in
        [json!({"externalCommand": "login-with-token"}), json!({"externalCommand": "login-with-token", "token": 42})]
    {
        browser.script("command(arguments[0])", vec![bad]).await;
    }
    let from_elsewhere = json!({"externalCommand": "login-with-token", "token": alice["userToken"]});
    browser.script("relay(arguments[0])", vec![from_elsewhere]).await;
    eventually("the other origin's frame to pass it on", || async {
        (browser.script("return window.relayed", vec![]).await == json!(1)).then_some(())
    })
    .await;
    // The host's own login, sent after those, is the first to take effect: the room opens once.
    let login = json!({"externalCommand": "login-with-token", "token": bob["userToken"]});
    browser.script("command(arguments[0])", vec![login]).await;
    let opened = wait_for_event(&browser, "room-opened", 1).await;
    assert_eq!(opened[0]["data"]["name"], "general");
    eventually("the room to show in the frame", || async { frame_has(&browser, ".room-view").await.then_some(()) })
        .await;

    // Commands from the other origin are ignored even when signed in; the host's next command
    // is the barrier that shows they were handled and dropped.
    for command in [
        json!({"externalCommand": "go", "path": "/channel/general"}),
        json!({"externalCommand": "set-user-status", "status": "away"}),
        json!({"externalCommand": "logout"}),
    ] {
        browser.script("relay(arguments[0])", vec![command]).await;
    }
    eventually("the other origin's commands to be sent", || async {
        (browser.script("return window.relayed", vec![]).await == json!(4)).then_some(())
    })
    .await;
    browser.script("command(arguments[0])", vec![json!({"externalCommand": "go", "path": "/channel/random"})]).await;
    let opened = wait_for_event(&browser, "room-opened", 2).await;
    let names: Vec<&Value> = opened.iter().map(|e| &e["data"]["name"]).collect();
    assert_eq!(names, [&json!("general"), &json!("random")], "the other origin's go did nothing");
    assert_eq!(status_of(&browser, &bob).await, "online", "nor did its set-user-status");
    assert!(frame_has(&browser, ".room-view").await, "nor its logout");
    assert_eq!(status_of(&browser, &alice).await, "online");

    // The allowed origin's commands take effect.
    browser
        .script("command(arguments[0])", vec![json!({"externalCommand": "set-user-status", "status": "busy"})])
        .await;
    eventually("bob to be busy", || async { (status_of(&browser, &bob).await == "busy").then_some(()) }).await;

    // Events: a new message in the open room, a notification for a mention, the unread total.
    let unread_before = events(&browser, "unread-changed").await.len();
    let general = api(&browser, "rooms.get", &alice, Value::Null).await["body"]["update"]
        .as_array()
        .and_then(|rooms| rooms.iter().find(|r| r["name"] == "general").map(|r| r["_id"].clone()))
        .expect("alice is in general");
    let sent =
        api(&browser, "chat.sendMessage", &alice, json!({"message": {"rid": general, "msg": "hello @bob"}})).await;
    assert_eq!(sent["status"], 200, "{sent}");
    browser.script("command(arguments[0])", vec![json!({"externalCommand": "go", "path": "/channel/general"})]).await;
    wait_for_event(&browser, "room-opened", 3).await;
    let second =
        api(&browser, "chat.sendMessage", &alice, json!({"message": {"rid": general, "msg": "in the open room"}}))
            .await;
    assert_eq!(second["status"], 200, "{second}");
    let messages = wait_for_event(&browser, "new-message", 1).await;
    assert_eq!(messages[0]["data"]["msg"], "in the open room");
    assert_eq!(messages[0]["data"]["u"]["username"], "alice");
    let notifications = wait_for_event(&browser, "notification", 1).await;
    assert_eq!(notifications[0]["data"]["notification"]["text"], "hello @bob");
    assert_eq!(notifications[0]["data"]["notification"]["payload"]["rid"], general);
    let unread = events(&browser, "unread-changed").await;
    assert!(unread.len() > unread_before, "the unread total was told as it moved: {unread:?}");
    assert!(unread.iter().all(|e| e["data"].is_u64()), "{unread:?}");

    // A permalink's `go` opens its message highlighted in its room.
    let linked =
        api(&browser, "chat.sendMessage", &alice, json!({"message": {"rid": general, "msg": "the linked one"}})).await;
    let id = linked["body"]["message"]["_id"].as_str().expect("the message's id").to_owned();
    for _ in 0..3 {
        api(&browser, "chat.sendMessage", &alice, json!({"message": {"rid": general, "msg": "after it"}})).await;
    }
    let path = format!("/channel/general?msg={id}");
    browser.script("command(arguments[0])", vec![json!({"externalCommand": "go", "path": path})]).await;
    eventually("the linked message to show highlighted in the frame", || async {
        frame_has(&browser, &format!(".message[data-highlighted][data-message-id='{id}']")).await.then_some(())
    })
    .await;

    let all = browser.script("return window.events", vec![]).await;
    assert!(all.as_array().unwrap().iter().all(|e| e["origin"] == json!(app_origin)), "{all}");

    // logout signs the app out and revokes the token.
    browser.script("command(arguments[0])", vec![json!({"externalCommand": "logout"})]).await;
    eventually("the frame to sign out", || async { frame_has(&browser, ".status-screen").await.then_some(()) }).await;
    eventually("bob's token to be revoked", || async {
        (api(&browser, "me", &bob, Value::Null).await["status"] == 401).then_some(())
    })
    .await;
    assert_eq!(api(&browser, "me", &alice, Value::Null).await["status"], 200);

    // The same page at an origin that is not embed.targetOrigin hears nothing. Signed in (this
    // origin is the chat server's site, so the frame gets the cookie), the app opens its room and
    // posts startup, room-opened and unread-changed; then a message posted from inside the frame,
    // after them and so delivered after them, shows that none was delivered.
    browser.sign_in(&server.url("/demo"), "alice").await;
    browser.goto(&site.url("127.0.0.1", "/host.html")).await;
    eventually("the framed room to open", || async { frame_has(&browser, ".room-view").await.then_some(()) }).await;
    browser.client.enter_frame(0).await.expect("entering the chat frame");
    browser.script("window.parent.postMessage('barrier', '*')", vec![]).await;
    browser.client.enter_parent_frame().await.expect("leaving the frame");
    eventually("the frame's later message to arrive", || async {
        (browser.script("return window.barrier === true", vec![]).await == json!(true)).then_some(())
    })
    .await;
    assert_eq!(browser.script("return window.events", vec![]).await, json!([]), "no event reached another origin");
    browser.close().await;
}

/// `view.mode: "iframe"` against the bundled server: each room is a frame of the server's own
/// embedded room page on another site (`localhost`), which the app signs in with its own token.
#[tokio::test(flavor = "multi_thread")]
async fn iframe_view_mode_shows_the_providers_room_page_signed_in() {
    let port = free_port();
    let app_origin = format!("http://127.0.0.1:{port}");
    let provider = format!("http://localhost:{port}");
    let data = tempfile::tempdir().unwrap();
    let branding = data.path().join("branding.json");
    let config = json!({
        "embed": {"allowedOrigins": [app_origin], "targetOrigin": app_origin},
        "view": {"mode": "iframe", "roomUrl": format!("{provider}/?layout=embedded&room={{rid}}")},
    });
    std::fs::write(&branding, config.to_string()).unwrap();
    let branding = branding.to_string_lossy().into_owned();
    let server = TestServer::start_with(data.path(), port, &["--branding", &branding]).await;
    let driver = Chromedriver::start().await;
    let browser = driver.browser().await;
    browser.sign_in(&server.url("/demo"), "alice").await;
    browser.choose_room("general").await;
    browser.wait_for("iframe.room-frame").await;
    let src = browser.script("return document.querySelector('iframe.room-frame').src", vec![]).await;
    assert!(src.as_str().is_some_and(|s| s.starts_with(&format!("{provider}/?layout=embedded&room="))), "{src}");

    // Inside the frame: the provider's embedded room, signed in as alice, where she can chat.
    browser.client.enter_frame(0).await.expect("entering the room frame");
    browser.wait_for(".chat-layout.embedded .room-view textarea.composer-input").await;
    assert!(!browser.has(".room-frame").await, "the embedded page shows the room itself");
    browser.send("hello from the frame").await;
    browser.confirmed("hello from the frame").await;
    let author = browser
        .script(
            "const m = Array.from(document.querySelectorAll('.message')).find(m => m.textContent.includes('hello from the frame')); return m && m.textContent",
            vec![],
        )
        .await;
    assert!(author.as_str().is_some_and(|t| t.contains("Alice")), "sent as alice: {author}");
    browser.client.enter_parent_frame().await.expect("leaving the frame");
    // The room list outside the frame hears of the message like any other.
    eventually("the room list to preview the message", || async {
        browser.text_of(".room-entry[data-room-name='general']").await.contains("hello from the frame").then_some(())
    })
    .await;
    browser.close().await;
}
