//! Hostile input against confab-server as its own process, so that what it costs can be read from
//! the outside:
//! - every route the router knows (enumerated from its table, so a new route is covered or this
//!   fails), with wrong methods, missing, garbage and revoked credentials, malformed bodies, wrong
//!   types, huge strings, NUL, invalid UTF-8, and hostile queries and paths, answers without a
//!   5xx, in Rocket.Chat's shape, in time;
//! - every hostile picture to every route that takes a picture gets a clear 4xx, and as a linked
//!   page's picture leaves its card without one;
//! - and the server is alive afterwards with its peak memory bounded.

use crate::common;

use std::process::Stdio;
use std::time::{Duration, Instant};

use confab_server::routes::{Access, BodyLimit, api_routes, site_routes};
use reqwest::Method;
use reqwest::multipart::{Form, Part};
use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, BufReader};

/// The most the server's peak resident memory may grow over its idle size across every
/// hostile picture.
const MEMORY_GROWTH_LIMIT: u64 = 200 * 1024 * 1024;
/// Longer than any picture may take (the pool's budget) plus the request around it: an answer
/// later than this is a hang.
const ANSWER_WITHIN: Duration = Duration::from_secs(10);

/// confab-server in demo mode as a child process on its own port and data directory.
struct Process {
    child: tokio::process::Child,
    url: String,
    _data: tempfile::TempDir,
}

impl Process {
    async fn start() -> Self {
        let data = tempfile::tempdir().unwrap();
        let unlimited = "100000000";
        let mut command = tokio::process::Command::new(env!("CARGO_BIN_EXE_confab-server"));
        command
            .args(["--demo", "--port", "0", "--fetch-private-addresses"])
            .args(["--send-rate-per-minute", unlimited, "--login-rate-per-minute", unlimited])
            .args(["--mint-rate-per-minute", unlimited])
            .arg("--data-dir")
            .arg(data.path());
        // On the PostgreSQL pass, a database of that server's own, as the in-process tests have.
        if let Ok(postgres) = std::env::var(confab_server::settings::TEST_DATABASE) {
            let name = format!("hostile_{}", confab_server::secrets::new_id().to_lowercase());
            command.arg("--database").arg(format!("{}/{name}", postgres.trim_end_matches('/')));
        }
        let mut child = command
            .env("RUST_LOG", "warn")
            .stdout(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .expect("confab-server starts");
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let url = tokio::time::timeout(common::WAIT * 4, async {
            while let Some(line) = lines.next_line().await.unwrap() {
                if let Some(url) = line.strip_prefix("Confab is running at ") {
                    return url.trim_end_matches('/').to_owned();
                }
            }
            panic!("confab-server ended before it served");
        })
        .await
        .expect("confab-server serves within the timeout");
        // The rest of what it prints is read too: a closed pipe would fail its next line.
        tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
        Self { child, url, _data: data }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.url)
    }

    /// `username`'s credentials, from the config endpoint as the host's gateway asks for them.
    async fn sign_in(&self, http: &reqwest::Client, username: &str) -> (String, String) {
        let config: Value = http
            .get(self.url("/chat/config?clientType=web"))
            .header("userid", username)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let field = |name: &str| config["authentication"][name].as_str().unwrap().to_owned();
        (field("userId"), field("userToken"))
    }

    /// The JSON answer to a REST call as the user signed in with `token`: a GET, or a POST of
    /// `body`.
    async fn call(
        &self,
        http: &reqwest::Client,
        (user_id, token): (&str, &str),
        path: &str,
        body: Option<Value>,
    ) -> Value {
        let request = match body {
            Some(body) => http.post(self.url(path)).json(&body),
            None => http.get(self.url(path)),
        };
        let answer = request.header("X-User-Id", user_id).header("X-Auth-Token", token).send().await.unwrap();
        answer.json().await.unwrap()
    }

    /// The id of the room named `name` in the subscriptions of the user signed in with `token`.
    async fn room_id(&self, http: &reqwest::Client, credentials: (&str, &str), name: &str) -> String {
        let subscriptions = self.call(http, credentials, "/api/v1/subscriptions.get", None).await;
        let found = subscriptions["update"].as_array().unwrap().iter().find(|s| s["name"] == name);
        found.unwrap_or_else(|| panic!("no room {name}"))["rid"].as_str().unwrap().to_owned()
    }

    /// The server's resident memory now and at its peak, from `/proc`.
    fn memory(&self) -> (u64, u64) {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id().unwrap())).unwrap();
        let field = |name: &str| -> u64 {
            let kb = status.lines().find_map(|l| l.strip_prefix(name)).unwrap().trim().trim_end_matches("kB");
            kb.trim().parse::<u64>().unwrap() * 1024
        };
        (field("VmRSS:"), field("VmHWM:"))
    }
}

/// A route that takes a picture, and how to hand it one.
#[derive(Clone, Copy, Debug)]
enum PictureRoute {
    Avatar,
    AvatarAddress,
    Media,
    Upload,
}

#[tokio::test]
async fn every_hostile_picture_to_every_picture_route_is_a_quick_4xx_within_bounded_memory() {
    let server = Process::start().await;
    let http = reqwest::Client::new();
    let (user_id, token) = server.sign_in(&http, "alice").await;
    let general = server.room_id(&http, (&user_id, &token), "general").await;
    let general = general.as_str();

    let pictures = confab_hostile::pictures();
    let mut pages: Vec<(&'static str, &'static str, Vec<u8>)> = Vec::new();
    for (n, (_, bytes)) in pictures.iter().enumerate() {
        let page =
            format!("<html><head><title>Page {n}</title><meta property='og:image' content='/{n}.png'></head></html>");
        pages.push((format!("/{n}.png").leak(), "image/png", bytes.clone()));
        pages.push((format!("/{n}.html").leak(), "text/html", page.into_bytes()));
    }
    let site = common::PageServer::start(pages).await;
    let (idle, _) = server.memory();

    let mut slowest = (Duration::ZERO, String::new());
    for (n, (name, bytes)) in pictures.iter().enumerate() {
        for route in [PictureRoute::Avatar, PictureRoute::AvatarAddress, PictureRoute::Media, PictureRoute::Upload] {
            let request = match route {
                PictureRoute::Avatar => http
                    .post(format!("{}/api/v1/users.setAvatar", server.url))
                    .multipart(Form::new().part("image", picture(bytes))),
                PictureRoute::AvatarAddress => http
                    .post(format!("{}/api/v1/users.setAvatar", server.url))
                    .json(&json!({"avatarUrl": format!("http://{}/{n}.png", site.addr)})),
                PictureRoute::Media => http
                    .post(format!("{}/api/v1/rooms.media/{general}", server.url))
                    .multipart(Form::new().part("file", picture(bytes))),
                PictureRoute::Upload => http
                    .post(format!("{}/api/v1/rooms.upload/{general}", server.url))
                    .multipart(Form::new().part("file", picture(bytes))),
            };
            let started = Instant::now();
            let answer = tokio::time::timeout(
                ANSWER_WITHIN,
                request.header("X-User-Id", &user_id).header("X-Auth-Token", &token).send(),
            )
            .await
            .unwrap_or_else(|_| panic!("{name} to {route:?}: no answer within {ANSWER_WITHIN:?}"))
            .unwrap();
            let took = started.elapsed();
            let status = answer.status().as_u16();
            let body: Value = answer.json().await.unwrap_or(Value::Null);
            assert!((400..500).contains(&status), "{name} to {route:?}: {status} {body}");
            assert_eq!(body["success"], false, "{name} to {route:?}: {body}");
            let error_type = body["errorType"].as_str().unwrap_or_default();
            assert!(error_type.starts_with("error-"), "{name} to {route:?}: {body}");
            assert!(body["error"].as_str().is_some_and(|e| !e.is_empty()), "{name} to {route:?}: {body}");
            if took > slowest.0 {
                slowest = (took, format!("{name} to {route:?}"));
            }
        }
    }
    links_to_hostile_pictures(&server, &http, (&user_id, &token), general, &site, pictures.len()).await;
    let (_, peak) = server.memory();
    let growth = peak.saturating_sub(idle);
    println!(
        "{} hostile pictures × 5 routes: idle {:.1} MB, peak {:.1} MB (+{:.1} MB); slowest {:?} ({})",
        pictures.len(),
        idle as f64 / 1e6,
        peak as f64 / 1e6,
        growth as f64 / 1e6,
        slowest.0,
        slowest.1
    );
    assert!(growth < MEMORY_GROWTH_LIMIT, "the server grew {growth} bytes over its idle {idle}");

    // Alive and well: a real picture still becomes an avatar.
    let good = http
        .post(format!("{}/api/v1/users.setAvatar", server.url))
        .header("X-User-Id", &user_id)
        .header("X-Auth-Token", &token)
        .multipart(Form::new().part("image", picture(&confab_hostile::png(640, 480))))
        .send()
        .await
        .unwrap();
    assert_eq!(good.status(), 200);
}

/// Links a page for each hostile picture, whose `og:image` it is, and waits for every card: each
/// is read and none keeps a picture.
async fn links_to_hostile_pictures(
    server: &Process,
    http: &reqwest::Client,
    credentials: (&str, &str),
    general: &str,
    site: &common::PageServer,
    count: usize,
) {
    let pages: Vec<String> = (0..count).map(|n| format!("http://{}/{n}.html", site.addr)).collect();
    let mut ids = Vec::new();
    for links in pages.chunks(5) {
        let body = json!({"message": {"rid": general, "msg": links.join(" ")}});
        let sent = server.call(http, credentials, "/api/v1/chat.sendMessage", Some(body)).await;
        ids.push(sent["message"]["_id"].as_str().unwrap_or_else(|| panic!("sent: {sent}")).to_owned());
    }
    let deadline = Instant::now() + ANSWER_WITHIN * 3;
    for id in ids {
        let urls = loop {
            assert!(Instant::now() < deadline, "the cards of message {id} were not read in time");
            let found = server.call(http, credentials, &format!("/api/v1/chat.getMessage?msgId={id}"), None).await;
            let urls = found["message"]["urls"].as_array().cloned().unwrap_or_default();
            if urls.iter().all(|url| url["meta"]["pageTitle"].is_string()) {
                break urls;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        };
        for url in urls {
            assert!(url.get("picture").is_none(), "a hostile picture was kept: {url}");
        }
    }
}

fn picture(bytes: &[u8]) -> Part {
    Part::bytes(bytes.to_vec()).file_name("picture.png").mime_str("image/png").unwrap()
}

/// A route's path with its parameters filled in: `{rid}` with `room`, `{fileId}` with a file id,
/// `{method}` with a method `method.call` knows; or every parameter with `hostile`.
fn fill(path: &str, room: &str, hostile: Option<&str>) -> String {
    let fills = [
        ("{rid}", room),
        ("{fileId}", "aaaaaaaaaaaaaaaaa"),
        ("{id}", "aaaaaaaaaaaaaaaaa"),
        ("{method}", "loadSurroundingMessages"),
        ("{name}", "a.png"),
        ("{username}", "alice"),
    ];
    fills.iter().fold(path.to_owned(), |path, (name, value)| path.replace(name, hostile.unwrap_or(value)))
}

/// A route as the hostile-input test probes it.
struct Probed {
    method: Method,
    /// Its whole path, `{…}` standing for its parameters.
    path: String,
    /// Whether it needs a signed-in user, so bad credentials must get a 401.
    signed_in: bool,
    /// Whether every hostile body must get a 4xx (elsewhere it need only not fail): REST does.
    refuses_bad_bodies: bool,
    /// Whether it ends the caller's session whatever it is sent (`logout`): only the
    /// credential checks are tried on it.
    ends_the_session: bool,
    /// Whether it takes a multipart form with text fields.
    takes_a_form: bool,
}

/// Request bodies no route should take: what must come back is a clear refusal.
fn hostile_bodies() -> Vec<(&'static str, &'static str, Vec<u8>)> {
    let huge = "x".repeat(60_000);
    let huge = format!(r#"{{"roomId":"{huge}","rid":"{huge}","name":"{huge}","username":"{huge}"}}"#);
    let nul = r#"{"roomId":"a\u0000b","rid":"a\u0000b","msgId":"a\u0000b","name":"a\u0000b","username":"a\u0000b",
        "userId":"a\u0000b","status":"a\u0000b","message":{"rid":"a\u0000b","msg":"a\u0000b"},"a\u0000":1}"#;
    let wrong_types = r#"{"roomId":5,"rid":[],"msgId":true,"userId":{"a":1},"username":7,"name":[],"message":"x",
        "emoji":null,"readOnly":"yes","status":3,"permissions":"all","roles":5,"count":"many"}"#;
    let json = "application/json";
    vec![
        ("syntax error", json, b"{not json".to_vec()),
        ("an array", json, b"[]".to_vec()),
        ("null", json, b"null".to_vec()),
        ("a number", json, b"12".to_vec()),
        ("wrong types", json, wrong_types.as_bytes().to_vec()),
        ("huge strings", json, huge.into_bytes()),
        ("over the body limit", json, vec![b' '; 200 * 1024]),
        ("NUL in every string", json, nul.as_bytes().to_vec()),
        ("invalid UTF-8", json, b"{\"roomId\": \"\xff\xfe\", \"name\": \"\xc0\xaf\"}".to_vec()),
        ("nested 100,000 deep", json, "[".repeat(100_000).into_bytes()),
        ("JSON as text/plain", "text/plain", br#"{"roomId":"x"}"#.to_vec()),
        ("a cut multipart form", "multipart/form-data; boundary=cut", b"--cut\r\nContent-Disposition: form".to_vec()),
        ("a form with NUL", "application/x-www-form-urlencoded", b"username=a%00b&theme=a%00b".to_vec()),
        ("a form of garbage", "application/x-www-form-urlencoded", b"%%%&&==%ff".to_vec()),
    ]
}

/// A multipart upload of a real picture whose every text field holds a NUL.
fn upload_with_nul_fields() -> Form {
    let mut form = Form::new()
        .part("file", picture(&confab_hostile::png(8, 8)))
        .part("image", picture(&confab_hostile::png(8, 8)));
    for field in ["msg", "description", "tmid", "userId", "username"] {
        form = form.text(field, "a\u{0}b");
    }
    form
}

/// Query strings no route should be troubled by.
fn hostile_queries() -> Vec<(&'static str, String)> {
    let keys =
        ["roomId", "rid", "tmid", "msgId", "username", "userId", "searchText", "selector", "ids", "updatedSince"];
    let all = |value: &str| keys.iter().map(|k| format!("{k}={value}")).collect::<Vec<_>>().join("&");
    vec![
        ("invalid UTF-8", all("%ff%fe")),
        ("NUL", all("a%00b")),
        ("huge values", all(&"x".repeat(5_000))),
        ("negative and enormous numbers", "count=-1&offset=-5&count=99999999999999999999999".to_owned()),
        ("every key twice", format!("{}&{}", all("a"), all("b"))),
        ("broken JSON and dates", "selector=%7Bbad&updatedSince=yesterday&oldest=%ff&latest=0".to_owned()),
    ]
}

/// Path parameters no route should be troubled by.
const HOSTILE_PATH_PARAMETERS: &[&str] = &["%ff%fe", "a%00b", "..%2F..%2Fetc%2Fpasswd", "%25%25%25"];

/// Asserts an answer is no 5xx and, if a refusal, in Rocket.Chat's shape (or, from the config
/// endpoint, the host backend's `{errors: {title, message}}`); returns its status.
async fn check(
    what: &str,
    answer: Result<Result<reqwest::Response, reqwest::Error>, tokio::time::error::Elapsed>,
) -> u16 {
    let answer = answer
        .unwrap_or_else(|_| panic!("{what}: no answer within {ANSWER_WITHIN:?}"))
        .unwrap_or_else(|e| panic!("{what}: {e:?}"));
    let status = answer.status().as_u16();
    assert!(status < 500, "{what}: {status}");
    if status >= 400 {
        let body: Value = answer.json().await.unwrap_or_else(|e| panic!("{what}: {status} is not JSON: {e}"));
        let rocket_chat = body["success"] == false && body["error"].as_str().is_some_and(|e| !e.is_empty());
        let unauthorized = status == 401 && body["status"] == "error" && body["message"].is_string();
        let config = body["errors"]["title"].is_string() && body["errors"]["message"].is_string();
        assert!(rocket_chat || unauthorized || config, "{what}: {status} {body}");
    }
    status
}

#[tokio::test]
async fn every_route_answers_hostile_requests_with_a_4xx_in_rocket_chats_shape_and_the_server_lives_on() {
    let server = Process::start().await;
    // A connection per request: the server answers an oversized body before reading it and then
    // closes that connection, which a pooled client would otherwise write its next request to.
    let http = reqwest::Client::builder().pool_max_idle_per_host(0).build().unwrap();
    let (user_id, token) = server.sign_in(&http, "alice").await;
    let (_, revoked) = server.sign_in(&http, "bob").await;
    let (bob_id, _) = server.sign_in(&http, "bob").await;
    let logout = http.post(server.url("/api/v1/logout")).header("X-User-Id", &bob_id).header("X-Auth-Token", &revoked);
    assert_eq!(logout.send().await.unwrap().status(), 200);
    let (idle, _) = server.memory();
    let room = "GENERALroom000000";
    let send = |request: reqwest::RequestBuilder| tokio::time::timeout(ANSWER_WITHIN, request.send());
    let signed =
        |request: reqwest::RequestBuilder| request.header("X-User-Id", &user_id).header("X-Auth-Token", &token);

    // Every route of both tables, and what each must stand.
    let api = api_routes().into_iter().map(|r| Probed {
        method: r.method.clone(),
        path: format!("/api/v1{}", r.path),
        signed_in: r.access != Access::Anyone,
        refuses_bad_bodies: true,
        ends_the_session: r.path == "/logout",
        takes_a_form: r.body != BodyLimit::Json,
    });
    let site = site_routes(true).into_iter().map(|r| Probed {
        method: r.method.clone(),
        path: r.path.to_owned(),
        signed_in: false,
        refuses_bad_bodies: false,
        ends_the_session: false,
        takes_a_form: false,
    });
    let mut requests = 0;
    for route in api.chain(site) {
        let url = server.url(&fill(&route.path, room, None));
        let name = format!("{} {}", route.method, route.path);
        for method in [Method::GET, Method::POST, Method::PUT, Method::DELETE, Method::PATCH] {
            if method != route.method {
                let status =
                    check(&format!("{name} as {method}"), send(signed(http.request(method.clone(), &url))).await).await;
                assert_eq!(status, 405, "{name} as {method}");
                requests += 1;
            }
        }
        if route.signed_in {
            let credentials = [
                ("no credentials", None),
                ("garbage credentials", Some(("x", "garbage"))),
                ("a revoked token", Some((bob_id.as_str(), revoked.as_str()))),
            ];
            for (how, credentials) in credentials {
                let mut request = http.request(route.method.clone(), &url).json(&json!({}));
                if let Some((id, token)) = credentials {
                    request = request.header("X-User-Id", id).header("X-Auth-Token", token);
                }
                assert_eq!(check(&format!("{name} with {how}"), send(request).await).await, 401, "{name} with {how}");
                requests += 1;
            }
        }
        if route.ends_the_session {
            continue;
        }
        if route.method == Method::POST {
            for (what, content_type, body) in hostile_bodies() {
                let request = signed(http.post(&url)).header("Content-Type", content_type).body(body);
                let status = check(&format!("{name} with {what}"), send(request).await).await;
                assert!(!route.refuses_bad_bodies || (400..500).contains(&status), "{name} with {what}: {status}");
                requests += 1;
            }
        }
        if route.takes_a_form {
            let request = signed(http.post(&url)).multipart(upload_with_nul_fields());
            let status = check(&format!("{name} with NUL in its form's fields"), send(request).await).await;
            assert!((400..500).contains(&status), "{name} with NUL in its form's fields: {status}");
            requests += 1;
        }
        for (what, query) in hostile_queries() {
            let request = signed(http.request(route.method.clone(), format!("{url}?{query}"))).json(&json!({}));
            check(&format!("{name} with a query of {what}"), send(request).await).await;
            requests += 1;
        }
        if route.path.contains('{') {
            for parameter in HOSTILE_PATH_PARAMETERS {
                let hostile = server.url(&fill(&route.path, room, Some(parameter)));
                let request = signed(http.request(route.method.clone(), hostile)).json(&json!({}));
                check(&format!("{name} with {parameter} in its path"), send(request).await).await;
                requests += 1;
            }
        }
    }
    let (_, peak) = server.memory();
    println!("{requests} hostile requests; memory idle {:.1} MB, peak {:.1} MB", idle as f64 / 1e6, peak as f64 / 1e6);
    assert!(peak.saturating_sub(idle) < MEMORY_GROWTH_LIMIT);
    let me = signed(http.get(server.url("/api/v1/me"))).send().await.unwrap();
    assert_eq!(me.status(), 200, "the server serves on");
}

#[tokio::test]
async fn a_server_told_to_stop_while_reading_pictures_stops_within_the_picture_budget() {
    let mut server = Process::start().await;
    let http = reqwest::Client::new();
    let (user_id, token) = server.sign_in(&http, "alice").await;
    // 108 MB of pixels each: more than the workers can read before the stop.
    let large = confab_hostile::black_png(6_000, 6_000, confab_hostile::Pixels::Rgb8);
    let mut uploads = Vec::new();
    for _ in 0..4 {
        let request = http
            .post(server.url("/api/v1/users.setAvatar"))
            .header("X-User-Id", &user_id)
            .header("X-Auth-Token", &token)
            .multipart(Form::new().part("image", picture(&large)));
        uploads.push(tokio::spawn(request.send()));
    }
    // Stopped once the pictures are being read: the server's memory has grown by one's pixels.
    let (idle, _) = server.memory();
    let deadline = Instant::now() + ANSWER_WITHIN;
    while server.memory().0 < idle + 50_000_000 {
        assert!(Instant::now() < deadline, "no picture was being read");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let pid = server.child.id().unwrap().to_string();
    let stopped_at = Instant::now();
    assert!(std::process::Command::new("kill").args(["-TERM", &pid]).status().unwrap().success());
    let exit = tokio::time::timeout(ANSWER_WITHIN, server.child.wait()).await;
    let took = stopped_at.elapsed();
    assert!(exit.is_ok_and(|status| status.is_ok_and(|s| s.success())), "the server ends cleanly, in {took:?}");
    println!("stopped {took:?} after SIGTERM while reading pictures");
    for upload in uploads {
        // Each either finished or was cut off by the stop; none is left waiting.
        let _ = upload.await.unwrap();
    }
}
