//! Authentication of REST calls and DDP logins by login token.
//!
//! REST calls carry `X-User-Id` and `X-Auth-Token`; the pair must match a live token. Every
//! failure (missing header, unknown, expired or revoked token, wrong user) gives the same 401,
//! so a caller learns nothing about which part was wrong.
//!
//! A visitor (the `livechat-guest` role) is let through only to the routes the route table opens
//! to visitors, which carry [`OpenToVisitors`]; every other route of the REST API answers them
//! 403, whatever it would have shown.

use axum::extract::{FromRequestParts, MatchedPath, OptionalFromRequestParts};
use axum::http::request::Parts;
use confab_protocol::livechat::GUEST_ROLE;
use confab_protocol::rest::{AUTH_TOKEN_HEADER, USER_ID_HEADER};
use confab_protocol::{Timestamp, User};
use tracing::Instrument;

use crate::error::ApiError;
use crate::state::AppState;
use crate::store::Store;

/// Marks a REST route a visitor may call (the route table puts it on them).
#[derive(Clone, Copy, Debug)]
pub struct OpenToVisitors;

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
        let resumed = resume(&state.store, &token).instrument(tracing::debug_span!("request.auth")).await?;
        match resumed {
            Some((user, _)) if user.id == user_id => {
                // Outside the REST API (a room's files), the handler's own membership check rules.
                let in_api =
                    parts.extensions.get::<MatchedPath>().is_none_or(|route| route.as_str().starts_with("/api/"));
                let open = parts.extensions.get::<OpenToVisitors>().is_some();
                if is_visitor(&user) && in_api && !open {
                    return Err(ApiError::Forbidden("Visitors may not use this route".into()));
                }
                Ok(Self { user, token })
            }
            _ => Err(ApiError::Unauthorized),
        }
    }
}

/// Whether `user` is a visitor, who may see only their own conversations.
pub fn is_visitor(user: &User) -> bool {
    user.roles.iter().any(|role| role == GUEST_ROLE)
}

/// A caller who may or may not be signed in (a visitor's token routes): none without the
/// headers, refused as above with bad ones.
impl OptionalFromRequestParts<AppState> for Authenticated {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Option<Self>, Self::Rejection> {
        if parts.headers.contains_key(USER_ID_HEADER) || parts.headers.contains_key(AUTH_TOKEN_HEADER) {
            <Self as FromRequestParts<AppState>>::from_request_parts(parts, state).await.map(Some)
        } else {
            Ok(None)
        }
    }
}
