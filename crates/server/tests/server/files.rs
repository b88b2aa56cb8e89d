//! Uploads over REST against the real server: both upload forms, who may fetch a file, and every
//! bad input refused with a clear error and nothing left behind (no file, no record, no message).

use crate::common;

use common::{Session, TestServer};
use confab_hostile::{png, png_claiming};
use reqwest::multipart::{Form, Part};
use serde_json::{Value, json};
use tokio::io::AsyncWriteExt;

fn file(bytes: Vec<u8>, name: &str, media_type: &str) -> Form {
    Form::new().part("file", Part::bytes(bytes).file_name(name.to_owned()).mime_str(media_type).unwrap())
}

async fn json(response: reqwest::Response) -> (u16, Value) {
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

async fn media(app: &TestServer, who: &Session, rid: &str, form: Form) -> (u16, Value) {
    json(app.upload(who, &format!("/api/v1/rooms.media/{rid}"), form).await).await
}

async fn confirm(app: &TestServer, who: &Session, rid: &str, file_id: &str, body: Value) -> (u16, Value) {
    json(app.post(who, &format!("/api/v1/rooms.mediaConfirm/{rid}/{file_id}"), body).await).await
}

async fn history(app: &TestServer, who: &Session, rid: &str) -> Vec<Value> {
    let page: Value =
        app.get(who, &format!("/api/v1/channels.history?roomId={rid}&count=100")).await.json().await.unwrap();
    page["messages"].as_array().unwrap().clone()
}

async fn fetch(app: &TestServer, who: &Session, url: &str) -> reqwest::Response {
    app.get(who, url).await
}

/// Asserts a refusal's shape and that nothing of the upload stayed.
async fn assert_refused_leaving_nothing(
    app: &TestServer,
    who: &Session,
    rid: &str,
    (status, body): (u16, Value),
    expected: (u16, &str),
) {
    assert_eq!((status, body["errorType"].as_str()), (expected.0, Some(expected.1)), "{body}");
    assert_eq!(body["success"], false);
    assert!(body["error"].as_str().is_some_and(|e| !e.is_empty()), "a sentence says why: {body}");
    app.eventually("no file is stored or being written", || app.stored_files() == (0, 0)).await;
    let messages = history(app, who, rid).await;
    assert!(messages.iter().all(|m| m.get("file").is_none()), "no file message was posted");
}

#[tokio::test]
async fn an_image_uploaded_then_confirmed_is_posted_with_its_size_preview_and_thumbnail() {
    let app = TestServer::start().await;
    let alice = app.session("alice").await;
    let bob = app.session("bob").await;
    let general = app.room_id(&alice, "general").await;
    let original = png(1200, 800);

    let (status, body) = media(&app, &alice, &general, file(original.clone(), "sunset.png", "image/png")).await;
    assert_eq!(status, 200, "{body}");
    let file_id = body["file"]["_id"].as_str().unwrap().to_owned();
    let url = body["file"]["url"].as_str().unwrap().to_owned();
    assert_eq!(url, format!("/file-upload/{file_id}/sunset.png"));
    assert_eq!(fetch(&app, &bob, &url).await.status(), 404, "not bob's to see before it is posted");
    assert_eq!(fetch(&app, &alice, &url).await.bytes().await.unwrap(), original, "the uploader sees it");

    let (status, body) =
        confirm(&app, &alice, &general, &file_id, json!({"msg": "look", "description": "the sunset"})).await;
    assert_eq!(status, 200, "{body}");
    let message = &body["message"];
    assert_eq!(message["msg"], "look");
    assert_eq!(message["file"]["_id"], file_id.as_str());
    assert_eq!(message["files"].as_array().unwrap().len(), 2, "the file and its thumbnail");
    let shown = &message["attachments"][0];
    assert_eq!(shown["type"], "file");
    assert_eq!(shown["title"], "sunset.png");
    assert_eq!(shown["title_link"], url.as_str());
    assert_eq!(shown["title_link_download"], true);
    assert_eq!(shown["description"], "the sunset");
    assert_eq!(shown["image_dimensions"], json!({"width": 1200, "height": 800}));
    assert_eq!(shown["image_type"], "image/png");
    assert_eq!(shown["image_size"], original.len());
    assert!(shown["image_preview"].as_str().is_some_and(|p| p.len() > 20), "a blurred preview: {shown}");
    let thumbnail_url = shown["image_url"].as_str().unwrap();
    assert_ne!(thumbnail_url, url, "shown from its thumbnail");

    let downloaded = fetch(&app, &bob, &url).await;
    assert_eq!(downloaded.status(), 200);
    assert_eq!(downloaded.headers()["content-type"], "image/png");
    assert!(downloaded.headers()["content-disposition"].to_str().unwrap().starts_with("inline"));
    assert_eq!(downloaded.bytes().await.unwrap(), original, "bob downloads the original, byte for byte");
    let thumbnail = fetch(&app, &bob, thumbnail_url).await;
    assert_eq!(thumbnail.headers()["content-type"], "image/jpeg");
    let thumbnail = image::load_from_memory(&thumbnail.bytes().await.unwrap()).unwrap();
    assert_eq!((thumbnail.width(), thumbnail.height()), (480, 320));
    let saved = fetch(&app, &bob, &format!("{url}?download")).await;
    assert!(saved.headers()["content-disposition"].to_str().unwrap().starts_with("attachment"));

    assert_eq!(history(&app, &bob, &general).await[0]["attachments"][0]["title"], "sunset.png");
    let (status, _) = confirm(&app, &alice, &general, &file_id, json!({})).await;
    assert_eq!(status, 400, "an upload is posted once");
}

#[tokio::test]
async fn the_one_step_upload_posts_a_document_as_a_card() {
    let app = TestServer::start().await;
    let alice = app.session("alice").await;
    let general = app.room_id(&alice, "general").await;
    let pdf = b"%PDF-1.4\n% a tiny document\n".to_vec();
    let form = file(pdf.clone(), "report.pdf", "application/pdf").text("msg", "the report").text("description", "Q3");
    let (status, body) = json(app.upload(&alice, &format!("/api/v1/rooms.upload/{general}"), form).await).await;
    assert_eq!(status, 200, "{body}");
    let shown = &body["message"]["attachments"][0];
    assert_eq!((shown["title"].as_str(), shown["format"].as_str()), (Some("report.pdf"), Some("pdf")));
    assert_eq!(shown["size"], pdf.len());
    assert!(shown.get("image_url").is_none());
    assert_eq!(body["message"]["msg"], "the report");
    let served = fetch(&app, &alice, shown["title_link"].as_str().unwrap()).await;
    assert!(served.headers()["content-disposition"].to_str().unwrap().starts_with("attachment"), "saved, not shown");
    assert_eq!(served.bytes().await.unwrap(), pdf);
}

#[tokio::test]
async fn a_file_over_the_limit_is_refused_with_413_and_leaves_nothing() {
    let app = TestServer::start_with(|s| s.max_file_bytes = 10_000).await;
    let alice = app.session("alice").await;
    let general = app.room_id(&alice, "general").await;
    let big = vec![7u8; 50_000];
    let refused = media(&app, &alice, &general, file(big.clone(), "big.txt", "text/plain")).await;
    assert_refused_leaving_nothing(&app, &alice, &general, refused, (413, "error-file-too-large")).await;
    let form = file(big, "big.txt", "text/plain").text("msg", "should not appear");
    let refused = json(app.upload(&alice, &format!("/api/v1/rooms.upload/{general}"), form).await).await;
    assert_refused_leaving_nothing(&app, &alice, &general, refused, (413, "error-file-too-large")).await;
    assert!(history(&app, &alice, &general).await.iter().all(|m| m["msg"] != "should not appear"));
}

#[tokio::test]
async fn a_type_not_accepted_is_refused() {
    let app = TestServer::start().await;
    let alice = app.session("alice").await;
    let general = app.room_id(&alice, "general").await;
    let refused =
        media(&app, &alice, &general, file(b"MZ\x90".to_vec(), "setup.exe", "application/x-msdownload")).await;
    assert_refused_leaving_nothing(&app, &alice, &general, refused, (400, "error-invalid-file-type")).await;
}

#[tokio::test]
async fn a_decompression_bomb_and_a_fake_image_are_refused() {
    let app = TestServer::start().await;
    let alice = app.session("alice").await;
    let general = app.room_id(&alice, "general").await;
    let refused = media(&app, &alice, &general, file(png_claiming(60_000, 60_000), "bomb.png", "image/png")).await;
    assert_refused_leaving_nothing(&app, &alice, &general, refused, (400, "error-image-too-large")).await;
    let fake = b"<html><script>alert(document.cookie)</script></html>".to_vec();
    let refused = media(&app, &alice, &general, file(fake, "cat.png", "image/png")).await;
    assert_refused_leaving_nothing(&app, &alice, &general, refused, (400, "error-invalid-image")).await;
}

#[tokio::test]
async fn hostile_names_are_stored_safely_and_markup_files_cannot_run_on_this_origin() {
    let app = TestServer::start().await;
    let alice = app.session("alice").await;
    let general = app.room_id(&alice, "general").await;
    let cases = [
        (
            "../../etc/evil\u{202E}gpj.exe.svg",
            "image/svg+xml",
            "<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
        ),
        ("page\t\u{200B}\u{2066}.html", "text/html", "<script>parent.alert(1)</script>"),
        (
            "feed.xml",
            "application/xml",
            "<?xml version='1.0'?><x:script xmlns:x='http://www.w3.org/1999/xhtml'>alert(1)</x:script>",
        ),
    ];
    for (name, media_type, content) in cases {
        let form = file(content.as_bytes().to_vec(), name, media_type);
        let (status, body) = json(app.upload(&alice, &format!("/api/v1/rooms.upload/{general}"), form).await).await;
        assert_eq!(status, 200, "{name:?}: {body}");
        let shown = &body["message"]["attachments"][0];
        let title = shown["title"].as_str().unwrap();
        assert!(!title.contains(['/', '\\', '\u{202E}', '\t', '\u{200B}', '\u{2066}']), "stored harmlessly: {title:?}");
        assert!(shown.get("image_url").is_none(), "{name:?} is not shown inline");
        let served = fetch(&app, &alice, shown["title_link"].as_str().unwrap()).await;
        assert_eq!(served.status(), 200);
        let headers = served.headers();
        assert!(headers["content-disposition"].to_str().unwrap().starts_with("attachment"), "{name:?}");
        let csp = headers["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("sandbox") && csp.contains("default-src 'none'"), "{csp}");
        assert_eq!(headers["x-content-type-options"], "nosniff");
        assert_eq!(served.text().await.unwrap(), content);
    }
    let svg = &history(&app, &alice, &general).await[2]["attachments"][0];
    assert_eq!(svg["title"], "evilgpj.exe.svg");
}

#[tokio::test]
async fn confirms_for_someone_elses_file_another_room_or_a_room_one_is_not_in_are_refused() {
    let app = TestServer::start().await;
    let alice = app.session("alice").await;
    let bob = app.session("bob").await;
    let general = app.room_id(&alice, "general").await;
    let design = app.room_id(&alice, "design").await;
    let (_, body) = media(&app, &alice, &general, file(b"notes".to_vec(), "notes.txt", "text/plain")).await;
    let file_id = body["file"]["_id"].as_str().unwrap().to_owned();

    let (status, body) = confirm(&app, &bob, &general, &file_id, json!({"msg": "mine now"})).await;
    assert_eq!((status, body["errorType"].as_str()), (400, Some("error-invalid-file")), "{body}");
    let (status, body) = confirm(&app, &alice, &design, &file_id, json!({})).await;
    assert_eq!((status, body["errorType"].as_str()), (400, Some("error-invalid-file")), "{body}");
    let (status, _) = confirm(&app, &bob, &design, &file_id, json!({})).await;
    assert_eq!(status, 403, "bob is not in design");
    let (status, _) = confirm(&app, &alice, &general, "not-an-upload-id1", json!({})).await;
    assert_eq!(status, 400);
    let (status, body) = confirm(&app, &alice, &general, &file_id, json!({"tmid": "no-such-parent-1"})).await;
    assert_eq!(status, 400, "{body}");

    let (status, body) = media(&app, &bob, &design, file(b"x".to_vec(), "x.txt", "text/plain")).await;
    assert_eq!((status, body["success"].as_bool()), (403, Some(false)), "bob cannot upload to design");
    let (status, _) = confirm(&app, &alice, &general, &file_id, json!({"msg": "posted at last"})).await;
    assert_eq!(status, 200, "the refused confirms left the upload waiting for alice's");

    let (_, body) = json(
        app.upload(&alice, &format!("/api/v1/rooms.upload/{design}"), file(b"plan".to_vec(), "plan.txt", "text/plain"))
            .await,
    )
    .await;
    let private_url = body["message"]["attachments"][0]["title_link"].as_str().unwrap().to_owned();
    let refused = fetch(&app, &bob, &private_url).await;
    assert_eq!(refused.status(), 404, "bob cannot download design's file");
    assert!(refused.json::<Value>().await.unwrap()["success"] == false);
    let anonymous = app.http.get(app.url(&private_url)).send().await.unwrap();
    assert_eq!(anonymous.status(), 401);
    assert_eq!(fetch(&app, &alice, &private_url).await.status(), 200);
}

#[tokio::test]
async fn an_upload_cut_off_midway_leaves_no_file_and_no_message() {
    let app = TestServer::start().await;
    let alice = app.session("alice").await;
    let general = app.room_id(&alice, "general").await;
    let boundary = "confab-boundary";
    let head = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"half.bin\"\r\n\
         Content-Type: text/plain\r\n\r\n"
    );
    let request = format!(
        "POST /api/v1/rooms.upload/{general} HTTP/1.1\r\nHost: {}\r\nX-User-Id: {}\r\nX-Auth-Token: {}\r\n\
         Content-Type: multipart/form-data; boundary={boundary}\r\nContent-Length: 2000000\r\n\r\n{head}",
        app.server.addr(),
        alice.user_id,
        alice.token
    );
    let mut socket = tokio::net::TcpStream::connect(app.server.addr()).await.unwrap();
    socket.write_all(request.as_bytes()).await.unwrap();
    socket.write_all(&vec![b'a'; 300_000]).await.unwrap();
    socket.flush().await.unwrap();
    app.eventually("the server is writing the upload", || app.stored_files().1 == 1).await;
    drop(socket);
    app.eventually("the partial file is gone", || app.stored_files() == (0, 0)).await;
    assert!(history(&app, &alice, &general).await.iter().all(|m| m.get("file").is_none()));
}

#[tokio::test]
async fn deleting_a_message_deletes_its_files() {
    let app = TestServer::start().await;
    let alice = app.session("alice").await;
    let general = app.room_id(&alice, "general").await;
    let form = file(png(900, 900), "big.png", "image/png");
    let (_, body) = json(app.upload(&alice, &format!("/api/v1/rooms.upload/{general}"), form).await).await;
    let message = &body["message"];
    assert_eq!(app.stored_files(), (2, 0), "the image and its thumbnail");
    let url = message["attachments"][0]["title_link"].as_str().unwrap().to_owned();
    let deleted = app.post(&alice, "/api/v1/chat.delete", json!({"roomId": general, "msgId": message["_id"]})).await;
    assert_eq!(deleted.status(), 200);
    assert_eq!(app.stored_files(), (0, 0));
    assert_eq!(fetch(&app, &alice, &url).await.status(), 404);
}

#[tokio::test]
async fn the_upload_limits_are_public_settings() {
    let app = TestServer::start_with(|s| {
        s.max_file_bytes = 1234;
        s.accepted_media_types = vec!["image/*".into(), "application/pdf".into()];
    })
    .await;
    let ids = "FileUpload_MaxFileSize,FileUpload_MediaTypeWhiteList";
    let body: Value = app
        .http
        .get(app.url(&format!("/api/v1/settings.public?_id={ids}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(body["success"], true);
    let settings = body["settings"].as_array().unwrap();
    assert_eq!(settings.len(), 2);
    let value = |id: &str| settings.iter().find(|s| s["_id"] == id).map(|s| s["value"].clone());
    assert_eq!(value("FileUpload_MaxFileSize"), Some(json!(1234)));
    assert_eq!(value("FileUpload_MediaTypeWhiteList"), Some(json!("image/*,application/pdf")));
}
