//! Hostile content is inert: script in messages, links, image targets and display names shows as
//! text (or is dropped) in the other person's browser, and nothing runs.

use confab_e2e::{Chromedriver, TestServer};
use serde_json::json;

const PAYLOADS: &[&str] = &[
    "<script>window.__pwned = 1</script>",
    "<img src=x onerror=\"window.__pwned = 2\">",
    "[click me](javascript:window.__pwned=3)",
    "<javascript:window.__pwned=4|click here>",
    "![pic](javascript:window.__pwned=5)",
    "<svg onload=\"window.__pwned = 6\"></svg>",
    "data:text/html,<script>window.__pwned=7</script>",
    "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
];

#[tokio::test(flavor = "multi_thread")]
async fn hostile_messages_and_names_are_shown_as_text_and_never_run() {
    let data = tempfile::tempdir().unwrap();
    let server = TestServer::start(data.path(), 0).await;
    server
        .admin(&["create-user", "--username", "mallory", "--name", "<img src=x onerror=\"window.__pwned = 9\">"])
        .await;
    server.admin(&["add-member", "--room", "general", "--username", "mallory"]).await;
    let driver = Chromedriver::start().await;
    let mallory = driver.browser().await;
    let bob = driver.browser().await;
    mallory.sign_in(&server.url("/"), "mallory").await;
    bob.sign_in(&server.url("/"), "bob").await;
    mallory.open_room("general").await;
    bob.open_room("general").await;

    for payload in PAYLOADS {
        mallory.send(payload).await;
    }
    // Messages arrive in order, so once this one is there, every payload is.
    mallory.send("end of payloads").await;
    bob.sees_once("end of payloads").await;

    for browser in [&bob, &mallory] {
        let report = browser
            .script(
                "return {
                    pwned: window.__pwned === undefined ? null : window.__pwned,
                    scripts: document.querySelectorAll('.room-view script, .room-view svg:not(.icon), .room-view [onerror], .room-view [onload]').length,
                    badLinks: Array.from(document.querySelectorAll('.room-view a')).filter(a => !/^(https?:|mailto:|\\/\\/)/i.test(a.getAttribute('href'))).length,
                    images: document.querySelectorAll('.room-view img:not(.avatar > img)').length,
                    avatars: Array.from(document.querySelectorAll('.room-view .avatar > img')).filter(i => !i.src.startsWith(location.origin + '/avatar/')).length,
                    authorShown: Array.from(document.querySelectorAll('.author')).some(a => a.textContent.includes('<img')),
                }",
                vec![],
            )
            .await;
        assert_eq!(report["pwned"], json!(null), "nothing ran: {report}");
        assert_eq!(report["scripts"], json!(0), "{report}");
        assert_eq!(report["badLinks"], json!(0), "{report}");
        assert_eq!(report["images"], json!(0), "{report}");
        assert_eq!(report["avatars"], json!(0), "the only pictures are the server's avatars: {report}");
        assert_eq!(report["authorShown"], json!(true), "the hostile name shows as text: {report}");
    }
    // The raw text survives for people to read.
    assert_eq!(bob.count_messages(PAYLOADS[0]).await, 1);

    mallory.close().await;
    bob.close().await;
    server.kill().await;
}
