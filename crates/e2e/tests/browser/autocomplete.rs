//! Suggestions while writing: members after `@`, rooms after `#`, emoji after `:`, chosen from
//! the keyboard, and the result renders for the other person.

use confab_e2e::{Chromedriver, TestServer, eventually};
use fantoccini::Locator;
use fantoccini::key::Key;
use serde_json::json;

#[tokio::test(flavor = "multi_thread")]
async fn mentions_rooms_and_emoji_complete_from_the_keyboard() {
    let data = tempfile::tempdir().unwrap();
    let server = TestServer::start(data.path(), 0).await;
    let driver = Chromedriver::start().await;
    let (alice, bob) = driver.alice_and_bob_in(&server, "general").await;
    alice.sees_once("Welcome to Confab! This is the general channel.").await;

    let input = alice.client.find(Locator::Css("textarea.composer-input")).await.unwrap();
    for (typed, expected) in [("hi @bo", "@bob"), ("see #gen", "#general"), ("party :tad", ":tada:")] {
        input.send_keys(&format!(" {typed}")).await.unwrap();
        eventually(&format!("a suggestion for {typed:?}"), || async {
            (alice.text_of(".suggestion.selected .suggestion-label").await.contains(expected)).then_some(())
        })
        .await;
        input.send_keys(&Key::Enter.to_string()).await.unwrap();
    }
    let value = alice.script("return document.querySelector('textarea.composer-input').value", vec![]).await;
    assert_eq!(value, json!(" hi @bob  see #general  party :tada: "));
    input.send_keys(&Key::Enter.to_string()).await.unwrap();

    eventually("bob to see the message with his mention, the channel and the emoji", || async {
        let rendered = bob
            .script(
                "const m = Array.from(document.querySelectorAll('.message-text')).find(e => e.textContent.includes('see #general'));
                 return m ? { me: !!m.querySelector('.md-mention-me'), channel: !!m.querySelector('.md-channel'), emoji: m.querySelector('.md-emoji')?.textContent } : null",
                vec![],
            )
            .await;
        (rendered == json!({"me": true, "channel": true, "emoji": "🎉"})).then_some(())
    })
    .await;

    alice.close().await;
    bob.close().await;
    server.kill().await;
}
