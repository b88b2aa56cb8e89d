//! The gallery of every view (`docs/screenshots/views/`), the visual check against it, and
//! axe-core's check of each view as pictured.
//!
//! A view's picture is compared with the committed one: the test fails when more than
//! [`TOLERANCE`] of its pixels differ visibly, so a change of layout, colour or spacing is
//! noticed, while a clock's minutes or a caret's blink are not. With `CONFAB_UPDATE_SCREENSHOTS`
//! set, the pictures are written instead, to be looked at and committed with the change.

use std::path::{Path, PathBuf};

use crate::Browser;

/// The share of pixels that may differ from the committed picture (a message's minute, as the
/// clock runs on from [`CLOCK`]), as a fraction.
pub const TOLERANCE: f64 = 0.01;

/// How far a channel may move (of 255) before a pixel counts as different: anti-aliasing moves
/// edges by a little.
const CHANNEL_SLACK: u8 = 40;

/// What is turned off before every picture: animations, transitions and the caret.
const STILL: &str = "if (!document.getElementById('gallery-still')) { \
    const s = document.createElement('style'); s.id = 'gallery-still'; \
    s.textContent = '*, *::before, *::after { animation: none !important; transition: none !important; caret-color: transparent !important; }'; \
    document.head.appendChild(s); }";

/// The moment the pictures are taken at, in milliseconds since the Unix epoch (Monday 15 June
/// 2026, 12:00 UTC), whenever the test runs: the server's and the browser's clocks are moved
/// there, so the demo's history, the day dividers and "Today" fall alike.
pub const CLOCK: i64 = 1_781_524_800_000;

/// The sizes and modes every view is shown in: a laptop and a phone, light and dark.
pub const VARIANTS: [(&str, u32, u32, &str); 4] = [
    ("1280-light", 1280, 800, "light"),
    ("1280-dark", 1280, 800, "dark"),
    ("390-light", 390, 844, "light"),
    ("390-dark", 390, 844, "dark"),
];

fn folder() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/screenshots/views")
}

/// How far two pictures differ: the share of pixels that differ visibly, or 1 if their sizes do.
pub fn difference(committed: &[u8], taken: &[u8]) -> f64 {
    let read = |png: &[u8]| image::load_from_memory_with_format(png, image::ImageFormat::Png).map(|i| i.to_rgba8());
    let (Ok(a), Ok(b)) = (read(committed), read(taken)) else { return 1.0 };
    if a.dimensions() != b.dimensions() {
        return 1.0;
    }
    let differing = a
        .pixels()
        .zip(b.pixels())
        .filter(|(p, q)| p.0.iter().zip(q.0.iter()).any(|(x, y)| x.abs_diff(*y) > CHANNEL_SLACK))
        .count();
    differing as f64 / f64::from(a.width() * a.height())
}

/// The controls on show that the browser draws its own way: a button with its default outset
/// border (any button the app has not styled), a `<select>`, or a file input.
const NATIVE_CONTROLS: &str = "const seen = e => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden'; \
    const all = [document, ...Array.from(document.querySelectorAll('confab-chat, confab-launcher-root')).map(c => c.shadowRoot).filter(Boolean)] \
        .flatMap(root => Array.from(root.querySelectorAll('button, select, input[type=file]'))); \
    return all.filter(seen).filter(e => e.localName !== 'button' || getComputedStyle(e).borderTopStyle === 'outset') \
        .map(e => e.outerHTML.slice(0, 120));";

/// How many chat layouts, on the page or in a custom element's or the launcher's shadow root,
/// are not connected yet.
const CONNECTING: &str = "return [document, ...Array.from(document.querySelectorAll('confab-chat, confab-launcher-root')).map(c => c.shadowRoot).filter(Boolean)] \
    .flatMap(root => Array.from(root.querySelectorAll('.chat-layout:not([data-connection=online])'))).length;";

/// Checks that `view` shows no browser-default control and that axe-core finds nothing in it,
/// then takes its picture in `variant`, with motion off, and checks it against the committed one
/// (or writes it, with `CONFAB_UPDATE_SCREENSHOTS`). Answers the failures, so that one run
/// reports every view that changed.
pub async fn shoot(browser: &Browser, view: &str, variant: &str) -> Vec<String> {
    // A view signed in is pictured with its socket up: its content may come first (a room's history
    // does not wait for the socket), and "Connecting…" is no part of the view.
    crate::eventually("the chat's connection to be up", || async {
        (browser.script(CONNECTING, vec![]).await == serde_json::json!(0)).then_some(())
    })
    .await;
    picture(browser, view, variant).await
}

/// As [`shoot`], for the first screen the server rendered, as it shows before the app has
/// started: no connection is up in that view.
pub async fn shoot_as_served(browser: &Browser, view: &str, variant: &str) -> Vec<String> {
    picture(browser, view, variant).await
}

async fn picture(browser: &Browser, view: &str, variant: &str) -> Vec<String> {
    let name = format!("{view}-{variant}");
    let mut failures = Vec::new();
    browser.script(STILL, vec![]).await;
    // Two frames, so that what the last action changed is painted.
    browser
        .script_async(
            "const done = arguments[0]; requestAnimationFrame(() => requestAnimationFrame(() => done(null)));",
            vec![],
        )
        .await;
    let native = browser.script(NATIVE_CONTROLS, vec![]).await;
    if let Some(native) = native.as_array().filter(|n| !n.is_empty()) {
        failures.push(format!("{name}: browser-default controls on show: {native:?}"));
    }
    let png = browser.client.screenshot().await.expect("a screenshot");
    let violations = crate::axe::check(browser, &name).await;
    if !violations.is_empty() {
        let rules: Vec<String> = violations.iter().map(|v| format!("{} ({})", v.rule, v.first)).collect();
        failures.push(format!("{name}: axe finds {}", rules.join(", ")));
    }
    let path = folder().join(format!("{name}.png"));
    if std::env::var_os("CONFAB_UPDATE_SCREENSHOTS").is_some() {
        std::fs::write(&path, &png).expect("writing the screenshot");
        return failures;
    }
    let Ok(committed) = std::fs::read(&path) else {
        failures.push(format!("{}: no committed picture (run with CONFAB_UPDATE_SCREENSHOTS=1)", path.display()));
        return failures;
    };
    let differs = difference(&committed, &png);
    println!("{name}: {:.3}% of pixels differ", differs * 100.0);
    if differs > TOLERANCE {
        let taken = std::env::temp_dir().join(format!("{name}.png"));
        let _ = std::fs::write(&taken, &png);
        failures.push(format!("{name}: {:.2}% of pixels differ (taken: {})", differs * 100.0, taken.display()));
    }
    failures
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(width: u32, height: u32, paint: impl Fn(u32, u32) -> [u8; 4]) -> Vec<u8> {
        let picture = image::RgbaImage::from_fn(width, height, |x, y| image::Rgba(paint(x, y)));
        let mut bytes = std::io::Cursor::new(Vec::new());
        picture.write_to(&mut bytes, image::ImageFormat::Png).unwrap();
        bytes.into_inner()
    }

    #[test]
    fn a_small_change_is_tolerated_and_a_large_one_or_another_size_is_not() {
        let white = png(100, 100, |_, _| [255; 4]);
        let dot = png(100, 100, |x, y| if x < 5 && y < 5 { [0, 0, 0, 255] } else { [255; 4] });
        let half = png(100, 100, |x, _| if x < 50 { [0, 0, 0, 255] } else { [255; 4] });
        let faint = png(100, 100, |_, _| [240, 240, 240, 255]);
        assert_eq!(difference(&white, &white), 0.0);
        assert!((difference(&white, &dot) - 0.0025).abs() < 1e-9);
        assert!(difference(&white, &half) > TOLERANCE);
        assert_eq!(difference(&white, &faint), 0.0, "anti-aliasing shades are no change");
        assert_eq!(difference(&white, &png(100, 99, |_, _| [255; 4])), 1.0);
    }
}
