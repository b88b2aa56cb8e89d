//! A TCP proxy between the browsers and the server that can cut every connection through it at
//! once — the socket drops a flaky network or a load balancer causes, at moments the test
//! chooses, while the server itself keeps running.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio::task::JoinHandle;

pub struct CuttingProxy {
    port: u16,
    cut: watch::Sender<u64>,
    cuts: Arc<AtomicU64>,
    accepting: JoinHandle<()>,
}

impl CuttingProxy {
    /// Listens on a free port and forwards every connection to `upstream` on loopback.
    pub async fn start(upstream: u16) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("the proxy binds a port");
        let port = listener.local_addr().expect("a bound address").port();
        let (cut, watching) = watch::channel(0u64);
        let accepting = tokio::spawn(async move {
            while let Ok((mut inbound, _)) = listener.accept().await {
                let mut cut = watching.clone();
                tokio::spawn(async move {
                    let Ok(mut outbound) = TcpStream::connect(("127.0.0.1", upstream)).await else { return };
                    cut.borrow_and_update();
                    tokio::select! {
                        _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound) => {}
                        _ = cut.changed() => {}
                    }
                    // Dropping both streams here closes them: the browser sees the connection die.
                });
            }
        });
        Self { port, cut, cuts: Arc::default(), accepting }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// Drops every connection open through the proxy now; new ones are accepted as before.
    pub fn cut(&self) {
        self.cuts.fetch_add(1, Ordering::Relaxed);
        self.cut.send_modify(|generation| *generation += 1);
    }

    /// How many times the connections were cut.
    pub fn cuts(&self) -> u64 {
        self.cuts.load(Ordering::Relaxed)
    }
}

impl Drop for CuttingProxy {
    fn drop(&mut self) {
        self.accepting.abort();
    }
}
