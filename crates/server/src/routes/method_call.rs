//! `method.call/<method>`: the Realtime history methods over REST, answered as Rocket.Chat does
//! with the DDP `result` frame as JSON text. A refusal is the REST error it would be on any other
//! route (404 for a message one cannot read, 403 for a room one is not in), where Rocket.Chat
//! puts it inside a 200; the app reads both. What a jump to an old message needs:
//! `loadSurroundingMessages` and `loadNextMessages`, for members only.

use axum::Json;
use axum::extract::State;
use confab_protocol::Timestamp;
use confab_protocol::ddp::ejson_value;
use confab_protocol::json::FromJson;
use confab_protocol::rest::{
    LOAD_NEXT_MESSAGES, LOAD_SURROUNDING_MESSAGES, MethodCallRequest, MethodCallResponse, NextMessages, Surrounding,
};
use serde_json::{Value, json};

use super::access::{member_message, member_room};
use super::extract::{ApiJson, ApiPath};
use crate::auth::Authenticated;
use crate::error::ApiError;
use crate::state::AppState;
use crate::store::TimeRange;

/// Most messages one call returns.
const MAX_LIMIT: u32 = 100;

pub async fn method_call(
    State(state): State<AppState>,
    auth: Authenticated,
    ApiPath(method): ApiPath<String>,
    ApiJson(body): ApiJson<MethodCallRequest>,
) -> Result<Json<MethodCallResponse>, ApiError> {
    let frame: Value = serde_json::from_str(&body.message)
        .map_err(|_| ApiError::bad_request("error-invalid-params", "\"message\" must be a DDP method frame as JSON"))?;
    if frame["msg"] != "method" || frame["method"].as_str() != Some(method.as_str()) {
        return Err(ApiError::bad_request("error-invalid-params", "The frame must call the method the path names"));
    }
    let params = frame["params"].as_array().map(Vec::as_slice).unwrap_or_default();
    let outcome = match method.as_str() {
        LOAD_SURROUNDING_MESSAGES => surrounding(&state, &auth, params).await,
        LOAD_NEXT_MESSAGES => next(&state, &auth, params).await,
        _ => Err(ApiError::NotFound {
            error_type: "error-method-not-found",
            message: format!("Method '{method}' not found"),
        }),
    };
    let id = frame.get("id").cloned().unwrap_or(Value::Null);
    let answer = json!({"msg": "result", "id": id, "result": outcome?});
    Ok(Json(MethodCallResponse { message: answer.to_string(), success: true }))
}

fn limit(value: Option<&Value>, default: u32) -> u32 {
    value.and_then(Value::as_u64).map_or(default, |n| n.min(u64::from(MAX_LIMIT)) as u32).max(1)
}

/// The message named by `params[0]._id` with up to `limit / 2` messages on each side.
async fn surrounding(state: &AppState, auth: &Authenticated, params: &[Value]) -> Result<Value, ApiError> {
    let id = params.first().and_then(|m| m["_id"].as_str()).unwrap_or_default();
    let message = member_message(state, id, &auth.user).await?;
    let side = limit(params.get(1), 50).div_ceil(2);
    let range = TimeRange { latest: Some(message.ts), oldest: None, inclusive: false, count: side };
    let mut messages = state.store.history(&message.rid, range).await?;
    let more_before = messages.len() as u32 == side;
    messages.reverse();
    let after = state.store.messages_after(&message.rid, message.ts, side).await?;
    let more_after = after.len() as u32 == side;
    let rid = message.rid.clone();
    messages.push(message);
    messages.extend(after);
    state.store.mark_starred(&auth.user.id, &rid, &mut messages).await?;
    Ok(ejson_value(&Surrounding { messages, more_before, more_after }))
}

/// Up to `params[2]` messages of room `params[0]` after the time `params[1]`, oldest first.
async fn next(state: &AppState, auth: &Authenticated, params: &[Value]) -> Result<Value, ApiError> {
    let rid = params.first().and_then(Value::as_str).unwrap_or_default();
    member_room(state, rid, &auth.user, None).await?;
    let end = params
        .get(1)
        .and_then(Timestamp::from_json)
        .ok_or_else(|| ApiError::bad_request("error-invalid-date", "The end must be a date"))?;
    let mut messages = state.store.messages_after(rid, end, limit(params.get(2), 20)).await?;
    state.store.mark_starred(&auth.user.id, rid, &mut messages).await?;
    Ok(ejson_value(&NextMessages { messages }))
}
