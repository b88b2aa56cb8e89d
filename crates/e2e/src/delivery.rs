//! What the delivery tests check of a conversation: every message shown exactly once, confirmed,
//! and each sender's in the order written, whatever happened to the connections meanwhile.

use std::time::{Duration, Instant};

use crate::{Browser, TIMEOUT};

/// Waits until `browser` shows exactly `expected` (as a set) among the messages matching
/// `pattern`, each once and all confirmed; returns the order then shown.
pub async fn shows_each_once(browser: &Browser, pattern: &str, expected: &[String]) -> Vec<String> {
    let mut wanted = expected.to_vec();
    wanted.sort();
    let deadline = Instant::now() + TIMEOUT;
    let shown = loop {
        let shown = browser.message_texts(pattern).await;
        let mut sorted = shown.clone();
        sorted.sort();
        if sorted == wanted {
            break shown;
        }
        if Instant::now() > deadline {
            let missing: Vec<_> = wanted.iter().filter(|t| !shown.contains(t)).collect();
            let mut doubled = sorted.clone();
            doubled.dedup();
            let doubled: Vec<_> = doubled.iter().filter(|t| shown.iter().filter(|s| s == t).count() > 1).collect();
            let all = browser.message_texts(".").await;
            let states = browser.script("return Array.from(document.querySelectorAll('.room-view .message')).map(m => m.dataset.delivery + ':' + m.querySelector('.message-text')?.textContent).join(' | ')", vec![]).await;
            let composer =
                browser.script("return document.querySelector('textarea.composer-input').value", vec![]).await;
            let connection = browser.text_of(".connection").await;
            panic!(
                "after {TIMEOUT:?}: {} shown, missing {missing:?}, shown twice {doubled:?}\nALL {all:?}\nSTATES {states}\nCOMPOSER {composer}\nCONNECTION {connection:?}",
                shown.len()
            );
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    browser.all_confirmed(expected).await;
    // Confirmed messages take the server's time, which may move them: the order is read again.
    let confirmed = browser.message_texts(pattern).await;
    assert_eq!(confirmed.len(), shown.len(), "messages appeared or vanished on confirmation");
    confirmed
}

/// Each sender's messages appear in the order they were written.
pub fn keeps_each_senders_order(shown: &[String], prefixes: &[&str]) {
    for prefix in prefixes {
        let numbers: Vec<u32> = shown.iter().filter_map(|t| t.strip_prefix(prefix)?.parse().ok()).collect();
        assert!(numbers.windows(2).all(|w| w[0] < w[1]), "{prefix}* out of order: {numbers:?}");
    }
}
