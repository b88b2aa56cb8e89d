//! The first load in a real browser: a cold visit fetches exactly the build's core before the
//! room list shows (the files `cargo xtask` counts against the budget, no more and no fewer);
//! each part comes later, when its view is first opened or when the browser is idle; and a part
//! that cannot be fetched costs only its own view, with a way to try again.

use confab_e2e::{Browser, Chromedriver, Fetched, FirstLoad, Fixture, TestServer, eventually};
use serde_json::json;

/// Files of the build, as opposed to the session's own traffic and the demo's sign-in page.
fn build_files(fetched: &[Fetched]) -> Vec<Fetched> {
    // The session's data, and the pictures of the people in the list, whose requests start as
    // the list is put in the page (a moment before its mark): content, not the app's code.
    let session = ["/api/", "/chat/", "/websocket", "/demo", "/avatar/"];
    fetched
        .iter()
        .filter(|f| !session.iter().any(|prefix| f.path.starts_with(prefix)))
        .map(|f| Fetched { path: if f.path == "/" { "/index.html".into() } else { f.path.clone() }, ..f.clone() })
        .collect()
}

fn paths(fetched: &[Fetched]) -> std::collections::BTreeSet<String> {
    fetched.iter().map(|f| f.path.clone()).collect()
}

/// Keeps the browser from ever calling back when idle, so that no part is prefetched.
const NEVER_IDLE: &str = "window.requestIdleCallback = () => 0;";

/// Alice in a fresh browser (nothing cached) on a new server, signed in; with `idle` the browser
/// prefetches when idle, and requests for `blocked` (URL patterns) fail.
struct Visit {
    browser: Browser,
    server: TestServer,
    _driver: Chromedriver,
    _data: tempfile::TempDir,
}

impl Visit {
    async fn start(idle: bool, blocked: &[&str]) -> Self {
        let data = tempfile::tempdir().unwrap();
        let server = TestServer::start(data.path(), 0).await;
        let driver = Chromedriver::start().await;
        let browser = driver.browser().await;
        if !idle {
            browser.before_each_page(NEVER_IDLE).await;
        }
        if !blocked.is_empty() {
            browser.block_urls(blocked).await;
        }
        browser.sign_in(&server.url("/"), "alice").await;
        Self { browser, server, _driver: driver, _data: data }
    }

    async fn end(self) {
        self.browser.close().await;
        self.server.kill().await;
    }
}

async fn parts_fetched(browser: &Browser, first_load: &FirstLoad) -> std::collections::BTreeSet<String> {
    let fetched = paths(&build_files(&browser.fetched().await));
    fetched.intersection(&first_load.parts).cloned().collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_cold_visit_fetches_exactly_the_core_before_the_room_list_and_the_parts_when_idle() {
    let first_load = FirstLoad::of("index.html");
    let visit = Visit::start(true, &[]).await;
    let browser = &visit.browser;
    let shown = eventually("the room list's mark", || async { browser.mark("confab:room-list").await }).await;

    let fetched = build_files(&browser.fetched().await);
    let before: Vec<Fetched> = fetched.iter().filter(|f| f.start < shown).cloned().collect();
    assert_eq!(paths(&before), first_load.core, "before the room list: the core, all of it and nothing else");
    let bytes: u64 = before.iter().map(|f| f.bytes).sum();
    println!("first load as the browser fetched it: {} files, {bytes} bytes on the wire", before.len());
    assert!(bytes > 0 && bytes < 400_000, "{bytes} bytes: the files came compressed");

    // The live connection's code, and what a click on a room shows, come once the list is up,
    // without waiting for idle time.
    for part in ["realtime", "room"] {
        let file = first_load.part(part);
        let fetched = eventually("the part", || async {
            browser.fetched().await.into_iter().find(|f| f.path == file).map(|f| f.start)
        })
        .await;
        assert!(fetched >= shown, "the {part} part after the room list");
    }
    browser.wait_for(".chat-layout[data-connection='online']").await;

    // Then, with the browser idle, the parts a reader is likely to open arrive by themselves.
    let likely =
        ["markup_parser", "emoji", "sidebar", "upload_dialog", "image_viewer"].map(|part| first_load.part(part));
    eventually("the likely parts to be prefetched", || async {
        let fetched = parts_fetched(browser, &first_load).await;
        likely.iter().all(|part| fetched.contains(part)).then_some(())
    })
    .await;
    // A reader of English fetches no other language, and a page that is not framed no page API.
    let fetched = parts_fetched(browser, &first_load).await;
    for unwanted in ["locale_it", "locale_de", "page_api", "room_frame"] {
        assert!(!fetched.contains(&first_load.part(unwanted)), "{unwanted} was fetched: {fetched:?}");
    }
    visit.end().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn each_part_is_fetched_when_its_view_is_first_opened() {
    let first_load = FirstLoad::of("index.html");
    let visit = Visit::start(false, &[]).await;
    let browser = &visit.browser;
    // The live connection and the room come by themselves once the list is up; no other part
    // before its view.
    browser.wait_for(".chat-layout[data-connection='online']").await;
    let with_the_list = ["realtime", "room"].map(|part| first_load.part(part));
    eventually("the room's parts", || async {
        let fetched = parts_fetched(browser, &first_load).await;
        with_the_list.iter().all(|part| fetched.contains(part)).then_some(())
    })
    .await;
    let early = parts_fetched(browser, &first_load).await;
    assert!(early.iter().all(|file| with_the_list.contains(file) || first_load.is_chunk(file)), "{early:?}");
    browser.click(".room-entry[data-room-name='general']").await;
    browser.wait_for(".room-view .composer-input").await;

    let opens = [
        // The sidebar's dialogs, settings and a new room, come in one part.
        ("sidebar", ".open-settings", ".dialog.settings"),
        ("emoji", ".message .action-react", ".emoji-picker .emoji-search"),
    ];
    for (part, opener, view) in opens {
        let file = first_load.part(part);
        assert!(!parts_fetched(browser, &first_load).await.contains(&file), "{part} before its view opened");
        if part == "emoji" {
            // The picker opens from a message's actions, which exist on hover or focus.
            browser.hover_message("").await;
            browser.wait_for(opener).await;
            browser.script("document.querySelector(arguments[0]).click()", vec![json!(opener)]).await;
        } else {
            browser.click(opener).await;
        }
        browser.wait_for(view).await;
        assert!(parts_fetched(browser, &first_load).await.contains(&file), "{part} when its view opened");
        if part == "sidebar" {
            browser.click(".close-settings").await;
            browser.click(".new-channel").await;
            browser.wait_for(".new-channel-dialog .room-title-input").await;
            browser.press(&fantoccini::key::Key::Escape.to_string()).await;
        }
    }
    // The upload dialog opens when files are chosen.
    let upload_dialog = first_load.part("upload_dialog");
    assert!(!parts_fetched(browser, &first_load).await.contains(&upload_dialog), "the upload dialog before files");
    browser.make_file("notes.pdf", Fixture::Pdf).await;
    browser.pick_files("input.file-picker", &["notes.pdf"]).await;
    browser.wait_for(".upload-dialog .upload-item").await;
    assert!(parts_fetched(browser, &first_load).await.contains(&upload_dialog), "the upload dialog with files");
    visit.end().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_part_that_cannot_be_fetched_shows_an_error_with_retry_and_the_rest_goes_on() {
    let first_load = FirstLoad::of("index.html");
    let settings = first_load.part("sidebar");
    let visit = Visit::start(false, &[&format!("*{settings}")]).await;
    let browser = &visit.browser;

    browser.click(".open-settings").await;
    browser.wait_for(".part-failed[data-part='sidebar'] .part-retry").await;
    let said = browser.text_of(".part-failed[data-part='sidebar']").await;
    assert!(said.contains("could not be loaded"), "a clear sentence: {said:?}");
    assert!(!browser.has(".dialog.settings").await);

    // The rest of the app goes on: a room opens and a message goes out.
    browser.open_room("general").await;
    browser.send("sent while a part was missing").await;
    browser.confirmed("sent while a part was missing").await;

    // The network lets it through again: Retry brings the view.
    browser.block_urls(&[]).await;
    browser.click(".part-failed[data-part='sidebar'] .part-retry").await;
    browser.wait_for(".dialog.settings").await;
    assert!(!browser.has(".part-failed").await);
    assert_eq!(browser.script("return document.querySelectorAll('.dialog.settings').length", vec![]).await, json!(1));
    visit.end().await;
}
