//! Editing, reacting and deleting between two people: each change reaches the other browser.

use confab_e2e::{Browser, Chromedriver, TestServer, eventually};
use fantoccini::Locator;
use fantoccini::key::Key;

async fn texts(browser: &Browser) -> Vec<String> {
    let value = browser
        .script("return Array.from(document.querySelectorAll('.message-text')).map(e => e.textContent)", vec![])
        .await;
    serde_json::from_value(value).unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread")]
async fn edits_reactions_and_deletions_reach_the_other_browser() {
    let data = tempfile::tempdir().unwrap();
    let server = TestServer::start(data.path(), 0).await;
    let driver = Chromedriver::start().await;
    let (alice, bob) = driver.alice_and_bob_in(&server, "random").await;

    alice.send("the original words").await;
    bob.sees_once("the original words").await;
    alice.confirmed("the original words").await;

    // Up in the empty composer edits the last own message; the new text replaces the old.
    let input = alice.client.find(Locator::Css("textarea.composer-input")).await.unwrap();
    input.send_keys(&Key::Up.to_string()).await.unwrap();
    alice.wait_for("form.composer.editing").await;
    input.send_keys(&(Key::Control + "a")).await.unwrap();
    input.send_keys("the better words").await.unwrap();
    input.send_keys(&Key::Enter.to_string()).await.unwrap();
    eventually("bob to see the edit, marked as edited", || async {
        let texts = texts(&bob).await;
        (texts.iter().any(|t| t == "the better words(edited)") && !texts.iter().any(|t| t.contains("original")))
            .then_some(())
    })
    .await;

    // Bob reacts with the picker; alice sees the count.
    bob.click_in_message("the better words", ".action-react").await;
    bob.click(".emoji-choice[aria-label='+1']").await;
    eventually("alice to see bob's reaction", || async {
        let count = alice.text_of(".reaction[data-emoji='+1'] .count").await;
        (count == "1").then_some(())
    })
    .await;
    // Its tooltip says who reacted, by name.
    let tip = alice.script("return document.querySelector(\".reaction[data-emoji='+1']\").title", vec![]).await;
    assert_eq!(tip, serde_json::json!(":+1: by Bob Marley"), "the reaction names who reacted");
    // Bob cannot edit or delete alice's message.
    assert!(!bob.offers_in_message("the better words", ".action-edit").await, "bob may not edit alice's message");
    assert!(!bob.offers_in_message("the better words", ".action-delete").await, "nor delete it");

    // Alice deletes it after confirming; it disappears for bob.
    alice.click_in_message("the better words", ".action-delete").await;
    alice.click(".confirm .danger").await;
    eventually("the message to disappear for bob", || async {
        (!texts(&bob).await.iter().any(|t| t.contains("the better words"))).then_some(())
    })
    .await;
    eventually("and for alice", || async {
        (!texts(&alice).await.iter().any(|t| t.contains("the better words"))).then_some(())
    })
    .await;

    alice.close().await;
    bob.close().await;
    server.kill().await;
}
