//! `chat.search`: a room's messages matching a text, for its members only (a room the user is not
//! in, or has left, is never searched).

use axum::Json;
use axum::extract::State;
use confab_protocol::rest::{MAX_SEARCH_TEXT, SearchQuery, SearchResponse, SearchText};

use super::access::member_room;
use super::extract::ApiQuery;
use crate::auth::Authenticated;
use crate::error::ApiError;
use crate::state::AppState;

/// Most messages one page of results holds.
const MAX_PAGE: u32 = 100;

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
