//! Whether a user may do something: Rocket.Chat's rule, a permission is held when one of its
//! roles is among the user's global roles or, in a room, their roles there. Every route that
//! needs a right asks here; the app hides what is not allowed, but never in place of this.

use confab_protocol::permission::names::{
    BYPASS_TIME_LIMIT, DELETE_MESSAGE, DELETE_OWN_MESSAGE, EDIT_MESSAGE, FORCE_DELETE_MESSAGE, POST_READONLY,
};
use confab_protocol::{Message, Room, Timestamp, User};

use crate::error::ApiError;
use crate::state::AppState;

/// Whether `user` holds `permission`, in room `room_id` when given (counting their roles there).
pub async fn holds(state: &AppState, user: &User, permission: &str, room_id: Option<&str>) -> Result<bool, ApiError> {
    let Some(permission) = state.store.permission(permission).await? else { return Ok(false) };
    let room_roles = match room_id {
        Some(room_id) => state.store.subscription(room_id, &user.id).await?.map(|s| s.roles).unwrap_or_default(),
        None => Vec::new(),
    };
    Ok(permission.granted_to(user.roles.iter().chain(&room_roles).map(String::as_str)))
}

/// [`holds`], or Rocket.Chat's refusal.
pub async fn require(state: &AppState, user: &User, permission: &str, room_id: Option<&str>) -> Result<(), ApiError> {
    if holds(state, user, permission, room_id).await? {
        Ok(())
    } else {
        Err(ApiError::action_not_allowed(format!("Not allowed: this needs the {permission} permission")))
    }
}

/// Whether `message` is older than `minutes` (0: never too old), unless `user` may bypass it.
async fn too_old(state: &AppState, user: &User, message: &Message, minutes: u32) -> Result<bool, ApiError> {
    let age_ms = Timestamp::now().millis() - message.ts.millis();
    Ok(minutes > 0
        && age_ms > i64::from(minutes) * 60_000
        && !holds(state, user, BYPASS_TIME_LIMIT, Some(&message.rid)).await?)
}

/// Editing: holders of `edit-message` may edit any message of the room, authors their own while
/// editing is allowed; then the age limit. System messages are nobody's.
pub async fn may_edit(state: &AppState, user: &User, message: &Message) -> Result<(), ApiError> {
    let own = message.u.id == user.id;
    let allowed = message.t.is_none()
        && ((own && state.settings.allow_editing) || holds(state, user, EDIT_MESSAGE, Some(&message.rid)).await?);
    if !allowed {
        return Err(ApiError::action_not_allowed("Message editing not allowed"));
    }
    if too_old(state, user, message, state.settings.edit_block_minutes).await? {
        return Err(ApiError::NotAllowed {
            error_type: "error-message-editing-blocked",
            message: "Message editing is blocked for messages this old".into(),
        });
    }
    Ok(())
}

/// Deleting: holders of `force-delete-message` always may; otherwise `delete-message` (any
/// message of the room) or `delete-own-message` (one's own), while deleting is allowed and the
/// message is not too old.
pub async fn may_delete(state: &AppState, user: &User, message: &Message) -> Result<(), ApiError> {
    if message.t.is_some() {
        return Err(ApiError::action_not_allowed("System messages cannot be deleted"));
    }
    let rid = Some(message.rid.as_str());
    if holds(state, user, FORCE_DELETE_MESSAGE, rid).await? {
        return Ok(());
    }
    let own = message.u.id == user.id;
    let allowed =
        holds(state, user, DELETE_MESSAGE, rid).await? || (own && holds(state, user, DELETE_OWN_MESSAGE, rid).await?);
    if !allowed {
        return Err(ApiError::action_not_allowed("Not allowed to delete this message"));
    }
    if !state.settings.allow_deleting {
        return Err(ApiError::action_not_allowed("Message deleting is not allowed here"));
    }
    if too_old(state, user, message, state.settings.delete_block_minutes).await? {
        return Err(ApiError::NotAllowed {
            error_type: "error-message-deleting-blocked",
            message: "Message deleting is blocked for messages this old".into(),
        });
    }
    Ok(())
}

/// Posting to `room`: nobody in a closed support conversation, a muted member may not, nor anyone without `post-readonly` in a
/// read-only room.
pub async fn may_post(state: &AppState, user: &User, room: &Room) -> Result<(), ApiError> {
    if room.livechat.as_ref().is_some_and(|c| !c.open) {
        return Err(ApiError::NotAllowed {
            error_type: "error-room-closed",
            message: "This conversation is closed".into(),
        });
    }
    if room.muted.contains(&user.username) {
        return Err(ApiError::NotAllowed {
            error_type: "error-user-muted",
            message: "You have been muted in this room".into(),
        });
    }
    if room.ro && !holds(state, user, POST_READONLY, Some(&room.id)).await? {
        return Err(ApiError::action_not_allowed("You can't send messages because the room is read-only"));
    }
    Ok(())
}
