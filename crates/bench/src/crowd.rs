//! Background DDP clients: native sockets that connect, log in and (optionally) follow the
//! user's messages, then answer pings and count what the server delivers. A crowd of thousands
//! loads the server the way that many open browser tabs would, without a browser each.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use futures_util::{SinkExt, StreamExt, stream};
use serde_json::json;
use tokio::sync::watch;
use tokio::task::JoinSet;
use tokio_tungstenite::tungstenite::Message;

/// How many sockets are opened at once while a crowd gathers.
const OPENING_AT_ONCE: usize = 200;

pub struct Crowd {
    delivered: Arc<AtomicU64>,
    stop: watch::Sender<bool>,
    clients: JoinSet<()>,
}

type Socket = tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

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

/// One client through the handshake, the login and the subscription.
async fn open(url: String, token: String, follow: Option<String>) -> Socket {
    let (mut socket, _) = tokio_tungstenite::connect_async(url).await.expect("the server accepts the socket");
    let send = |frame: serde_json::Value| Message::Text(frame.to_string().into());
    socket.send(send(json!({"msg": "connect", "version": "1", "support": ["1"]}))).await.expect("open socket");
    until(&mut socket, "\"connected\"").await;
    let login = json!({"msg": "method", "method": "login", "id": "login", "params": [{"resume": token}]});
    socket.send(send(login)).await.expect("open socket");
    until(&mut socket, "\"result\"").await;
    if let Some(event) = follow {
        let sub = json!({"msg": "sub", "id": "s", "name": "stream-room-messages", "params": [event, false]});
        socket.send(send(sub)).await.expect("open socket");
        until(&mut socket, "\"ready\"").await;
    }
    socket
}

impl Crowd {
    /// `count` clients of `ws_url` logged in with `token`, following `follow` (an event of
    /// `stream-room-messages`, such as `__my_messages__`) or idle; returns once all are in.
    pub async fn gather(ws_url: &str, token: &str, count: usize, follow: Option<&str>) -> Self {
        let sockets: Vec<Socket> = stream::iter(0..count)
            .map(|_| open(ws_url.to_owned(), token.to_owned(), follow.map(str::to_owned)))
            .buffer_unordered(OPENING_AT_ONCE)
            .collect()
            .await;
        let delivered = Arc::new(AtomicU64::new(0));
        let (stop, stopped) = watch::channel(false);
        let mut clients = JoinSet::new();
        for mut socket in sockets {
            let (delivered, mut stopped) = (delivered.clone(), stopped.clone());
            clients.spawn(async move {
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
            });
        }
        Self { delivered, stop, clients }
    }

    /// Stream events delivered to the whole crowd so far.
    pub fn delivered(&self) -> u64 {
        self.delivered.load(Ordering::Relaxed)
    }

    /// Closes every socket and waits for the clients to finish.
    pub async fn disperse(mut self) {
        let _ = self.stop.send(true);
        while self.clients.join_next().await.is_some() {}
    }
}
