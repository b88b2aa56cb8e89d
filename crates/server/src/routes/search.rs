//! `chat.search`: a room's messages matching a text, for its members only (a room the user is not
//! in, or has left, is never searched); and `spotlight`: users and rooms by name.

use axum::Json;
use axum::extract::State;
use confab_protocol::rest::{
    MAX_SEARCH_TEXT, SearchQuery, SearchResponse, SearchText, SpotlightQuery, SpotlightResponse,
};

use super::access::member_room;
use super::extract::ApiQuery;
use crate::auth::Authenticated;
use crate::error::ApiError;
use crate::state::AppState;

/// Most messages one page of results holds.
const MAX_PAGE: u32 = 100;
/// Users and rooms a spotlight finds at most, of each.
const SPOTLIGHT_ITEMS: u32 = 10;

pub async fn search(
    State(state): State<AppState>,
    auth: Authenticated,
    ApiQuery(query): ApiQuery<SearchQuery>,
) -> Result<Json<SearchResponse>, ApiError> {
    if query.search_text.chars().count() > MAX_SEARCH_TEXT {
        return Err(ApiError::bad_request(
            "error-invalid-params",
            format!("The search text may have at most {MAX_SEARCH_TEXT} characters"),
        ));
    }
    member_room(&state, &query.room_id, &auth.user, None).await?;
    let text = SearchText::parse(&query.search_text);
    let count = query.count.unwrap_or(20).clamp(1, MAX_PAGE);
    let mut messages = state.store.search(&query.room_id, &text, count, query.offset.unwrap_or(0)).await?;
    state.store.mark_starred(&auth.user.id, &query.room_id, &mut messages).await?;
    Ok(Json(SearchResponse { messages, success: true }))
}

pub async fn spotlight(
    State(state): State<AppState>,
    auth: Authenticated,
    ApiQuery(query): ApiQuery<SpotlightQuery>,
) -> Result<Json<SpotlightResponse>, ApiError> {
    let text = query.query.trim();
    if text.chars().count() > MAX_SEARCH_TEXT {
        return Err(ApiError::bad_request("error-invalid-params", "The query is too long"));
    }
    let (users_only, rooms_only) = (text.starts_with('@'), text.starts_with('#'));
    let term = text.trim_start_matches(['@', '#']);
    let users = if rooms_only { Vec::new() } else { state.store.users_matching(term, SPOTLIGHT_ITEMS).await? };
    let rooms =
        if users_only { Vec::new() } else { state.store.rooms_matching(&auth.user.id, term, SPOTLIGHT_ITEMS).await? };
    Ok(Json(SpotlightResponse { users, rooms, success: true }))
}
