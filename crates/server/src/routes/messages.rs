//! Message endpoints: history, sending (with threads), catch-up after a reconnect, edits,
//! deletions, reactions and thread replies. Every call goes through `access` first.

use axum::Json;
use axum::extract::State;
use confab_protocol::attachment::{Attachment, AttachmentKind, MessageUrl};
use confab_protocol::ids::is_plausible_id;
use confab_protocol::json::Lazy;
use confab_protocol::rest::{
    DeleteMessageRequest, DeleteMessageResponse, DeletedMessage, HistoryQuery, HistoryResponse, MessagePage,
    ReactRequest, SendMessageRequest, SendMessageResponse, SuccessResponse, SyncMessagesQuery, SyncMessagesResponse,
    SyncResult, ThreadMessagesQuery, UpdateMessageRequest,
};
use confab_protocol::{Message, OutgoingMessage, RoomType, Timestamp, User};
use tracing::Instrument;

use super::access::{member_message, member_room};
use super::extract::{ApiJson, ApiQuery, date_param};
use crate::auth::Authenticated;
use crate::authorization::{may_delete, may_edit};
use crate::error::ApiError;
use crate::limits::Limit;
use crate::links;
use crate::posting::{Poster, check_text, post_message};
use crate::secrets::new_id;
use crate::state::AppState;
use crate::store::{TimeRange, markup};

/// Messages per history page when the client does not say.
const DEFAULT_PAGE: u32 = 20;
/// The most messages one call returns, as Rocket.Chat's default upper count limit.
const MAX_PAGE: u32 = 100;
/// The most changes one `chat.syncMessages` call returns.
const MAX_SYNC: u32 = 5000;

pub async fn history(
    kind: RoomType,
    State(state): State<AppState>,
    auth: Authenticated,
    ApiQuery(query): ApiQuery<HistoryQuery>,
) -> Result<Json<HistoryResponse>, ApiError> {
    member_room(&state, &query.room_id, &auth.user, Some(kind)).await?;
    let range = TimeRange {
        latest: date_param("latest", query.latest.as_deref())?,
        oldest: date_param("oldest", query.oldest.as_deref())?,
        inclusive: query.inclusive.unwrap_or(false),
        count: query.count.unwrap_or(DEFAULT_PAGE).clamp(1, MAX_PAGE),
    };
    let mut messages = state.store.history(&query.room_id, range).await?;
    state.store.mark_starred(&auth.user.id, &query.room_id, &mut messages).await?;
    Ok(Json(HistoryResponse { messages, success: true }))
}

pub async fn send(
    State(state): State<AppState>,
    auth: Authenticated,
    ApiJson(SendMessageRequest { message }): ApiJson<SendMessageRequest>,
) -> Result<Json<SendMessageResponse>, ApiError> {
    let message = send_as(&state, &auth.user, message).await?;
    Ok(Json(SendMessageResponse { message, success: true }))
}

/// `user` sends `message` (over REST, or over the socket with Rocket.Chat's `sendMessage`): within
/// their rate, to a room of theirs, through the one posting path.
pub(crate) async fn send_as(state: &AppState, user: &User, message: OutgoingMessage) -> Result<Message, ApiError> {
    state.limits.check(Limit::Send, &user.id)?;
    check_text(state, &message.msg)?;
    let id = match message.id {
        Some(id) if is_plausible_id(&id) => id,
        Some(_) => return Err(ApiError::bad_request("error-invalid-params", "The message _id is not a valid id")),
        None => new_id(),
    };
    let room = member_room(state, &message.rid, user, None).instrument(tracing::debug_span!("send.room")).await?;
    let mut draft = Message::new(id, &message.rid, &message.msg, user.to_ref(), Timestamp::now());
    draft.tmid = message.tmid;
    post_message(state, user, &room, draft, Poster::Member).await
}

pub async fn sync(
    State(state): State<AppState>,
    auth: Authenticated,
    ApiQuery(query): ApiQuery<SyncMessagesQuery>,
) -> Result<Json<SyncMessagesResponse>, ApiError> {
    member_room(&state, &query.room_id, &auth.user, None).await?;
    let since = date_param("lastUpdate", Some(&query.last_update))?.unwrap_or_default();
    let mut changes = state.store.changes_since(&query.room_id, since, MAX_SYNC).await?;
    state.store.mark_starred(&auth.user.id, &query.room_id, &mut changes.updated).await?;
    let deleted = changes.deleted.into_iter().map(|(id, deleted_at)| DeletedMessage { id, deleted_at }).collect();
    Ok(Json(SyncMessagesResponse { result: SyncResult { updated: changes.updated, deleted }, success: true }))
}

/// Message `msg_id` of room `room_id`, which `user` reads.
/// Whether `user` may post to room `rid` now (see `authorization::may_post`).
async fn posting_to(state: &AppState, user: &User, rid: &str) -> Result<(), ApiError> {
    let room = state.store.room(rid).await?.ok_or_else(|| ApiError::NotFound {
        error_type: "error-room-not-found",
        message: "The room does not exist".into(),
    })?;
    crate::authorization::may_post(state, user, &room).await
}

async fn in_room(state: &AppState, user: &User, room_id: &str, msg_id: &str) -> Result<Message, ApiError> {
    let message = member_message(state, msg_id, user).await?;
    if message.rid != room_id {
        return Err(ApiError::bad_request("error-invalid-params", "The message is not in this room"));
    }
    Ok(message)
}

pub async fn update(
    State(state): State<AppState>,
    auth: Authenticated,
    ApiJson(body): ApiJson<UpdateMessageRequest>,
) -> Result<Json<SendMessageResponse>, ApiError> {
    check_text(&state, &body.text)?;
    let mut edited = in_room(&state, &auth.user, &body.room_id, &body.msg_id).await?;
    may_edit(&state, &auth.user, &edited).await?;
    // An edit is a post (Rocket.Chat's `canSendMessage`): not from the muted, nor in a read-only
    // room without `post-readonly`.
    posting_to(&state, &auth.user, &edited.rid).await?;
    let now = Timestamp::now();
    edited.msg = body.text;
    edited.md = markup(&edited.msg, now);
    // The quotes come from the text, so they are read anew with it; a file stays.
    let kept: Vec<Attachment> = edited.attachments.as_ref().and_then(Lazy::read).unwrap_or_default();
    let kept: Vec<Attachment> = kept.into_iter().filter(|a| a.kind() != AttachmentKind::Quote).collect();
    edited.attachments = (!kept.is_empty()).then(|| Lazy::new(&kept));
    let previous: Vec<MessageUrl> = edited.urls.as_ref().and_then(Lazy::read).unwrap_or_default();
    links::read_links(&state, &auth.user, &mut edited).await?;
    let dropped = links::keep_read_previews(&previous, &mut edited);
    let updated = state.store.update_message(&edited, &auth.user, now).await?.ok_or_else(|| ApiError::NotFound {
        error_type: "error-message-not-found",
        message: "The message does not exist".into(),
    })?;
    state.events.message_changed(&updated).await;
    for picture in &dropped {
        links::pictures::remove(&state, &updated, picture).await;
    }
    links::previews::spawn(&state, &updated);
    Ok(Json(SendMessageResponse { message: updated, success: true }))
}

pub async fn delete(
    State(state): State<AppState>,
    auth: Authenticated,
    ApiJson(body): ApiJson<DeleteMessageRequest>,
) -> Result<Json<DeleteMessageResponse>, ApiError> {
    let message = in_room(&state, &auth.user, &body.room_id, &body.msg_id).await?;
    may_delete(&state, &auth.user, &message).await?;
    let deleted = state.store.delete_message(&message, Timestamp::now()).await?.ok_or_else(|| ApiError::NotFound {
        error_type: "error-message-not-found",
        message: "The message does not exist".into(),
    })?;
    crate::files::remove_files_of(&state, &message.id).await?;
    state.events.message_deleted(&message.rid, &message.id);
    // The room's last message may have been this one: the room lists show the one before it.
    state.events.room_changed_for_members(&message.rid).await?;
    if let Some(parent) = &deleted.thread_parent {
        state.events.message_changed(parent).await;
    }
    Ok(Json(DeleteMessageResponse { id: message.id, ts: deleted.deleted_at, success: true }))
}

/// Emoji names as Rocket.Chat stores reaction keys: `:name:`.
fn reaction_key(emoji: &str) -> Option<String> {
    let name = emoji.trim_matches(':');
    let valid =
        (1..=64).contains(&name.len()) && name.bytes().all(|b| b.is_ascii_alphanumeric() || b"_+-".contains(&b));
    valid.then(|| format!(":{name}:"))
}

pub async fn react(
    State(state): State<AppState>,
    auth: Authenticated,
    ApiJson(body): ApiJson<ReactRequest>,
) -> Result<Json<SuccessResponse>, ApiError> {
    let key = reaction_key(&body.emoji)
        .ok_or_else(|| ApiError::bad_request("error-not-allowed", "Invalid emoji provided."))?;
    let message = member_message(&state, &body.message_id, &auth.user).await?;
    // Reacting is speaking too: Rocket.Chat refuses it to the muted and in read-only rooms.
    posting_to(&state, &auth.user, &message.rid).await?;
    let before = message.updated_at;
    let reacted = state.store.react(&message, &key, &auth.user.username, body.should_react, Timestamp::now()).await?;
    if let Some(reacted) = reacted
        && reacted.updated_at != before
    {
        state.events.message_changed(&reacted).await;
    }
    Ok(Json(SuccessResponse { success: true }))
}

pub async fn thread_messages(
    State(state): State<AppState>,
    auth: Authenticated,
    ApiQuery(query): ApiQuery<ThreadMessagesQuery>,
) -> Result<Json<MessagePage>, ApiError> {
    let parent = member_message(&state, &query.tmid, &auth.user).await?;
    let count = query.count.unwrap_or(50).clamp(1, MAX_PAGE);
    let offset = query.offset.unwrap_or(0);
    let (mut messages, total) = state.store.thread_messages(&parent.id, count, offset).await?;
    state.store.mark_starred(&auth.user.id, &parent.rid, &mut messages).await?;
    Ok(Json(MessagePage { count: messages.len() as u32, messages, offset, total, success: true }))
}
