//! Hub topics. Room topics carry a room's messages and its `stream-notify-room` events; user
//! topics carry what one user hears wherever they are (`__my_messages__`, `stream-notify-user`).

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

/// What every signed-in connection hears (`stream-notify-logged`).
pub fn logged_event(event: &str) -> String {
    format!("logged/{event}")
}

/// The rooms whose membership `user_id` lost, one room id per event: never subscribed to by
/// a client, heard by each of the user's connections (see `sender`).
pub fn memberships_ended(user_id: &str) -> String {
    format!("membership/{user_id}/ended")
}

/// The forced logout of the connections logged in with one token, by the token's hash.
pub fn session_logout(token_hash: &str) -> String {
    format!("session/{token_hash}/force_logout")
}

/// The stop of one streamed answer, heard by whatever writes it (see `streaming`).
pub fn stream_stopped(message_id: &str) -> String {
    format!("stream/{message_id}/stopped")
}

/// The support queue: conversations handed to the team and taken from it.
pub fn livechat_queue() -> String {
    "livechat/queue".into()
}

/// Whether `topic` carries only a connection's few control events (a forced logout, a
/// membership ended): its subscribers never fall far behind, so it keeps a small buffer, which
/// matters because every connection of a different user or token has topics of its own.
pub fn is_control(topic: &str) -> bool {
    topic.starts_with("session/") || topic.starts_with("membership/") || topic.ends_with("/force_logout")
}
