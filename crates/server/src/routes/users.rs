//! Finding users (the autocomplete behind `@` mentions) and setting one's own presence.

use axum::Json;
use axum::extract::State;
use confab_protocol::frame::UserStatus;
use confab_protocol::rest::{
    AutocompleteQuery, AutocompleteResponse, SetStatusRequest, SuccessResponse, UserQuery, UserResponse,
};
use serde::Deserialize;

use super::extract::{ApiJson, ApiQuery};
use crate::auth::Authenticated;
use crate::error::ApiError;
use crate::state::AppState;

const MAX_ITEMS: u32 = 10;

#[derive(Deserialize)]
struct Selector {
    #[serde(default)]
    term: String,
}

pub async fn autocomplete(
    State(state): State<AppState>,
    _auth: Authenticated,
    ApiQuery(query): ApiQuery<AutocompleteQuery>,
) -> Result<Json<AutocompleteResponse>, ApiError> {
    let selector: Selector = serde_json::from_str(&query.selector)
        .map_err(|_| ApiError::bad_request("error-invalid-params", "selector must be JSON like {\"term\": \"al\"}"))?;
    if selector.term.chars().count() > 64 {
        return Err(ApiError::bad_request("error-invalid-params", "The search term is too long"));
    }
    let items = state.store.users_matching(selector.term.trim_start_matches('@'), MAX_ITEMS).await?;
    Ok(Json(AutocompleteResponse { items, success: true }))
}

/// `users.setStatus`: the caller's presence, one of `online`, `away`, `busy` and `offline`.
pub async fn set_status(
    State(state): State<AppState>,
    auth: Authenticated,
    ApiJson(body): ApiJson<SetStatusRequest>,
) -> Result<Json<SuccessResponse>, ApiError> {
    let status = UserStatus::parse(&body.status)
        .ok_or_else(|| ApiError::bad_request("error-invalid-status", "status must be online, away, busy or offline"))?;
    state.store.set_status(&auth.user.id, status.as_str()).await?;
    Ok(Json(SuccessResponse { success: true }))
}

/// `GET /api/v1/users.info?userId=` or `?username=`: who someone is, for anyone signed in (the
/// user document holds nothing private).
pub async fn user_info(
    State(state): State<AppState>,
    _auth: Authenticated,
    ApiQuery(query): ApiQuery<UserQuery>,
) -> Result<Json<UserResponse>, ApiError> {
    let user = super::admin::target_user(&state, query.user_id.as_deref(), query.username.as_deref()).await?;
    Ok(Json(UserResponse { user, success: true }))
}
