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

/// `POST /api/v1/users.setStatus`: the caller's presence (`online`, `away`, `busy`, `offline`).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct SetStatusRequest {
    pub status: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

/// `GET /api/v1/me`: the user's fields at the top level beside `success`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct MeResponse {
    #[serde(flatten)]
    pub user: User,
    /// The status the user chose (`users.setStatus`); `online` means "follow my connections".
    /// Only the user reads it: an invisible user is `offline` to everyone else.
    #[serde(rename = "statusDefault", default, skip_serializing_if = "Option::is_none")]
    pub status_default: Option<String>,
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
    pub remove: Vec<Removed>,
    pub success: bool,
}

/// `GET /api/v1/subscriptions.get`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct SubscriptionsResponse {
    pub update: Vec<Subscription>,
    #[serde(default)]
    pub remove: Vec<Removed>,
    pub success: bool,
}

/// A room or subscription gone since `updatedSince`, as Rocket.Chat's trash reports it.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Removed {
    #[serde(rename = "_id")]
    pub id: String,
    /// The room, for a removed subscription.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rid: Option<String>,
    #[serde(rename = "_deletedAt", default, skip_serializing_if = "Option::is_none")]
    pub deleted_at: Option<Timestamp>,
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

/// `POST /api/v1/users.create` (admin).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct CreateUserRequest {
    pub email: String,
    pub name: String,
    /// Accepted for Rocket.Chat compatibility; Confab signs in with tokens only and keeps no password.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
    pub username: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub roles: Option<Vec<String>>,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct UserResponse {
    pub user: User,
    pub success: bool,
}

/// `POST /api/v1/users.createToken` (admin, with the server's token-minting secret).
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq, Eq)]
pub struct CreateTokenRequest {
    #[serde(rename = "userId", default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret: Option<String>,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct CreateTokenResponse {
    pub data: TokenData,
    pub success: bool,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct TokenData {
    #[serde(rename = "userId")]
    pub user_id: String,
    #[serde(rename = "authToken")]
    pub auth_token: String,
}

/// `GET /api/v1/users.info?username=` (admin) and the target of `users.logout`.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq, Eq)]
pub struct UserQuery {
    #[serde(rename = "userId", default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
}

/// `POST /api/v1/channels.create` and `groups.create`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct CreateRoomRequest {
    pub name: String,
    /// Usernames to add besides the creator.
    #[serde(default)]
    pub members: Vec<String>,
    #[serde(rename = "extraData", default, skip_serializing_if = "Option::is_none")]
    pub extra_data: Option<CreateRoomExtra>,
}

/// What else a new room starts with (`extraData` in Rocket.Chat's typings).
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq, Eq)]
pub struct CreateRoomExtra {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub topic: Option<String>,
}

/// `{channel}` from `channels.*`, `{group}` from `groups.*`, `{room}` from `im.create`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct RoomResponse {
    #[serde(alias = "group", alias = "room")]
    pub channel: Room,
    pub success: bool,
}

/// `POST /api/v1/channels.invite` / `groups.invite`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct InviteRequest {
    #[serde(rename = "roomId")]
    pub room_id: String,
    #[serde(rename = "userId")]
    pub user_id: String,
}

/// Bodies naming only a room: `channels.join`, `channels.leave`, `groups.leave`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct RoomIdRequest {
    #[serde(rename = "roomId")]
    pub room_id: String,
}

/// `GET /api/v1/subscriptions.getOne?roomId=`: the user's subscription to a room.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct SubscriptionResponse {
    pub subscription: Subscription,
    pub success: bool,
}

/// `POST /api/v1/im.create`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct CreateDirectRequest {
    pub username: String,
}

/// `POST /api/v1/subscriptions.read`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct ReadRequest {
    pub rid: String,
}

/// `GET /api/v1/statistics` (admins): Confab's own figures of what the server carries now.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct StatisticsResponse {
    #[serde(rename = "openSockets")]
    pub open_sockets: usize,
    /// Link previews read, refused (a blocked address) and failed, since the server started.
    #[serde(rename = "linkPreviews", default)]
    pub link_previews: PreviewCounts,
    pub success: bool,
}

#[derive(Serialize, Deserialize, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PreviewCounts {
    pub read: u64,
    pub refused: u64,
    pub failed: u64,
}

/// A body of just `{success: true}`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct SuccessResponse {
    pub success: bool,
}

/// `GET /api/v1/chat.syncMessages`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct SyncMessagesQuery {
    #[serde(rename = "roomId")]
    pub room_id: String,
    #[serde(rename = "lastUpdate")]
    pub last_update: String,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct SyncMessagesResponse {
    pub result: SyncResult,
    pub success: bool,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct SyncResult {
    pub updated: Vec<Message>,
    pub deleted: Vec<DeletedMessage>,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct DeletedMessage {
    #[serde(rename = "_id")]
    pub id: String,
    #[serde(rename = "_deletedAt")]
    pub deleted_at: Timestamp,
}

/// `POST /api/v1/chat.update`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct UpdateMessageRequest {
    #[serde(rename = "roomId")]
    pub room_id: String,
    #[serde(rename = "msgId")]
    pub msg_id: String,
    pub text: String,
}

/// `POST /api/v1/chat.delete`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct DeleteMessageRequest {
    #[serde(rename = "roomId")]
    pub room_id: String,
    #[serde(rename = "msgId")]
    pub msg_id: String,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct DeleteMessageResponse {
    #[serde(rename = "_id")]
    pub id: String,
    pub ts: Timestamp,
    pub success: bool,
}

/// `POST /api/v1/chat.react`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct ReactRequest {
    #[serde(rename = "messageId")]
    pub message_id: String,
    /// With or without colons: `thumbsup` or `:thumbsup:`.
    pub emoji: String,
    #[serde(rename = "shouldReact", default, skip_serializing_if = "Option::is_none")]
    pub should_react: Option<bool>,
}

/// `GET /api/v1/chat.getThreadMessages`.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq, Eq)]
pub struct ThreadMessagesQuery {
    pub tmid: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offset: Option<u32>,
}

/// A page of messages with its position: `chat.getThreadMessages`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct MessagePage {
    pub messages: Vec<Message>,
    pub count: u32,
    pub offset: u32,
    pub total: u32,
    pub success: bool,
}

/// Query of `channels.members` / `groups.members` / `im.members`.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq, Eq)]
pub struct MembersQuery {
    #[serde(rename = "roomId")]
    pub room_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offset: Option<u32>,
    /// Only members whose username or name contains this (Rocket.Chat's `filter`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filter: Option<String>,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct MembersResponse {
    pub members: Vec<User>,
    pub count: u32,
    pub offset: u32,
    pub total: u32,
    pub success: bool,
}

/// `GET /api/v1/users.autocomplete?selector={"term":"al"}`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct AutocompleteQuery {
    /// JSON text: `{"term": "..."}`.
    pub selector: String,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct AutocompleteResponse {
    pub items: Vec<User>,
    pub success: bool,
}

mod directory;
mod files;
mod integrations;
mod method_call;
mod permissions;
mod pins;
mod read;
mod search;
mod spotlight;

pub use directory::*;
pub use files::*;
pub use integrations::*;
pub use method_call::*;
pub use permissions::*;
pub use pins::*;
pub use search::*;
pub use spotlight::*;
