//! `login` (resume), `logout` (revokes the token used) and `me`.

use axum::Json;
use std::net::SocketAddr;

use axum::extract::{ConnectInfo, State};
use confab_protocol::rest::{LoginData, LoginRequest, LoginResponse, LogoutData, LogoutResponse, MeResponse};

use super::extract::ApiJson;
use crate::auth::{self, Authenticated};
use crate::error::ApiError;
use crate::limits::Limit;
use crate::state::AppState;

pub async fn login(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    ApiJson(body): ApiJson<LoginRequest>,
) -> Result<Json<LoginResponse>, ApiError> {
    state.limits.check(Limit::Login, &peer.ip().to_string())?;
    let (me, _) = auth::resume(&state.store, &body.resume).await?.ok_or(ApiError::Unauthorized)?;
    Ok(Json(LoginResponse {
        status: "success".into(),
        data: LoginData { user_id: me.id.clone(), auth_token: body.resume, me },
    }))
}

pub async fn logout(State(state): State<AppState>, auth: Authenticated) -> Result<Json<LogoutResponse>, ApiError> {
    state.store.revoke_login_token(&auth.token).await?;
    state.events.token_revoked(&auth.user.id, &auth.token);
    Ok(Json(LogoutResponse {
        status: "success".into(),
        data: LogoutData { message: "You've been logged out!".into() },
    }))
}

pub async fn me(State(state): State<AppState>, auth: Authenticated) -> Result<Json<MeResponse>, ApiError> {
    let chosen = state.store.stored_presence(&auth.user.id).await?.map(|p| p.chosen.as_str().to_owned());
    Ok(Json(MeResponse { user: auth.user, status_default: chosen, success: true }))
}
