//! Administration over REST, as a host backend in front of Rocket.Chat uses it: creating users,
//! minting login tokens for them (admin role and the server's minting secret both required), and
//! ending all of a user's sessions.

use axum::Json;
use axum::extract::State;
use confab_protocol::rest::{
    CreateTokenRequest, CreateTokenResponse, CreateUserRequest, LogoutData, LogoutResponse, StatisticsResponse,
    TokenData, UserQuery, UserResponse,
};
use confab_protocol::{Timestamp, User};

use super::access::require_admin;
use super::extract::ApiJson;
use crate::auth::Authenticated;
use crate::error::ApiError;
use crate::host_backend::is_valid_username;
use crate::limits::Limit;
use crate::secrets::new_secret;
use crate::state::AppState;

pub async fn create_user(
    State(state): State<AppState>,
    auth: Authenticated,
    ApiJson(body): ApiJson<CreateUserRequest>,
) -> Result<Json<UserResponse>, ApiError> {
    require_admin(&auth.user)?;
    if !is_valid_username(&body.username) {
        return Err(ApiError::bad_request(
            "error-invalid-username",
            format!("{:?} is not a valid username", body.username),
        ));
    }
    if !body.email.contains('@') || body.email.len() > 254 {
        return Err(ApiError::bad_request("error-invalid-email", format!("{:?} is not a valid email", body.email)));
    }
    if state.store.user_by_username(&body.username).await?.is_some() {
        return Err(ApiError::bad_request("error-field-unavailable", format!("{} is already in use", body.username)));
    }
    let roles: Vec<&str> = match &body.roles {
        Some(roles) => roles.iter().map(String::as_str).filter(|r| ["user", "admin", "bot"].contains(r)).collect(),
        None => vec!["user"],
    };
    let user = state.store.create_user(&body.username, Some(&body.name), &roles).await?;
    state.store.set_email(&user.id, &body.email).await?;
    Ok(Json(UserResponse { user, success: true }))
}

pub(super) async fn target_user(
    state: &AppState,
    user_id: Option<&str>,
    username: Option<&str>,
) -> Result<User, ApiError> {
    let user = match (user_id, username) {
        (Some(id), _) => state.store.user_by_id(id).await?,
        (None, Some(name)) => state.store.user_by_username(name).await?,
        (None, None) => return Err(ApiError::bad_request("error-invalid-params", "Give userId or username")),
    };
    user.ok_or_else(|| ApiError::bad_request("error-invalid-user", "No such user"))
}

pub async fn create_token(
    State(state): State<AppState>,
    auth: Authenticated,
    ApiJson(body): ApiJson<CreateTokenRequest>,
) -> Result<Json<CreateTokenResponse>, ApiError> {
    require_admin(&auth.user)?;
    let Some(secret) = &state.settings.create_tokens_secret else {
        return Err(ApiError::Forbidden("Minting tokens over REST is not enabled on this server".into()));
    };
    if body.secret.as_deref().is_none_or(|given| !constant_time_eq(given.as_bytes(), secret.as_bytes())) {
        return Err(ApiError::Forbidden("The token-minting secret is missing or wrong".into()));
    }
    let user = target_user(&state, body.user_id.as_deref(), body.username.as_deref()).await?;
    state.limits.check(Limit::Mint, &user.id)?;
    let token = new_secret();
    let expires = Timestamp(Timestamp::now().millis().saturating_add(state.settings.token_ttl().as_millis() as i64));
    state.store.insert_login_token(&user.id, &token, expires).await?;
    Ok(Json(CreateTokenResponse { data: TokenData { user_id: user.id, auth_token: token }, success: true }))
}

/// Revokes every token of a user and tells their open sessions to end.
pub async fn logout_user(
    State(state): State<AppState>,
    auth: Authenticated,
    ApiJson(body): ApiJson<UserQuery>,
) -> Result<Json<LogoutResponse>, ApiError> {
    require_admin(&auth.user)?;
    let user = target_user(&state, body.user_id.as_deref(), body.username.as_deref()).await?;
    state.store.revoke_all_login_tokens(&user.id).await?;
    state.events.force_logout(&user.id);
    Ok(Json(LogoutResponse {
        status: "success".into(),
        data: LogoutData { message: format!("User {} has been logged out", user.username) },
    }))
}

/// Compares secrets in time independent of where they differ.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// `statistics`: what the server is carrying now (Confab's own fields).
pub async fn statistics(
    State(state): State<AppState>,
    auth: Authenticated,
) -> Result<Json<StatisticsResponse>, ApiError> {
    require_admin(&auth.user)?;
    let open_sockets = state.open_sockets.load(std::sync::atomic::Ordering::Relaxed);
    let link_previews = state.preview_counts.snapshot();
    Ok(Json(StatisticsResponse { open_sockets, link_previews, success: true }))
}

#[cfg(test)]
mod tests {
    use super::constant_time_eq;

    #[test]
    fn secrets_compare_by_content() {
        assert!(constant_time_eq(b"secret", b"secret"));
        assert!(!constant_time_eq(b"secret", b"secreT"));
        assert!(!constant_time_eq(b"secret", b"secret2"));
    }
}
