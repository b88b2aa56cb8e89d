//! Long rooms: opening a room of 10,000 messages, how many elements the page then holds, and the
//! long tasks (PerformanceObserver `longtask`, over 50 ms) while scrolling from the newest
//! message to the oldest; as is, and with the CPU throttled 4× (Lighthouse's mobile setting),
//! since people open embedded chats on slow phones.

use std::time::Instant;

use confab_e2e::{Chromedriver, TestServer, eventually};
use serde_json::json;

const MESSAGES: u32 = 10_000;

/// What one pass through the room measured.
struct Pass {
    opened: f64,
    elements: serde_json::Value,
    most_messages: u64,
    moves: u32,
    seconds: f64,
    /// The long tasks' durations from the click until the newest messages showed, and then
    /// while scrolling.
    opening: Vec<f64>,
    scrolling: Vec<f64>,
}

pub async fn run() -> String {
    let data = tempfile::tempdir().expect("a temporary directory");
    let server = TestServer::start(data.path(), 0).await;
    server.admin(&["create-room", "--name", "archive", "--member", "alice"]).await;
    server.admin(&["fill-room", "--room", "archive", "--username", "alice", "--count", &MESSAGES.to_string()]).await;
    let driver = Chromedriver::start().await;
    let mut rows = String::new();
    for (rate, name) in [(1.0, "as is"), (4.0, "CPU throttled 4×")] {
        let pass = scroll_through(&driver, &server, rate).await;
        let longest = |tasks: &[f64]| tasks.iter().copied().fold(0.0, f64::max);
        rows.push_str(&format!(
            "| {name} | {:.0} ms | {:.0} ms | {} | {} | {} in {:.1} s | {} (longest {:.0} ms) |\n",
            pass.opened,
            longest(&pass.opening),
            pass.elements,
            pass.most_messages,
            pass.moves,
            pass.seconds,
            pass.scrolling.len(),
            longest(&pass.scrolling)
        ));
    }
    server.kill().await;
    format!(
        "## Long rooms\n\nA room of {MESSAGES} messages, opened and scrolled from the newest to the oldest.\n\n\
         | CPU | click → newest messages rendered | longest task while opening | elements in the page once open \
         | message elements at most while scrolling | slice moves and page loads to reach message 1 | long tasks \
         (> 50 ms) while scrolling |\n|---|---:|---:|---:|---:|---:|---:|\n{rows}\n\
         Targets: open ≤ 150 ms; while scrolling no task over 50 ms, and none over 100 ms with the CPU throttled.\n"
    )
}

async fn scroll_through(driver: &Chromedriver, server: &TestServer, cpu_rate: f64) -> Pass {
    let browser = driver.browser().await;
    browser.sign_in(&server.url("/"), "alice").await;
    if cpu_rate > 1.0 {
        browser.throttle_cpu(cpu_rate).await;
    }
    browser
        .script(
            "window.__longTasks = []; new PerformanceObserver(list => window.__longTasks.push(...list.getEntries().map(e => [e.startTime, e.duration])))
                 .observe({ type: 'longtask', buffered: true });
             window.__clicked = performance.now(); document.querySelector(\".room-entry[data-room-name='archive']\").click();",
            vec![],
        )
        .await;
    browser.sees_once(&format!("message {MESSAGES}")).await;
    let opened = browser
        .script(
            "const m = performance.getEntriesByName('confab:messages'); return m[m.length - 1].startTime - window.__clicked;",
            vec![],
        )
        .await
        .as_f64()
        .unwrap_or(f64::NAN);
    let elements = browser.script("return document.getElementsByTagName('*').length", vec![]).await;
    let scroll_from = browser.script("return performance.now()", vec![]).await.as_f64().unwrap_or(0.0);
    // Scroll to the top again and again; each time the slice moves back or an older page loads.
    let started = Instant::now();
    let (mut moves, mut most_messages) = (0u32, 0u64);
    loop {
        let state = browser
            .script(
                "const t = document.querySelector('.room-view .timeline'); const first = t.querySelector('.message')?.dataset.messageId;
                 t.scrollTop = 0;
                 return { first, count: t.querySelectorAll('.message').length,
                          oldest: Array.from(t.querySelectorAll('.message-text')).some(e => e.textContent === 'message 1') };",
                vec![],
            )
            .await;
        most_messages = most_messages.max(state["count"].as_u64().unwrap_or(0));
        if state["oldest"] == json!(true) {
            break;
        }
        let before = state["first"].clone();
        eventually("the slice to move back", || async {
            let now =
                browser.script("return document.querySelector('.room-view .message')?.dataset.messageId", vec![]).await;
            (now != before).then_some(())
        })
        .await;
        moves += 1;
    }
    let seconds = started.elapsed().as_secs_f64();
    let tasks: Vec<(f64, f64)> =
        serde_json::from_value(browser.script("return window.__longTasks", vec![]).await).unwrap_or_default();
    let (scrolling, opening): (Vec<_>, Vec<_>) = tasks.into_iter().partition(|(start, _)| *start >= scroll_from);
    let durations = |tasks: Vec<(f64, f64)>| tasks.into_iter().map(|(_, duration)| duration).collect();
    browser.close().await;
    Pass {
        opened,
        elements,
        most_messages,
        moves,
        seconds,
        opening: durations(opening),
        scrolling: durations(scrolling),
    }
}
