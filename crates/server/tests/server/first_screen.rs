//! The first screen rendered by the server: the user's own rooms, in their language and time
//! zone, with what it was rendered from, for them alone.

use crate::common;

use common::TestServer;
use confab_protocol::first_screen::{FIRST_SCREEN_SCRIPT_ID, FirstScreen};

async fn fragment(app: &TestServer, username: Option<&str>, query: &str, language: &str) -> reqwest::Response {
    let mut request = app.http.get(app.url(&format!("/chat/first-screen?clientType=web{query}")));
    if let Some(username) = username {
        request = request.header("userid", username);
    }
    request.header("accept-language", language).send().await.unwrap()
}

/// The fragment's HTML, and the first screen its script carries.
fn split(body: &str) -> (&str, FirstScreen) {
    let opening = format!(r#"<script type="application/json" id="{FIRST_SCREEN_SCRIPT_ID}">"#);
    let (html, script) = body.split_once(&opening).expect("the fragment ends with its script");
    let json = script.strip_suffix("</script>").expect("the script closes the fragment");
    (html, serde_json::from_str(json).expect("the script's JSON is a first screen"))
}

#[tokio::test]
async fn the_first_screen_lists_the_users_own_rooms_with_their_unread_counts_and_last_messages() {
    let app = TestServer::start().await;
    let bob = app.session("bob").await;
    let random = app.room_id(&bob, "random").await;
    assert_eq!(app.send(&bob, &random, "Lunch at <b>noon</b>?").await.status(), 200);

    let answer = fragment(&app, Some("alice"), "", "en-GB,en;q=0.8").await;
    assert_eq!(answer.status(), 200);
    let headers = answer.headers().clone();
    assert_eq!(headers["content-type"], "text/html; charset=utf-8");
    assert_eq!(headers["cache-control"], "private, no-store", "never kept by a shared cache");
    let body = answer.text().await.unwrap();
    let (html, first) = split(&body);
    assert_eq!(first.me.user.username, "alice");
    assert!(first.subscriptions.update.iter().any(|s| s.name == "design"), "alice's private group is hers");

    for room in ["general", "random", "design"] {
        assert!(html.contains(&format!(r#"data-room-name="{room}""#)), "{room} is listed: {html}");
    }
    assert!(html.contains(r#"<h2>Channels</h2>"#), "in English: {html}");
    assert!(html.contains("Bob: Lunch at &lt;b&gt;noon&lt;/b&gt;?"), "the last message, escaped: {html}");
    let random_entry = html.split(r#"data-room-name="random""#).nth(1).and_then(|e| e.split("</li>").next()).unwrap();
    assert!(random_entry.contains(r#"class="unread-badge""#), "its unread count: {random_entry}");
    assert!(html.contains(r#"<span class="me">Alice Liddell</span>"#), "{html}");
    assert!(!html.contains(r#"class="room-list-status"#), "the list is there, not a placeholder: {html}");
}

#[tokio::test]
async fn the_first_screen_holds_nothing_of_another_users() {
    let app = TestServer::start().await;
    let body = fragment(&app, Some("bob"), "", "en").await.text().await.unwrap();
    let (html, first) = split(&body);
    assert_eq!(first.me.user.username, "bob");
    assert!(!html.contains("design"), "alice's and carol's group is not bob's: {html}");
    assert!(html.contains(r#"<span class="me">Bob Marley</span>"#), "{html}");
    assert!(first.subscriptions.update.iter().all(|s| s.u.username == "bob"));
    assert!(!first.subscriptions.update.iter().any(|s| s.name == "design"));
}

#[tokio::test]
async fn the_first_screen_is_in_the_readers_language_and_time_zone() {
    let app = TestServer::start().await;
    let bob = app.session("bob").await;
    let random = app.room_id(&bob, "random").await;
    assert_eq!(app.send(&bob, &random, "Hallo").await.status(), 200);

    let body = fragment(&app, Some("alice"), "&utcOffset=0", "fr;q=0.5,de-CH,de;q=0.9").await.text().await.unwrap();
    let (html, first) = split(&body);
    assert!(html.contains("<h2>Kanäle</h2>") && html.contains(r#"lang="de""#), "in German: {html}");
    assert!(html.contains(r#" ungelesene Nachrichten""#), "{html}");

    // The list writes the last message's time on the reader's clock: shifted by their offset.
    let sent = first.rooms.update.iter().find(|r| r.id == random).and_then(|r| r.last_message.as_ref()).unwrap().ts;
    let at = |offset_minutes: i64| {
        let minutes = (sent.millis() / 60_000 + offset_minutes).rem_euclid(24 * 60);
        format!("{:02}:{:02}", minutes / 60, minutes % 60)
    };
    let times = |html: &str| -> Vec<String> {
        html.split(r#"<time class="room-time">"#)
            .skip(1)
            .filter_map(|t| t.split('<').next())
            .map(str::to_owned)
            .collect()
    };
    assert!(times(html).contains(&at(0)), "{:?} holds {}", times(html), at(0));
    // Half an hour east keeps the same day for a message sent now in all but its last half hour.
    let east = fragment(&app, Some("alice"), "&utcOffset=30", "de").await.text().await.unwrap();
    let (east_html, east_first) = split(&east);
    assert_eq!(east_first.utc_offset_minutes, 30);
    let shifted = times(east_html);
    assert!(shifted.contains(&at(30)) || shifted.iter().any(|t| t == "Gestern" || t == "Heute"), "{shifted:?}");
}

#[tokio::test]
async fn the_first_screen_wears_the_clients_theme() {
    let app = TestServer::start().await;
    let answer = app
        .http
        .get(app.url("/chat/first-screen?clientType=web"))
        .header("userid", "alice")
        .header("cookie", "confab_demo_theme=dark-brand")
        .send()
        .await
        .unwrap();
    let body = answer.text().await.unwrap();
    let (html, first) = split(&body);
    assert!(first.config.presentation().0.theme.title.as_deref() == Some("Nightjar"));
    assert!(html.contains(r#"data-mode="dark""#), "the theme's mode: {html}");
    assert!(html.contains(r#"<img src="/demo/nightjar.svg" alt="Nightjar" class="brand-logo">"#), "{html}");
    assert!(html.contains("--confab-primary:#b69cff;"), "its colours: {html}");
}

#[tokio::test]
async fn a_caller_who_is_not_signed_in_or_asks_wrongly_gets_a_clear_refusal() {
    let app = TestServer::start_with(|s| s.demo = false).await;
    let stranger = fragment(&app, None, "", "en").await;
    assert_eq!(stranger.status(), 401);
    let body: serde_json::Value = stranger.json().await.unwrap();
    assert_eq!(body["errors"]["title"], "Not signed in");

    let app = TestServer::start().await;
    let missing = app.http.get(app.url("/chat/first-screen")).header("userid", "alice").send().await.unwrap();
    assert_eq!(missing.status(), 400);
    let offset = fragment(&app, Some("alice"), "&utcOffset=soon", "en").await;
    assert_eq!(offset.status(), 400);
    // An offset beyond any time zone's is held to the furthest there is.
    let far = fragment(&app, Some("alice"), "&utcOffset=100000", "en").await.text().await.unwrap();
    assert_eq!(split(&far).1.utc_offset_minutes, 14 * 60);
}

#[tokio::test]
async fn in_provider_mode_the_first_screen_is_read_from_the_provider_as_its_user() {
    let secret = "provider-minting-secret";
    let chat = TestServer::start_with(|s| s.create_tokens_secret = Some(secret.into())).await;
    let admin = chat.session("alice").await;
    let carol = chat.session("carol").await;
    let design = chat.room_id(&carol, "design").await;
    assert_eq!(chat.send(&carol, &design, "Mock-ups are ready").await.status(), 200);
    let host = TestServer::start_with(|s| {
        s.demo = false;
        s.trust_identity_header = true;
        s.provider_url = Some(chat.server.url());
        s.provider_user_id = Some(admin.user_id.clone());
        s.provider_token = Some(admin.token.clone());
        s.provider_secret = Some(secret.into());
    })
    .await;

    let answer = fragment(&host, Some("alice"), "", "en").await;
    assert_eq!(answer.status(), 200);
    let body = answer.text().await.unwrap();
    let (html, first) = split(&body);
    assert_eq!(first.config.server.as_ref().map(|s| s.url.as_str()), Some(chat.server.url().as_str()));
    assert_eq!(first.me.user.id, admin.user_id, "alice as the provider knows her");
    assert!(html.contains(r#"data-room-name="design""#), "her rooms on the provider: {html}");
    assert!(html.contains("Carol: Mock-ups are ready"), "{html}");
    assert!(host.server.store().user_by_username("alice").await.unwrap().is_none(), "nothing kept on the host");
}

/// The app's page as the build leaves it (minified), with its early config request.
const BUILT_PAGE: &str = "<!doctype html><title>Confab</title><script>window.confabConfig=fetch(`/chat/config?clientType=web`,{credentials:`include`});</script></head><body><div id=confab></div><script>takeOver()</script></body></html>";

/// A server serving [`BUILT_PAGE`] as the app's page.
async fn page_server() -> (TestServer, tempfile::TempDir) {
    let dist = tempfile::tempdir().unwrap();
    std::fs::write(dist.path().join("index.html"), BUILT_PAGE).unwrap();
    let path = dist.path().to_owned();
    (TestServer::start_with(move |settings| settings.static_dir = Some(path)).await, dist)
}

async fn page(app: &TestServer, path: &str, username: &str, cookie: Option<&str>) -> reqwest::Response {
    let mut request = app.http.get(app.url(path)).header("userid", username);
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie);
    }
    request.send().await.unwrap()
}

#[tokio::test]
async fn the_apps_page_carries_the_readers_first_screen_once_it_knows_their_time_zone() {
    let (app, _dist) = page_server().await;
    let answer = page(&app, "/", "alice", Some("confab_utc_offset=60")).await;
    assert_eq!(answer.status(), 200);
    let headers = answer.headers().clone();
    assert_eq!(headers["cache-control"], "private, no-store");
    assert!(headers.get_all("vary").iter().any(|v| v.to_str().unwrap().contains("Cookie")), "{headers:?}");
    let body = answer.text().await.unwrap();
    let (shown, rest) = body.split_once(r#"<div id="confab" hidden></div>"#).expect("the app's root, hidden");
    assert_eq!(rest, "<script>takeOver()</script></body></html>", "the page's own script follows");
    let (before, first) = shown.split_once(r#"<div id="confab-first">"#).expect("the first screen, beside the root");
    assert!(!before.contains("confabConfig"), "the config is in the page, not asked for: {before}");
    let (html, first) = split(first.strip_suffix("</div>").expect("the first screen's element closes"));
    assert!(html.contains(r#"data-room-name="design""#), "alice's rooms: {html}");
    assert_eq!(first.utc_offset_minutes, 60);
    assert_eq!(first.me.user.username, "alice");

    // The reader's alone: bob's page lacks alice's and carol's private group.
    let bobs = page(&app, "/", "bob", Some("confab_utc_offset=60")).await.text().await.unwrap();
    assert!(bobs.contains(r#"data-room-name="general""#) && !bobs.contains("design"), "{bobs}");

    // Compressed as it is sent.
    let compressed = app
        .http
        .get(app.url("/"))
        .header("userid", "alice")
        .header("cookie", "confab_utc_offset=60")
        .header("accept-encoding", "br")
        .send()
        .await
        .unwrap();
    assert_eq!(compressed.headers()["content-encoding"], "br");
}

#[tokio::test]
async fn the_page_is_served_as_built_when_the_server_is_not_to_render_it() {
    let (app, _dist) = page_server().await;
    // No offset known yet, an offset that is no number, or the embedded layout (a room alone).
    for (path, cookie) in [
        ("/", None),
        ("/", Some("confab_utc_offset=east")),
        ("/?layout=embedded", Some("confab_utc_offset=60")),
        ("/embed/room/general", Some("confab_utc_offset=60")),
    ] {
        let answer = page(&app, path, "alice", cookie).await;
        assert_eq!(answer.status(), 200, "{path} {cookie:?}");
        assert_eq!(answer.headers()["cache-control"], "no-cache", "{path} {cookie:?}");
        assert_eq!(answer.text().await.unwrap(), BUILT_PAGE, "{path} {cookie:?}");
    }
}

#[tokio::test]
async fn the_page_is_rendered_in_the_language_and_mode_the_reader_chose_in_settings() {
    let (app, _dist) = page_server().await;
    let chosen =
        percent_encoding::utf8_percent_encode(r#"{"language":"de","mode":"dark"}"#, percent_encoding::NON_ALPHANUMERIC);
    let cookie = format!("confab_utc_offset=0; confab_prefs={chosen}");
    let body = page(&app, "/", "alice", Some(&cookie)).await.text().await.unwrap();
    assert!(body.contains("<h2>Kanäle</h2>") && body.contains(r#"lang="de""#), "in German: {body}");
    assert!(body.contains(r#"data-mode="dark""#), "dark: {body}");
    // Choices that cannot be read are no choices.
    let body = page(&app, "/", "alice", Some("confab_utc_offset=0; confab_prefs=%7Bnot")).await.text().await.unwrap();
    assert!(body.contains("<h2>Channels</h2>") && body.contains(r#"data-mode="light""#), "{body}");
}

#[tokio::test]
async fn only_a_host_page_allowed_to_read_the_fragment_may_time_it() {
    let app = TestServer::start_with(|settings| settings.allowed_origins = vec!["http://host.example".into()]).await;
    for (origin, timed) in [("http://host.example", true), ("http://elsewhere.example", false)] {
        let answer = app
            .http
            .get(app.url("/chat/first-screen?clientType=web"))
            .header("userid", "alice")
            .header("origin", origin)
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), 200, "{origin}");
        let allowed = answer.headers().get("timing-allow-origin").map(|v| v.to_str().unwrap().to_owned());
        assert_eq!(allowed, timed.then(|| origin.to_owned()), "{origin}");
    }
}
