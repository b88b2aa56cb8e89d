//! Rocket.Chat's integrations: incoming webhooks, through which another system posts into rooms
//! ([`incoming`]), and outgoing webhooks, which call another system when a message matches.
//!
//! An integration posts as a user of its own (a bot account), through the one way a message
//! enters a room (`posting`): the bot must be a member allowed to post there, and its messages
//! get the same markup, mentions, notifications and events as anyone's.

pub mod incoming;
pub mod outgoing;

use confab_protocol::{Room, RoomType, User};

use crate::error::ApiError;
use crate::membership;
use crate::state::AppState;

/// The destinations of an integration, as Rocket.Chat writes them: `#channel`, `@user` or a room
/// id, separated by commas.
pub fn destinations(channel: &str) -> Vec<String> {
    channel.split(',').map(str::trim).filter(|d| !d.is_empty()).map(str::to_owned).collect()
}

fn no_destination(destination: &str) -> ApiError {
    ApiError::bad_request("error-invalid-channel", format!("No room {destination:?} to post to"))
}

/// Checks that `destination` names a room or a person, without joining or opening anything.
pub async fn check_destination(state: &AppState, destination: &str) -> Result<(), ApiError> {
    let found = match (destination.strip_prefix('#'), destination.strip_prefix('@')) {
        (Some(name), _) => state.store.room_by_name(name).await?.is_some(),
        (_, Some(username)) => state.store.user_by_username(username).await?.is_some(),
        _ => state.store.room(destination).await?.is_some(),
    };
    if found { Ok(()) } else { Err(no_destination(destination)) }
}

/// The room `poster` posts to for `destination`: a channel it joins if it must, as Rocket.Chat's
/// integrations do, a private group it is a member of, or its direct room with `@user`.
pub async fn room_for(state: &AppState, poster: &User, destination: &str) -> Result<Room, ApiError> {
    let room_id = match (destination.strip_prefix('#'), destination.strip_prefix('@')) {
        (Some(name), _) => state.store.room_by_name(name).await?,
        (_, Some(username)) => match state.store.user_by_username(username).await? {
            Some(other) => Some(membership::open_direct(state, poster, &other).await?),
            None => None,
        },
        _ => Some(destination.to_owned()),
    };
    let room = match room_id {
        Some(id) => state.store.room(&id).await?,
        None => None,
    };
    let room = room.ok_or_else(|| no_destination(destination))?;
    if state.store.subscription(&room.id, &poster.id).await?.is_none() {
        if room.t != RoomType::Channel {
            return Err(ApiError::Forbidden(format!("{} is not a member of {destination}", poster.username)));
        }
        membership::add_member(state, &room.id, poster).await?;
    }
    Ok(room)
}
