//! Avatars over REST and the Realtime API: initials drawn by the server, pictures set by upload
//! or by address (fetched once, never from a private address unless allowed), changes heard by
//! every signed-in client, and private rooms' avatars kept from outsiders.

use crate::common;

use common::{PageServer, Socket, TestServer};
use confab_hostile::png;
use reqwest::multipart::{Form, Part};
use serde_json::{Value, json};

fn picture_form(bytes: Vec<u8>) -> Form {
    Form::new().part("image", Part::bytes(bytes).file_name("me.png").mime_str("image/png").unwrap())
}

async fn avatar(app: &TestServer, path: &str) -> (u16, String, Vec<u8>, String) {
    let response = app.http.get(app.url(path)).send().await.unwrap();
    let status = response.status().as_u16();
    let kind = response.headers().get("content-type").map(|v| v.to_str().unwrap().to_owned()).unwrap_or_default();
    let etag = response.headers().get("etag").map(|v| v.to_str().unwrap().to_owned()).unwrap_or_default();
    (status, kind, response.bytes().await.unwrap().to_vec(), etag)
}

#[tokio::test]
async fn without_a_picture_the_server_draws_initials_that_revalidate() {
    let app = TestServer::start().await;
    let (status, kind, body, etag) = avatar(&app, "/avatar/john.smith").await;
    assert_eq!((status, kind.as_str()), (200, "image/svg+xml"));
    let svg = String::from_utf8(body).unwrap();
    assert!(svg.contains(">JS</text>"), "{svg}");
    assert!(svg.contains(confab_protocol::avatar::background("john.smith")), "the same colour as the app's");
    let again = app.http.get(app.url("/avatar/john.smith")).header("If-None-Match", &etag).send().await.unwrap();
    assert_eq!(again.status(), 304);
    let hostile = avatar(&app, "/avatar/%3Cscript%3Ealert(1)%3C%2Fscript%3E").await;
    assert!(!String::from_utf8(hostile.2).unwrap().contains("<script"), "the name is escaped");
}

#[tokio::test]
async fn an_uploaded_picture_replaces_the_initials_and_every_client_hears_of_it() {
    let app = TestServer::start().await;
    let alice = app.session("alice").await;
    let bob = app.session("bob").await;
    let mut socket = Socket::logged_in(&app, &bob).await;
    let ready = socket.subscribe_stream("avatars", "stream-notify-logged", "updateAvatar").await;
    assert_eq!(ready["msg"], "ready", "{ready}");
    let (_, _, _, initials_etag) = avatar(&app, "/avatar/alice").await;

    let set = app.upload(&alice, "/api/v1/users.setAvatar", picture_form(png(640, 480))).await;
    assert_eq!(set.status(), 200, "{}", set.text().await.unwrap());
    let heard = socket.event("updateAvatar").await;
    assert_eq!(heard[0]["username"], "alice");
    let (status, kind, body, etag) = avatar(&app, "/avatar/alice").await;
    assert_eq!((status, kind.as_str()), (200, "image/jpeg"));
    assert_ne!(etag, initials_etag);
    let picture = image::load_from_memory(&body).unwrap();
    assert_eq!((picture.width(), picture.height()), (256, 256), "a square, encoded anew");
    assert_eq!(heard[0]["etag"].as_str().map(|e| format!("\"{e}\"")), Some(etag));

    let reset = app.post(&alice, "/api/v1/users.resetAvatar", json!({})).await;
    assert_eq!(reset.status(), 200);
    assert_eq!(socket.event("updateAvatar").await[0]["username"], "alice");
    assert_eq!(avatar(&app, "/avatar/alice").await.1, "image/svg+xml");
}

#[tokio::test]
async fn only_an_admin_changes_someone_elses_avatar_and_bad_pictures_are_refused() {
    let app = TestServer::start().await;
    let bob = app.session("bob").await;
    let alice = app.session("alice").await;
    let refused = app.post(&bob, "/api/v1/users.resetAvatar", json!({"username": "alice"})).await;
    assert_eq!(refused.status(), 403);
    let form = picture_form(png(10, 10)).text("username", "alice");
    assert_eq!(app.upload(&bob, "/api/v1/users.setAvatar", form).await.status(), 403);
    assert_eq!(avatar(&app, "/avatar/alice").await.1, "image/svg+xml", "alice's avatar is unchanged");

    for (bytes, error) in [
        (b"<svg onload='alert(1)'/>".to_vec(), "error-invalid-image"),
        (vec![0u8; 6 * 1024 * 1024], "error-file-too-large"),
    ] {
        let response = app.upload(&alice, "/api/v1/users.setAvatar", picture_form(bytes)).await;
        let status = response.status().as_u16();
        let body: Value = response.json().await.unwrap();
        assert!(status == 400 || status == 413, "{status}: {body}");
        assert_eq!(body["errorType"], error, "{body}");
    }
}

#[tokio::test]
async fn an_avatar_address_is_fetched_once_and_never_from_a_private_network_unless_allowed() {
    let site = PageServer::start(vec![("/me.png", "image/png", png(300, 300))]).await;
    let guarded = TestServer::start().await;
    let alice = guarded.session("alice").await;
    let response = guarded.post(&alice, "/api/v1/users.setAvatar", json!({"avatarUrl": site.url("/me.png")})).await;
    assert_eq!(response.status(), 400);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["errorType"], "error-avatar-url-handling", "{body}");
    assert!(body["error"].as_str().unwrap().contains("network"), "{body}");
    let local_name = format!("http://localhost:{}/me.png", site.addr.port());
    let response = guarded.post(&alice, "/api/v1/users.setAvatar", json!({"avatarUrl": local_name})).await;
    assert_eq!(response.status(), 400, "a name resolving to loopback is refused too");
    assert_eq!(site.hits(), 0, "the private address was never requested");

    let open = TestServer::start_with(|s| s.fetch_private_addresses = true).await;
    let alice = open.session("alice").await;
    let response = open.post(&alice, "/api/v1/users.setAvatar", json!({"avatarUrl": site.url("/me.png")})).await;
    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
    assert_eq!(site.hits(), 1, "fetched once");
    assert_eq!(avatar(&open, "/avatar/alice").await.1, "image/jpeg");
}

#[tokio::test]
async fn a_private_rooms_avatar_is_drawn_only_for_its_members() {
    let app = TestServer::start().await;
    let alice = app.session("alice").await;
    let design = app.room_id(&alice, "design").await;
    let general = app.room_id(&alice, "general").await;
    let (_, kind, body, _) = avatar(&app, &format!("/avatar/room/{general}")).await;
    assert_eq!(kind, "image/svg+xml");
    assert!(String::from_utf8(body).unwrap().contains(">G</text>"), "a channel's initials for anyone");
    let (_, _, blank, _) = avatar(&app, &format!("/avatar/room/{design}")).await;
    assert!(String::from_utf8(blank).unwrap().contains("></text>"), "nothing of a private room's name");
    let member = app.get(&alice, &format!("/avatar/room/{design}")).await.text().await.unwrap();
    assert!(member.contains(">D</text>"), "{member}");
    let unknown = avatar(&app, "/avatar/room/nosuchroom0000001").await;
    assert!(String::from_utf8(unknown.2).unwrap().contains("></text>"));
}
