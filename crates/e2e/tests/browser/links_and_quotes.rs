//! Link previews and quotes between two browsers: the server reads a page's Open Graph tags
//! after storing the message and the card appears for the reader, with the page's picture as the
//! server kept it, and the reader can hide it; an address
//! on a blocked range is never requested; a quoted message shows as a block naming its author,
//! and opens it highlighted, and a quote of a room its readers cannot see shows nothing of it.

use confab_e2e::{Browser, Chromedriver, HostSite, TestServer, eventually};
use serde_json::{Value, json};

const ARTICLE: &str = r#"<!doctype html><html><head>
<title>The page's own title</title>
<meta property="og:title" content="Rooms that scale">
<meta property="og:description" content="How the team keeps a thousand rooms live.">
<meta property="og:site_name" content="Example Journal">
<meta property="og:image" content="/cover.png">
</head><body><p>An article.</p></body></html>"#;

/// The server's statistics, asked as alice (an admin of the demo).
async fn statistics(alice: &Browser) -> Value {
    let script = "const done = arguments[0]; \
        fetch('/chat/config?clientType=web').then(r => r.json()).then(c => c.authentication) \
        .then(a => fetch('/api/v1/statistics', { headers: { 'X-User-Id': a.userId, 'X-Auth-Token': a.userToken } })) \
        .then(r => r.json()).then(done, e => done(String(e)));";
    alice.client.execute_async(script, vec![]).await.expect("the statistics call runs")
}

#[tokio::test(flavor = "multi_thread")]
async fn a_link_to_a_page_with_open_graph_tags_shows_its_card_which_the_reader_can_hide() {
    let site_dir = tempfile::tempdir().unwrap();
    std::fs::write(site_dir.path().join("article.html"), ARTICLE).unwrap();
    let cover = image::RgbImage::from_fn(960, 480, |x, y| image::Rgb([(x / 4) as u8, (y / 2) as u8, 160]));
    cover.save(site_dir.path().join("cover.png")).unwrap();
    let site = HostSite::serve(site_dir.path()).await;
    let data = tempfile::tempdir().unwrap();
    // The test page and its picture are on loopback (over http), which previews may fetch only
    // when allowed.
    let server = TestServer::start_with(data.path(), 0, &["--fetch-private-addresses"]).await;
    let driver = Chromedriver::start().await;
    let (alice, bob) = driver.alice_and_bob_in(&server, "random").await;

    let address = site.url("127.0.0.1", "/article.html");
    alice.send(&format!("worth reading: {address}")).await;
    eventually("bob to see the page's card", || async {
        let title = bob.text_of(".link-preview .link-title").await;
        let description = bob.text_of(".link-preview .link-description").await;
        let site = bob.text_of(".link-preview .link-site").await;
        (title == "Rooms that scale"
            && description == "How the team keeps a thousand rooms live."
            && site == "Example Journal")
            .then_some(())
    })
    .await;
    let href =
        bob.script("return document.querySelector('.link-preview .link-title').getAttribute('href')", vec![]).await;
    assert_eq!(href, json!(address), "the card links to the page");
    // The page's http picture shows, from the server's copy scaled to the card.
    let picture = eventually("bob to see the page's picture", || async {
        let picture = bob
            .script(
                "const img = document.querySelector('.link-preview img.link-image'); \
                 return img && img.complete && img.naturalWidth ? [img.src.slice(0, 5), img.naturalWidth, img.naturalHeight] : null;",
                vec![],
            )
            .await;
        (!picture.is_null()).then_some(picture)
    })
    .await;
    assert_eq!(picture, json!(["blob:", 480, 240]), "the server's copy, at the card's size");
    assert_eq!(site.requests(), 2, "the server read the page and its picture once; the browsers asked nothing");

    bob.click(".hide-previews").await;
    eventually("the card to go", || async { (!bob.has(".link-preview").await).then_some(()) }).await;
    assert!(bob.has(".message").await && bob.message_texts("worth reading").await.len() == 1, "the message stays");

    alice.close().await;
    bob.close().await;
    server.kill().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_address_on_a_blocked_range_is_never_requested() {
    let site_dir = tempfile::tempdir().unwrap();
    std::fs::write(site_dir.path().join("article.html"), ARTICLE).unwrap();
    let site = HostSite::serve(site_dir.path()).await;
    let data = tempfile::tempdir().unwrap();
    let server = TestServer::start(data.path(), 0).await;
    let driver = Chromedriver::start().await;
    let (alice, bob) = driver.alice_and_bob_in(&server, "random").await;

    // Loopback, by address and by a name that resolves to it.
    let by_address = site.url("127.0.0.1", "/article.html");
    let by_name = site.url("localhost", "/article.html");
    let text = format!("inside: {by_address} and {by_name}");
    alice.send(&text).await;
    bob.sees_once(&text).await;
    let refused = eventually("the server to refuse both addresses", || async {
        let statistics = statistics(&alice).await;
        let refused = statistics["linkPreviews"]["refused"].as_u64();
        (refused >= Some(2)).then_some(statistics)
    })
    .await;
    assert_eq!(refused["linkPreviews"]["read"], json!(0), "nothing was read: {refused}");
    assert_eq!(site.requests(), 0, "the test page saw no request");
    assert!(!bob.has(".link-preview").await, "no card");
    // The author is told why there is no card; the reader is not bothered.
    let word = eventually("alice to be told why there is no preview", || async {
        let word = alice.text_of(".message .link-refused").await;
        (!word.is_empty()).then_some(word)
    })
    .await;
    let port = by_address.split(':').nth(2).and_then(|rest| rest.split('/').next()).unwrap();
    assert!(word.contains(&format!("127.0.0.1:{port}")) && word.contains("private networks"), "{word:?}");
    assert!(!bob.has(".link-refused").await, "only the author is told");

    alice.close().await;
    bob.close().await;
    server.kill().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_quote_names_its_author_and_a_quote_of_a_room_the_reader_cannot_see_shows_nothing() {
    let data = tempfile::tempdir().unwrap();
    let server = TestServer::start(data.path(), 0).await;
    server.admin(&["create-room", "--name", "hideout", "--kind", "group", "--member", "alice"]).await;
    let driver = Chromedriver::start().await;
    let (alice, bob) = driver.alice_and_bob_in(&server, "random").await;

    // Bob quotes alice's message with the quote action.
    alice.send("the quoted words").await;
    bob.sees_once("the quoted words").await;
    bob.click_in_message("the quoted words", ".action-quote").await;
    bob.wait_for(".composer .quoting").await;
    bob.send("I agree").await;
    let quote = ".message:has(.attachment.quote) .attachment.quote";
    eventually("alice to see the quote in bob's message", || async {
        let author = alice.text_of(&format!("{quote} .author")).await;
        let text = alice.text_of(&format!("{quote} .quote-text")).await;
        (author == "Alice Liddell" && text == "the quoted words").then_some(())
    })
    .await;
    let with_quote = alice.text_of(".message:has(.attachment.quote) .message-text").await;
    assert!(with_quote.contains("I agree"), "the quote is in bob's message: {with_quote:?}");
    // The quote opens the quoted message in place.
    alice.click(&format!("{quote} .open-quoted")).await;
    eventually("the quoted message to show highlighted", || async {
        (alice.text_of(".message[data-highlighted] .message-text").await == "the quoted words").then_some(())
    })
    .await;

    // Alice links a message of her private group into the channel bob reads.
    alice.open_room("hideout").await;
    alice.send("the secret words").await;
    alice.confirmed("the secret words").await;
    let id = alice
        .script(
            "return Array.from(document.querySelectorAll('.message')).find(m => m.textContent.includes('the secret words')).dataset.messageId",
            vec![],
        )
        .await;
    let id = id.as_str().expect("the message's id");
    alice.open_room("random").await;
    let text = format!("look at this {}", server.url(&format!("/group/hideout?msg={id}")));
    alice.send(&text).await;
    bob.sees_once(&text).await;
    alice.confirmed(&text).await;
    let quotes = bob.script("return document.querySelectorAll('.attachment.quote').length", vec![]).await;
    assert_eq!(quotes, json!(1), "only the first quote shows as one");
    let page = bob.script("return document.body.innerText", vec![]).await;
    assert!(!page.as_str().unwrap_or_default().contains("secret"), "nothing of the hidden message shows: {page}");

    alice.close().await;
    bob.close().await;
    server.kill().await;
}
