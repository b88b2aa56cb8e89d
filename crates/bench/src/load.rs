//! What the load benchmarks share: a server whose rate limits let one address log in thousands
//! of sockets and send as fast as it can, tokens minted by its admin command, and the server
//! process's memory and CPU time read from `/proc`.

use std::path::Path;
use std::process::Command;

use confab_e2e::TestServer;

pub async fn server(data: &Path) -> TestServer {
    server_with(data, &[]).await
}

/// Such a server with more command-line `args` (a database, a bus).
pub async fn server_with(data: &Path, args: &[&str]) -> TestServer {
    let unlimited = "100000000";
    let mut all = vec![
        "--login-rate-per-minute",
        unlimited,
        "--send-rate-per-minute",
        unlimited,
        "--mint-rate-per-minute",
        unlimited,
    ];
    all.extend_from_slice(args);
    TestServer::start_with(data, 0, &all).await
}

/// A user id and login token for `username`, minted by the admin command.
pub async fn credentials(server: &TestServer, username: &str) -> (String, String) {
    let minted = server.admin(&["mint-token", "--username", username]).await;
    let field = |name: &str| minted.lines().find_map(|l| l.strip_prefix(name)).unwrap_or_default().trim().to_owned();
    (field("userId "), field("authToken "))
}

/// The id of room `name`, as `user_id` (holding `token`) lists it with `rooms.get`.
pub async fn room_id(server: &TestServer, user_id: &str, token: &str, name: &str) -> String {
    let rooms: serde_json::Value = reqwest::Client::new()
        .get(server.url("/api/v1/rooms.get"))
        .header("X-User-Id", user_id)
        .header("X-Auth-Token", token)
        .send()
        .await
        .expect("rooms.get answers")
        .json()
        .await
        .expect("rooms.get is JSON");
    rooms["update"]
        .as_array()
        .and_then(|rooms| rooms.iter().find(|r| r["name"] == name))
        .and_then(|r| r["_id"].as_str())
        .unwrap_or_else(|| panic!("no room {name}"))
        .to_owned()
}

pub fn websocket_url(server: &TestServer) -> String {
    server.url("/websocket").replacen("http://", "ws://", 1)
}

/// Resident memory of process `pid`, in bytes.
pub fn resident_bytes(pid: u32) -> u64 {
    status_bytes(pid, "VmRSS:")
}

/// The most memory process `pid` has had resident at once (the kernel's high-water mark).
pub fn peak_resident_bytes(pid: u32) -> u64 {
    status_bytes(pid, "VmHWM:")
}

/// A figure of `/proc/<pid>/status`, in bytes.
fn status_bytes(pid: u32, field: &str) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let kb: u64 = status
        .lines()
        .find_map(|l| l.strip_prefix(field)?.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0);
    kb * 1024
}

/// `POST` of `body` as JSON to `url` as user `user_id` (holding `token`); panics on a refusal,
/// which would spoil the figures.
pub async fn post_as(
    http: &reqwest::Client,
    url: &str,
    user_id: &str,
    token: &str,
    body: &serde_json::Value,
) -> reqwest::Response {
    let answer = http
        .post(url)
        .header("X-User-Id", user_id)
        .header("X-Auth-Token", token)
        .json(body)
        .send()
        .await
        .expect("the server answers");
    assert!(answer.status().is_success(), "{url} was refused: {}", answer.status());
    answer
}

/// CPU time (user and system) process `pid` has used, in seconds.
pub fn cpu_seconds(pid: u32) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // Fields after the parenthesised command name; utime and stime are the 14th and 15th.
    let after = stat.rsplit_once(')').map(|(_, rest)| rest).unwrap_or_default();
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks: f64 = [11, 12].iter().filter_map(|&i| fields.get(i)?.parse::<f64>().ok()).sum();
    ticks / clock_ticks_per_second()
}

fn clock_ticks_per_second() -> f64 {
    Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok()?.trim().parse().ok())
        .unwrap_or(100.0)
}
