//! The HTTP surface: the REST API under `/api/v1`, the config endpoint, the Realtime socket, the
//! demo sign-in, and the built app.

mod account;
mod app;
mod config;
mod demo;
mod extract;
mod messages;
mod rooms;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use confab_protocol::RoomType;
use tower_http::trace::TraceLayer;

use crate::realtime;
use crate::state::AppState;

pub fn router(state: AppState) -> Router {
    let api = Router::new()
        .route("/login", post(account::login))
        .route("/logout", post(account::logout))
        .route("/me", get(account::me))
        .route("/rooms.get", get(rooms::rooms))
        .route("/subscriptions.get", get(rooms::subscriptions))
        .route("/channels.history", get(|s, a, q| messages::history(RoomType::Channel, s, a, q)))
        .route("/groups.history", get(|s, a, q| messages::history(RoomType::Group, s, a, q)))
        .route("/im.history", get(|s, a, q| messages::history(RoomType::Direct, s, a, q)))
        .route("/chat.sendMessage", post(messages::send))
        .fallback(api_not_found);

    let mut router = Router::new()
        .nest("/api/v1", api)
        .route("/chat/config", get(config::config))
        .route("/websocket", get(realtime::upgrade));
    if state.settings.demo {
        router = router.route("/demo", get(demo::sign_in_page)).route("/demo/sign-in", post(demo::sign_in));
    }
    router = app::serve_app(router, &state.settings);
    router
        .layer(DefaultBodyLimit::max(state.settings.max_body_bytes))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

async fn api_not_found() -> crate::error::ApiError {
    crate::error::ApiError::NotFound { error_type: "error-endpoint-not-found", message: "No such API endpoint".into() }
}
