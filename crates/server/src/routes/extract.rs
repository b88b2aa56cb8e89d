//! Body and query extractors whose rejections are Rocket.Chat-shaped 400s naming the problem,
//! instead of axum's plain-text defaults.

use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::StatusCode;
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use crate::error::ApiError;

pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(request, state).await {
            Ok(axum::Json(value)) => Ok(Self(value)),
            Err(rejection) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => Err(ApiError::TooLarge {
                error_type: "error-payload-too-large",
                message: "The request body is too large".into(),
            }),
            Err(rejection) => Err(ApiError::bad_request("error-invalid-params", describe_json(&rejection))),
        }
    }
}

fn describe_json(rejection: &JsonRejection) -> String {
    match rejection {
        JsonRejection::JsonSyntaxError(_) => "The request body is not valid JSON".into(),
        JsonRejection::MissingJsonContentType(_) => {
            "The request body must be JSON (Content-Type: application/json)".into()
        }
        JsonRejection::JsonDataError(e) => {
            format!("The request body does not match the expected fields: {}", e.body_text())
        }
        other => other.body_text(),
    }
}

pub struct ApiQuery<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(value)) => Ok(Self(value)),
            Err(QueryRejection::FailedToDeserializeQueryString(e)) => {
                Err(ApiError::bad_request("error-invalid-params", format!("Invalid query: {}", e.body_text())))
            }
            Err(other) => Err(ApiError::bad_request("error-invalid-params", other.body_text())),
        }
    }
}

/// Parses an ISO-8601 date parameter, naming the parameter when it is not one.
pub fn date_param(name: &str, value: Option<&str>) -> Result<Option<confab_protocol::Timestamp>, ApiError> {
    value
        .map(|text| {
            confab_protocol::Timestamp::parse_iso(text).map_err(|_| {
                ApiError::bad_request("error-invalid-params", format!("\"{name}\" must be an ISO-8601 date"))
            })
        })
        .transpose()
}
