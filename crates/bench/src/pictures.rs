//! Hostile pictures against the release server: each of `confab_hostile::pictures()` to each
//! route that takes a picture, the slowest answer of each, and the server's peak resident memory
//! over its idle size across all of them (the kernel's high-water mark, so no peak is missed
//! between samples). Beside them, what a large real photo costs, for scale.

use std::time::{Duration, Instant};

use reqwest::multipart::{Form, Part};
use serde_json::Value;

use crate::load;

/// A route that takes a picture: its name, its path under `/api/v1` and the form field.
const ROUTES: &[(&str, &str, &str)] = &[
    ("users.setAvatar", "/users.setAvatar", "image"),
    ("rooms.media", "/rooms.media/{rid}", "file"),
    ("rooms.upload", "/rooms.upload/{rid}", "file"),
];

/// The target the issue set for the release build.
const TARGET: Duration = Duration::from_secs(2);

pub async fn run() -> String {
    let data = tempfile::tempdir().expect("a temporary directory");
    let server = load::server(data.path()).await;
    let pid = server.pid().expect("the server is running");
    server.admin(&["create-room", "--name", "pictures", "--member", "alice"]).await;
    let (user_id, token) = load::credentials(&server, "alice").await;
    let rid = load::room_id(&server, &user_id, &token, "pictures").await;
    let http = reqwest::Client::new();
    let send = |path: &str, field: &str, bytes: &[u8]| {
        let part = Part::bytes(bytes.to_vec()).file_name("picture.png").mime_str("image/png").expect("a media type");
        http.post(server.url(&format!("/api/v1{}", path.replace("{rid}", &rid))))
            .header("X-User-Id", &user_id)
            .header("X-Auth-Token", &token)
            .multipart(Form::new().part(field.to_owned(), part))
            .send()
    };
    let idle = load::resident_bytes(pid);

    let mut rows = String::new();
    let mut slowest_of_all = Duration::ZERO;
    for (name, bytes) in confab_hostile::pictures() {
        let mut slowest = Duration::ZERO;
        let mut statuses = Vec::new();
        for (_, path, field) in ROUTES {
            let started = Instant::now();
            let answer = send(path, field, &bytes).await.expect("the server answers");
            slowest = slowest.max(started.elapsed());
            statuses.push(answer.status().as_u16().to_string());
            let _: Value = answer.json().await.unwrap_or(Value::Null);
        }
        slowest_of_all = slowest_of_all.max(slowest);
        statuses.dedup();
        rows += &format!(
            "| {name} | {:.1} kB | {} | {:.1} ms |\n",
            bytes.len() as f64 / 1000.0,
            statuses.join(", "),
            slowest.as_secs_f64() * 1000.0
        );
    }
    let hostile_peak = load::peak_resident_bytes(pid);

    // For scale: a real 12-megapixel photo, read for an upload and made into an avatar.
    let photo = confab_hostile::jpeg(4000, 3000);
    let mut photo_times = Vec::new();
    for (_, path, field) in ROUTES {
        let started = Instant::now();
        let answer = send(path, field, &photo).await.expect("the server answers");
        assert!(answer.status().is_success(), "{path}: {}", answer.status());
        photo_times.push(started.elapsed());
    }
    let photo_peak = load::peak_resident_bytes(pid);
    server.kill().await;

    let mb = |bytes: u64| bytes as f64 / 1e6;
    let slowest_photo = photo_times.iter().max().copied().unwrap_or_default();
    format!(
        "## Hostile pictures\n\nThe release build of confab-server; each picture of `confab_hostile::pictures()` sent to \
         `users.setAvatar`, `rooms.media` and `rooms.upload`. Every one must be a 4xx, in at most {} s, with the \
         server's peak resident memory (the kernel's high-water mark) under 200 MB above idle.\n\n\
         | picture | size | answers | slowest |\n|---|---:|---|---:|\n{rows}\n\
         Server memory: {:.1} MB idle, {:.1} MB at its peak across every hostile picture (+{:.1} MB). \
         Slowest answer: {:.1} ms (target: under {} s).\n\n\
         For scale, a real 12-megapixel JPEG ({:.1} MB) took {:.0} ms at most of the three routes, and the peak \
         rose to {:.1} MB (+{:.1} MB over idle): a picture's memory is bounded by its decoded pixels, and the \
         picture pool holds every picture being read together to {} MiB.\n",
        TARGET.as_secs(),
        mb(idle),
        mb(hostile_peak),
        mb(hostile_peak.saturating_sub(idle)),
        slowest_of_all.as_secs_f64() * 1000.0,
        TARGET.as_secs(),
        mb(photo.len() as u64),
        slowest_photo.as_secs_f64() * 1000.0,
        mb(photo_peak),
        mb(photo_peak.saturating_sub(idle)),
        confab_server::files::image_pool::MEMORY_MIB,
    )
}
