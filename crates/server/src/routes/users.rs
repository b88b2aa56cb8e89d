//! Finding users (the autocomplete behind `@` mentions), who someone is, and presence: one's
//! own chosen status, and everyone's as it is shown.

use axum::Json;
use axum::extract::State;
use confab_protocol::Timestamp;
use confab_protocol::presence::{MAX_STATUS_TEXT, OnePresenceResponse, PresenceQuery, PresenceResponse, UserStatus};
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

/// `users.setStatus`: the status the caller chooses (`online` follows their connections; `away`,
/// `busy` and `offline`, which is invisible, hold while they are connected, across reconnects)
/// and what they say of it. Without a `message` the text stays as it was.
pub async fn set_status(
    State(state): State<AppState>,
    auth: Authenticated,
    ApiJson(body): ApiJson<SetStatusRequest>,
) -> Result<Json<SuccessResponse>, ApiError> {
    let status = UserStatus::parse(&body.status)
        .ok_or_else(|| ApiError::bad_request("error-invalid-status", "status must be online, away, busy or offline"))?;
    let text = match body.message {
        Some(text) if text.chars().count() > MAX_STATUS_TEXT => {
            return Err(ApiError::bad_request(
                "error-invalid-status-message",
                format!("The status text may have at most {MAX_STATUS_TEXT} characters"),
            ));
        }
        Some(text) => Some(text.chars().filter(|c| !c.is_control()).collect::<String>()),
        None => None,
    };
    state.store.set_chosen_status(&auth.user.id, status, text.as_deref().map(str::trim)).await?;
    state.presence.refresh_presence(&auth.user.id, true).await;
    Ok(Json(SuccessResponse { success: true }))
}

/// Most users one `users.presence?ids=` asks for.
const MAX_PRESENCE_IDS: usize = 500;

/// `GET /api/v1/users.presence`: everyone's presence (`full`), or those changed after `from`;
/// `ids` narrows it to some users.
pub async fn presence(
    State(state): State<AppState>,
    _auth: Authenticated,
    ApiQuery(query): ApiQuery<PresenceQuery>,
) -> Result<Json<PresenceResponse>, ApiError> {
    let since = match query.from.as_deref() {
        None | Some("") => None,
        Some(from) => Some(
            Timestamp::parse_iso(from)
                .map_err(|_| ApiError::bad_request("error-invalid-params", "from must be an ISO 8601 date"))?,
        ),
    };
    let ids: Option<Vec<String>> = query
        .ids
        .as_deref()
        .map(|ids| ids.split(',').map(str::trim).filter(|id| !id.is_empty()).map(str::to_owned).collect());
    if ids.as_ref().is_some_and(|ids| ids.len() > MAX_PRESENCE_IDS) {
        return Err(ApiError::bad_request(
            "error-invalid-params",
            format!("At most {MAX_PRESENCE_IDS} users may be asked for at once"),
        ));
    }
    let users = state.store.presences(ids.as_deref(), since).await?;
    Ok(Json(PresenceResponse { users, full: since.is_none(), success: true }))
}

/// `GET /api/v1/users.getPresence?userId=` or `?username=`: one user's presence, as everyone
/// sees it (an invisible user is offline), for clients that ask for one person at a time.
pub async fn one_presence(
    State(state): State<AppState>,
    _auth: Authenticated,
    ApiQuery(query): ApiQuery<UserQuery>,
) -> Result<Json<OnePresenceResponse>, ApiError> {
    let user = super::admin::target_user(&state, query.user_id.as_deref(), query.username.as_deref()).await?;
    let presence = state.store.presences(Some(std::slice::from_ref(&user.id)), None).await?;
    let presence = presence.first().map_or(UserStatus::Offline, |p| p.status);
    Ok(Json(OnePresenceResponse { presence, success: true }))
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
