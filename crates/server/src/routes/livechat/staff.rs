//! The `livechat/*` routes the support team calls, signed in: the queue, taking a conversation,
//! forwarding and closing it, and the conversations each has served. Agents move only what they
//! serve; managers and admins move anything.

use axum::Json;
use axum::extract::State;
use confab_protocol::livechat::{CloseByUser, Forward, TakeInquiry};
use confab_protocol::{Room, User};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::auth::Authenticated;
use crate::error::ApiError;
use crate::livechat::{self, Target};
use crate::routes::extract::{ApiJson, ApiQuery};
use crate::state::AppState;

const DEFAULT_PAGE: u32 = 50;
const MAX_PAGE: u32 = 200;

fn staff(user: &User) -> Result<(), ApiError> {
    if livechat::is_staff(user) {
        Ok(())
    } else {
        Err(ApiError::action_not_allowed("This needs the livechat-agent role"))
    }
}

/// `room_id` as a conversation `user` may move: one they serve, or any for a manager.
async fn movable(state: &AppState, user: &User, room_id: &str) -> Result<Room, ApiError> {
    staff(user)?;
    let room = livechat::conversation(state, room_id).await?;
    let serves = room.livechat.as_ref().and_then(|c| c.served_by.as_ref()).is_some_and(|s| s.id == user.id);
    if serves || livechat::is_manager(user) {
        Ok(room)
    } else {
        Err(ApiError::action_not_allowed("Only the agent serving this conversation may do this"))
    }
}

#[derive(Deserialize)]
pub struct PageQuery {
    department: Option<String>,
    offset: Option<u32>,
    count: Option<u32>,
}

/// `GET livechat/inquiries.queued`: the conversations waiting, longest waiting first.
pub async fn queued(
    State(state): State<AppState>,
    auth: Authenticated,
    ApiQuery(query): ApiQuery<PageQuery>,
) -> Result<Json<Value>, ApiError> {
    staff(&auth.user)?;
    let (offset, count) = (query.offset.unwrap_or(0), query.count.unwrap_or(DEFAULT_PAGE).clamp(1, MAX_PAGE));
    let (inquiries, total) = state.store.queued(query.department.as_deref(), offset, count).await?;
    Ok(Json(json!({
        "count": inquiries.len(), "offset": offset, "total": total, "inquiries": inquiries, "success": true,
    })))
}

/// `POST livechat/inquiries.take`: the caller (or, for a manager, `userId`) serves a waiting
/// conversation. Of several taking it at once, one does; the others are told it is gone.
pub async fn take(
    State(state): State<AppState>,
    auth: Authenticated,
    ApiJson(body): ApiJson<TakeInquiry>,
) -> Result<Json<Value>, ApiError> {
    staff(&auth.user)?;
    let agent = match body.user_id.filter(|id| *id != auth.user.id) {
        Some(id) if livechat::is_manager(&auth.user) => colleague(&state, &id).await?,
        Some(_) => return Err(ApiError::action_not_allowed("Only a manager takes a conversation for someone else")),
        None => auth.user,
    };
    let room = livechat::take(&state, &body.inquiry_id, &agent).await?;
    Ok(Json(json!({ "inquiry": { "_id": room.id, "rid": room.id, "status": "taken" }, "room": room, "success": true })))
}

/// A member of the support team, by id.
async fn colleague(state: &AppState, id: &str) -> Result<User, ApiError> {
    let user = if confab_protocol::ids::is_plausible_id(id) { state.store.user_by_id(id).await? } else { None };
    user.filter(livechat::is_staff)
        .ok_or_else(|| ApiError::bad_request("error-invalid-agent", "There is no such member of the support team"))
}

/// `POST livechat/room.forward`: to a colleague (`userId`), or to a department's queue.
pub async fn forward(
    State(state): State<AppState>,
    auth: Authenticated,
    ApiJson(body): ApiJson<Forward>,
) -> Result<Json<Value>, ApiError> {
    let room = movable(&state, &auth.user, &body.room_id).await?;
    match (body.user_id, body.department_id) {
        (Some(id), None) => {
            let agent = colleague(&state, &id).await?;
            livechat::forward(&state, &room, &auth.user, Target::Colleague(&agent)).await?;
        }
        (None, Some(department)) => {
            let departments = state.store.departments().await?;
            let department = departments
                .into_iter()
                .find(|(d, _)| d.enabled && d.id == department)
                .ok_or_else(|| ApiError::bad_request("error-invalid-department", "There is no such department"))?;
            livechat::forward(&state, &room, &auth.user, Target::Department(&department.0.id)).await?;
        }
        _ => return Err(ApiError::bad_request("error-invalid-params", "Forward to a userId or a departmentId")),
    }
    Ok(Json(json!({ "success": true })))
}

/// `POST livechat/room.closeByUser`: the agent closes the conversation, with a comment.
pub async fn close(
    State(state): State<AppState>,
    auth: Authenticated,
    ApiJson(body): ApiJson<CloseByUser>,
) -> Result<Json<Value>, ApiError> {
    let room = movable(&state, &auth.user, &body.rid).await?;
    livechat::close(&state, &room, &auth.user, body.comment.as_deref()).await?;
    Ok(Json(json!({ "success": true })))
}

#[derive(Deserialize)]
pub struct RoomsQuery {
    /// `true` for open conversations, `false` for closed ones, absent for both.
    open: Option<bool>,
    /// A manager's view of everyone's conversations.
    all: Option<bool>,
    offset: Option<u32>,
    count: Option<u32>,
}

/// `GET livechat/rooms`: the conversations the caller served (everyone's, for a manager who asks).
pub async fn rooms(
    State(state): State<AppState>,
    auth: Authenticated,
    ApiQuery(query): ApiQuery<RoomsQuery>,
) -> Result<Json<Value>, ApiError> {
    staff(&auth.user)?;
    let everyone = query.all == Some(true);
    if everyone && !livechat::is_manager(&auth.user) {
        return Err(ApiError::action_not_allowed("Only a manager sees everyone's conversations"));
    }
    let agent = (!everyone).then_some(auth.user.id.as_str());
    let (offset, count) = (query.offset.unwrap_or(0), query.count.unwrap_or(DEFAULT_PAGE).clamp(1, MAX_PAGE));
    let (rooms, total) = state.store.conversations(agent, query.open, offset, count).await?;
    Ok(Json(json!({ "rooms": rooms, "count": rooms.len(), "offset": offset, "total": total, "success": true })))
}

/// `GET livechat/department`: the departments, for the pre-chat form and forwarding.
pub async fn departments(State(state): State<AppState>) -> Result<Json<Value>, ApiError> {
    let departments: Vec<_> = state.store.departments().await?.into_iter().map(|(d, _)| d).collect();
    Ok(Json(
        json!({ "departments": departments, "count": departments.len(), "offset": 0, "total": departments.len(), "success": true }),
    ))
}

/// `GET livechat/users/agent`: the support team, for forwarding.
pub async fn team(State(state): State<AppState>, auth: Authenticated) -> Result<Json<Value>, ApiError> {
    staff(&auth.user)?;
    let users: Vec<_> = state.store.support_team().await?.iter().map(User::to_ref).collect();
    Ok(Json(json!({ "users": users, "count": users.len(), "offset": 0, "total": users.len(), "success": true })))
}
