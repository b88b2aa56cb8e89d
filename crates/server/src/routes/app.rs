//! The built app (trunk's `dist/`), served as a production server would:
//!
//! - each file precompressed at build time (`<file>.br`, `<file>.gz`), sent as the browser's
//!   `Accept-Encoding` allows, with `Vary: Accept-Encoding`;
//! - the build's content-hashed files (`app/<hash>/…`, `name-<16 hex>.ext`) cached for a year
//!   as immutable; the page and the stable loaders (`index.html`, `embed.js`, `embed.mjs`) with
//!   `no-cache`, so a browser revalidates them (by `Last-Modified`) and picks up a new build at
//!   once;
//! - readable from any origin (`Access-Control-Allow-Origin: *`, no credentials, and
//!   `Timing-Allow-Origin: *`): a page on another site that embeds Confab fetches its scripts and
//!   parts from this one, and may time them;
//! - a missing file is a 404, never the page. The page is served only at the app's own
//!   addresses: `/`, `/embed/room/<id or name>`, and Rocket.Chat's permalinks (`/channel/<name>`,
//!   `/group/<name>`, `/direct/<id>`, each with `?msg=<id>`), which open that room and message.
//!
//! A signed-in reader whose offset from UTC the page knows gets the page with their first screen
//! in it (`rendered_page`), for them alone: `private, no-store`, compressed as it is sent.
//!
//! In demo mode a browser with no identity is sent to the sign-in page first, except to the
//! embedded layout: a page framing it signs it in with `login-with-token`, and a framed sign-in
//! page would be of no use there.

use std::path::Path;

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use tower::ServiceExt;
use tower_http::compression::CompressionLayer;
use tower_http::services::{ServeDir, ServeFile};

use crate::host_backend;
use crate::settings::Settings;
use crate::state::AppState;

/// What hashed files may be cached as: they never change under their name.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// What the page and the stable loaders are cached as: kept, but checked before each use.
const REVALIDATE: &str = "no-cache";

pub fn serve_app(router: Router<AppState>, settings: &Settings) -> Router<AppState> {
    if settings.static_dir.is_none() {
        return router.fallback(|| async {
            (StatusCode::NOT_FOUND, "No app is served here; start the server with --static-dir")
        });
    }
    // The built page is precompressed; one with a first screen in it is compressed as it goes.
    let pages = Router::new()
        .route("/", get(index))
        .route("/embed/room/{*room}", get(embedded_room))
        .route("/channel/{room}", get(index))
        .route("/group/{room}", get(index))
        .route("/direct/{room}", get(index))
        .layer(CompressionLayer::new());
    router.merge(pages).fallback(file)
}

/// How long a browser may keep the file at `path` (of a response that found it).
pub fn cache_control(path: &str) -> &'static str {
    if path.starts_with("/app/") || is_hashed(path) { IMMUTABLE } else { REVALIDATE }
}

/// Whether a file's name carries trunk's content hash: `favicon-92b4a10ae3190bf2.svg`.
fn is_hashed(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or_default();
    let stem = name.split_once('.').map_or(name, |(stem, _)| stem);
    stem.rsplit_once('-').is_some_and(|(_, hash)| hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit()))
}

async fn index(State(state): State<AppState>, request: Request) -> Response {
    let embedded = request.uri().query().is_some_and(|q| q.split('&').any(|pair| pair == "layout=embedded"));
    page(&state, request, embedded).await
}

async fn embedded_room(State(state): State<AppState>, request: Request) -> Response {
    page(&state, request, true).await
}

async fn page(state: &AppState, request: Request, embedded: bool) -> Response {
    let settings = &state.settings;
    let Some(dir) = &settings.static_dir else { return StatusCode::NOT_FOUND.into_response() };
    if !embedded {
        match host_backend::identify(&state.store, request.headers(), settings).await {
            Err(_) if settings.demo => return Redirect::to("/demo").into_response(),
            Err(_) => {}
            Ok(username) => {
                if let Some(rendered) = super::rendered_page::page(state, request.headers(), &username, dir).await {
                    return rendered;
                }
            }
        }
    }
    let served = ServeFile::new(dir.join("index.html")).precompressed_br().precompressed_gzip().oneshot(request).await;
    let response = match served {
        Ok(response) => response.into_response(),
        Err(never) => match never {},
    };
    with_headers(response, REVALIDATE)
}

async fn file(State(state): State<AppState>, request: Request) -> Response {
    let Some(dir) = &state.settings.static_dir else { return StatusCode::NOT_FOUND.into_response() };
    let path = request.uri().path().to_owned();
    // Dotfiles (trunk's `.trunk-lock`) and the precompressed copies are not addresses of the app.
    let hidden = path.split('/').any(|segment| segment.starts_with('.'));
    if hidden || path.ends_with(".br") || path.ends_with(".gz") {
        return StatusCode::NOT_FOUND.into_response();
    }
    let files =
        ServeDir::new(Path::new(dir)).precompressed_br().precompressed_gzip().append_index_html_on_directories(false);
    let response = match files.oneshot(request).await {
        Ok(response) => response.into_response(),
        Err(never) => match never {},
    };
    if !response.status().is_success() && response.status() != StatusCode::NOT_MODIFIED {
        return response;
    }
    with_headers(response, cache_control(&path))
}

fn with_headers(mut response: Response, cache: &'static str) -> Response {
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
    // Readable from anywhere already, so their timing tells nothing new: a host's own monitoring
    // (and the launcher's test) can see what Confab costs its pages.
    headers.insert("timing-allow-origin", HeaderValue::from_static("*"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_files_are_immutable_and_the_rest_revalidated() {
        assert_eq!(cache_control("/app/2d255a6886377340/main_bg.wasm"), IMMUTABLE);
        assert_eq!(cache_control("/app/2d255a6886377340/snippets/confab-6e3d7717220a4842/inline0.js"), IMMUTABLE);
        assert_eq!(cache_control("/favicon-92b4a10ae3190bf2.svg"), IMMUTABLE);
        for stable in ["/index.html", "/embed.js", "/embed.mjs", "/favicon.svg", "/not-a-hash-123.js"] {
            assert_eq!(cache_control(stable), REVALIDATE, "{stable}");
        }
    }
}
