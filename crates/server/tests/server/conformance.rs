//! Conformance with clients nobody here wrote: Rocket.Chat's official `@rocket.chat/ddp-client`
//! and `@rocket.chat/api-client` (pinned in `reference-js/package-lock.json`) drive a real
//! server through login, streams, sending, typing, edits, reactions, deletion and read marks, and
//! through personal access tokens and incoming and outgoing webhooks.

use crate::common;

use std::path::Path;

use common::TestServer;

#[tokio::test(flavor = "multi_thread")]
async fn rocket_chats_own_javascript_clients_work_against_the_server() {
    let reference = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../reference-js");
    assert!(
        reference.join("node_modules/@rocket.chat/ddp-client").is_dir(),
        "Rocket.Chat's JS clients are not installed in {}: run `cargo xtask test`, which installs them",
        reference.display()
    );
    let app = TestServer::start_with(|s| {
        s.login_rate_per_minute = 10_000;
        // The outgoing webhook's endpoint is on loopback.
        s.fetch_private_addresses = true;
    })
    .await;
    let output = tokio::process::Command::new("node")
        .arg(reference.join("conformance.mjs"))
        .arg(app.server.url())
        .output()
        .await
        .expect("node runs");
    let report = String::from_utf8_lossy(&output.stdout);
    println!("conformance with @rocket.chat/ddp-client and @rocket.chat/api-client:\n{report}");
    eprintln!("{}", String::from_utf8_lossy(&output.stderr));
    assert!(output.status.success(), "the official clients disagree with the server:\n{report}");
    assert!(report.lines().any(|l| l.ends_with(" passed, 0 failed")), "{report}");
}
