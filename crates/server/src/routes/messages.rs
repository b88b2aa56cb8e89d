//! Message history (`channels.history`, `groups.history`, `im.history`) and `chat.sendMessage`.
//!
//! Every call checks that the room exists (404) and that the caller is a member (403) before
//! touching its messages.

use axum::Json;
use axum::extract::State;
use confab_protocol::ddp::{Frame, ejson_value, streams};
use confab_protocol::ids::is_plausible_id;
use confab_protocol::rest::{HistoryQuery, HistoryResponse, SendMessageRequest, SendMessageResponse};
use confab_protocol::{RoomType, Timestamp};

use super::extract::{ApiJson, ApiQuery, date_param};
use crate::auth::Authenticated;
use crate::error::ApiError;
use crate::realtime::room_messages_topic;
use crate::secrets::new_id;
use crate::state::AppState;
use crate::store::{Sent, TimeRange};

/// Messages per history page when the client does not say.
const DEFAULT_PAGE: u32 = 20;
/// The most messages one history call returns, as Rocket.Chat's default upper count limit.
const MAX_PAGE: u32 = 100;

/// Checks that `room_id` is a room of type `kind` (when given) that `user_id` belongs to.
async fn check_access(state: &AppState, room_id: &str, user_id: &str, kind: Option<RoomType>) -> Result<(), ApiError> {
    if !is_plausible_id(room_id) {
        return Err(ApiError::room_not_found());
    }
    let room = state.store.room(room_id).await?.ok_or_else(ApiError::room_not_found)?;
    if kind.is_some_and(|kind| kind != room.t) {
        return Err(ApiError::room_not_found());
    }
    if state.store.subscription(room_id, user_id).await?.is_none() {
        return Err(ApiError::not_a_member());
    }
    Ok(())
}

pub async fn history(
    kind: RoomType,
    State(state): State<AppState>,
    auth: Authenticated,
    ApiQuery(query): ApiQuery<HistoryQuery>,
) -> Result<Json<HistoryResponse>, ApiError> {
    check_access(&state, &query.room_id, &auth.user.id, Some(kind)).await?;
    let range = TimeRange {
        latest: date_param("latest", query.latest.as_deref())?,
        oldest: date_param("oldest", query.oldest.as_deref())?,
        inclusive: query.inclusive.unwrap_or(false),
        count: query.count.unwrap_or(DEFAULT_PAGE).clamp(1, MAX_PAGE),
    };
    let messages = state.store.history(&query.room_id, range).await?;
    Ok(Json(HistoryResponse { messages, success: true }))
}

pub async fn send(
    State(state): State<AppState>,
    auth: Authenticated,
    ApiJson(SendMessageRequest { message }): ApiJson<SendMessageRequest>,
) -> Result<Json<SendMessageResponse>, ApiError> {
    let length = message.msg.chars().count();
    if length > state.settings.max_message_chars {
        return Err(ApiError::bad_request(
            "error-message-size-exceeded",
            format!("The message is {length} characters long; the limit is {}", state.settings.max_message_chars),
        ));
    }
    if message.msg.trim().is_empty() {
        return Err(ApiError::bad_request("error-invalid-params", "The message is empty"));
    }
    let id = match message.id {
        Some(id) if is_plausible_id(&id) => id,
        Some(_) => return Err(ApiError::bad_request("error-invalid-params", "The message _id is not a valid id")),
        None => new_id(),
    };
    check_access(&state, &message.rid, &auth.user.id, None).await?;
    if let Some(tmid) = &message.tmid {
        let parent = state.store.message(tmid).await?;
        if parent.is_none_or(|parent| parent.rid != message.rid) {
            return Err(ApiError::bad_request(
                "error-invalid-params",
                "The thread parent is not a message of this room",
            ));
        }
    }
    let sent = state
        .store
        .send_message(&message.rid, &auth.user, &id, &message.msg, message.tmid.as_deref(), Timestamp::now())
        .await?;
    let message = match sent {
        Sent::Created(message) => {
            let event = Frame::stream_event(streams::ROOM_MESSAGES, &message.rid, vec![ejson_value(&message)]);
            state.hub.publish(&room_messages_topic(&message.rid), event.encode().into());
            message
        }
        Sent::AlreadyStored(message) => message,
        Sent::IdTaken => return Err(ApiError::bad_request("error-duplicate-id", "The message _id is already taken")),
    };
    Ok(Json(SendMessageResponse { message, success: true }))
}
