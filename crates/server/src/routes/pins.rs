//! Pinned and starred messages, and one message by id. Pinning needs `pin-message` in the room
//! and tells every member (the message changes and a `message_pinned` system message quotes
//! it); a star is the user's own: only their clients hear of it, and only their reads show it.

use axum::Json;
use axum::extract::State;
use confab_protocol::attachment::Attachment;
use confab_protocol::json::Lazy;
use confab_protocol::message::Star;
use confab_protocol::permission::names::PIN_MESSAGE;
use confab_protocol::rest::{
    GetMessageQuery, MESSAGE_PINNED, MessageIdRequest, MessagePage, MessageResponse, PinResponse, RoomMessagesQuery,
    SuccessResponse,
};
use confab_protocol::{Message, Timestamp};

use super::access::{member_message, member_room};
use super::extract::{ApiJson, ApiQuery};
use crate::auth::Authenticated;
use crate::authorization::require;
use crate::error::ApiError;
use crate::posting::{Poster, post_message};
use crate::secrets::new_id;
use crate::state::AppState;

/// The most messages one page of a pinned or starred list holds.
const MAX_PAGE: u32 = 100;

pub async fn pin(
    State(state): State<AppState>,
    auth: Authenticated,
    ApiJson(body): ApiJson<MessageIdRequest>,
) -> Result<Json<PinResponse>, ApiError> {
    let message = member_message(&state, &body.message_id, &auth.user).await?;
    require(&state, &auth.user, PIN_MESSAGE, Some(&message.rid)).await?;
    if message.pinned == Some(true) {
        return Ok(Json(PinResponse { message, success: true }));
    }
    let room = member_room(&state, &message.rid, &auth.user, None).await?;
    let now = Timestamp::now();
    let pinned = state.store.set_pinned(&message, &auth.user, true, now).await?.ok_or_else(gone)?;
    state.events.message_changed(&pinned).await;
    let mut notice = Message::new(new_id(), &pinned.rid, "", auth.user.to_ref(), now);
    notice.t = Some(MESSAGE_PINNED.to_owned());
    notice.attachments = Some(Lazy::new(&vec![quote(&pinned)]));
    let notice = post_message(&state, &auth.user, &room, notice, Poster::Notice).await?;
    Ok(Json(PinResponse { message: notice, success: true }))
}

pub async fn unpin(
    State(state): State<AppState>,
    auth: Authenticated,
    ApiJson(body): ApiJson<MessageIdRequest>,
) -> Result<Json<SuccessResponse>, ApiError> {
    let message = member_message(&state, &body.message_id, &auth.user).await?;
    require(&state, &auth.user, PIN_MESSAGE, Some(&message.rid)).await?;
    if message.pinned == Some(true) {
        let unpinned = state.store.set_pinned(&message, &auth.user, false, Timestamp::now()).await?.ok_or_else(gone)?;
        state.events.message_changed(&unpinned).await;
    }
    Ok(Json(SuccessResponse { success: true }))
}

pub async fn star(
    starred: bool,
    State(state): State<AppState>,
    auth: Authenticated,
    ApiJson(body): ApiJson<MessageIdRequest>,
) -> Result<Json<SuccessResponse>, ApiError> {
    let mut message = member_message(&state, &body.message_id, &auth.user).await?;
    if state.store.set_starred(&message, &auth.user.id, starred, Timestamp::now()).await? {
        // An empty list, not none: the user's other clients must drop the star they show.
        message.starred = Some(Lazy::new(&if starred { vec![Star { id: auth.user.id.clone() }] } else { Vec::new() }));
        state.events.message_changed_for(&auth.user.id, &message);
    }
    Ok(Json(SuccessResponse { success: true }))
}

pub async fn pinned(
    State(state): State<AppState>,
    auth: Authenticated,
    ApiQuery(query): ApiQuery<RoomMessagesQuery>,
) -> Result<Json<MessagePage>, ApiError> {
    member_room(&state, &query.room_id, &auth.user, None).await?;
    let (count, offset) = (query.count.unwrap_or(50).clamp(1, MAX_PAGE), query.offset.unwrap_or(0));
    let (mut messages, total) = state.store.pinned(&query.room_id, count, offset).await?;
    state.store.mark_starred(&auth.user.id, &query.room_id, &mut messages).await?;
    Ok(Json(MessagePage { count: messages.len() as u32, messages, offset, total, success: true }))
}

pub async fn starred(
    State(state): State<AppState>,
    auth: Authenticated,
    ApiQuery(query): ApiQuery<RoomMessagesQuery>,
) -> Result<Json<MessagePage>, ApiError> {
    member_room(&state, &query.room_id, &auth.user, None).await?;
    let (count, offset) = (query.count.unwrap_or(50).clamp(1, MAX_PAGE), query.offset.unwrap_or(0));
    let (messages, total) = state.store.starred(&auth.user.id, &query.room_id, count, offset).await?;
    Ok(Json(MessagePage { count: messages.len() as u32, messages, offset, total, success: true }))
}

/// `chat.getMessage`: one message of a room the user is in. Deleted, unknown and unreadable
/// messages are the same 404.
pub async fn get_message(
    State(state): State<AppState>,
    auth: Authenticated,
    ApiQuery(query): ApiQuery<GetMessageQuery>,
) -> Result<Json<MessageResponse>, ApiError> {
    let message = member_message(&state, &query.msg_id, &auth.user).await?;
    let mut one = [message];
    state.store.mark_starred(&auth.user.id, &one[0].rid.clone(), &mut one).await?;
    let [message] = one;
    Ok(Json(MessageResponse { message, success: true }))
}

/// What the `message_pinned` notice shows of the pinned message, as Rocket.Chat quotes it.
fn quote(message: &Message) -> Attachment {
    Attachment {
        author_name: Some(message.u.display_name().to_owned()),
        author_icon: Some(confab_protocol::avatar::user_path(&message.u.username)),
        text: Some(message.msg.clone()),
        md: message.md.as_deref().cloned(),
        ts: Some(message.ts),
        ..Attachment::default()
    }
}

fn gone() -> ApiError {
    ApiError::NotFound { error_type: "error-message-not-found", message: "The message does not exist".into() }
}
