//! The Realtime API: DDP over WebSocket at `/websocket`.

mod connection;
mod hub;

use axum::extract::State;
use axum::extract::ws::WebSocketUpgrade;
use axum::response::Response;

pub use connection::{METHODS, STREAMS};
pub use hub::Hub;

use crate::state::AppState;

/// Upgrades to a WebSocket with frames bounded by the configured size; a larger frame closes the
/// socket with "message too big" rather than being buffered.
pub async fn upgrade(State(state): State<AppState>, ws: WebSocketUpgrade) -> Response {
    let limit = state.settings.max_frame_bytes;
    ws.max_message_size(limit).max_frame_size(limit).on_upgrade(move |socket| connection::serve(socket, state))
}

/// Hub topics. Room topics carry a room's messages and its `stream-notify-room` events; user
/// topics carry what one user hears wherever they are (`__my_messages__`, `stream-notify-user`).
pub mod topics {
    pub fn room_messages(room_id: &str) -> String {
        format!("room/{room_id}/messages")
    }

    pub fn room_event(room_id: &str, event: &str) -> String {
        format!("room/{room_id}/{event}")
    }

    pub fn my_messages(user_id: &str) -> String {
        format!("user/{user_id}/messages")
    }

    pub fn user_event(user_id: &str, event: &str) -> String {
        format!("user/{user_id}/{event}")
    }
}
