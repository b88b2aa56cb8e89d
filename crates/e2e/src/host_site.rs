//! A third party's site: static pages served from an origin other than the chat server's, with
//! none of the server's headers (no CSP), as a business's own product would frame or load Confab.

use std::net::{Ipv4Addr, SocketAddr};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use tower_http::services::{ServeDir, ServeFile};

pub struct HostSite {
    port: u16,
    task: tokio::task::JoinHandle<()>,
    requests: Arc<AtomicUsize>,
}

impl HostSite {
    /// Serves the files under `dir` on a free port of this machine; a path that is no file gets
    /// `index.html`, as a single-page host (micro-lc) needs.
    pub async fn serve(dir: &Path) -> Self {
        let listener = tokio::net::TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, 0)))
            .await
            .expect("a free port for the host site");
        let port = listener.local_addr().expect("a bound address").port();
        let files = ServeDir::new(dir).fallback(ServeFile::new(dir.join("index.html")));
        let requests = Arc::new(AtomicUsize::new(0));
        let counter = requests.clone();
        let app = axum::Router::new().fallback_service(files).layer(axum::middleware::from_fn(
            move |request: axum::extract::Request, next: axum::middleware::Next| {
                counter.fetch_add(1, Ordering::SeqCst);
                next.run(request)
            },
        ));
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Self { port, task, requests }
    }

    /// How many requests the site has been sent, from anyone.
    pub fn requests(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }

    /// The page at `path` under `host` (`localhost` or `127.0.0.1`: two origins, and two sites).
    pub fn url(&self, host: &str, path: &str) -> String {
        format!("http://{host}:{}{path}", self.port)
    }
}

impl Drop for HostSite {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// A port free now, for a server whose settings must name its own origin before it starts
/// (see [`confab_cluster::free_port`] for why it is not the kernel's pick).
pub fn free_port() -> u16 {
    confab_cluster::free_port().expect("a free port")
}
