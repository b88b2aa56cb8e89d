//! The typing indicator between two people: it appears while one types and goes when they send.

use confab_e2e::{Chromedriver, TestServer, eventually};

#[tokio::test(flavor = "multi_thread")]
async fn bob_sees_alice_typing_until_she_sends() {
    let data = tempfile::tempdir().unwrap();
    let server = TestServer::start(data.path(), 0).await;
    let driver = Chromedriver::start().await;
    let (alice, bob) = driver.alice_and_bob_in(&server, "general").await;
    alice.sees_once("Welcome to Confab! This is the general channel.").await;
    bob.sees_once("Welcome to Confab! This is the general channel.").await;

    alice.type_text("I am writing some").await;
    eventually("bob to see that Alice Liddell is typing, named as everywhere else", || async {
        (bob.text_of(".typing").await == "Alice Liddell is typing…").then_some(())
    })
    .await;
    assert_eq!(alice.text_of(".typing").await, "", "nobody sees themselves typing");

    alice.send(" words").await;
    bob.sees_once("I am writing some words").await;
    eventually("the indicator to clear once alice sent", || async {
        bob.text_of(".typing").await.is_empty().then_some(())
    })
    .await;

    alice.close().await;
    bob.close().await;
    server.kill().await;
}
