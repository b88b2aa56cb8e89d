//! A send's answer waits for the message to be stored and published, and for nothing that can
//! come later. Here a webhook and a linked page that never answer, and a reader who stopped
//! reading (whose queue fills until it is cut off), are all in play at once. Each send is
//! measured against a threshold far above a normal one, not raced.

use crate::common;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use common::{Socket, TestServer};
use futures_util::StreamExt;
use serde_json::json;

/// How long a send may take here: a normal one takes milliseconds.
const FAR_ABOVE_NORMAL: Duration = Duration::from_secs(2);
/// Sends made: enough that a reader who reads nothing is more than its queue and the sockets'
/// buffers behind.
const SENDS: usize = 400;
/// Sends in flight at once.
const AT_ONCE: usize = 8;

/// A local server that accepts connections, reads what comes, and never answers.
async fn never_answering() -> (String, Arc<AtomicUsize>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = format!("http://{}", listener.local_addr().unwrap());
    let accepted = Arc::new(AtomicUsize::new(0));
    let counted = accepted.clone();
    tokio::spawn(async move {
        while let Ok((mut connection, _)) = listener.accept().await {
            counted.fetch_add(1, Ordering::SeqCst);
            tokio::spawn(async move {
                let mut sink = tokio::io::sink();
                let _ = tokio::io::copy(&mut connection, &mut sink).await;
            });
        }
    });
    (address, accepted)
}

/// A socket whose receive buffer is small and fixed: a reader who stops reading is soon full.
async fn small_buffered_socket(app: &TestServer) -> Socket {
    let address = app.server.addr();
    let tcp = tokio::net::TcpSocket::new_v4().unwrap();
    tcp.set_recv_buffer_size(4096).unwrap();
    let stream = tcp.connect(address).await.unwrap();
    let url = format!("ws://{address}/websocket");
    let (stream, _) =
        tokio_tungstenite::client_async(url, tokio_tungstenite::MaybeTlsStream::Plain(stream)).await.unwrap();
    Socket { stream }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hanging_webhook_a_hanging_page_and_a_stalled_reader_never_delay_the_sender() {
    let (page, page_requests) = never_answering().await;
    let (hook, hook_requests) = never_answering().await;
    let app = TestServer::start_with(|s| {
        s.fetch_private_addresses = true;
        s.fanout_capacity = 16;
        s.send_rate_per_minute = 100_000;
    })
    .await;
    let alice = app.session("alice").await;
    app.bot(&alice, "pinger").await;
    let general = app.room_id(&alice, "general").await;
    let made = app
        .post(
            &alice,
            "/api/v1/integrations.create",
            json!({"type": "webhook-outgoing", "name": "Hanging", "enabled": true, "username": "pinger",
                   "channel": "#general", "event": "sendMessage", "scriptEnabled": false,
                   "urls": [format!("{hook}/hook")]}),
        )
        .await;
    assert_eq!(made.status(), 200);

    // Bob follows #general and then reads nothing more.
    let bob = app.session("bob").await;
    let mut stalled = small_buffered_socket(&app).await;
    stalled.connect().await;
    assert!(stalled.login(&bob.token).await.get("result").is_some());
    assert_eq!(stalled.subscribe_stream("general", "stream-room-messages", &general).await["msg"], "ready");

    let words = "x".repeat(4000);
    let timings: Vec<Duration> = futures_util::stream::iter(0..SENDS)
        .map(|n| {
            let (app, alice, general, words, page) = (&app, &alice, &general, &words, &page);
            async move {
                let started = Instant::now();
                let sent = app.send(alice, general, &format!("{n} {page}/page-{n} {words}")).await;
                assert_eq!(sent.status(), 200);
                started.elapsed()
            }
        })
        .buffer_unordered(AT_ONCE)
        .collect()
        .await;
    let slowest = timings.iter().max().copied().unwrap_or_default();
    assert!(slowest < FAR_ABOVE_NORMAL, "the slowest of {SENDS} sends took {slowest:?}");
    // The slow parts were in play: the hook and the pages were called, and are still waiting.
    app.eventually("the hook and a page to be called", || {
        hook_requests.load(Ordering::SeqCst) > 0 && page_requests.load(Ordering::SeqCst) > 0
    })
    .await;
    // And the reader who stopped reading was cut off: told why, then closed, to catch up when it
    // reconnects.
    let ended = loop {
        let frame = stalled.recv().await;
        if frame["msg"] == "nosub" {
            break frame;
        }
    };
    assert_eq!(ended["error"]["error"], "error-resync", "{ended}");
    assert!(stalled.closed().await, "the stalled reader's socket closes");
}
