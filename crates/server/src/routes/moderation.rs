//! Moderation: muting a member (`rooms.muteUser`, `rooms.unmuteUser`), making a room read-only
//! (`channels|groups.setReadOnly`) and removing a member (`channels|groups.kick`), each for
//! holders of its permission in the room. The room's new state reaches its members at once (the
//! room document on `rooms-changed`), and a removed member's list drops the room.

use axum::Json;
use axum::extract::State;
use confab_protocol::RoomType;
use confab_protocol::permission::names;
use confab_protocol::rest::{MuteRequest, ReadOnlyRequest, RoomRoleRequest, SuccessResponse};

use super::access::member_room;
use super::extract::ApiJson;
use crate::auth::Authenticated;
use crate::authorization;
use crate::error::ApiError;
use crate::state::AppState;

/// `rooms.muteUser` / `rooms.unmuteUser`.
pub async fn set_muted(
    muted: bool,
    State(state): State<AppState>,
    auth: Authenticated,
    ApiJson(body): ApiJson<MuteRequest>,
) -> Result<Json<SuccessResponse>, ApiError> {
    let room = member_room(&state, &body.room_id, &auth.user, None).await?;
    if room.t == RoomType::Direct {
        return Err(ApiError::action_not_allowed("Nobody is muted in a direct room"));
    }
    authorization::require(&state, &auth.user, names::MUTE_USER, Some(&room.id)).await?;
    let target = match (&body.user_id, &body.username) {
        (Some(id), _) => state.store.user_by_id(id).await?,
        (None, Some(username)) => state.store.user_by_username(username).await?,
        (None, None) => return Err(ApiError::bad_request("error-invalid-params", "Name the user: userId or username")),
    };
    let target = target.ok_or_else(|| ApiError::bad_request("error-invalid-user", "No such user"))?;
    if !state.store.set_muted(&room.id, &target.id, muted).await? {
        return Err(ApiError::bad_request("error-user-not-in-room", "The user is not in this room"));
    }
    state.events.room_changed_for_members(&room.id).await?;
    Ok(Json(SuccessResponse { success: true }))
}

/// `channels.setReadOnly` / `groups.setReadOnly`.
pub async fn set_read_only(
    kind: RoomType,
    State(state): State<AppState>,
    auth: Authenticated,
    ApiJson(body): ApiJson<ReadOnlyRequest>,
) -> Result<Json<SuccessResponse>, ApiError> {
    let room = member_room(&state, &body.room_id, &auth.user, Some(kind)).await?;
    authorization::require(&state, &auth.user, names::SET_READONLY, Some(&room.id)).await?;
    state.store.set_read_only(&room.id, body.read_only).await?;
    state.events.room_changed_for_members(&room.id).await?;
    Ok(Json(SuccessResponse { success: true }))
}

/// `channels.kick` / `groups.kick`: the member leaves, and their app drops the room.
pub async fn kick(
    kind: RoomType,
    State(state): State<AppState>,
    auth: Authenticated,
    ApiJson(body): ApiJson<RoomRoleRequest>,
) -> Result<Json<SuccessResponse>, ApiError> {
    let room = member_room(&state, &body.room_id, &auth.user, Some(kind)).await?;
    authorization::require(&state, &auth.user, names::REMOVE_USER, Some(&room.id)).await?;
    let Some(target) = state.store.subscription(&room.id, &body.user_id).await? else {
        return Err(ApiError::bad_request("error-user-not-in-room", "The user is not in this room"));
    };
    if target.roles.iter().any(|r| r == confab_protocol::permission::room_roles::OWNER)
        && state.store.room_owners(&room.id).await? <= 1
    {
        return Err(ApiError::bad_request("error-remove-last-owner", "A room keeps at least one owner"));
    }
    if let Some(subscription) = state.store.remove_member(&room.id, &body.user_id).await? {
        state.events.left(&body.user_id, &subscription, &room);
        state.events.room_changed_for_members(&room.id).await?;
    }
    Ok(Json(SuccessResponse { success: true }))
}
