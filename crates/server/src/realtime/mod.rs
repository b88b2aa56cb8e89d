//! The Realtime API: DDP over WebSocket at `/websocket`.

mod connection;
mod hub;

use axum::extract::State;
use axum::extract::ws::WebSocketUpgrade;
use axum::response::Response;

pub use hub::Hub;

use crate::state::AppState;

/// Upgrades to a WebSocket with frames bounded by the configured size; a larger frame closes the
/// socket with "message too big" rather than being buffered.
pub async fn upgrade(State(state): State<AppState>, ws: WebSocketUpgrade) -> Response {
    let limit = state.settings.max_frame_bytes;
    ws.max_message_size(limit).max_frame_size(limit).on_upgrade(move |socket| connection::serve(socket, state))
}

/// The topic of a room's message stream in the hub.
pub fn room_messages_topic(room_id: &str) -> String {
    format!("room-messages/{room_id}")
}
