//! Bots and integrations, Rocket.Chat's shapes (`@rocket.chat/rest-typings` `integrations.*` and
//! `users.*PersonalAccessToken*`, `@rocket.chat/core-typings` `IIntegration`): personal access
//! tokens for bot accounts, and incoming and outgoing webhooks.

use serde::{Deserialize, Serialize};

use serde_json::Value;

use crate::Timestamp;
use crate::attachment::Attachment;

pub const INCOMING_WEBHOOK: &str = "webhook-incoming";
pub const OUTGOING_WEBHOOK: &str = "webhook-outgoing";

/// `POST /api/v1/users.generatePersonalAccessToken`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct PersonalTokenRequest {
    #[serde(rename = "tokenName")]
    pub token_name: String,
    #[serde(rename = "bypassTwoFactor", default)]
    pub bypass_two_factor: bool,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct PersonalTokenResponse {
    pub token: String,
    pub success: bool,
}

/// `POST /api/v1/users.removePersonalAccessToken`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct PersonalTokenNameRequest {
    #[serde(rename = "tokenName")]
    pub token_name: String,
}

/// One of `GET /api/v1/users.getPersonalAccessTokens`: never the token itself.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct PersonalToken {
    pub name: String,
    #[serde(rename = "createdAt")]
    pub created_at: Timestamp,
    #[serde(rename = "lastTokenPart")]
    pub last_token_part: String,
    #[serde(rename = "bypassTwoFactor")]
    pub bypass_two_factor: bool,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct PersonalTokensResponse {
    pub tokens: Vec<PersonalToken>,
    pub success: bool,
}

/// Who made an integration.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct CreatedBy {
    #[serde(rename = "_id")]
    pub id: String,
    pub username: String,
}

/// The fields an integration is made with (`integrations.create`), either kind; the kind's own
/// fields are absent on the other.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq, Eq)]
pub struct IntegrationFields {
    pub name: String,
    #[serde(default)]
    pub enabled: bool,
    /// Who the integration posts as.
    pub username: String,
    #[serde(rename = "scriptEnabled", default)]
    pub script_enabled: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub script: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alias: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub avatar: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub emoji: Option<String>,
    /// Incoming: whether a call may name another destination than `channel`.
    #[serde(rename = "overrideDestinationChannelEnabled", default, skip_serializing_if = "Option::is_none")]
    pub override_destination: Option<bool>,
    /// Outgoing: the event that calls it (`sendMessage`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub urls: Option<Vec<String>>,
    #[serde(rename = "triggerWords", default, skip_serializing_if = "Option::is_none")]
    pub trigger_words: Option<Vec<String>>,
    #[serde(rename = "triggerWordAnywhere", default, skip_serializing_if = "Option::is_none")]
    pub trigger_word_anywhere: Option<bool>,
    #[serde(rename = "targetRoom", default, skip_serializing_if = "Option::is_none")]
    pub target_room: Option<String>,
    #[serde(rename = "runOnEdits", default, skip_serializing_if = "Option::is_none")]
    pub run_on_edits: Option<bool>,
    #[serde(rename = "retryFailedCalls", default, skip_serializing_if = "Option::is_none")]
    pub retry_failed_calls: Option<bool>,
    #[serde(rename = "retryCount", default, skip_serializing_if = "Option::is_none")]
    pub retry_count: Option<u32>,
    /// `powers-of-ten`, `powers-of-two` or `increments-of-two`, as Rocket.Chat names them.
    #[serde(rename = "retryDelay", default, skip_serializing_if = "Option::is_none")]
    pub retry_delay: Option<String>,
    #[serde(rename = "impersonateUser", default, skip_serializing_if = "Option::is_none")]
    pub impersonate_user: Option<bool>,
}

/// `POST /api/v1/integrations.create`: the kind, its destinations as Rocket.Chat writes them
/// (`#general, @bob`), and its fields; an outgoing hook's `token` is the one sent to its URLs.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct CreateIntegrationRequest {
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub channel: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
    #[serde(flatten)]
    pub fields: IntegrationFields,
}

/// An integration as the API shows it (`IIntegration`). Its secret is shown once: an incoming
/// hook's `token` in the answer to its creation, never after, and an outgoing hook's never.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Integration {
    #[serde(rename = "_id")]
    pub id: String,
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(rename = "userId")]
    pub user_id: String,
    pub channel: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
    #[serde(flatten)]
    pub fields: IntegrationFields,
    #[serde(rename = "_createdBy")]
    pub created_by: Option<CreatedBy>,
    #[serde(rename = "_createdAt")]
    pub created_at: Timestamp,
    #[serde(rename = "_updatedAt")]
    pub updated_at: Timestamp,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct IntegrationResponse {
    pub integration: Integration,
    pub success: bool,
}

/// `GET /api/v1/integrations.list`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct IntegrationsResponse {
    pub integrations: Vec<Integration>,
    pub offset: u64,
    pub items: u64,
    pub count: u64,
    pub total: u64,
    pub success: bool,
}

/// `GET /api/v1/integrations.get?integrationId=`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct IntegrationIdQuery {
    #[serde(rename = "integrationId")]
    pub integration_id: String,
}

/// `GET /api/v1/integrations.list?offset=&count=&type=&name=`.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq, Eq)]
pub struct IntegrationsQuery {
    #[serde(default)]
    pub offset: Option<u64>,
    #[serde(default)]
    pub count: Option<u64>,
    #[serde(rename = "type", default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub name: Option<String>,
}

/// `POST /api/v1/integrations.remove`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct RemoveIntegrationRequest {
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(rename = "integrationId")]
    pub integration_id: String,
}

/// `POST /hooks/:integrationId/:token`: what an incoming webhook posts, and what an outgoing
/// hook's endpoint answers. `channel` is heard only when the integration allows another
/// destination.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq)]
pub struct IncomingHookBody {
    #[serde(default)]
    pub text: Option<String>,
    #[serde(default)]
    pub attachments: Option<Vec<Attachment>>,
    /// UI Kit blocks (see [`crate::blocks`]).
    #[serde(default)]
    pub blocks: Option<Vec<Value>>,
    #[serde(default)]
    pub channel: Option<String>,
    #[serde(default)]
    pub alias: Option<String>,
    #[serde(default)]
    pub avatar: Option<String>,
    #[serde(default)]
    pub emoji: Option<String>,
}

/// One call of an outgoing hook as `integrations.history` shows it (`IIntegrationHistory`):
/// where it went, at which step it is, and what came back.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct IntegrationHistory {
    #[serde(rename = "_id")]
    pub id: String,
    #[serde(rename = "type")]
    pub kind: String,
    /// `pending`, `retrying`, `finished` or `failed`.
    pub step: String,
    pub integration: IntegrationRef,
    pub event: String,
    #[serde(rename = "_createdAt")]
    pub created_at: Timestamp,
    #[serde(rename = "_updatedAt")]
    pub updated_at: Timestamp,
    pub data: HistoryData,
    #[serde(rename = "ranPrepareScript")]
    pub ran_prepare_script: bool,
    pub finished: bool,
    #[serde(rename = "triggerWord", default, skip_serializing_if = "Option::is_none")]
    pub trigger_word: Option<String>,
    pub url: String,
    /// How many calls were made.
    pub attempts: u32,
    #[serde(rename = "httpResult", default, skip_serializing_if = "Option::is_none")]
    pub http_result: Option<String>,
    #[serde(rename = "httpError", default, skip_serializing_if = "Option::is_none")]
    pub http_error: Option<String>,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct IntegrationRef {
    #[serde(rename = "_id")]
    pub id: String,
}

/// The message a call was made for.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct HistoryData {
    pub message_id: String,
    pub channel_id: String,
    pub user_id: String,
}

/// `GET /api/v1/integrations.history?id=&offset=&count=`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct IntegrationHistoryQuery {
    pub id: String,
    #[serde(default)]
    pub offset: Option<u64>,
    #[serde(default)]
    pub count: Option<u64>,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct IntegrationHistoryResponse {
    pub history: Vec<IntegrationHistory>,
    pub offset: u64,
    pub items: u64,
    pub count: u64,
    pub total: u64,
    pub success: bool,
}
