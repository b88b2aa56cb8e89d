//! The app's own page with the signed-in reader's first screen in it, rendered by the server
//! (`first_screen`): the room list shows as the page arrives, before any of the app's code.
//!
//! The built page (`index.html`) is the template. The server puts the first screen and what it
//! was rendered from into the page's body, beside the app's root, which it hides; the page's
//! own script then hands the app that config, user and room list instead of its asking for them,
//! and swaps the app's first screen in for the server's once it is ready (see `index.html`). So
//! the page's early config request is taken out: the config is in the page.
//!
//! A page is rendered only when the reader's offset from UTC is known (the page keeps it in a
//! cookie), and only for the full layout; otherwise, or when the screen cannot be gathered or
//! rendered, the built page is served and the app renders by itself.

use std::path::Path;

use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use confab_protocol::first_screen::{FIRST_SCREEN_ROOT_ID, UTC_OFFSET_COOKIE};

use super::first_screen::{for_user, private};
use crate::host_backend::cookie;
use crate::state::AppState;

/// The app's root in the built page, as trunk writes it (minified) or as `index.html` has it.
const APP_ROOTS: [&str; 2] = [r#"<div id=confab></div>"#, r#"<div id="confab"></div>"#];
/// The page's early config request (see `index.html`), as trunk writes it (minified) or as
/// `index.html` has it. (The page's later script sets the same global from the first screen.)
const EARLY_CONFIG: [&str; 2] = ["window.confabConfig=fetch(", "window.confabConfig = fetch("];
const CLOSE_SCRIPT: &str = "</script>";

/// The page for `username` with their first screen in it, or None when it is not to be rendered
/// (no known offset) or could not be.
pub(super) async fn page(state: &AppState, headers: &HeaderMap, username: &str, dir: &Path) -> Option<Response> {
    let utc_offset: i32 = cookie(headers, UTC_OFFSET_COOKIE)?.trim().parse().ok()?;
    let index = tokio::fs::read_to_string(dir.join("index.html")).await.ok()?;
    let fragment = for_user(state, headers, username, utc_offset).await?;
    let page = with_first_screen(&index, &fragment)?;
    Some(private(StatusCode::OK, page))
}

/// `index` with `fragment` shown in place of the app's root, which is kept, hidden, after it, and
/// without the early config request. None if `index` has no app root to put it beside.
pub fn with_first_screen(index: &str, fragment: &str) -> Option<String> {
    let root = APP_ROOTS.iter().find(|root| index.contains(*root))?;
    let shown = format!(r#"<div id="{FIRST_SCREEN_ROOT_ID}">{fragment}</div><div id="confab" hidden></div>"#);
    Some(without_early_config(index).replacen(root, &shown, 1))
}

/// `index` without the `<script>` element that starts the early config request.
fn without_early_config(index: &str) -> String {
    let found = EARLY_CONFIG.iter().find_map(|early| index.find(early)).and_then(|at| {
        let open = index[..at].rfind("<script")?;
        let close = at + index[at..].find(CLOSE_SCRIPT)? + CLOSE_SCRIPT.len();
        Some((open, close))
    });
    match found {
        Some((open, close)) => [&index[..open], &index[close..]].concat(),
        None => index.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BUILT: &str = "<!doctype html><html lang=en><title>Confab</title><script>window.confabConfig=fetch(`/chat/config?clientType=web`,{credentials:`include`});</script><script type=module>import init from\"/app/1/main.js\";</script></head><body><div id=confab></div><script>takeOver()</script></body></html>";

    #[test]
    fn the_first_screen_is_shown_beside_the_hidden_root_and_the_config_is_not_asked_for() {
        let page = with_first_screen(BUILT, "<nav>rooms</nav>").expect("has a root");
        assert!(!page.contains("confabConfig"), "{page}");
        assert!(page.contains(r#"<div id="confab-first"><nav>rooms</nav></div><div id="confab" hidden></div><script>takeOver()</script>"#), "{page}");
        assert!(page.contains("<script type=module>"), "the app's own script stays: {page}");
    }

    #[test]
    fn the_unminified_page_is_rendered_too() {
        let page = "<script>window.confabConfig = fetch(\"/chat/config\");</script><body><div id=\"confab\"></div>";
        let page = with_first_screen(page, "x").expect("has a root");
        assert_eq!(page, r#"<body><div id="confab-first">x</div><div id="confab" hidden></div>"#);
    }

    #[test]
    fn only_the_early_request_goes_not_the_script_that_hands_the_first_screens_config() {
        let page = "<body><div id=confab></div><script>window.confabConfig=Promise.resolve(x)</script>";
        let page = with_first_screen(page, "x").expect("has a root");
        assert!(page.ends_with("<script>window.confabConfig=Promise.resolve(x)</script>"), "{page}");
    }

    #[test]
    fn a_page_without_the_app_root_is_not_rendered() {
        assert_eq!(with_first_screen("<body><main></main></body>", "x"), None);
    }
}
