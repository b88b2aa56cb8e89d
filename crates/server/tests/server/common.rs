//! A real confab-server on port 0 with a fresh database per test, and thin HTTP and WebSocket
//! clients that speak to it the way the app does.

use std::time::Duration;

use confab_protocol::config::ChatConfig;
use confab_server::{Server, Settings};
use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message as WsMessage;

pub struct TestServer {
    pub server: Server,
    pub http: reqwest::Client,
    settings: Settings,
    _dir: std::sync::Arc<tempfile::TempDir>,
}

/// A signed-in user's REST credentials.
#[derive(Clone, Debug)]
pub struct Session {
    pub user_id: String,
    pub token: String,
}

impl TestServer {
    pub async fn start() -> Self {
        Self::start_with(|_| {}).await
    }

    pub async fn start_with(adjust: impl FnOnce(&mut Settings)) -> Self {
        let dir = tempfile::tempdir().expect("temporary directory");
        let mut settings = Settings::for_tests(dir.path());
        adjust(&mut settings);
        let server = Server::start(settings.clone()).await.expect("server starts");
        Self { server, http: reqwest::Client::new(), settings, _dir: std::sync::Arc::new(dir) }
    }

    /// Another instance of this server: the same database, files and bus, its own port.
    pub async fn another_instance(&self) -> Self {
        let server = Server::start(self.settings.clone()).await.expect("another instance starts");
        Self { server, http: reqwest::Client::new(), settings: self.settings.clone(), _dir: self._dir.clone() }
    }

    /// How many uploaded files are stored, and how many are still being written.
    pub fn stored_files(&self) -> (usize, usize) {
        let dir = self._dir.path().join("files");
        let stored = std::fs::read_dir(&dir)
            .map(|entries| entries.filter_map(Result::ok).filter(|e| e.path().is_file()).count())
            .unwrap_or(0);
        (stored, confab_server::files::storage::partial_files(&dir))
    }

    /// Polls `condition` until it holds, failing the test after [`WAIT`].
    pub async fn eventually(&self, what: &str, mut condition: impl FnMut() -> bool) {
        let deadline = tokio::time::Instant::now() + WAIT;
        while !condition() {
            assert!(tokio::time::Instant::now() < deadline, "timed out waiting until {what}");
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Sends a multipart form to `path` as `session`.
    pub async fn upload(&self, session: &Session, path: &str, form: reqwest::multipart::Form) -> reqwest::Response {
        self.http
            .post(self.url(path))
            .header("X-User-Id", &session.user_id)
            .header("X-Auth-Token", &session.token)
            .multipart(form)
            .send()
            .await
            .unwrap()
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.server.url())
    }

    /// Asks the config endpoint for `username`'s credentials, as the host's gateway would.
    pub async fn config_for(&self, username: &str) -> ChatConfig {
        let response =
            self.http.get(self.url("/chat/config?clientType=web")).header("userid", username).send().await.unwrap();
        assert_eq!(response.status(), 200, "config for {username}");
        response.json().await.unwrap()
    }

    pub async fn session(&self, username: &str) -> Session {
        let config = self.config_for(username).await;
        Session { user_id: config.authentication.user_id, token: config.authentication.user_token }
    }

    pub async fn get(&self, session: &Session, path: &str) -> reqwest::Response {
        self.http
            .get(self.url(path))
            .header("X-User-Id", &session.user_id)
            .header("X-Auth-Token", &session.token)
            .send()
            .await
            .unwrap()
    }

    pub async fn post(&self, session: &Session, path: &str, body: Value) -> reqwest::Response {
        self.http
            .post(self.url(path))
            .header("X-User-Id", &session.user_id)
            .header("X-Auth-Token", &session.token)
            .json(&body)
            .send()
            .await
            .unwrap()
    }

    /// The id of the room named `name` in `session`'s subscriptions.
    pub async fn room_id(&self, session: &Session, name: &str) -> String {
        let subs: Value = self.get(session, "/api/v1/subscriptions.get").await.json().await.unwrap();
        subs["update"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["name"] == name)
            .unwrap_or_else(|| panic!("no room {name} in {subs}"))["rid"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    pub async fn send(&self, session: &Session, rid: &str, text: &str) -> reqwest::Response {
        self.post(session, "/api/v1/chat.sendMessage", json!({"message": {"rid": rid, "msg": text}})).await
    }

    /// A bot account made by `admin`, signed in (as a bot SDK is, after its personal token).
    pub async fn bot(&self, admin: &Session, username: &str) -> Session {
        let body = json!({"username": username, "name": "Helper", "email": format!("{username}@example.com"),
            "roles": ["bot"]});
        let made: Value = self.post(admin, "/api/v1/users.create", body).await.json().await.unwrap();
        let user_id = made["user"]["_id"].as_str().unwrap_or_else(|| panic!("{made}")).to_owned();
        assert_eq!(made["user"]["roles"], json!(["bot"]), "{made}");
        let token = format!("{username}-login-token-0123456789abcdefghijklmnop");
        let expires = confab_protocol::Timestamp(confab_protocol::Timestamp::now().millis() + 600_000);
        self.server.store().insert_login_token(&user_id, &token, expires).await.unwrap();
        Session { user_id, token }
    }

    pub async fn socket(&self) -> Socket {
        let url = format!("ws://{}/websocket", self.server.addr());
        let (stream, _) = tokio_tungstenite::connect_async(url).await.expect("websocket connects");
        Socket { stream }
    }
}

/// A raw DDP client.
pub struct Socket {
    pub stream: tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>,
}

pub const WAIT: Duration = Duration::from_secs(5);

impl Socket {
    pub async fn send(&mut self, frame: Value) {
        self.send_text(&frame.to_string()).await;
    }

    pub async fn send_text(&mut self, text: &str) {
        self.stream.send(WsMessage::Text(text.into())).await.expect("socket open");
    }

    pub async fn send_binary(&mut self) {
        self.stream.send(WsMessage::Binary(vec![1, 2, 3].into())).await.expect("socket open");
    }

    /// The next text frame as JSON, failing the test after a timeout.
    pub async fn recv(&mut self) -> Value {
        loop {
            let next = tokio::time::timeout(WAIT, self.stream.next()).await.expect("a frame within the timeout");
            match next.expect("socket open").expect("socket healthy") {
                WsMessage::Text(text) => return serde_json::from_str(&text).expect("server frames are JSON"),
                WsMessage::Close(_) => panic!("socket closed"),
                _ => continue,
            }
        }
    }

    /// Whether the server closes the socket within the timeout.
    pub async fn closed(&mut self) -> bool {
        loop {
            match tokio::time::timeout(WAIT, self.stream.next()).await {
                Err(_) => return false,
                Ok(None) | Ok(Some(Err(_))) | Ok(Some(Ok(WsMessage::Close(_)))) => return true,
                Ok(Some(Ok(_))) => continue,
            }
        }
    }

    pub async fn connect(&mut self) {
        self.send(json!({"msg": "connect", "version": "1", "support": ["1"]})).await;
        assert_eq!(self.recv().await["msg"], "connected");
    }

    /// Logs in with `token`, returning the method's `result` frame.
    pub async fn login(&mut self, token: &str) -> Value {
        self.send(json!({"msg": "method", "method": "login", "id": "login", "params": [{"resume": token}]})).await;
        let result = self.recv().await;
        assert_eq!(result["msg"], "result");
        assert_eq!(self.recv().await, json!({"msg": "updated", "methods": ["login"]}));
        result
    }

    /// Subscribes to `stream` for `event`, in the current clients' params form.
    pub async fn subscribe_stream(&mut self, id: &str, stream: &str, event: &str) -> Value {
        self.send(
            json!({"msg": "sub", "id": id, "name": stream, "params": [event, {"useCollection": false, "args": []}]}),
        )
        .await;
        self.recv().await
    }

    /// The next frame that is a stream event for `event_name`, skipping others.
    pub async fn event(&mut self, event_name: &str) -> Value {
        loop {
            let frame = self.recv().await;
            if frame["msg"] == "changed" && frame["fields"]["eventName"] == event_name {
                return frame["fields"]["args"].clone();
            }
        }
    }

    /// A connected, logged-in socket.
    pub async fn logged_in(app: &TestServer, session: &Session) -> Self {
        let mut socket = app.socket().await;
        socket.connect().await;
        let result = socket.login(&session.token).await;
        assert!(result.get("result").is_some(), "login failed: {result}");
        socket
    }

    pub async fn subscribe(&mut self, id: &str, rid: &str) -> Value {
        self.send(json!({"msg": "sub", "id": id, "name": "stream-room-messages", "params": [rid, false]})).await;
        self.recv().await
    }
}

/// A plain web server on loopback, standing for the sites users link to: it serves fixed pages
/// and counts every request it gets, so a test can tell that something was never fetched.
pub struct PageServer {
    pub addr: std::net::SocketAddr,
    hits: std::sync::Arc<std::sync::atomic::AtomicUsize>,
    task: tokio::task::JoinHandle<()>,
}

impl PageServer {
    /// Serves each `(path, content type, body)`; anything else is a 404.
    pub async fn start(pages: Vec<(&'static str, &'static str, Vec<u8>)>) -> Self {
        use std::sync::atomic::Ordering;
        let hits = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let counted = hits.clone();
        let pages = std::sync::Arc::new(pages);
        let app = axum::Router::new().fallback(move |uri: axum::http::Uri| {
            let (pages, counted) = (pages.clone(), counted.clone());
            async move {
                counted.fetch_add(1, Ordering::SeqCst);
                match pages.iter().find(|(path, ..)| *path == uri.path()) {
                    Some((_, content_type, body)) => {
                        ([(axum::http::header::CONTENT_TYPE, *content_type)], body.clone()).into_response()
                    }
                    None => axum::http::StatusCode::NOT_FOUND.into_response(),
                }
            }
        });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let task = tokio::spawn(async move {
            axum::serve(listener, app).await.unwrap();
        });
        Self { addr, hits, task }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// How many requests it has had.
    pub fn hits(&self) -> usize {
        self.hits.load(std::sync::atomic::Ordering::SeqCst)
    }
}

impl Drop for PageServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

use axum::response::IntoResponse;
