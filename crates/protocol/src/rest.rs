//! Request and response bodies of the REST API (`/api/v1/...`), and its two error shapes:
//! `{success:false, error, errorType}` for a refused call and
//! `{status:"error", message}` for a missing or invalid login.

use serde::{Deserialize, Serialize};

use crate::{Message, OutgoingMessage, Room, Subscription, Timestamp, User};

/// Header carrying the user id on authenticated calls.
pub const USER_ID_HEADER: &str = "X-User-Id";
/// Header carrying the login token on authenticated calls.
pub const AUTH_TOKEN_HEADER: &str = "X-Auth-Token";

/// `POST /api/v1/login`. Confab signs in only with a resume token minted by the host backend.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct LoginRequest {
    pub resume: String,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct LoginResponse {
    pub status: String,
    pub data: LoginData,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct LoginData {
    #[serde(rename = "userId")]
    pub user_id: String,
    #[serde(rename = "authToken")]
    pub auth_token: String,
    pub me: User,
}

/// `POST /api/v1/logout`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct LogoutResponse {
    pub status: String,
    pub data: LogoutData,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct LogoutData {
    pub message: String,
}

/// `GET /api/v1/me`: the user's fields at the top level beside `success`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct MeResponse {
    #[serde(flatten)]
    pub user: User,
    pub success: bool,
}

/// Query of `rooms.get` and `subscriptions.get`.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq, Eq)]
pub struct UpdatedSinceQuery {
    #[serde(rename = "updatedSince", default, skip_serializing_if = "Option::is_none")]
    pub updated_since: Option<String>,
}

/// `GET /api/v1/rooms.get`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct RoomsResponse {
    pub update: Vec<Room>,
    #[serde(default)]
    pub remove: Vec<Room>,
    pub success: bool,
}

/// `GET /api/v1/subscriptions.get`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct SubscriptionsResponse {
    pub update: Vec<Subscription>,
    #[serde(default)]
    pub remove: Vec<Subscription>,
    pub success: bool,
}

/// Query of `channels.history`, `groups.history` and `im.history`.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq, Eq)]
pub struct HistoryQuery {
    #[serde(rename = "roomId")]
    pub room_id: String,
    /// Only messages before this ISO date (exclusive unless `inclusive`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latest: Option<String>,
    /// Only messages after this ISO date (exclusive unless `inclusive`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub oldest: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inclusive: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<u32>,
}

/// History, newest first.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct HistoryResponse {
    pub messages: Vec<Message>,
    pub success: bool,
}

/// `POST /api/v1/chat.sendMessage`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct SendMessageRequest {
    pub message: OutgoingMessage,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct SendMessageResponse {
    pub message: Message,
    pub success: bool,
}

/// A refused call: HTTP 4xx/5xx with `success: false`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct ErrorResponse {
    pub success: bool,
    pub error: String,
    #[serde(rename = "errorType", default, skip_serializing_if = "Option::is_none")]
    pub error_type: Option<String>,
}

impl ErrorResponse {
    pub fn new(error_type: &str, error: impl Into<String>) -> Self {
        Self { success: false, error: error.into(), error_type: Some(error_type.to_owned()) }
    }
}

/// A call without a valid login: HTTP 401.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct UnauthorizedResponse {
    pub status: String,
    pub message: String,
}

impl Default for UnauthorizedResponse {
    fn default() -> Self {
        Self { status: "error".into(), message: "You must be logged in to do this.".into() }
    }
}

/// Formats a timestamp for a query parameter (`latest`, `oldest`, `updatedSince`).
pub fn query_date(ts: Timestamp) -> String {
    ts.to_iso()
}
