//! Block actions and feedback on bots' messages (`confab.blocks.action`, `confab.feedback.set`,
//! `confab.feedback.mine`): see `crate::interactions`.

use axum::Json;
use axum::extract::State;
use confab_protocol::interactions::{BlockActionRequest, Feedback, FeedbackRequest, MyFeedback};
use confab_protocol::rest::SuccessResponse;
use serde::{Deserialize, Serialize};

use super::access::member_room;
use super::extract::{ApiJson, ApiQuery};
use crate::auth::Authenticated;
use crate::error::ApiError;
use crate::interactions;
use crate::state::AppState;

pub async fn block_action(
    State(state): State<AppState>,
    auth: Authenticated,
    ApiJson(request): ApiJson<BlockActionRequest>,
) -> Result<Json<SuccessResponse>, ApiError> {
    interactions::block_action(&state, &auth.user, request).await?;
    Ok(Json(SuccessResponse { success: true }))
}

#[derive(Serialize)]
pub struct FeedbackResponse {
    feedback: Feedback,
    success: bool,
}

pub async fn set_feedback(
    State(state): State<AppState>,
    auth: Authenticated,
    ApiJson(request): ApiJson<FeedbackRequest>,
) -> Result<Json<FeedbackResponse>, ApiError> {
    let feedback = interactions::feedback(&state, &auth.user, request).await?;
    Ok(Json(FeedbackResponse { feedback, success: true }))
}

#[derive(Deserialize)]
pub struct RoomQuery {
    #[serde(rename = "roomId")]
    room_id: String,
}

pub async fn my_feedback(
    State(state): State<AppState>,
    auth: Authenticated,
    ApiQuery(query): ApiQuery<RoomQuery>,
) -> Result<Json<MyFeedback>, ApiError> {
    member_room(&state, &query.room_id, &auth.user, None).await?;
    let votes = state.store.my_feedback(&query.room_id, &auth.user.id).await?;
    Ok(Json(MyFeedback { votes, success: true }))
}
