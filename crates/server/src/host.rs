//! The host backend's part: who is asking for `/chat/config`, and a login token for them.
//!
//! In production the host's gateway authenticates the end user and passes their id in a trusted
//! header (Mia-Platform's `userid` convention); in demo mode a browser may instead carry a demo
//! sign-in cookie. The chat user is created on first sight.
//!
//! Tokens are reused while they have more than half their life left, as a backend in front of
//! Rocket.Chat must (it caps tokens per user); the store keeps only hashes, so the reusable
//! plaintext lives in this process's memory, and a restart simply mints afresh.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use axum::http::HeaderMap;
use confab_protocol::{Timestamp, User};

use crate::secrets::new_secret;
use crate::store::Store;

/// Name of the demo sign-in cookie.
pub const DEMO_COOKIE: &str = "confab_demo";

/// Why no identity could be established.
#[derive(Debug, thiserror::Error)]
pub enum IdentityError {
    #[error("The request carries no user identity.")]
    Missing,
    #[error("The user identity on the request is not a valid username.")]
    Invalid,
    #[error(transparent)]
    Store(#[from] sqlx::Error),
}

/// Usernames accepted from the identity header: what Rocket.Chat allows, bounded.
pub fn is_valid_username(name: &str) -> bool {
    (1..=64).contains(&name.len()) && name.bytes().all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b))
}

/// The value of cookie `name` in the request's `Cookie` headers.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value)
}

/// The user the request speaks for: the trusted header first, then (in demo mode) the demo cookie.
pub async fn identify(
    store: &Store,
    headers: &HeaderMap,
    header_name: &str,
    demo: bool,
) -> Result<User, IdentityError> {
    if let Some(value) = headers.get(header_name) {
        let username = value.to_str().map_err(|_| IdentityError::Invalid)?.trim();
        if !is_valid_username(username) {
            return Err(IdentityError::Invalid);
        }
        return Ok(store.ensure_user(username).await?);
    }
    if demo && let Some(secret) = cookie(headers, DEMO_COOKIE) {
        return store.demo_session_user(secret).await?.ok_or(IdentityError::Missing);
    }
    Err(IdentityError::Missing)
}

/// Mints login tokens for the config endpoint, reusing a live one while it is fresh enough.
pub struct TokenMinter {
    ttl: Duration,
    issued: Mutex<HashMap<String, (String, Timestamp)>>,
}

impl TokenMinter {
    pub fn new(ttl: Duration) -> Self {
        Self { ttl, issued: Mutex::new(HashMap::new()) }
    }

    /// A live token for `user` and its expiry.
    pub async fn token_for(&self, store: &Store, user: &User) -> Result<(String, Timestamp), sqlx::Error> {
        let now = Timestamp::now();
        let ttl_ms = i64::try_from(self.ttl.as_millis()).unwrap_or(i64::MAX);
        let cached = self.issued.lock().unwrap_or_else(|e| e.into_inner()).get(&user.id).cloned();
        if let Some((token, expires)) = cached
            && expires.millis() - now.millis() > ttl_ms / 2
            && store.login_token(&token, now).await?.is_some()
        {
            return Ok((token, expires));
        }
        let token = new_secret();
        let expires = Timestamp(now.millis().saturating_add(ttl_ms));
        store.insert_login_token(&user.id, &token, expires).await?;
        self.issued.lock().unwrap_or_else(|e| e.into_inner()).insert(user.id.clone(), (token.clone(), expires));
        Ok((token, expires))
    }
}
