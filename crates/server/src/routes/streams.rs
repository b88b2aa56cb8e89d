//! Confab's streamed answers and agent state over REST (`confab.streams.*`,
//! `confab.agents.state`); the same calls go over DDP (see `realtime::connection`).

use axum::Json;
use axum::extract::State;
use confab_protocol::rest::SuccessResponse;
use confab_protocol::streaming::{
    AgentStateRequest, AppendRequest, AppendResponse, EndRequest, StartRequest, StopRequest, StreamResponse,
};

use super::access::member_room;
use super::extract::ApiJson;
use crate::auth::Authenticated;
use crate::error::ApiError;
use crate::state::AppState;
use crate::streaming;

pub async fn start(
    State(state): State<AppState>,
    auth: Authenticated,
    ApiJson(request): ApiJson<StartRequest>,
) -> Result<Json<StreamResponse>, ApiError> {
    let room = member_room(&state, &request.rid, &auth.user, None).await?;
    let message = streaming::start(&state, &auth.user, &room, request).await?;
    Ok(Json(StreamResponse { message, success: true }))
}

pub async fn append(
    State(state): State<AppState>,
    auth: Authenticated,
    ApiJson(request): ApiJson<AppendRequest>,
) -> Result<Json<AppendResponse>, ApiError> {
    let at = streaming::append(&state, &auth.user, request).await?;
    Ok(Json(AppendResponse { at, success: true }))
}

pub async fn end(
    State(state): State<AppState>,
    auth: Authenticated,
    ApiJson(request): ApiJson<EndRequest>,
) -> Result<Json<StreamResponse>, ApiError> {
    let message = streaming::end(&state, &auth.user, request).await?;
    Ok(Json(StreamResponse { message, success: true }))
}

pub async fn stop(
    State(state): State<AppState>,
    auth: Authenticated,
    ApiJson(request): ApiJson<StopRequest>,
) -> Result<Json<StreamResponse>, ApiError> {
    let message = streaming::stop(&state, &auth.user, &request.message_id).await?;
    Ok(Json(StreamResponse { message, success: true }))
}

pub async fn agent_state(
    State(state): State<AppState>,
    auth: Authenticated,
    ApiJson(request): ApiJson<AgentStateRequest>,
) -> Result<Json<SuccessResponse>, ApiError> {
    streaming::agent_state(&state, &auth.user, request).await?;
    Ok(Json(SuccessResponse { success: true }))
}
