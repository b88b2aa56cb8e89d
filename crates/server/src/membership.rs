//! Someone entering a room: added to it, or a direct room opened between two people, each with
//! the announcement that goes with it, so every path that does so (the REST routes, an
//! integration posting where it was not yet) tells the clients alike.

use confab_protocol::User;

use crate::error::ApiError;
use crate::state::AppState;

/// Adds `user` to room `room_id` and tells them and the room; `false` when they were in it.
pub async fn add_member(state: &AppState, room_id: &str, user: &User) -> Result<bool, ApiError> {
    let added = state.store.add_member(room_id, user).await?;
    if added {
        state.events.joined(room_id, &user.id).await;
    }
    Ok(added)
}

/// The direct room between `user` and `other`, opened (and told to both) if there was none.
pub async fn open_direct(state: &AppState, user: &User, other: &User) -> Result<String, ApiError> {
    let (room_id, created) = state.store.direct_room(user, other).await?;
    if created {
        state.events.joined(&room_id, &user.id).await;
        if other.id != user.id {
            state.events.joined(&room_id, &other.id).await;
        }
    }
    Ok(room_id)
}
