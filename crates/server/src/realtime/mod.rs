//! The Realtime API: DDP over WebSocket at `/websocket`.

pub mod bus;
mod connection;
pub mod hub;
mod sender;
mod streamed;
pub mod topics;

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};

use axum::extract::ws::WebSocketUpgrade;
use axum::extract::ws::rejection::WebSocketUpgradeRejection;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};

pub use bus::Bus;
pub use connection::{METHODS, STREAMS};
pub use hub::Hub;

use crate::error::ApiError;
use crate::security::origin_allowed;
use crate::state::AppState;

/// How much is read from a socket at a time. Clients send small frames (method calls,
/// subscriptions); tungstenite's default of 128 KiB, allocated for every socket, was nearly all of
/// an idle socket's memory. Larger frames still arrive whole, in several reads.
const READ_CHUNK_BYTES: usize = 4 * 1024;

/// Upgrades to a WebSocket with frames bounded by the configured size; a larger frame closes the
/// socket with "message too big" rather than being buffered.
/// A browser page may open the socket only from this server's own origin or an allowed one.
pub async fn upgrade(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    ws: Result<WebSocketUpgrade, WebSocketUpgradeRejection>,
) -> Response {
    let ws = match ws {
        Ok(ws) => ws,
        Err(rejection) => {
            let reason = format!("The chat socket needs a WebSocket upgrade: {}", rejection.body_text());
            return ApiError::bad_request("error-websocket-upgrade", reason).into_response();
        }
    };
    if let Some(origin) = headers.get(header::ORIGIN).and_then(|o| o.to_str().ok()) {
        let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
        if !origin_allowed(origin, host, &state.settings.allowed_origins) {
            tracing::warn!(%origin, "refused a socket from a foreign origin");
            return ApiError::Forbidden("This origin may not open the chat socket".into()).into_response();
        }
    }
    let limit = state.settings.max_frame_bytes;
    ws.read_buffer_size(READ_CHUNK_BYTES).max_message_size(limit).max_frame_size(limit).on_upgrade(
        move |socket| async move {
            let _open = OpenSocket::count(&state.open_sockets);
            connection::serve(socket, state, peer).await
        },
    )
}

/// One open socket in the count, for as long as it lives (however its task ends).
struct OpenSocket(std::sync::Arc<AtomicUsize>);

impl OpenSocket {
    fn count(counter: &std::sync::Arc<AtomicUsize>) -> Self {
        counter.fetch_add(1, Ordering::Relaxed);
        Self(counter.clone())
    }
}

impl Drop for OpenSocket {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}
