//! A TCP proxy between the browsers and the server that can cut every connection through it at
//! once — the socket drops a flaky network or a load balancer causes, at moments the test
//! chooses, while the server itself keeps running — or freeze them: connections stay open but
//! nothing gets through, as when a laptop sleeps or a NAT forgets the flow. It counts the bytes
//! that reach the browsers: what they cost on the wire, compressed as it travels.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio::task::JoinHandle;

pub struct CuttingProxy {
    port: u16,
    cut: watch::Sender<u64>,
    frozen: watch::Sender<bool>,
    cuts: Arc<AtomicU64>,
    delivered: Arc<Mutex<Option<Instant>>>,
    downloaded: Arc<AtomicU64>,
    accepting: JoinHandle<()>,
}

impl CuttingProxy {
    /// Listens on a free port and forwards every connection to `upstream` on loopback.
    pub async fn start(upstream: u16) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("the proxy binds a port");
        let port = listener.local_addr().expect("a bound address").port();
        let (cut, watching) = watch::channel(0u64);
        let (frozen, frozen_watch) = watch::channel(false);
        let delivered = Arc::new(Mutex::new(None));
        let stamp = delivered.clone();
        let downloaded = Arc::new(AtomicU64::new(0));
        let counted = downloaded.clone();
        let accepting = tokio::spawn(async move {
            while let Ok((inbound, _)) = listener.accept().await {
                let mut cut = watching.clone();
                let frozen = frozen_watch.clone();
                let stamp = stamp.clone();
                let counted = counted.clone();
                tokio::spawn(async move {
                    let Ok(outbound) = TcpStream::connect(("127.0.0.1", upstream)).await else { return };
                    cut.borrow_and_update();
                    let (from_browser, to_browser) = inbound.into_split();
                    let (from_server, to_server) = outbound.into_split();
                    tokio::select! {
                        _ = pump(from_browser, to_server, frozen.clone(), None) => {}
                        _ = pump(from_server, to_browser, frozen, Some((stamp, counted))) => {}
                        _ = cut.changed() => {}
                    }
                    // Dropping both streams here closes them: the browser sees the connection die.
                });
            }
        });
        Self { port, cut, frozen, cuts: Arc::default(), delivered, downloaded, accepting }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// Drops every connection open through the proxy now; new ones are accepted as before.
    pub fn cut(&self) {
        self.cuts.fetch_add(1, Ordering::Relaxed);
        self.cut.send_modify(|generation| *generation += 1);
    }

    /// Holds back everything sent either way, on open and new connections, until [`Self::thaw`].
    pub fn freeze(&self) {
        self.frozen.send_replace(true);
    }

    pub fn thaw(&self) {
        self.frozen.send_replace(false);
    }

    /// When the last bytes from the server reached a browser, if any have.
    pub fn last_delivered(&self) -> Option<Instant> {
        *self.delivered.lock().expect("the stamp's lock")
    }

    /// How many bytes the server has sent the browsers through the proxy, headers and framing
    /// included.
    pub fn downloaded(&self) -> u64 {
        self.downloaded.load(Ordering::Relaxed)
    }

    /// How many times the connections were cut.
    pub fn cuts(&self) -> u64 {
        self.cuts.load(Ordering::Relaxed)
    }
}

/// When bytes last reached a browser, and how many have.
type Delivered = (Arc<Mutex<Option<Instant>>>, Arc<AtomicU64>);

/// Copies `from` to `to`, holding each chunk while the proxy is frozen and noting in `delivered`
/// when one got through and how many bytes have; ends when either side closes.
async fn pump(
    mut from: impl AsyncRead + Unpin,
    mut to: impl AsyncWrite + Unpin,
    mut frozen: watch::Receiver<bool>,
    delivered: Option<Delivered>,
) {
    let mut buffer = vec![0u8; 16 * 1024];
    loop {
        let Ok(read) = from.read(&mut buffer).await else { return };
        if read == 0 || frozen.wait_for(|frozen| !frozen).await.is_err() {
            return;
        }
        if to.write_all(&buffer[..read]).await.is_err() {
            return;
        }
        if let Some((stamp, bytes)) = &delivered {
            *stamp.lock().expect("the stamp's lock") = Some(Instant::now());
            bytes.fetch_add(read as u64, Ordering::Relaxed);
        }
    }
}

impl Drop for CuttingProxy {
    fn drop(&mut self) {
        self.accepting.abort();
    }
}
