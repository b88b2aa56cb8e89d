//! Start-up: on a fresh browser profile (nothing cached) over loopback, the time from the
//! navigation that loads the app to the room list on screen (`confab:room-list` mark), and from
//! clicking the first room to its messages on screen (`confab:messages`).

use confab_e2e::{Chromedriver, TestServer, eventually};
use serde_json::json;

use crate::stats::summary;

const MARK: &str =
    "const m = performance.getEntriesByName(arguments[0]); return m.length ? m[m.length - 1].startTime : null;";

pub async fn run(runs: usize) -> String {
    let data = tempfile::tempdir().expect("a temporary directory");
    let server = TestServer::start(data.path(), 0).await;
    let driver = Chromedriver::start().await;
    let (mut to_list, mut to_messages) = (Vec::new(), Vec::new());
    for _ in 0..runs {
        let browser = driver.browser().await;
        // Signing in on the demo page ends in a fresh navigation to the app.
        browser.sign_in(&server.url("/"), "alice").await;
        let list = eventually("the room-list mark", || async {
            browser.script(MARK, vec![json!("confab:room-list")]).await.as_f64()
        })
        .await;
        let clicked = browser
            .script("window.__clicked = performance.now(); document.querySelector('.room-entry').click(); return window.__clicked;", vec![])
            .await
            .as_f64()
            .expect("a click time");
        let shown = eventually("the messages mark", || async {
            browser.script(MARK, vec![json!("confab:messages")]).await.as_f64()
        })
        .await;
        to_list.push(list);
        to_messages.push(shown - clicked);
        browser.close().await;
    }
    server.kill().await;
    format!(
        "## Start-up\n\n{runs} runs, each on a fresh Chromium profile (empty cache), loopback.\n\n\
         | from → to | median (min–max) |\n|---|---|\n\
         | navigation → room list rendered | {} |\n\
         | click on the first room → its messages rendered | {} |\n\n\
         Target: room list in ≤ 300 ms median.\n",
        summary(&to_list),
        summary(&to_messages)
    )
}
