//! A member's notification choices in a room: `rooms.saveNotification` changes them (Rocket.Chat's
//! `"1"` / `"0"` flags), `subscriptions.getOne` reads the subscription that carries them.

use axum::Json;
use axum::extract::State;
use confab_protocol::Timestamp;
use confab_protocol::notification::{DesktopNotifications, SaveNotificationRequest};
use confab_protocol::rest::{RoomIdQuery, SubscriptionResponse, SuccessResponse};

use super::access::member_room;
use super::extract::{ApiJson, ApiQuery};
use crate::auth::Authenticated;
use crate::error::ApiError;
use crate::events::Change;
use crate::state::AppState;

pub async fn save(
    State(state): State<AppState>,
    auth: Authenticated,
    ApiJson(body): ApiJson<SaveNotificationRequest>,
) -> Result<Json<SuccessResponse>, ApiError> {
    member_room(&state, &body.room_id, &auth.user, None).await?;
    let current = state.store.subscription(&body.room_id, &auth.user.id).await?.ok_or_else(ApiError::not_a_member)?;
    let mut prefs = current.notifications;
    let fields = &body.notifications;
    if let Some(desktop) = &fields.desktop {
        prefs.desktop = DesktopNotifications::parse(desktop).ok_or_else(|| {
            ApiError::bad_request("error-invalid-params", "desktopNotifications is default, all, mentions or nothing")
        })?;
    }
    if let Some(flag) = &fields.disabled {
        prefs.disabled = flag_of("disableNotifications", flag)?;
    }
    if let Some(flag) = &fields.mute_group_mentions {
        prefs.mute_group_mentions = flag_of("muteGroupMentions", flag)?;
    }
    let saved = state.store.save_notification_prefs(&body.room_id, &auth.user.id, prefs, Timestamp::now()).await?;
    if let Some(subscription) = saved {
        state.events.subscription_changed(&auth.user.id, Change::Updated, &subscription);
    }
    Ok(Json(SuccessResponse { success: true }))
}

pub async fn get_one(
    State(state): State<AppState>,
    auth: Authenticated,
    ApiQuery(query): ApiQuery<RoomIdQuery>,
) -> Result<Json<SubscriptionResponse>, ApiError> {
    member_room(&state, &query.room_id, &auth.user, None).await?;
    let subscription =
        state.store.subscription(&query.room_id, &auth.user.id).await?.ok_or_else(ApiError::not_a_member)?;
    Ok(Json(SubscriptionResponse { subscription, success: true }))
}

/// Rocket.Chat's flag text (`"1"` / `"0"`, or `true` / `false` as words).
fn flag_of(name: &str, text: &str) -> Result<bool, ApiError> {
    match text {
        "1" | "true" => Ok(true),
        "0" | "false" => Ok(false),
        _ => Err(ApiError::bad_request("error-invalid-params", format!("{name} is \"1\" or \"0\""))),
    }
}
