//! Authentication of REST calls and DDP logins by login token.
//!
//! REST calls carry `X-User-Id` and `X-Auth-Token`; the pair must match a live token. Every
//! failure (missing header, unknown, expired or revoked token, wrong user) gives the same 401,
//! so a caller learns nothing about which part was wrong.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use confab_protocol::rest::{AUTH_TOKEN_HEADER, USER_ID_HEADER};
use confab_protocol::{Timestamp, User};

use crate::error::ApiError;
use crate::state::AppState;
use crate::store::Store;

/// The user behind a REST call, and the token it used.
pub struct Authenticated {
    pub user: User,
    pub token: String,
}

/// The user holding `token` and its expiry, when the token is live.
pub async fn resume(store: &Store, token: &str) -> Result<Option<(User, Timestamp)>, sqlx::Error> {
    if token.is_empty() || token.len() > 256 {
        return Ok(None);
    }
    store.login_token(token, Timestamp::now()).await
}

impl FromRequestParts<AppState> for Authenticated {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let header = |name: &str| parts.headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
        let (Some(user_id), Some(token)) = (header(USER_ID_HEADER), header(AUTH_TOKEN_HEADER)) else {
            return Err(ApiError::Unauthorized);
        };
        match resume(&state.store, &token).await? {
            Some((user, _)) if user.id == user_id => Ok(Self { user, token }),
            _ => Err(ApiError::Unauthorized),
        }
    }
}
