//! The host backend's part: who is asking for `/chat/config`, and a login token for them.
//!
//! The end user is identified, in order, by a JWT the host application signed
//! (`Authorization: Bearer`, HS256, `exp` enforced), by the trusted identity header its gateway
//! sets (Mia-Platform's `userid` convention; believed only when the operator says so, or in
//! demo mode), or by the demo sign-in cookie.
//!
//! Tokens come from the local store, or in provider mode from another Rocket.Chat-compatible
//! server over HTTP (`provider`). Either way a live token is reused while it has more than half
//! its life left, as a backend in front of Rocket.Chat must (it caps tokens per user); the store
//! keeps only hashes, so the reusable plaintext lives in this process's memory and a restart
//! simply mints afresh.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use axum::http::HeaderMap;
use axum::http::header::AUTHORIZATION;
use confab_protocol::{Timestamp, User};
use serde_json::Value;

use crate::provider::{Provider, ProviderError};
use crate::secrets::new_secret;
use crate::settings::Settings;
use crate::store::Store;

/// Name of the demo sign-in cookie.
pub const DEMO_COOKIE: &str = "confab_demo";

/// Why no identity could be established.
#[derive(Debug, thiserror::Error)]
pub enum IdentityError {
    #[error("The request carries no user identity.")]
    Missing,
    #[error("The user identity on the request is not valid.")]
    Invalid,
    #[error("The sign-in token was refused: {0}")]
    Rejected(String),
    #[error(transparent)]
    Store(#[from] sqlx::Error),
}

/// Usernames accepted from a host: what Rocket.Chat allows, bounded.
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

/// Reads the username from the identity header, following a dotted path into a JSON value.
fn header_identity(headers: &HeaderMap, spec: &str) -> Option<Result<String, IdentityError>> {
    let (name, path) = match spec.split_once('.') {
        Some((name, path)) => (name, Some(path)),
        None => (spec, None),
    };
    let raw = headers.get(name)?;
    let Ok(raw) = raw.to_str() else { return Some(Err(IdentityError::Invalid)) };
    let Some(path) = path else { return Some(Ok(raw.trim().to_owned())) };
    let Ok(mut value) = serde_json::from_str::<Value>(raw) else { return Some(Err(IdentityError::Invalid)) };
    for key in path.split('.') {
        value = match value {
            Value::Object(mut map) => map.remove(key).unwrap_or(Value::Null),
            _ => Value::Null,
        };
    }
    Some(match value {
        Value::String(text) => Ok(text),
        Value::Number(number) => Ok(number.to_string()),
        _ => Err(IdentityError::Invalid),
    })
}

/// The username in a host-signed JWT.
fn jwt_identity(token: &str, secret: &str, claim: &str) -> Result<String, IdentityError> {
    let mut validation = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::HS256);
    validation.set_required_spec_claims(&["exp"]);
    validation.leeway = 0;
    let key = jsonwebtoken::DecodingKey::from_secret(secret.as_bytes());
    let data = jsonwebtoken::decode::<serde_json::Map<String, Value>>(token, &key, &validation)
        .map_err(|e| IdentityError::Rejected(e.to_string()))?;
    match data.claims.get(claim) {
        Some(Value::String(name)) => Ok(name.clone()),
        _ => Err(IdentityError::Rejected(format!("the token has no {claim:?} claim"))),
    }
}

/// The username the request speaks for.
pub async fn identify(store: &Store, headers: &HeaderMap, settings: &Settings) -> Result<String, IdentityError> {
    let bearer = headers.get(AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Bearer "));
    let username = if let (Some(token), Some(secret)) = (bearer, &settings.jwt_secret) {
        jwt_identity(token.trim(), secret, &settings.jwt_claim)?
    } else if let Some(found) = (settings.trust_identity_header || settings.demo)
        .then(|| header_identity(headers, &settings.identity_header))
        .flatten()
    {
        found?
    } else if let Some(secret) = cookie(headers, DEMO_COOKIE).filter(|_| settings.demo) {
        return store.demo_session_user(secret).await?.map(|u| u.username).ok_or(IdentityError::Missing);
    } else {
        return Err(IdentityError::Missing);
    };
    if is_valid_username(&username) { Ok(username) } else { Err(IdentityError::Invalid) }
}

/// Credentials for the app.
#[derive(Clone, Debug)]
pub struct Credentials {
    pub user_id: String,
    pub token: String,
    pub expires: Timestamp,
    /// Where the app must talk to the chat server, when it is not this one.
    pub server_url: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum MintError {
    #[error(transparent)]
    Store(#[from] sqlx::Error),
    #[error(transparent)]
    Provider(#[from] ProviderError),
}

/// Issues login tokens for the config endpoint, reusing a live one while it is fresh enough.
pub struct TokenMinter {
    ttl: Duration,
    provider: Option<Provider>,
    issued: Mutex<HashMap<String, Credentials>>,
}

impl TokenMinter {
    pub fn new(ttl: Duration, provider: Option<Provider>) -> Self {
        Self { ttl, provider, issued: Mutex::new(HashMap::new()) }
    }

    /// The server the users' chat lives on, in provider mode.
    pub fn provider(&self) -> Option<&Provider> {
        self.provider.as_ref()
    }

    fn ttl_ms(&self) -> i64 {
        i64::try_from(self.ttl.as_millis()).unwrap_or(i64::MAX)
    }

    /// Live credentials for `username`, creating the chat user on first sight.
    pub async fn credentials_for(&self, store: &Store, username: &str) -> Result<Credentials, MintError> {
        let now = Timestamp::now();
        let cached = self.issued.lock().unwrap_or_else(|e| e.into_inner()).get(username).cloned();
        if let Some(credentials) = cached
            && credentials.expires.millis() - now.millis() > self.ttl_ms() / 2
            && (self.provider.is_some() || store.login_token(&credentials.token, now).await?.is_some())
        {
            return Ok(credentials);
        }
        let expires = Timestamp(now.millis().saturating_add(self.ttl_ms()));
        let credentials = match &self.provider {
            Some(provider) => {
                let (user_id, token) = provider.credentials_for(username).await?;
                Credentials { user_id, token, expires, server_url: Some(provider.public_url().to_owned()) }
            }
            None => {
                let user: User = store.ensure_user(username).await?;
                let token = new_secret();
                store.insert_login_token(&user.id, &token, expires).await?;
                Credentials { user_id: user.id, token, expires, server_url: None }
            }
        };
        self.issued.lock().unwrap_or_else(|e| e.into_inner()).insert(username.to_owned(), credentials.clone());
        Ok(credentials)
    }
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    fn headers(name: &'static str, value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(name, HeaderValue::from_str(value).unwrap());
        headers
    }

    #[test]
    fn a_dotted_path_reaches_into_a_json_header() {
        let h = headers("x-user", r#"{"profile": {"username": "alice", "id": 7}}"#);
        assert_eq!(header_identity(&h, "x-user.profile.username").unwrap().unwrap(), "alice");
        assert_eq!(header_identity(&h, "x-user.profile.id").unwrap().unwrap(), "7");
        assert!(header_identity(&h, "x-user.profile").unwrap().is_err());
        assert!(header_identity(&h, "x-user.missing.path").unwrap().is_err());
        assert!(header_identity(&h, "other").is_none());
        assert_eq!(header_identity(&headers("userid", " bob "), "userid").unwrap().unwrap(), "bob");
        assert!(header_identity(&headers("x-user", "not json"), "x-user.id").unwrap().is_err());
    }

    #[test]
    fn jwts_need_the_right_secret_an_expiry_in_the_future_and_the_claim() {
        let sign = |claims: Value, secret: &str| {
            jsonwebtoken::encode(
                &jsonwebtoken::Header::default(),
                &claims,
                &jsonwebtoken::EncodingKey::from_secret(secret.as_bytes()),
            )
            .unwrap()
        };
        let future = Timestamp::now().millis() / 1000 + 600;
        let past = Timestamp::now().millis() / 1000 - 600;
        let good = sign(serde_json::json!({"sub": "alice", "exp": future}), "s3cret");
        assert_eq!(jwt_identity(&good, "s3cret", "sub").unwrap(), "alice");
        assert!(matches!(jwt_identity(&good, "other", "sub"), Err(IdentityError::Rejected(_))));
        let expired = sign(serde_json::json!({"sub": "alice", "exp": past}), "s3cret");
        assert!(matches!(jwt_identity(&expired, "s3cret", "sub"), Err(IdentityError::Rejected(_))));
        let no_exp = sign(serde_json::json!({"sub": "alice"}), "s3cret");
        assert!(matches!(jwt_identity(&no_exp, "s3cret", "sub"), Err(IdentityError::Rejected(_))));
        let no_claim = sign(serde_json::json!({"name": "alice", "exp": future}), "s3cret");
        assert!(matches!(jwt_identity(&no_claim, "s3cret", "sub"), Err(IdentityError::Rejected(_))));
        assert!(jwt_identity("garbage", "s3cret", "sub").is_err());
    }
}
