//! The REST API (`/api/v1`): one request helper that adds the login headers, turns every
//! failure into an [`ApiError`] and, when the token is refused, lets the session refresh it and
//! replays the call once; and one method per endpoint the app uses. The helper deals in JSON
//! values, and each endpoint reads its answer from one by hand ([`FromJson`]), so the request
//! machinery exists once in the app rather than once per answer type.
//!
//! The endpoints are grouped by resource, one module each, all methods of [`Rest`].

mod account;
pub mod error;
mod files;
pub mod livechat;
mod members;
mod messages;
mod rooms;
mod search;

pub use error::ApiError;

use std::rc::Rc;

use confab_protocol::json::FromJson;
use confab_protocol::rest::{AUTH_TOKEN_HEADER, ErrorResponse, USER_ID_HEADER};
use confab_protocol::rest::{MethodCallRequest, MethodCallResponse};

use gloo_net::http::{Request, RequestBuilder, Response};
use serde_json::Value;

use crate::session::Session;

/// Whether `path` is an address on the chat server itself (`/file-upload/...`): the only kind
/// fetched with the login headers. A message's attachment is its sender's to shape, and an
/// address elsewhere (`https://…`, `//host/…`) would hand the token to that host.
pub fn is_server_path(path: &str) -> bool {
    path.starts_with('/') && !path.starts_with("//") && !path.contains('\\')
}

#[derive(Clone)]
pub struct Rest {
    base: String,
    session: Rc<Session>,
}

impl Rest {
    pub fn new(base: &str, session: Rc<Session>) -> Self {
        Self { base: format!("{}/api/v1", base.trim_end_matches('/')), session }
    }

    /// The server's address, under which its files and avatars are.
    pub fn server(&self) -> &str {
        // `strip_suffix`, not `trim_end_matches`: the base ends with the one suffix `new` gave it,
        // and a substring search would cost the first load most of a kilobyte.
        self.base.strip_suffix("/api/v1").unwrap_or(&self.base)
    }

    fn authorized(&self, builder: RequestBuilder, token: &str) -> RequestBuilder {
        builder.header(USER_ID_HEADER, self.session.user_id()).header(AUTH_TOKEN_HEADER, token)
    }

    /// The answer's JSON, or the failure it stands for (also for a request made without a
    /// session: a visitor's first words).
    pub async fn read(response: Result<Response, gloo_net::Error>) -> Result<Value, ApiError> {
        let response = response.map_err(|_| ApiError::Network)?;
        if response.status() == 401 {
            return Err(ApiError::Unauthorized);
        }
        let body = response.text().await.ok().and_then(|text| serde_json::from_str::<Value>(&text).ok());
        if !response.ok() {
            let refusal = body.as_ref().and_then(ErrorResponse::from_json);
            return Err(refusal.map_or(ApiError::Status(response.status()), |refusal| ApiError::Refused(refusal.error)));
        }
        body.ok_or(ApiError::Unreadable)
    }

    /// Reads a `T` from an answer.
    fn answer<T: FromJson>(value: Result<Value, ApiError>) -> Result<T, ApiError> {
        T::from_json(&value?).ok_or(ApiError::Unreadable)
    }

    /// Sends the request with a token, the query or JSON body given; a refusal of the token
    /// refreshes it (once, shared with every other refused call) and replays the request once.
    async fn call(
        &self,
        method: fn(&str) -> RequestBuilder,
        endpoint: &str,
        query: &[(&str, &str)],
        body: Option<String>,
    ) -> Result<Value, ApiError> {
        let url = format!("{}/{endpoint}", self.base);
        let mut replayed = false;
        loop {
            let (token, generation) = self.session.token();
            let builder = self.authorized(method(&url), &token).query(query.iter().copied());
            let request = match &body {
                Some(body) => builder.header("Content-Type", "application/json").body(body.clone()),
                None => builder.build(),
            };
            let request = request.map_err(|_| ApiError::Unreadable)?;
            match Self::read(request.send().await).await {
                Err(ApiError::Unauthorized) if !replayed && self.session.recover(generation).await => replayed = true,
                answer => return answer,
            }
        }
    }

    async fn get<T: FromJson>(&self, endpoint: &str, query: &[(&str, &str)]) -> Result<T, ApiError> {
        Self::answer(self.call(Request::get, endpoint, query, None).await)
    }

    async fn post<B: serde::Serialize, T: FromJson>(&self, endpoint: &str, body: &B) -> Result<T, ApiError> {
        let body = serde_json::to_string(body).map_err(|_| ApiError::Unreadable)?;
        Self::answer(self.call(Request::post, endpoint, &[], Some(body)).await)
    }

    /// A Realtime method called over REST (`method.call`); its error, inside the answer, is a
    /// refusal.
    async fn call_method<T: FromJson>(&self, method: &str, params: serde_json::Value) -> Result<T, ApiError> {
        let frame = serde_json::json!({"msg": "method", "id": "1", "method": method, "params": params});
        let body = MethodCallRequest { message: frame.to_string() };
        let answer: MethodCallResponse = self.post(&format!("method.call/{method}"), &body).await?;
        let result: serde_json::Value = serde_json::from_str(&answer.message).map_err(|_| ApiError::Unreadable)?;
        if let Some(error) = result.get("error") {
            let reason = error.get("reason").and_then(|r| r.as_str()).unwrap_or("refused");
            return Err(ApiError::Refused(reason.to_owned()));
        }
        result.get("result").and_then(T::from_json).ok_or(ApiError::Unreadable)
    }

    /// The session's user and current token, for a request made outside this helper (an
    /// upload, which needs `XMLHttpRequest` for its progress).
    pub fn credentials(&self) -> (String, String, u64) {
        let (token, generation) = self.session.token();
        (self.session.user_id().to_owned(), token, generation)
    }

    /// After an outside request was refused its token: whether a fresh one is now there to try.
    pub async fn recover(&self, generation: u64) -> bool {
        self.session.recover(generation).await
    }
}
