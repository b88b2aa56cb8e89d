//! Background DDP clients: native sockets that connect, log in and (optionally) follow the
//! user's messages, then answer pings and count what the server delivers. A crowd of thousands
//! loads the server the way that many open browser tabs would, without a browser each.
//!
//! The crowd runs on its own threads. Where it stands in for other machines beside browsers
//! being timed, those threads can run at the lowest CPU priority ([`Priority::Lowest`]), so that
//! reading a thousand copies of every message on this one machine is not charged to the server
//! or the browsers; it then catches up whenever they are idle.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use futures_util::{SinkExt, StreamExt, stream};
use serde_json::json;
use tokio::sync::watch;
use tokio::task::JoinSet;
use tokio_tungstenite::tungstenite::Message;

/// How many sockets are opened at once while a crowd gathers.
const OPENING_AT_ONCE: usize = 200;

/// The CPU priority of a crowd's threads.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Priority {
    /// The same as the server's: the crowd competes for the CPU as real clients' work would.
    Normal,
    /// Only what the server and the browsers leave idle.
    Lowest,
}

pub struct Crowd {
    delivered: Arc<AtomicU64>,
    stop: watch::Sender<bool>,
    clients: JoinSet<()>,
    runtime: tokio::runtime::Runtime,
}

/// A runtime of two threads at `priority`.
fn runtime(priority: Priority) -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .on_thread_start(move || {
            if priority == Priority::Lowest {
                // On Linux a thread id names one thread to setpriority; 19 is the lowest.
                // SAFETY: plain system calls on the calling thread, no memory is shared.
                let changed = unsafe { libc::setpriority(libc::PRIO_PROCESS, libc::gettid() as libc::id_t, 19) };
                assert_eq!(changed, 0, "a crowd thread takes the lowest priority");
            }
        })
        .build()
        .expect("a runtime for the crowd")
}

pub type Socket = tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// Reads frames until one contains `marker`; panics if the socket ends first.
async fn until(socket: &mut Socket, marker: &str) {
    while let Some(frame) = socket.next().await {
        if let Ok(Message::Text(text)) = frame
            && text.contains(marker)
        {
            return;
        }
    }
    panic!("the socket closed while waiting for {marker}");
}

/// One client through the handshake, the login and the subscription to `follow`: an event of
/// `stream-room-messages` (a room's id, `__my_messages__`) or of `stream-notify-room`
/// (`{rid}/confab-piece`).
pub async fn open(url: String, token: String, follow: Option<String>) -> Socket {
    let (mut socket, _) = tokio_tungstenite::connect_async(url).await.expect("the server accepts the socket");
    let send = |frame: serde_json::Value| Message::Text(frame.to_string().into());
    socket.send(send(json!({"msg": "connect", "version": "1", "support": ["1"]}))).await.expect("open socket");
    until(&mut socket, "\"connected\"").await;
    let login = json!({"msg": "method", "method": "login", "id": "login", "params": [{"resume": token}]});
    socket.send(send(login)).await.expect("open socket");
    until(&mut socket, "\"result\"").await;
    if let Some(event) = follow {
        // A room's notifications are named `{rid}/{event}`; messages' streams never hold a slash.
        let stream = if event.contains('/') { "stream-notify-room" } else { "stream-room-messages" };
        let sub = json!({"msg": "sub", "id": "s", "name": stream, "params": [event, false]});
        socket.send(send(sub)).await.expect("open socket");
        until(&mut socket, "\"ready\"").await;
    }
    socket
}

impl Crowd {
    /// `count` clients of `ws_url` logged in with `token`, following `follow` (an event of
    /// `stream-room-messages`, such as `__my_messages__`) or idle; returns once all are in.
    pub async fn gather(ws_url: &str, token: &str, count: usize, follow: Option<&str>, priority: Priority) -> Self {
        let logins = vec![(token.to_owned(), follow.map(str::to_owned)); count];
        Self::gather_each(ws_url, logins, priority).await
    }

    /// One client of `ws_url` per login: a token, and what that client follows.
    pub async fn gather_each(ws_url: &str, logins: Vec<(String, Option<String>)>, priority: Priority) -> Self {
        let runtime = runtime(priority);
        let url = ws_url.to_owned();
        let opening = stream::iter(logins)
            .map(move |(token, follow)| open(url.clone(), token, follow))
            .buffer_unordered(OPENING_AT_ONCE)
            .collect::<Vec<Socket>>();
        let sockets = runtime.spawn(opening).await.expect("every socket opens");
        let delivered = Arc::new(AtomicU64::new(0));
        let (stop, stopped) = watch::channel(false);
        let mut clients = JoinSet::new();
        let handle = runtime.handle();
        for mut socket in sockets {
            let (delivered, mut stopped) = (delivered.clone(), stopped.clone());
            clients.spawn_on(
                async move {
                    loop {
                        tokio::select! {
                            frame = socket.next() => match frame {
                                Some(Ok(Message::Text(text))) if text.contains("\"changed\"") => {
                                    delivered.fetch_add(1, Ordering::Relaxed);
                                }
                                Some(Ok(Message::Text(text))) if text.contains("\"ping\"") => {
                                    let pong = Message::Text(json!({"msg": "pong"}).to_string().into());
                                    if socket.send(pong).await.is_err() {
                                        return;
                                    }
                                }
                                Some(Ok(_)) => {}
                                Some(Err(_)) | None => return,
                            },
                            _ = stopped.changed() => {
                                let _ = socket.close(None).await;
                                return;
                            }
                        }
                    }
                },
                handle,
            );
        }
        Self { delivered, stop, clients, runtime }
    }

    /// Stream events delivered to the whole crowd so far.
    pub fn delivered(&self) -> u64 {
        self.delivered.load(Ordering::Relaxed)
    }

    /// Closes every socket and waits for the clients to finish.
    pub async fn disperse(mut self) {
        let _ = self.stop.send(true);
        while self.clients.join_next().await.is_some() {}
        self.runtime.shutdown_background();
    }
}
