//! Harness for browser end-to-end tests: the real confab-server binary on a temporary database,
//! the built app it serves, and headless Chromium driven over WebDriver.
//!
//! `cargo xtask test` builds the app and the server first and passes their paths in
//! `CONFAB_DIST` and `CONFAB_SERVER_BIN`; without them the paths default to the workspace's
//! `dist/` and `target/debug/confab-server`.

pub mod axe;
mod bot;
mod browser;
mod delivery;
mod files;
mod first_load;
pub mod gallery;
mod host_site;
pub mod model_stand_in;
mod proxy;
mod server;

use std::future::Future;
use std::time::{Duration, Instant};

pub use bot::Bot;
pub use browser::{Browser, Chromedriver, Fetched};
pub use delivery::{keeps_each_senders_order, shows_each_once};
pub use files::{Fixture, downloaded};
pub use first_load::FirstLoad;
pub use host_site::{HostSite, free_port};
pub use proxy::CuttingProxy;
pub use server::TestServer;

/// How long a test waits for something to appear before failing.
pub const TIMEOUT: Duration = Duration::from_secs(20);

/// Polls `check` until it yields a value or [`TIMEOUT`] passes, then fails with `what`.
pub async fn eventually<T, F, Fut>(what: &str, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Option<T>>,
{
    let deadline = Instant::now() + TIMEOUT;
    loop {
        if let Some(value) = check().await {
            return value;
        }
        assert!(Instant::now() < deadline, "timed out after {TIMEOUT:?} waiting for: {what}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
