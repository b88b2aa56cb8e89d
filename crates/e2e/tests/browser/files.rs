//! Files between two people, through the real server: dropped, pasted and picked files go
//! through the upload dialog with progress, and reach the other browser as inline images (that
//! never move the timeline), a viewer with the original to download, file cards and the
//! browser's own players. Limits are told before a byte is sent, and a cancelled upload leaves
//! no message.

use confab_e2e::{Browser, Chromedriver, Fixture, TestServer, downloaded, eventually};
use serde_json::{Value, json};

/// The messages of the room open in `browser`, as the server has them (oldest first), asked
/// with the page's own credentials.
async fn history(browser: &Browser) -> Vec<Value> {
    let script = "const done = arguments[0]; const room = document.querySelector('.room-view').dataset.roomId; \
        fetch('/chat/config?clientType=web').then(r => r.json()).then(c => c.authentication) \
        .then(a => fetch('/api/v1/channels.history?roomId=' + room + '&count=100', \
            { headers: { 'X-User-Id': a.userId, 'X-Auth-Token': a.userToken } })) \
        .then(r => r.json()).then(b => done(b.messages), e => done(String(e)));";
    let messages = browser.client.execute_async(script, vec![]).await.expect("the history call runs");
    let mut messages: Vec<Value> = serde_json::from_value(messages.clone()).unwrap_or_else(|_| panic!("{messages}"));
    messages.reverse();
    messages
}

/// Watches the first inline image to appear: the height of its box when first rendered, then
/// its box and the timeline's scroll when the picture is put in, and again a frame after the
/// picture has loaded.
const WATCH_IMAGE: &str = r#"
window.__image = null;
let first = null;
new MutationObserver((_, observer) => {
  const box = document.querySelector('.attachment.image .image-open');
  if (!box) return;
  if (first === null) first = { height: box.getBoundingClientRect().height,
    preview: getComputedStyle(box).backgroundImage.startsWith('url("data:image/jpeg;base64,') };
  const img = box.querySelector('img');
  if (!img) return;
  observer.disconnect();
  const timeline = document.querySelector('.timeline');
  const measure = () => ({ height: box.getBoundingClientRect().height, width: box.getBoundingClientRect().width,
    top: box.getBoundingClientRect().top, scrollTop: timeline.scrollTop, scrollHeight: timeline.scrollHeight });
  const before = measure();
  const loaded = () => requestAnimationFrame(() => requestAnimationFrame(() => {
    window.__image = { first, before, after: measure(), naturalWidth: img.naturalWidth };
  }));
  if (img.complete && img.naturalWidth > 0) loaded(); else img.addEventListener('load', loaded);
}).observe(document.body, { childList: true, subtree: true });
"#;

#[tokio::test(flavor = "multi_thread")]
async fn a_dropped_image_shows_inline_without_moving_the_timeline_and_downloads_byte_identical() {
    let data = tempfile::tempdir().unwrap();
    let server = TestServer::start(data.path(), 0).await;
    // Enough earlier messages for the timeline to scroll.
    server.admin(&["fill-room", "--room", "random", "--username", "bob", "--count", "40"]).await;
    let driver = Chromedriver::start().await;
    let (alice, bob) = driver.alice_and_bob_in(&server, "random").await;
    bob.sees_once("message 40").await;
    bob.script(WATCH_IMAGE, vec![]).await;

    // Alice drops a picture on the composer, on a slow uplink, and watches it go.
    let picture = alice.make_file("noise.png", Fixture::NoisePng { width: 700, height: 500 }).await;
    alice.drop_files("form.composer", &["noise.png"]).await;
    alice.wait_for(".upload-dialog .upload-item[data-step='ready'] img.upload-preview").await;
    alice.emulate_network(5.0, 100e6, 4e6).await;
    alice.click(".upload-send").await;
    let partial = "const p = document.querySelector('.upload-item[data-step=sending] .upload-progress'); \
                   return p ? [p.value, p.max] : null;";
    let (sent, total) = eventually("the progress bar to show part of the file sent", || async {
        let progress: Option<(f64, f64)> = serde_json::from_value(alice.script(partial, vec![]).await).ok();
        progress.filter(|(sent, total)| *sent > 0.0 && sent < total)
    })
    .await;
    assert!(total >= picture.len() as f64, "the bar counts the whole request ({total} of {} bytes)", picture.len());
    eprintln!("progress seen: {sent} of {total}");
    eventually("the dialog to close once the file is sent", || async {
        (!alice.has(".upload-dialog").await).then_some(())
    })
    .await;
    alice.full_network().await;

    // Bob sees it inline, live, at the size it was laid out at before it loaded.
    let watched = eventually("bob's inline image to load", || async {
        let image = bob.script("return window.__image", vec![]).await;
        (!image.is_null()).then_some(image)
    })
    .await;
    let (before, after) = (&watched["before"], &watched["after"]);
    let sharp = watched["naturalWidth"].as_f64().is_some_and(|w| w >= 360.0);
    assert!(sharp, "the picture shown is at least as wide as its box: {watched}");
    assert_eq!(watched["first"]["height"], after["height"], "the box has its final height from the start: {watched}");
    assert_eq!(watched["first"]["preview"], json!(true), "the blurred preview shows until the picture: {watched}");
    assert_eq!(before["height"], after["height"], "the image's box keeps its height: {watched}");
    assert_eq!(before["width"].as_f64(), Some(360.0), "a wide image is shown at the inline width: {watched}");
    assert_eq!(before["scrollTop"], after["scrollTop"], "the timeline does not scroll: {watched}");
    assert_eq!(before["scrollHeight"], after["scrollHeight"], "nor grow: {watched}");
    assert_eq!(before["top"], after["top"], "the image stays where it was: {watched}");

    // A pasted picture is the second image of the room.
    alice.make_file("pasted.png", Fixture::PlainPng { width: 120, height: 80 }).await;
    alice.paste_files("textarea.composer-input", &["pasted.png"]).await;
    alice.wait_for(".upload-dialog .upload-item[data-step='ready']").await;
    let description = alice.client.find(fantoccini::Locator::Css(".upload-description")).await.unwrap();
    description.send_keys("a plain blue square").await.unwrap();
    alice.click(".upload-send").await;
    let captions =
        "return Array.from(document.querySelectorAll('.attachment.image figcaption')).map(f => f.textContent)";
    eventually("bob to see the pasted image with its description", || async {
        (bob.script(captions, vec![]).await == json!(["a plain blue square"])).then_some(())
    })
    .await;

    // The viewer steps across the room's images with the arrow keys and closes on Escape.
    bob.click(".attachment.image .image-open").await;
    bob.wait_for(".image-viewer .viewer-image").await;
    assert_eq!(bob.text_of(".viewer-count").await, "1 / 2");
    assert_eq!(bob.text_of(".viewer-title").await, "noise.png");
    bob.gets_focus(".image-viewer", "the viewer takes the focus").await;
    bob.press(&fantoccini::key::Key::Right.to_string()).await;
    eventually("the next image", || async { (bob.text_of(".viewer-title").await == "pasted.png").then_some(()) }).await;
    assert_eq!(bob.text_of(".viewer-count").await, "2 / 2");
    bob.press(&fantoccini::key::Key::Left.to_string()).await;
    eventually("the first image again", || async { (bob.text_of(".viewer-title").await == "noise.png").then_some(()) })
        .await;

    // The original downloads byte for byte.
    let downloads = tempfile::tempdir().unwrap();
    bob.allow_downloads(downloads.path()).await;
    bob.click(".viewer-download").await;
    let saved = downloaded(downloads.path(), "noise.png").await;
    assert_eq!(saved.len(), picture.len(), "the download is the whole file");
    assert!(saved == picture, "the download is the file alice sent, byte for byte");

    bob.press(&fantoccini::key::Key::Escape.to_string()).await;
    eventually("the viewer to close", || async { (!bob.has(".image-viewer").await).then_some(()) }).await;

    alice.close().await;
    bob.close().await;
    server.kill().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn several_files_at_once_become_cards_and_players_and_the_limits_are_told_first() {
    let data = tempfile::tempdir().unwrap();
    let server = TestServer::start_with(data.path(), 0, &["--max-file-bytes", "2000000"]).await;
    let driver = Chromedriver::start().await;
    let (alice, bob) = driver.alice_and_bob_in(&server, "random").await;

    let pdf = alice.make_file("report.pdf", Fixture::Pdf).await;
    alice.make_file("silence.mp3", Fixture::Mp3).await;
    alice.make_file("colours.mp4", Fixture::Mp4).await;
    alice.make_file("too-big.zip", Fixture::Zeros { bytes: 2_500_000 }).await;
    // A name that climbs directories, hides a control character and turns the text around.
    let hostile = "../../\u{202e}fdp.exe\u{7}.pdf";
    alice.make_file(hostile, Fixture::Pdf).await;
    let picked = ["report.pdf", "silence.mp3", "colours.mp4", "too-big.zip", hostile];
    alice.pick_files("input.file-picker", &picked).await;

    // The file over the limit is refused before anything is sent, saying why.
    alice.wait_for(".upload-item[data-step='refused'] .upload-error").await;
    let refusal = alice.text_of(".upload-item[data-step='refused'] .upload-error").await;
    assert!(refusal.contains("too-big.zip") && refusal.contains("2.0 MB"), "a clear refusal: {refusal:?}");
    let ready =
        alice.script("return document.querySelectorAll(\".upload-item[data-step='ready']\").length", vec![]).await;
    assert_eq!(ready, json!(4), "the others may go");
    alice.click(".upload-item[data-step='refused'] .upload-remove").await;
    alice.click(".upload-send").await;
    eventually("the dialog to close once all are sent", || async {
        (!alice.has(".upload-dialog").await).then_some(())
    })
    .await;

    // Bob sees the PDF as a card, and the sound and the video in players that load.
    let cards = "return Array.from(document.querySelectorAll('.attachment.file-card')).map(c => \
        [c.querySelector('.file-name').textContent, c.querySelector('.file-details').textContent])";
    let cards = eventually("bob to see both PDFs' cards", || async {
        let cards: Vec<(String, String)> = serde_json::from_value(bob.script(cards, vec![]).await).unwrap_or_default();
        (cards.len() == 2).then_some(cards)
    })
    .await;
    assert!(cards.contains(&("report.pdf".into(), format!("PDF · {} B", pdf.len()))), "the PDF's card: {cards:?}");
    let (shown, _) = cards.iter().find(|(name, _)| name != "report.pdf").unwrap();
    let harmless =
        !shown.contains('/') && !shown.contains("..") && !shown.chars().any(|c| c.is_control() || c == '\u{202e}');
    assert!(harmless && shown.ends_with(".pdf"), "the hostile name is shown harmlessly: {shown:?}");
    for (player, what) in [(".attachment audio", "the MP3"), (".attachment.video video", "the MP4")] {
        let ready = format!("const p = document.querySelector('{player}'); return p ? p.readyState : -1;");
        eventually(&format!("{what}'s player to load its metadata"), || async {
            (bob.script(&ready, vec![]).await.as_i64() >= Some(1)).then_some(())
        })
        .await;
    }
    let duration = bob.script("return document.querySelector('.attachment.video video').duration", vec![]).await;
    assert!(duration.as_f64().is_some_and(|d| d > 0.3), "the video has its length: {duration}");

    // Nothing of the refused file reached the server.
    let files: Vec<String> =
        history(&bob).await.iter().filter_map(|m| m["file"]["name"].as_str().map(str::to_owned)).collect();
    assert_eq!(files.len(), 4, "four files were posted: {files:?}");
    assert!(!files.iter().any(|f| f == "too-big.zip"), "the refused file was never sent: {files:?}");

    // An upload cancelled midway leaves no message.
    alice.make_file("cancelled.zip", Fixture::Zeros { bytes: 1_500_000 }).await;
    alice.pick_files("input.file-picker", &["cancelled.zip"]).await;
    alice.wait_for(".upload-item[data-step='ready']").await;
    alice.emulate_network(5.0, 100e6, 1e6).await;
    alice.click(".upload-send").await;
    let sending = "const p = document.querySelector('.upload-item[data-step=sending] .upload-progress'); \
                   return p !== null && p.value > 0 && p.value < p.max;";
    eventually("the upload to be under way", || async {
        (alice.script(sending, vec![]).await == json!(true)).then_some(())
    })
    .await;
    alice.click(".upload-stop").await;
    eventually("the dialog to close once its only file is cancelled", || async {
        (!alice.has(".upload-dialog").await).then_some(())
    })
    .await;
    alice.full_network().await;
    // A message sent after it arrives, and the cancelled file never does.
    alice.send("after the cancelled one").await;
    bob.sees_once("after the cancelled one").await;
    let names: Vec<Value> = history(&bob).await.iter().map(|m| m["file"]["name"].clone()).collect();
    assert!(!names.contains(&json!("cancelled.zip")), "no message for the cancelled upload: {names:?}");

    alice.close().await;
    bob.close().await;
    server.kill().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn files_sent_together_arrive_in_the_order_they_were_picked() {
    let data = tempfile::tempdir().unwrap();
    let server = TestServer::start(data.path(), 0).await;
    let driver = Chromedriver::start().await;
    let (alice, bob) = driver.alice_and_bob_in(&server, "random").await;
    // The first file is large on a slow uplink, the second small: the second is stored first.
    alice.make_file("archive.zip", Fixture::Zeros { bytes: 1_000_000 }).await;
    alice.make_file("report.pdf", Fixture::Pdf).await;
    alice.pick_files("input.file-picker", &["archive.zip", "report.pdf"]).await;
    alice.wait_for(".upload-item[data-step='ready'] + .upload-item[data-step='ready']").await;
    alice.emulate_network(20.0, 50_000_000.0, 4_000_000.0).await;
    alice.click(".upload-send").await;

    let names = "return Array.from(document.querySelectorAll('.room-view .attachment.file-card .file-name')).map(n => n.textContent)";
    let names = eventually("bob to see both files", || async {
        let names: Vec<String> = serde_json::from_value(bob.script(names, vec![]).await).unwrap_or_default();
        (names.len() == 2).then_some(names)
    })
    .await;
    assert_eq!(names, ["archive.zip", "report.pdf"], "the messages keep the order the files were picked in");
    alice.close().await;
    bob.close().await;
}
