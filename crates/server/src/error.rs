//! REST errors as types, answered in Rocket.Chat's shapes: 401 `{status:"error", message}` for a
//! missing or invalid login, otherwise `{success:false, error, errorType}`. Internal failures are
//! logged with their cause and shown to the client only as a generic sentence.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use confab_protocol::rest::{ErrorResponse, UnauthorizedResponse};

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("you must be logged in to do this")]
    Unauthorized,
    #[error("{message}")]
    BadRequest { error_type: &'static str, message: String },
    #[error("{0}")]
    Forbidden(String),
    /// A right the caller lacks, with Rocket.Chat's error type for it
    /// (`error-action-not-allowed`, `error-message-editing-blocked`, ...).
    #[error("{message}")]
    NotAllowed { error_type: &'static str, message: String },
    #[error("{message}")]
    NotFound { error_type: &'static str, message: String },
    #[error("{message}")]
    TooLarge { error_type: &'static str, message: String },
    #[error("The method {0} is not allowed here")]
    MethodNotAllowed(String),
    #[error("too many requests")]
    TooMany(crate::limits::TooMany),
    /// The database cannot be reached now: the client may try again shortly.
    #[error("the database is unavailable: {0}")]
    Unavailable(String),
    #[error("internal error: {0}")]
    Internal(String),
}

impl ApiError {
    pub fn bad_request(error_type: &'static str, message: impl Into<String>) -> Self {
        Self::BadRequest { error_type, message: message.into() }
    }

    pub fn room_not_found() -> Self {
        Self::NotFound { error_type: "error-room-not-found", message: "The room does not exist".into() }
    }

    pub fn action_not_allowed(message: impl Into<String>) -> Self {
        Self::NotAllowed { error_type: "error-action-not-allowed", message: message.into() }
    }

    pub fn not_a_member() -> Self {
        Self::Forbidden("You are not a member of this room".into())
    }

    /// Rocket.Chat's error type for this refusal, as a DDP method's error carries it.
    pub fn error_type(&self) -> &'static str {
        self.status_and_type().1
    }

    /// The HTTP status and Rocket.Chat error type a refusal is answered with.
    fn status_and_type(&self) -> (StatusCode, &'static str) {
        match self {
            Self::Unauthorized => (StatusCode::UNAUTHORIZED, "error-unauthorized"),
            Self::BadRequest { error_type, .. } => (StatusCode::BAD_REQUEST, error_type),
            Self::Forbidden(_) => (StatusCode::FORBIDDEN, "error-not-allowed"),
            Self::NotAllowed { error_type, .. } => (StatusCode::FORBIDDEN, error_type),
            Self::NotFound { error_type, .. } => (StatusCode::NOT_FOUND, error_type),
            Self::TooLarge { error_type, .. } => (StatusCode::PAYLOAD_TOO_LARGE, error_type),
            Self::MethodNotAllowed(_) => (StatusCode::METHOD_NOT_ALLOWED, "error-method-not-allowed"),
            Self::TooMany(_) => (StatusCode::TOO_MANY_REQUESTS, "error-too-many-requests"),
            Self::Unavailable(_) => (StatusCode::SERVICE_UNAVAILABLE, "error-service-unavailable"),
            Self::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, "error-internal"),
        }
    }
}

impl From<crate::limits::TooMany> for ApiError {
    fn from(wait: crate::limits::TooMany) -> Self {
        Self::TooMany(wait)
    }
}

impl From<sqlx::Error> for ApiError {
    fn from(error: sqlx::Error) -> Self {
        if crate::store::is_unavailable(&error) {
            Self::Unavailable(error.to_string())
        } else {
            Self::Internal(error.to_string())
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, error_type) = self.status_and_type();
        match &self {
            Self::Unauthorized => {
                return (StatusCode::UNAUTHORIZED, Json(UnauthorizedResponse::default())).into_response();
            }
            Self::TooMany(wait) => {
                let sentence = format!("{} [error-too-many-requests]", wait.sentence());
                let retry = [(axum::http::header::RETRY_AFTER, wait.seconds().to_string())];
                let body = ErrorResponse::new("error-too-many-requests", sentence);
                return (StatusCode::TOO_MANY_REQUESTS, retry, Json(body)).into_response();
            }
            Self::Unavailable(cause) => {
                tracing::warn!(%cause, "request failed: database unavailable");
                let body = ErrorResponse::new(error_type, "The server cannot reach its database; try again shortly");
                let retry = [(axum::http::header::RETRY_AFTER, "2")];
                return (status, retry, Json(body)).into_response();
            }
            Self::Internal(cause) => {
                tracing::error!(%cause, "request failed");
                let body = ErrorResponse::new("error-internal", "The server could not complete the request");
                return (StatusCode::INTERNAL_SERVER_ERROR, Json(body)).into_response();
            }
            _ => {}
        }
        (status, Json(ErrorResponse::new(error_type, self.to_string()))).into_response()
    }
}
