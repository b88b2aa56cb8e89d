//! `chat.search`: a room's messages matching a text, for its members only (a room the user is not
//! in, or has left, is never searched); `spotlight`: users and rooms by name; and `directory`: the
//! public channels, to browse and join.

use axum::Json;
use axum::extract::State;
use confab_protocol::rest::{
    DirectoryQuery, DirectoryResponse, MAX_DIRECTORY_PAGE, MAX_SEARCH_TEXT, SearchQuery, SearchResponse, SearchText,
    SpotlightQuery, SpotlightResponse,
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

/// `GET /api/v1/directory?type=channels&text=`: a page of the public channels whose names
/// contain `text`, for anyone signed in to browse and join.
pub async fn directory(
    State(state): State<AppState>,
    _auth: Authenticated,
    ApiQuery(query): ApiQuery<DirectoryQuery>,
) -> Result<Json<DirectoryResponse>, ApiError> {
    if query.kind.as_deref().is_some_and(|kind| kind != "channels") {
        return Err(ApiError::bad_request("error-invalid-params", "type must be channels"));
    }
    let text = query.text.trim().trim_start_matches('#');
    if text.chars().count() > MAX_SEARCH_TEXT {
        return Err(ApiError::bad_request("error-invalid-params", "The text is too long"));
    }
    let count = query.count.unwrap_or(MAX_DIRECTORY_PAGE).clamp(1, MAX_DIRECTORY_PAGE);
    let (result, total) = state.store.public_channels(text, query.offset, count).await?;
    let count = u32::try_from(result.len()).unwrap_or(count);
    Ok(Json(DirectoryResponse { result, count, offset: query.offset, total, success: true }))
}
