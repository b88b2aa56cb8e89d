//! The checks every room and message endpoint makes before touching data: the room exists (404),
//! the caller belongs to it (403). What a member may then do is `crate::authorization`'s to say.

use confab_protocol::ids::is_plausible_id;
use confab_protocol::{Message, Room, RoomType, User};

use crate::error::ApiError;
use crate::state::AppState;

/// `room_id` as a room of type `kind` (when given) that `user` belongs to. The private-group
/// routes serve support conversations too, as [`RoomType::history_prefix`] says.
pub async fn member_room(
    state: &AppState,
    room_id: &str,
    user: &User,
    kind: Option<RoomType>,
) -> Result<Room, ApiError> {
    if !is_plausible_id(room_id) {
        return Err(ApiError::room_not_found());
    }
    let room = state.store.room(room_id).await?.ok_or_else(ApiError::room_not_found)?;
    let same_kind = |kind: RoomType| kind == room.t || (kind == RoomType::Group && room.t == RoomType::Livechat);
    if kind.is_some_and(|kind| !same_kind(kind)) {
        return Err(ApiError::room_not_found());
    }
    if state.store.subscription(room_id, &user.id).await?.is_none() {
        return Err(ApiError::not_a_member());
    }
    Ok(room)
}

/// Message `id` in a room `user` belongs to; the same 404 whether it does not exist or is in a
/// room the user cannot see.
pub async fn member_message(state: &AppState, id: &str, user: &User) -> Result<Message, ApiError> {
    let not_found =
        || ApiError::NotFound { error_type: "error-message-not-found", message: "The message does not exist".into() };
    if !is_plausible_id(id) {
        return Err(not_found());
    }
    let message = state.store.message(id).await?.ok_or_else(not_found)?;
    if state.store.subscription(&message.rid, &user.id).await?.is_none() {
        return Err(not_found());
    }
    Ok(message)
}

pub fn require_admin(user: &User) -> Result<(), ApiError> {
    if user.is_admin() { Ok(()) } else { Err(ApiError::Forbidden("This action needs the admin role".into())) }
}
