//! The first screen the server renders (`/chat/first-screen`): what it weighs on the wire, and
//! what it costs the server, beside the config the app's boot asks for today. confab-server's
//! release build runs in this process (SQLite, idle); requests go one at a time.

use std::io::Write;
use std::time::Instant;

use serde_json::{Value, json};

use crate::stats;

const WARM_UP: usize = 50;
const REQUESTS: usize = 500;
/// The rooms of the larger list: each with a last message, so each entry has a preview.
const MANY_ROOMS: usize = 50;

/// Milliseconds of each of `REQUESTS` answers to `path` for the signed-in `username`, and the
/// last answer's body.
async fn timed(http: &reqwest::Client, base: &str, path: &str, username: &str) -> (Vec<f64>, Vec<u8>) {
    let mut samples = Vec::with_capacity(REQUESTS);
    let mut body = Vec::new();
    for n in 0..WARM_UP + REQUESTS {
        let started = Instant::now();
        let answer = http.get(format!("{base}{path}")).header("userid", username).send().await.expect("answered");
        assert!(answer.status().is_success(), "{path} refused: {}", answer.status());
        body = answer.bytes().await.expect("a body").to_vec();
        if n >= WARM_UP {
            samples.push(started.elapsed().as_secs_f64() * 1000.0);
        }
    }
    samples.sort_by(f64::total_cmp);
    (samples, body)
}

fn brotli(bytes: &[u8]) -> usize {
    let mut out = Vec::new();
    {
        let mut writer = brotli::CompressorWriter::new(&mut out, 4096, 11, 22);
        writer.write_all(bytes).expect("compressed in memory");
    }
    out.len()
}

fn gzip(bytes: &[u8]) -> usize {
    let mut writer = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    writer.write_all(bytes).expect("compressed in memory");
    writer.finish().expect("compressed in memory").len()
}

/// Gives `username` `MANY_ROOMS` channels in all, each with a message.
async fn crowd_the_list(http: &reqwest::Client, base: &str, username: &str) {
    let config: Value = http
        .get(format!("{base}/chat/config?clientType=web"))
        .header("userid", username)
        .send()
        .await
        .expect("the config")
        .json()
        .await
        .expect("JSON");
    let auth = &config["authentication"];
    let (user_id, token) =
        (auth["userId"].as_str().unwrap_or_default(), auth["userToken"].as_str().unwrap_or_default());
    let post = |path: &str, body: Value| {
        http.post(format!("{base}/api/v1/{path}"))
            .header("X-User-Id", user_id)
            .header("X-Auth-Token", token)
            .json(&body)
    };
    for n in 0..MANY_ROOMS {
        let made: Value = post("channels.create", json!({"name": format!("project-{n:02}")}))
            .send()
            .await
            .expect("answered")
            .json()
            .await
            .expect("JSON");
        let rid = made["channel"]["_id"].as_str().expect("the channel was made").to_owned();
        let text = format!("Status of project {n}: on track, next review on Thursday");
        let sent = post("chat.sendMessage", json!({"message": {"rid": rid, "msg": text}})).send().await.expect("sent");
        assert!(sent.status().is_success());
    }
}

pub async fn run() -> String {
    let data = tempfile::tempdir().expect("a temporary directory");
    let mut settings = confab_server::settings::Settings::for_tests(data.path());
    settings.mint_rate_per_minute = u32::MAX / 2;
    settings.send_rate_per_minute = u32::MAX / 2;
    let server = confab_server::startup::Server::start(settings).await.expect("the server starts");
    let base = format!("http://{}", server.addr());
    let http = reqwest::Client::new();
    crowd_the_list(&http, &base, "dave").await;

    let mut rows = String::new();
    for (who, username) in [("alice (the demo's 4 rooms)", "alice"), ("dave (50 rooms)", "dave")] {
        let (config, _) = timed(&http, &base, "/chat/config?clientType=web", username).await;
        let (first, body) = timed(&http, &base, "/chat/first-screen?clientType=web", username).await;
        rows.push_str(&format!(
            "| {who} | {:.2} / {:.2} ms | {:.2} / {:.2} ms | {:.1} kB | {:.1} kB | **{:.1} kB** |\n",
            stats::percentile(&config, 50.0),
            stats::percentile(&config, 99.0),
            stats::percentile(&first, 50.0),
            stats::percentile(&first, 99.0),
            body.len() as f64 / 1000.0,
            gzip(&body) as f64 / 1000.0,
            brotli(&body) as f64 / 1000.0,
        ));
    }
    format!(
        "## The first screen, rendered by the server\n\n\
         `GET /chat/first-screen`: the room list rendered by the app's own components (Yew's server \
         renderer), with the config, user and list it was rendered from; confab-server's release build \
         in the bench's process, SQLite, idle, {REQUESTS} requests one at a time after {WARM_UP}. \
         `/chat/config` mints a login the same way, so the difference is gathering the list and rendering it.\n\n\
         | user | `/chat/config` p50 / p99 | `/chat/first-screen` p50 / p99 | fragment | gzip | brotli |\n\
         |---|---:|---:|---:|---:|---:|\n{rows}\n\
         The fragment carries the first screen's stylesheet inline. Target for the first load (the page \
         and what it fetches before the list shows): ≤ 20 kB of brotli.\n"
    )
}
