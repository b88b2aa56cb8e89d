//! The built app (trunk's `dist/`), served as a single-page app: any path that is not a file
//! gets `index.html`. In demo mode a browser with no identity is sent to the sign-in page first,
//! except to the embedded layout (`?layout=embedded`): a page framing it signs it in with
//! `login-with-token`, and a framed sign-in page would be of no use there.

use axum::Router;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use tower::ServiceExt;
use tower_http::services::{ServeDir, ServeFile};

use crate::host;
use crate::settings::Settings;
use crate::state::AppState;

pub fn serve_app(router: Router<AppState>, settings: &Settings) -> Router<AppState> {
    let Some(dir) = &settings.static_dir else {
        return router.fallback(|| async {
            (StatusCode::NOT_FOUND, "No app is served here; start the server with --static-dir")
        });
    };
    let files = ServeDir::new(dir).fallback(ServeFile::new(dir.join("index.html")));
    router.route("/", get(index)).fallback_service(files)
}

async fn index(State(state): State<AppState>, request: Request) -> Response {
    let settings = &state.settings;
    let embedded = request.uri().query().is_some_and(|q| q.split('&').any(|pair| pair == "layout=embedded"));
    if settings.demo && !embedded {
        let identity = host::identify(&state.store, request.headers(), settings).await;
        if identity.is_err() {
            return Redirect::to("/demo").into_response();
        }
    }
    let Some(dir) = &settings.static_dir else { return StatusCode::NOT_FOUND.into_response() };
    match ServeFile::new(dir.join("index.html")).oneshot(request).await {
        Ok(response) => response.into_response(),
        Err(never) => match never {},
    }
}
