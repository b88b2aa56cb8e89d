//! File transfer: a 50 MiB file, and a 5 MiB one beside it, uploaded (`rooms.media`, then
//! `rooms.mediaConfirm`) and downloaded (`/file-upload/:id/:name`) over loopback, in MB/s, and the
//! server's resident memory while it happens. The server streams both ways, so its memory should
//! stay flat: the figure to read is the peak's growth over the idle server, the same for both
//! sizes and far below either.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use serde_json::Value;

use crate::load;

const MIB: usize = 1024 * 1024;
const FILE_BYTES: usize = 50 * MIB;
/// A tenth of the size, to show the memory does not follow it.
const SMALL_BYTES: usize = 5 * MIB;
const ROUNDS: usize = 3;

/// The highest resident memory of process `pid` seen while sampling.
struct PeakMemory {
    peak: Arc<AtomicU64>,
    running: Arc<AtomicBool>,
    task: tokio::task::JoinHandle<()>,
}

impl PeakMemory {
    fn watch(pid: u32) -> Self {
        let (peak, running) = (Arc::new(AtomicU64::new(load::resident_bytes(pid))), Arc::new(AtomicBool::new(true)));
        let task = tokio::spawn({
            let (peak, running) = (peak.clone(), running.clone());
            async move {
                while running.load(Ordering::Relaxed) {
                    peak.fetch_max(load::resident_bytes(pid), Ordering::Relaxed);
                    tokio::time::sleep(Duration::from_millis(2)).await;
                }
            }
        });
        Self { peak, running, task }
    }

    async fn stop(self) -> u64 {
        self.running.store(false, Ordering::Relaxed);
        let _ = self.task.await;
        self.peak.load(Ordering::Relaxed)
    }
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// One size's figures: upload and download MB/s (medians), and the server's peak resident
/// memory during each.
struct Transfer {
    upload: f64,
    download: f64,
    upload_peak: u64,
    download_peak: u64,
}

pub async fn run() -> String {
    let data = tempfile::tempdir().expect("a temporary directory");
    let server = load::server(data.path()).await;
    let pid = server.pid().expect("the server is running");
    server.admin(&["create-room", "--name", "transfers", "--member", "alice"]).await;
    let (user_id, token) = load::credentials(&server, "alice").await;
    let rid = load::room_id(&server, &user_id, &token, "transfers").await;
    let client = Client { http: reqwest::Client::new(), base: server.url(""), user_id, token };
    let idle = load::resident_bytes(pid);
    let small = transfer(&client, &rid, pid, SMALL_BYTES).await;
    let large = transfer(&client, &rid, pid, FILE_BYTES).await;
    server.kill().await;

    let mb = |bytes: u64| bytes as f64 / 1e6;
    let mut table = String::new();
    for (bytes, figures) in [(SMALL_BYTES, &small), (FILE_BYTES, &large)] {
        table += &format!(
            "| {} MiB | {:.0} MB/s | {:.0} MB/s | {:.1} MB (+{:.1} MB) | {:.1} MB (+{:.1} MB) |\n",
            bytes / MIB,
            figures.upload,
            figures.download,
            mb(figures.upload_peak),
            mb(figures.upload_peak.saturating_sub(idle)),
            mb(figures.download_peak),
            mb(figures.download_peak.saturating_sub(idle)),
        );
    }
    format!(
        "## File transfer\n\nThe release build of confab-server over loopback, files of bytes that do not compress, \
         {ROUNDS} rounds each (the median), the client on the same two cores. Upload is `rooms.media` then \
         `rooms.mediaConfirm`; download is `/file-upload/:id/:name`. Memory is the server's resident set, sampled \
         every 2 ms; it was {:.1} MB idle.\n\n\
         | file | upload | download | server peak, uploading | server peak, downloading |\n|---|---:|---:|---:|---:|\n\
         {table}\n\
         Target: the server's memory flat whatever the file's size: the peak's growth the same for both sizes, \
         and far below the file's.\n",
        mb(idle),
    )
}

struct Client {
    http: reqwest::Client,
    base: String,
    user_id: String,
    token: String,
}

impl Client {
    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    fn authorized(&self, request: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        request.header("X-User-Id", &self.user_id).header("X-Auth-Token", &self.token)
    }
}

/// Uploads then downloads a file of `bytes` [`ROUNDS`] times into room `rid`.
async fn transfer(client: &Client, rid: &str, pid: u32, bytes: usize) -> Transfer {
    // Bytes that do not compress, as a photo or an archive would be.
    let mut seed = 0x9e37_79b9_7f4a_7c15_u64 ^ bytes as u64;
    let file: Vec<u8> = (0..bytes)
        .map(|_| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed as u8
        })
        .collect();
    let (mut uploads, mut downloads) = (Vec::new(), Vec::new());
    let upload_memory = PeakMemory::watch(pid);
    let mut stored = Vec::new();
    for round in 0..ROUNDS {
        let name = format!("archive-{}-{round}.zip", bytes / MIB);
        let part = reqwest::multipart::Part::bytes(file.clone())
            .file_name(name.clone())
            .mime_str("application/zip")
            .expect("a media type");
        let started = Instant::now();
        let answer: Value = client
            .authorized(client.http.post(client.url(&format!("/api/v1/rooms.media/{rid}"))))
            .multipart(reqwest::multipart::Form::new().part("file", part))
            .send()
            .await
            .expect("rooms.media answers")
            .json()
            .await
            .expect("rooms.media is JSON");
        let id = answer["file"]["_id"].as_str().unwrap_or_else(|| panic!("rooms.media: {answer}")).to_owned();
        let confirmed = client
            .authorized(client.http.post(client.url(&format!("/api/v1/rooms.mediaConfirm/{rid}/{id}"))))
            .json(&serde_json::json!({ "msg": "" }))
            .send()
            .await
            .expect("rooms.mediaConfirm answers");
        assert!(confirmed.status().is_success(), "rooms.mediaConfirm: {}", confirmed.status());
        uploads.push(started.elapsed().as_secs_f64());
        stored.push(format!("/file-upload/{id}/{name}"));
    }
    let upload_peak = upload_memory.stop().await;

    let download_memory = PeakMemory::watch(pid);
    for path in &stored {
        let started = Instant::now();
        let response =
            client.authorized(client.http.get(client.url(path))).send().await.expect("the file route answers");
        assert!(response.status().is_success(), "{path}: {}", response.status());
        let mut body = response.bytes_stream();
        let mut received = 0;
        while let Some(chunk) = body.next().await {
            received += chunk.expect("the download goes on").len();
        }
        assert_eq!(received, bytes, "the whole file comes back");
        downloads.push(started.elapsed().as_secs_f64());
    }
    let download_peak = download_memory.stop().await;
    let per_second = |seconds: f64| bytes as f64 / 1e6 / seconds;
    Transfer {
        upload: per_second(median(uploads)),
        download: per_second(median(downloads)),
        upload_peak,
        download_peak,
    }
}
