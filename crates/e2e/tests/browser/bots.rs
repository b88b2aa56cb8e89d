//! Bots in the conversation, seen from the browser: an incoming webhook made by the admin posts
//! into `#general`, and bob sees it arrive live, under the hook's alias and marked as a bot's,
//! with nothing axe-core finds in light or dark.

use confab_e2e::{Chromedriver, TestServer, eventually};
use serde_json::{Value, json};

#[tokio::test(flavor = "multi_thread")]
async fn an_incoming_webhook_posts_into_general_and_bob_sees_it_live_marked_as_a_bot() {
    let data = tempfile::tempdir().unwrap();
    let server = TestServer::start(data.path(), 0).await;
    let driver = Chromedriver::start().await;
    let (alice, bob) = driver.alice_and_bob_in(&server, "general").await;

    let made = alice
        .api(
            "users.create",
            Some(json!({"username": "deploys", "name": "Deploys", "email": "deploys@example.com", "roles": ["bot"]})),
        )
        .await;
    assert_eq!(made["status"], 200, "{made}");
    let hook = alice
        .api(
            "integrations.create",
            Some(json!({"type": "webhook-incoming", "name": "Deploys", "enabled": true, "username": "deploys",
                "channel": "#general", "scriptEnabled": false, "alias": "Deploy bot"})),
        )
        .await;
    let integration = &hook["body"]["integration"];
    let address = format!("/hooks/{}/{}", integration["_id"].as_str().unwrap(), integration["token"].as_str().unwrap());

    // The host's CI calls the hook (from this page, as any HTTP client would).
    let call = "const [address, done] = arguments; \
        fetch(address, { method: 'POST', headers: { 'Content-Type': 'application/json' }, \
            body: JSON.stringify({ text: 'Deployed v2.4 to production' }) }) \
        .then(r => done(r.status), e => done(String(e)));";
    let status: Value = alice.script_async(call, vec![json!(address)]).await;
    assert_eq!(status, json!(200));
    bob.sees_once("Deployed v2.4 to production").await;
    let meta = eventually("the bot's name and tag", || async {
        let meta = bob
            .script(
                "const m = Array.from(document.querySelectorAll('.message')).find(m => m.textContent.includes('Deployed v2.4')); \
                 if (!m) return null; const tag = m.querySelector('.bot-tag'); \
                 return [m.querySelector('.author')?.textContent, tag?.textContent];",
                vec![],
            )
            .await;
        (!meta.is_null()).then_some(meta)
    })
    .await;
    assert_eq!(meta, json!(["Deploy bot", "Bot"]));
    // The tag reads in light and dark alike, for axe-core as for people.
    for scheme in ["light", "dark"] {
        bob.click(".open-settings").await;
        bob.click(&format!(".dialog.settings input[value='{scheme}']")).await;
        bob.press(&fantoccini::key::Key::Escape.to_string()).await;
        bob.gets_focus(".open-settings", "Settings gives the focus back").await;
        let violations = confab_e2e::axe::check(&bob, &format!("bot-message-{scheme}")).await;
        assert!(violations.is_empty(), "{scheme}: {violations:?}");
    }
    alice.close().await;
    bob.close().await;
    server.kill().await;
}
