//! PostgreSQL stopped under a running server: requests fail at once with a clear 503 and a
//! `Retry-After`, never a hang or a panic, and once the database is back the same server serves
//! again without a restart.

use crate::common;

use std::time::{Duration, Instant};

use common::TestServer;
use confab_cluster::Postgres;
use serde_json::Value;

#[tokio::test]
async fn requests_during_a_database_outage_get_503_and_the_server_recovers_by_itself() {
    // Durable: a crash must not lose what was answered 200.
    let postgres = Postgres::start(true).unwrap();
    let app = TestServer::start_with(|s| s.database = Some(postgres.url("outage"))).await;
    let alice = app.session("alice").await;
    let general = app.room_id(&alice, "general").await;
    assert_eq!(app.send(&alice, &general, "before").await.status(), 200);

    postgres.halt().unwrap();
    let asked = Instant::now();
    let refused = app.send(&alice, &general, "during").await;
    let waited = asked.elapsed();
    assert_eq!(refused.status(), 503, "a clear 503 while the database is down");
    assert!(refused.headers().contains_key("retry-after"));
    let body: Value = refused.json().await.unwrap();
    assert_eq!(body["errorType"], "error-service-unavailable", "{body}");
    assert!(waited < Duration::from_secs(10), "answered in {waited:?}, not hung");

    postgres.resume().unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let status = app.send(&alice, &general, "after").await.status();
        if status == 200 {
            break;
        }
        assert_eq!(status, 503, "only unavailable until the database is back");
        assert!(Instant::now() < deadline, "the server serves again once the database is back");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let history: Value =
        app.get(&alice, &format!("/api/v1/channels.history?roomId={general}&count=5")).await.json().await.unwrap();
    let texts: Vec<&str> = history["messages"].as_array().unwrap().iter().filter_map(|m| m["msg"].as_str()).collect();
    assert_eq!(texts.first(), Some(&"after"));
    assert!(texts.contains(&"before") && !texts.contains(&"during"), "{texts:?}");
}
