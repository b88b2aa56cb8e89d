//! The room list's sources: `rooms.get` and `subscriptions.get`, optionally only what changed
//! after `updatedSince`.

use axum::Json;
use axum::extract::State;
use confab_protocol::rest::{RoomsResponse, SubscriptionsResponse, UpdatedSinceQuery};

use super::extract::{ApiQuery, date_param};
use crate::auth::Authenticated;
use crate::error::ApiError;
use crate::state::AppState;

pub async fn rooms(
    State(state): State<AppState>,
    auth: Authenticated,
    ApiQuery(query): ApiQuery<UpdatedSinceQuery>,
) -> Result<Json<RoomsResponse>, ApiError> {
    let since = date_param("updatedSince", query.updated_since.as_deref())?;
    let update = state.store.rooms_of(&auth.user.id, since).await?;
    Ok(Json(RoomsResponse { update, remove: Vec::new(), success: true }))
}

pub async fn subscriptions(
    State(state): State<AppState>,
    auth: Authenticated,
    ApiQuery(query): ApiQuery<UpdatedSinceQuery>,
) -> Result<Json<SubscriptionsResponse>, ApiError> {
    let since = date_param("updatedSince", query.updated_since.as_deref())?;
    let update = state.store.subscriptions_of(&auth.user.id, since).await?;
    Ok(Json(SubscriptionsResponse { update, remove: Vec::new(), success: true }))
}
