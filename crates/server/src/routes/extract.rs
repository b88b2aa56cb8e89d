//! The one place where what a request carries is refused: body, query, path and form extractors
//! whose rejections are Rocket.Chat-shaped 4xx answers naming the problem, instead of axum's
//! plain-text defaults.
//!
//! Text with a NUL character is refused here too: no name, message or search has a use for one,
//! PostgreSQL cannot store it, and SQLite's full-text queries end at it. (The text fields of
//! upload forms are read by `files::intake::form_text`, to the same rule.)

use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::StatusCode;
use axum::http::request::Parts;
use confab_protocol::json::has_nul;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::error::ApiError;

fn invalid(message: impl Into<String>) -> ApiError {
    ApiError::bad_request("error-invalid-params", message)
}

fn nul_refused(part: &str) -> ApiError {
    invalid(format!("The request's {part} contains a NUL character"))
}

fn payload_too_large() -> ApiError {
    ApiError::TooLarge { error_type: "error-payload-too-large", message: "The request body is too large".into() }
}

/// A JSON body read as a `T`.
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let axum::Json(value) = axum::Json::<Value>::from_request(request, state).await.map_err(json_rejection)?;
        // Every body of Rocket.Chat's REST API is an object; serde would read `[]` as one.
        if !value.is_object() {
            return Err(invalid("The request body must be a JSON object"));
        }
        if has_nul(&value) {
            return Err(nul_refused("body"));
        }
        serde_json::from_value(value)
            .map(Self)
            .map_err(|e| invalid(format!("The request body does not match the expected fields: {e}")))
    }
}

fn json_rejection(rejection: JsonRejection) -> ApiError {
    if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
        return payload_too_large();
    }
    invalid(match rejection {
        JsonRejection::JsonSyntaxError(_) => "The request body is not valid JSON".into(),
        JsonRejection::MissingJsonContentType(_) => {
            "The request body must be JSON (Content-Type: application/json)".into()
        }
        other => other.body_text(),
    })
}

/// The query string read as a `T`.
pub struct ApiQuery<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let raw = parts.uri.query().unwrap_or_default();
        if percent_encoding::percent_decode_str(raw).any(|byte| byte == 0) {
            return Err(nul_refused("query"));
        }
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(value)) => Ok(Self(value)),
            Err(QueryRejection::FailedToDeserializeQueryString(e)) => {
                Err(invalid(format!("Invalid query: {}", e.body_text())))
            }
            Err(other) => Err(invalid(other.body_text())),
        }
    }
}

/// The path's parameters read as a `T`.
pub struct ApiPath<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for ApiPath<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        if percent_encoding::percent_decode_str(parts.uri.path()).any(|byte| byte == 0) {
            return Err(nul_refused("path"));
        }
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(value)) => Ok(Self(value)),
            Err(PathRejection::FailedToDeserializePathParams(e)) => {
                Err(invalid(format!("Invalid path: {}", e.body_text())))
            }
            Err(other) => Err(invalid(other.body_text())),
        }
    }
}

/// A form body (`application/x-www-form-urlencoded`) read as a `T`.
pub struct ApiForm<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiForm<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = axum::body::Bytes::from_request(request, state).await.map_err(|rejection| {
            if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                payload_too_large()
            } else {
                invalid(rejection.body_text())
            }
        })?;
        if percent_encoding::percent_decode(&bytes).any(|byte| byte == 0) {
            return Err(nul_refused("form"));
        }
        serde_urlencoded::from_bytes(&bytes).map(Self).map_err(|e| invalid(format!("Invalid form: {e}")))
    }
}

/// A `multipart/form-data` body, read field by field by the handler; `too_large` is what a body
/// over the route's limit is told.
pub fn multipart(
    form: Result<Multipart, MultipartRejection>,
    too_large: impl FnOnce() -> ApiError,
) -> Result<Multipart, ApiError> {
    form.map_err(|rejection| {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            too_large()
        } else {
            invalid(format!("The request must be multipart/form-data: {}", rejection.body_text()))
        }
    })
}

/// Parses an ISO-8601 date parameter, naming the parameter when it is not one.
pub fn date_param(name: &str, value: Option<&str>) -> Result<Option<confab_protocol::Timestamp>, ApiError> {
    value
        .map(|text| {
            confab_protocol::Timestamp::parse_iso(text)
                .map_err(|_| invalid(format!("\"{name}\" must be an ISO-8601 date")))
        })
        .transpose()
}
