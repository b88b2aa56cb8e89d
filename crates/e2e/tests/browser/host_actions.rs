//! The host's own actions (`actions` in the config), in the real app: offered only to users who
//! hold their permission or role, live as permissions change, and heard by the host as a
//! `confab:action` event and an `onAction` callback of a mounted app, and as a postMessage event
//! of a framed one, at the configured origin only.

use confab_e2e::{Browser, Chromedriver, HostSite, TestServer, eventually};
use serde_json::{Value, json};

/// A message action for holders of `pin-message` (owners, moderators and admins by default) and a
/// room action for admins.
fn actions() -> Value {
    json!([
        {"id": "create-ticket", "label": {"en": "Create a ticket", "it": "Crea un ticket"},
         "icon": "M4 6h16v12H4zM8 10h8M8 14h5", "permission": "pin-message", "on": "message"},
        {"id": "escalate", "label": {"en": "Escalate"}, "role": "admin", "on": "room"}
    ])
}

fn branding(dir: &std::path::Path, extra: Value) -> String {
    let mut config = json!({"actions": actions()});
    if let (Some(config), Some(extra)) = (config.as_object_mut(), extra.as_object()) {
        config.extend(extra.clone());
    }
    let path = dir.join("branding.json");
    std::fs::write(&path, config.to_string()).unwrap();
    path.to_string_lossy().into_owned()
}

/// Mounts a second app into `#host`, recording its `confab:action` events and `onAction` calls.
const MOUNT: &str = "window.heard = [];
    const el = document.createElement('div'); el.id = 'host'; document.body.append(el);
    el.addEventListener('confab:action', e => window.heard.push({via: 'event', detail: e.detail}));
    document.addEventListener('confab:action', e => window.heard.push({via: 'document', action: e.detail.action}));
    window.wasmBindings.mount(el, { room: 'general', onAction: detail => window.heard.push({via: 'callback', detail}) });";

async fn heard(browser: &Browser) -> Vec<Value> {
    browser.script("return window.heard", vec![]).await.as_array().cloned().unwrap_or_default()
}

/// The host actions offered in `scope`, by id.
async fn offered(browser: &Browser, scope: &str) -> Vec<String> {
    let ids = browser
        .script(
            "return Array.from(document.querySelectorAll(arguments[0] + ' .host-action')).map(b => b.dataset.hostAction)",
            vec![json!(scope)],
        )
        .await;
    serde_json::from_value(ids).unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_mounted_host_hears_its_actions_only_from_users_who_may_use_them() {
    let data = tempfile::tempdir().unwrap();
    let branding = branding(data.path(), json!({}));
    let server = TestServer::start_with(data.path(), 0, &["--branding", &branding]).await;
    let driver = Chromedriver::start().await;
    let (alice, bob) = driver.alice_and_bob_in(&server, "general").await;
    bob.send("please look at my order").await;
    alice.sees_once("please look at my order").await;

    // Bob is a plain user: neither action is his (a message's actions show on the message under
    // the pointer).
    assert!(bob.offers_in_message("please look at my order", ".action-quote").await, "the message's actions show");
    assert!(offered(&bob, ".room-view").await.is_empty(), "bob holds neither pin-message nor admin");

    // Alice, an admin, mounts the app into her page and uses both.
    alice.script(MOUNT, vec![]).await;
    alice.wait_for("#host .room-view .message").await;
    alice.hover_message_in("#host", "please look at my order").await;
    eventually("alice's actions", || async {
        let ids = offered(&alice, "#host .room-view").await;
        (ids.contains(&"escalate".to_owned()) && ids.contains(&"create-ticket".to_owned())).then_some(())
    })
    .await;
    let label = alice.script("return document.querySelector('#host .host-action[data-host-action=create-ticket]').getAttribute('aria-label')", vec![]).await;
    assert_eq!(label, "Create a ticket");
    alice
        .script(
            "const m = Array.from(document.querySelectorAll('#host .message')).find(m => m.textContent.includes('please look at my order'));
             m.querySelector('.host-action[data-host-action=create-ticket]').click();",
            vec![],
        )
        .await;
    let got = eventually("the host to hear the message action", || async {
        let got = heard(&alice).await;
        (got.len() >= 3).then_some(got)
    })
    .await;
    let event = got.iter().find(|h| h["via"] == "event").expect("a confab:action event on the element");
    let callback = got.iter().find(|h| h["via"] == "callback").expect("an onAction call");
    assert_eq!(event["detail"], callback["detail"], "both carry the same detail");
    assert_eq!(event["detail"]["action"], "create-ticket");
    assert_eq!(event["detail"]["message"]["msg"], "please look at my order");
    assert_eq!(event["detail"]["message"]["u"]["username"], "bob");
    assert_eq!(event["detail"]["room"]["name"], "general");
    assert!(got.iter().any(|h| h["via"] == "document"), "the event bubbles to the document");

    alice.click("#host .room-header .host-action[data-host-action=escalate]").await;
    eventually("the host to hear the room action", || async {
        heard(&alice)
            .await
            .iter()
            .any(|h| h["via"] == "callback" && h["detail"]["action"] == "escalate" && h["detail"]["message"].is_null())
            .then_some(())
    })
    .await;

    // Given pin-message, bob is offered the ticket at once; the admin-only action stays hidden.
    let grant = json!({"permissions": [{"_id": "pin-message", "roles": ["owner", "moderator", "admin", "user"]}]});
    let answer = alice.api("permissions.update", Some(grant)).await;
    assert_eq!(answer["status"], 200, "{answer}");
    eventually("bob to be offered the ticket", || async {
        let mut ids = offered(&bob, ".room-view").await;
        ids.dedup();
        (ids == ["create-ticket"]).then_some(())
    })
    .await;

    alice.close().await;
    bob.close().await;
    server.kill().await;
}

/// A page on another site framing the app, recording every postMessage event with its origin.
const FRAMING: &str = r#"<!doctype html><html><body><script>
window.events = [];
addEventListener('message', (e) => { if (e.data && e.data.eventName) window.events.push({origin: e.origin, name: e.data.eventName, data: e.data.data}); });
</script><iframe id="chat" src="APP/?layout=embedded&room=general" style="width:900px;height:600px"></iframe></body></html>"#;

#[tokio::test(flavor = "multi_thread")]
async fn a_framing_page_hears_an_action_at_its_origin() {
    let site_dir = tempfile::tempdir().unwrap();
    let site = HostSite::serve(site_dir.path()).await;
    // Another origin of the same site as the server, so the frame keeps the demo's sign-in cookie
    // and reads its whole config.
    let host_origin = site.url("127.0.0.1", "");
    let data = tempfile::tempdir().unwrap();
    let embed = json!({"embed": {"allowedOrigins": [host_origin], "targetOrigin": host_origin}});
    let branding = branding(data.path(), embed);
    let args = ["--branding", &branding, "--allowed-origin", &host_origin, "--frame-ancestor", &host_origin];
    let server = TestServer::start_with(data.path(), 0, &args).await;
    let app_origin = server.url("");
    std::fs::write(site_dir.path().join("host.html"), FRAMING.replace("APP", &app_origin)).unwrap();

    let driver = Chromedriver::start().await;
    let browser = driver.browser().await;
    browser.sign_in(&server.url("/demo"), "alice").await;
    browser.goto(&site.url("127.0.0.1", "/host.html")).await;
    eventually("the framed app to start", || async {
        let events = browser.script("return window.events.map(e => e.name)", vec![]).await;
        events.as_array()?.iter().any(|e| e == "room-opened").then_some(())
    })
    .await;
    browser.client.enter_frame(0).await.unwrap();
    browser.wait_for(".room-header .host-action[data-host-action=escalate]").await;
    browser.click(".room-header .host-action[data-host-action=escalate]").await;
    browser.client.enter_parent_frame().await.unwrap();
    let action = eventually("the framing page to hear the action", || async {
        let events = browser.script("return window.events.filter(e => e.name === 'action')", vec![]).await;
        events.as_array()?.first().cloned()
    })
    .await;
    assert_eq!(action["origin"], json!(app_origin));
    assert_eq!(action["data"]["action"], "escalate");
    assert_eq!(action["data"]["room"]["name"], "general");
    browser.close().await;
    server.kill().await;
}
