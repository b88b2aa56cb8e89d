//! The built app served like production: the precompressed copy the browser accepts, hashed files
//! cached for good and the page revalidated, readable from any origin, a 404 for what is not
//! there; and JSON answers over a kilobyte compressed.

use crate::common;

use std::path::Path;

use common::TestServer;
use reqwest::header::{
    ACCEPT_ENCODING, CACHE_CONTROL, CONTENT_ENCODING, CONTENT_TYPE, IF_MODIFIED_SINCE, LAST_MODIFIED, VARY,
};
use serde_json::json;

/// A build as `cargo xtask finish` leaves it: each file with a `.br` and `.gz` copy, whose
/// contents here say which one was sent.
fn build(dir: &Path) {
    let files = [
        ("index.html", "<!doctype html><title>Confab</title>"),
        ("embed.js", "/* loader */"),
        ("app/2d255a6886377340/main.js", "export default 1;"),
        ("app/2d255a6886377340/main_bg.wasm", "\0asm"),
        ("favicon-92b4a10ae3190bf2.svg", "<svg/>"),
    ];
    for (name, contents) in files {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, contents).unwrap();
        std::fs::write(format!("{}.br", path.display()), format!("brotli of {name}")).unwrap();
        std::fs::write(format!("{}.gz", path.display()), format!("gzip of {name}")).unwrap();
    }
    std::fs::write(dir.join(".trunk-lock"), "").unwrap();
}

async fn app_server() -> (TestServer, tempfile::TempDir) {
    let dist = tempfile::tempdir().unwrap();
    build(dist.path());
    let path = dist.path().to_owned();
    let server = TestServer::start_with(move |settings| {
        settings.static_dir = Some(path);
        // The page is served without the demo's sign-in detour.
        settings.demo = false;
    })
    .await;
    (server, dist)
}

#[tokio::test]
async fn files_go_in_the_encoding_the_browser_accepts_or_as_they_are() {
    let (server, _dist) = app_server().await;
    let get = |path: &str, accept: Option<&'static str>| {
        let mut request = server.http.get(server.url(path));
        if let Some(accept) = accept {
            request = request.header(ACCEPT_ENCODING, accept);
        }
        request.send()
    };
    let wasm = "/app/2d255a6886377340/main_bg.wasm";
    let brotli = get(wasm, Some("gzip, deflate, br")).await.unwrap();
    assert_eq!(brotli.status(), 200);
    assert_eq!(brotli.headers()[CONTENT_ENCODING], "br");
    assert_eq!(brotli.headers()[CONTENT_TYPE], "application/wasm");
    assert_eq!(brotli.headers()[VARY], "accept-encoding");
    assert_eq!(brotli.text().await.unwrap(), "brotli of app/2d255a6886377340/main_bg.wasm");
    let gzip = get(wasm, Some("gzip")).await.unwrap();
    assert_eq!(gzip.headers()[CONTENT_ENCODING], "gzip");
    assert_eq!(gzip.text().await.unwrap(), "gzip of app/2d255a6886377340/main_bg.wasm");
    for accept in [None, Some("identity"), Some("br;q=0")] {
        let plain = get(wasm, accept).await.unwrap();
        assert!(plain.headers().get(CONTENT_ENCODING).is_none(), "{accept:?}");
        assert_eq!(plain.bytes().await.unwrap().as_ref(), b"\0asm", "{accept:?}");
    }
    let page = get("/", Some("br")).await.unwrap();
    assert_eq!(page.headers()[CONTENT_ENCODING], "br");
    assert_eq!(page.text().await.unwrap(), "brotli of index.html");
}

#[tokio::test]
async fn hashed_files_are_cached_for_good_and_the_page_and_loaders_revalidated() {
    let (server, _dist) = app_server().await;
    for path in ["/app/2d255a6886377340/main.js", "/app/2d255a6886377340/main_bg.wasm", "/favicon-92b4a10ae3190bf2.svg"]
    {
        let response = server.http.get(server.url(path)).send().await.unwrap();
        assert_eq!(response.status(), 200, "{path}");
        assert_eq!(response.headers()[CACHE_CONTROL], "public, max-age=31536000, immutable", "{path}");
        assert_eq!(response.headers()["access-control-allow-origin"], "*", "{path}");
    }
    for path in
        ["/", "/embed/room/general", "/channel/general?msg=Zr4Tq8WmKp2XcVb7N", "/direct/Zr4Tq8WmKp2XcVb7N", "/embed.js"]
    {
        let response = server.http.get(server.url(path)).send().await.unwrap();
        assert_eq!(response.status(), 200, "{path}");
        assert_eq!(response.headers()[CACHE_CONTROL], "no-cache", "{path}");
        let modified = response.headers()[LAST_MODIFIED].clone();
        let again = server.http.get(server.url(path)).header(IF_MODIFIED_SINCE, modified).send().await.unwrap();
        assert_eq!(again.status(), 304, "{path} revalidates by its validator");
    }
}

#[tokio::test]
async fn a_missing_file_is_a_404_not_the_page() {
    let (server, _dist) = app_server().await;
    for path in [
        "/favicon.ico",
        "/app/2d255a6886377340/split_nothing.wasm",
        "/app/0000000000000000/main.js",
        "/robots.txt",
        "/.trunk-lock",
        "/index.html.br",
        "/some/page",
        "/channel/general/more",
        "/channels/general",
    ] {
        let response = server.http.get(server.url(path)).send().await.unwrap();
        assert_eq!(response.status(), 404, "{path}");
        assert!(response.headers().get(CACHE_CONTROL).is_none(), "{path}: a 404 is not cached for a year");
    }
}

#[tokio::test]
async fn json_answers_over_a_kilobyte_are_compressed_when_accepted() {
    let server = TestServer::start().await;
    let alice = server.session("alice").await;
    let general = server.room_id(&alice, "general").await;
    for n in 0..30 {
        let body =
            json!({"message": {"rid": general, "msg": format!("message {n} of a history long enough to compress")}});
        assert_eq!(server.post(&alice, "/api/v1/chat.sendMessage", body).await.status(), 200);
    }
    let history = format!("/api/v1/channels.history?roomId={general}&count=30");
    let ask = |accept: Option<&'static str>, path: String| {
        let mut request =
            server.http.get(server.url(&path)).header("X-User-Id", &alice.user_id).header("X-Auth-Token", &alice.token);
        if let Some(accept) = accept {
            request = request.header(ACCEPT_ENCODING, accept);
        }
        request.send()
    };
    let compressed = ask(Some("br"), history.clone()).await.unwrap();
    assert_eq!(compressed.headers()[CONTENT_ENCODING], "br");
    let plain = ask(None, history).await.unwrap();
    assert!(plain.headers().get(CONTENT_ENCODING).is_none());
    assert!(plain.text().await.unwrap().len() > 1024, "the history is over a kilobyte");
    let small = ask(Some("br"), "/api/v1/me".into()).await.unwrap();
    assert!(small.headers().get(CONTENT_ENCODING).is_none(), "a small answer goes as it is");
}
