//! Streamed answers and agent state as DDP methods, for bots on a socket: the same calls as
//! `confab.streams.*` over REST, each taking its request body as its one parameter, refused with
//! the REST call's error type.

use confab_protocol::User;
use confab_protocol::ddp::{DdpError, ErrorCode, ejson_value};
use confab_protocol::streaming::{AGENT_STATE, STREAM_APPEND, STREAM_END, STREAM_START, STREAM_STOP, StopRequest};
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use crate::error::ApiError;
use crate::state::AppState;
use crate::streaming;

/// Answers `method` (one of the streaming methods) for `user`.
pub async fn call(state: &AppState, user: &User, method: &str, params: &[Value]) -> Result<Value, DdpError> {
    let answer = match method {
        STREAM_START => {
            let request: confab_protocol::streaming::StartRequest = request(params)?;
            let room = member_room(state, user, &request.rid).await?;
            streaming::start(state, user, &room, request).await.map(|message| ejson_value(&message))
        }
        STREAM_APPEND => streaming::append(state, user, request(params)?).await.map(|at| json!({ "at": at })),
        STREAM_END => streaming::end(state, user, request(params)?).await.map(|message| ejson_value(&message)),
        STREAM_STOP => {
            let StopRequest { message_id } = request(params)?;
            streaming::stop(state, user, &message_id).await.map(|message| ejson_value(&message))
        }
        AGENT_STATE => streaming::agent_state(state, user, request(params)?).await.map(|()| Value::Null),
        _ => return Err(DdpError::new(ErrorCode::Number(404), format!("Method '{method}' not found"))),
    };
    answer.map_err(refusal)
}

pub(super) fn request<T: DeserializeOwned>(params: &[Value]) -> Result<T, DdpError> {
    params
        .first()
        .and_then(|body| serde_json::from_value(body.clone()).ok())
        .ok_or_else(|| DdpError::new(ErrorCode::Number(400), "Match failed"))
}

async fn member_room(state: &AppState, user: &User, room_id: &str) -> Result<confab_protocol::Room, DdpError> {
    let room = state.store.room(room_id).await.map_err(|error| refusal(error.into()))?;
    let member = state.store.subscription(room_id, &user.id).await.map_err(|error| refusal(error.into()))?;
    match (room, member) {
        (Some(room), Some(_)) => Ok(room),
        _ => Err(refusal(ApiError::not_a_member())),
    }
}

/// A REST refusal as a method's error; an internal failure is logged and told generically.
pub(super) fn refusal(error: ApiError) -> DdpError {
    if let ApiError::Internal(cause) | ApiError::Unavailable(cause) = &error {
        tracing::error!(%cause, "a method failed");
        return DdpError::new(ErrorCode::Number(500), "Internal server error");
    }
    DdpError::new(ErrorCode::Text(error.error_type().into()), error.to_string())
}
