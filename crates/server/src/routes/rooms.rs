//! Rooms and membership: the room list's sources (`rooms.get`, `subscriptions.get`, with
//! `updatedSince` giving `{update, remove}`), marking read, creating channels, groups and direct
//! rooms, inviting, joining, leaving, and member lists.

use axum::Json;
use axum::extract::State;
use confab_protocol::permission::names;
use confab_protocol::rest::{
    CreateDirectRequest, CreateRoomRequest, InviteRequest, MembersQuery, MembersResponse, ReadRequest, Removed,
    RoomIdRequest, RoomsResponse, SubscriptionsResponse, SuccessResponse, UpdatedSinceQuery,
};
use confab_protocol::{RoomType, Timestamp, room_name};
use serde_json::{Value, json};

use super::access::member_room;
use super::extract::{ApiJson, ApiQuery, date_param};
use crate::auth::Authenticated;
use crate::authorization;
use crate::error::ApiError;
use crate::events::Change;
use crate::host_backend::is_valid_username;
use crate::membership;
use crate::state::AppState;
use crate::store::NewRoom;

pub async fn rooms(
    State(state): State<AppState>,
    auth: Authenticated,
    ApiQuery(query): ApiQuery<UpdatedSinceQuery>,
) -> Result<Json<RoomsResponse>, ApiError> {
    let since = date_param("updatedSince", query.updated_since.as_deref())?;
    let update = state.store.rooms_of(&auth.user.id, since).await?;
    let remove = removals(&state, &auth.user.id, since).await?;
    let remove =
        remove.into_iter().map(|(_, room, at)| Removed { id: room, rid: None, deleted_at: Some(at) }).collect();
    Ok(Json(RoomsResponse { update, remove, success: true }))
}

pub async fn subscriptions(
    State(state): State<AppState>,
    auth: Authenticated,
    ApiQuery(query): ApiQuery<UpdatedSinceQuery>,
) -> Result<Json<SubscriptionsResponse>, ApiError> {
    let since = date_param("updatedSince", query.updated_since.as_deref())?;
    let update = state.store.subscriptions_of(&auth.user.id, since).await?;
    let remove = removals(&state, &auth.user.id, since).await?;
    let remove =
        remove.into_iter().map(|(id, room, at)| Removed { id, rid: Some(room), deleted_at: Some(at) }).collect();
    Ok(Json(SubscriptionsResponse { update, remove, success: true }))
}

/// Memberships the user lost after `since` (subscription id, room id, when); none without `since`,
/// since a full list has nothing to remove.
async fn removals(
    state: &AppState,
    user_id: &str,
    since: Option<Timestamp>,
) -> Result<Vec<(String, String, Timestamp)>, ApiError> {
    match since {
        Some(since) => Ok(state.store.removed_since(user_id, since).await?),
        None => Ok(Vec::new()),
    }
}

/// Clears the room's unread and mention counts for the caller and tells the room it was read.
pub async fn read(
    State(state): State<AppState>,
    auth: Authenticated,
    ApiJson(body): ApiJson<ReadRequest>,
) -> Result<Json<SuccessResponse>, ApiError> {
    let room = member_room(&state, &body.rid, &auth.user, None).await?;
    let now = Timestamp::now();
    if let Some(subscription) = state.store.mark_read(&body.rid, &auth.user.id, now).await? {
        state.events.subscription_changed(&auth.user.id, Change::Updated, &subscription);
    }
    if room.t == RoomType::Direct {
        state.store.clear_read_receipts(&body.rid, &auth.user.id, now).await?;
    }
    state.events.messages_read(&body.rid, &auth.user.id, now);
    Ok(Json(SuccessResponse { success: true }))
}

/// The longest topic a new room may start with, in characters.
const MAX_TOPIC_CHARS: usize = 250;

/// Why `name` is refused: the rule, and the name it would make where it makes one.
fn invalid_name(name: &str) -> ApiError {
    let rule = "a room name is 1 to 64 letters, digits, - _ or .";
    let message = match room_name::slug(name) {
        suggestion if suggestion.is_empty() => format!("{name:?} is not a valid room name: {rule}"),
        suggestion => format!("{name:?} is not a valid room name: {rule}, such as {suggestion:?}"),
    };
    ApiError::bad_request("error-invalid-room-name", message)
}

pub async fn create(
    kind: RoomType,
    State(state): State<AppState>,
    auth: Authenticated,
    ApiJson(body): ApiJson<CreateRoomRequest>,
) -> Result<Json<Value>, ApiError> {
    let needed = if kind == RoomType::Group { names::CREATE_GROUP } else { names::CREATE_CHANNEL };
    authorization::require(&state, &auth.user, needed, None).await?;
    if !room_name::is_valid(&body.name) {
        return Err(invalid_name(&body.name));
    }
    let topic =
        body.extra_data.as_ref().and_then(|extra| extra.topic.as_deref()).map(str::trim).filter(|t| !t.is_empty());
    if topic.is_some_and(|t| t.chars().count() > MAX_TOPIC_CHARS) {
        return Err(ApiError::bad_request(
            "error-invalid-topic",
            format!("A topic is at most {MAX_TOPIC_CHARS} characters"),
        ));
    }
    let taken =
        || ApiError::bad_request("error-duplicate-channel-name", format!("A room named {:?} exists", body.name));
    if state.store.room_by_name(&body.name).await?.is_some() {
        return Err(taken());
    }
    let mut members = vec![auth.user.clone()];
    for username in &body.members {
        let user = state.store.user_by_username(username).await?;
        members.push(user.ok_or_else(|| ApiError::bad_request("error-invalid-user", format!("No user {username:?}")))?);
    }
    let new = NewRoom { t: kind, name: Some(&body.name), fname: Some(&body.name), topic, creator: Some(&auth.user) };
    let members: Vec<_> = members.iter().collect();
    let room_id = state.store.create_room(new, &members).await?.ok_or_else(taken)?;
    for member in &members {
        state.events.joined(&room_id, &member.id).await;
    }
    room_response(&state, &room_id, kind).await
}

/// `{channel}`, `{group}` or `{room}`: the key Rocket.Chat uses for each kind of room.
async fn room_response(state: &AppState, room_id: &str, kind: RoomType) -> Result<Json<Value>, ApiError> {
    let room = state.store.room(room_id).await?.ok_or_else(ApiError::room_not_found)?;
    let key = match kind {
        RoomType::Channel => "channel",
        RoomType::Group => "group",
        RoomType::Direct | RoomType::Livechat => "room",
    };
    Ok(Json(json!({ key: room, "success": true })))
}

/// Adds a user to a channel or group the caller belongs to, for holders of
/// `add-user-to-joined-room` there.
pub async fn invite(
    kind: RoomType,
    State(state): State<AppState>,
    auth: Authenticated,
    ApiJson(body): ApiJson<InviteRequest>,
) -> Result<Json<Value>, ApiError> {
    member_room(&state, &body.room_id, &auth.user, Some(kind)).await?;
    authorization::require(&state, &auth.user, names::ADD_USER_TO_JOINED_ROOM, Some(&body.room_id)).await?;
    let invitee = state
        .store
        .user_by_id(&body.user_id)
        .await?
        .ok_or_else(|| ApiError::bad_request("error-invalid-user", "No such user"))?;
    membership::add_member(&state, &body.room_id, &invitee).await?;
    room_response(&state, &body.room_id, kind).await
}

/// Joins a public channel.
pub async fn join(
    State(state): State<AppState>,
    auth: Authenticated,
    ApiJson(body): ApiJson<RoomIdRequest>,
) -> Result<Json<Value>, ApiError> {
    let room = state
        .store
        .room(&body.room_id)
        .await?
        .filter(|r| r.t == RoomType::Channel)
        .ok_or_else(ApiError::room_not_found)?;
    membership::add_member(&state, &room.id, &auth.user).await?;
    room_response(&state, &room.id, RoomType::Channel).await
}

pub async fn leave(
    kind: RoomType,
    State(state): State<AppState>,
    auth: Authenticated,
    ApiJson(body): ApiJson<RoomIdRequest>,
) -> Result<Json<SuccessResponse>, ApiError> {
    let room = member_room(&state, &body.room_id, &auth.user, Some(kind)).await?;
    if let Some(subscription) = state.store.remove_member(&room.id, &auth.user.id).await? {
        state.events.left(&auth.user.id, &subscription, &room);
    }
    Ok(Json(SuccessResponse { success: true }))
}

/// Opens (creating on first use) the direct room with another user.
pub async fn create_direct(
    State(state): State<AppState>,
    auth: Authenticated,
    ApiJson(body): ApiJson<CreateDirectRequest>,
) -> Result<Json<Value>, ApiError> {
    authorization::require(&state, &auth.user, names::CREATE_DIRECT, None).await?;
    let other = match is_valid_username(&body.username) {
        true => state.store.user_by_username(&body.username).await?,
        false => None,
    };
    let other = other.ok_or_else(|| ApiError::bad_request("error-invalid-user", "No such user"))?;
    let room_id = membership::open_direct(&state, &auth.user, &other).await?;
    room_response(&state, &room_id, RoomType::Direct).await
}

pub async fn members(
    kind: RoomType,
    State(state): State<AppState>,
    auth: Authenticated,
    ApiQuery(query): ApiQuery<MembersQuery>,
) -> Result<Json<MembersResponse>, ApiError> {
    member_room(&state, &query.room_id, &auth.user, Some(kind)).await?;
    let offset = query.offset.unwrap_or(0);
    let count = query.count.unwrap_or(50).clamp(1, 100);
    let filter = query.filter.as_deref().map(str::trim).unwrap_or_default();
    if filter.chars().count() > 64 {
        return Err(ApiError::bad_request("error-invalid-params", "The filter is too long"));
    }
    let page = state.store.members(&query.room_id, filter, offset, count).await?;
    Ok(Json(MembersResponse {
        count: page.users.len() as u32,
        members: page.users,
        offset,
        total: page.total,
        success: true,
    }))
}
