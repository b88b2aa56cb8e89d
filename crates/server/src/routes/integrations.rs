//! Managing integrations: `integrations.create`, `.list`, `.get`, `.remove` and `.history`, Rocket.Chat's
//! shapes, for holders of `manage-incoming-integrations` or `manage-outgoing-integrations` (each
//! kind its own). Confab runs no integration scripts, so one asking for a script is refused
//! rather than silently run without it. Secrets are never shown back: an incoming hook's token
//! only in the answer to its creation (it is its address), an outgoing hook's never.

use axum::Json;
use axum::extract::State;
use confab_protocol::permission::names;
use confab_protocol::rest::{
    CreateIntegrationRequest, CreatedBy, INCOMING_WEBHOOK, Integration, IntegrationHistoryQuery,
    IntegrationHistoryResponse, IntegrationIdQuery, IntegrationResponse, IntegrationsQuery, IntegrationsResponse,
    OUTGOING_WEBHOOK, RemoveIntegrationRequest,
};
use confab_protocol::{Timestamp, User};

use super::extract::{ApiJson, ApiQuery};
use crate::auth::Authenticated;
use crate::authorization;
use crate::error::ApiError;
use crate::integrations::{check_destination, destinations, outgoing};
use crate::secrets::{new_id, new_secret};
use crate::state::AppState;

/// The permission that manages integrations of `kind`.
fn permission(kind: &str) -> Result<&'static str, ApiError> {
    match kind {
        INCOMING_WEBHOOK => Ok(names::MANAGE_INCOMING_INTEGRATIONS),
        OUTGOING_WEBHOOK => Ok(names::MANAGE_OUTGOING_INTEGRATIONS),
        _ => Err(ApiError::bad_request("error-invalid-type", format!("No integration type {kind:?}"))),
    }
}

/// The kinds `user` may manage; refused when none.
async fn managed_kinds(state: &AppState, user: &User) -> Result<Vec<&'static str>, ApiError> {
    let mut kinds = Vec::new();
    for kind in [INCOMING_WEBHOOK, OUTGOING_WEBHOOK] {
        if authorization::holds(state, user, permission(kind)?, None).await? {
            kinds.push(kind);
        }
    }
    if kinds.is_empty() {
        return Err(ApiError::Forbidden("Managing integrations is not allowed".into()));
    }
    Ok(kinds)
}

fn not_found() -> ApiError {
    ApiError::NotFound { error_type: "error-integration-not-found", message: "No such integration".into() }
}

/// `POST /api/v1/integrations.create`.
pub async fn create(
    State(state): State<AppState>,
    auth: Authenticated,
    ApiJson(body): ApiJson<CreateIntegrationRequest>,
) -> Result<Json<IntegrationResponse>, ApiError> {
    authorization::require(&state, &auth.user, permission(&body.kind)?, None).await?;
    let fields = &body.fields;
    if fields.script_enabled {
        return Err(ApiError::bad_request("error-invalid-params", "Confab runs no integration scripts"));
    }
    let name = fields.name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(ApiError::bad_request("error-invalid-params", "An integration's name is 1 to 100 characters"));
    }
    let poster = state
        .store
        .user_by_username(&fields.username)
        .await?
        .ok_or_else(|| ApiError::bad_request("error-invalid-user", format!("No user {:?}", fields.username)))?;
    let channel = destinations(&body.channel);
    if channel.len() > 20 {
        return Err(ApiError::bad_request("error-invalid-channel", "At most 20 rooms per integration"));
    }
    for destination in &channel {
        check_destination(&state, destination).await?;
    }
    let mut token = None;
    let mut secret = None;
    if body.kind == INCOMING_WEBHOOK {
        if channel.is_empty() {
            return Err(ApiError::bad_request("error-invalid-channel", "Name the room the hook posts to"));
        }
        token = Some(new_secret());
    } else {
        outgoing::check(&state, &body).await?;
        secret = Some(body.token.clone().filter(|t| !t.is_empty()).unwrap_or_else(new_secret));
    }
    let now = Timestamp::now();
    let mut fields = body.fields.clone();
    fields.name = name.to_owned();
    fields.username = poster.username.clone();
    let integration = Integration {
        id: new_id(),
        kind: body.kind.clone(),
        user_id: poster.id.clone(),
        channel,
        token: None,
        fields,
        created_by: Some(CreatedBy { id: auth.user.id.clone(), username: auth.user.username.clone() }),
        created_at: now,
        updated_at: now,
    };
    state.store.insert_integration(&integration, token.as_deref(), secret.as_deref()).await?;
    Ok(Json(IntegrationResponse { integration: Integration { token, ..integration }, success: true }))
}

/// `GET /api/v1/integrations.list`: the kinds the caller manages.
pub async fn list(
    State(state): State<AppState>,
    auth: Authenticated,
    ApiQuery(query): ApiQuery<IntegrationsQuery>,
) -> Result<Json<IntegrationsResponse>, ApiError> {
    let kinds = managed_kinds(&state, &auth.user).await?;
    let kind = match query.kind.as_deref() {
        Some(kind) if !kinds.contains(&kind) => {
            authorization::require(&state, &auth.user, permission(kind)?, None).await?;
            Some(kind)
        }
        Some(kind) => Some(kind),
        None if kinds.len() == 1 => Some(kinds[0]),
        None => None,
    };
    let offset = query.offset.unwrap_or(0).min(1_000_000);
    let count = query.count.unwrap_or(50).clamp(1, 100);
    let (integrations, total) =
        state.store.integrations(kind, query.name.as_deref(), offset as i64, count as i64).await?;
    let items = integrations.len() as u64;
    Ok(Json(IntegrationsResponse { integrations, offset, items, count: items, total: total as u64, success: true }))
}

/// `GET /api/v1/integrations.get?integrationId=`.
pub async fn get(
    State(state): State<AppState>,
    auth: Authenticated,
    ApiQuery(query): ApiQuery<IntegrationIdQuery>,
) -> Result<Json<IntegrationResponse>, ApiError> {
    let kinds = managed_kinds(&state, &auth.user).await?;
    let integration = state.store.integration(&query.integration_id).await?.ok_or_else(not_found)?;
    if !kinds.contains(&integration.kind.as_str()) {
        return Err(not_found());
    }
    Ok(Json(IntegrationResponse { integration, success: true }))
}

/// `POST /api/v1/integrations.remove`.
pub async fn remove(
    State(state): State<AppState>,
    auth: Authenticated,
    ApiJson(body): ApiJson<RemoveIntegrationRequest>,
) -> Result<Json<IntegrationResponse>, ApiError> {
    authorization::require(&state, &auth.user, permission(&body.kind)?, None).await?;
    let integration = state.store.remove_integration(&body.integration_id, &body.kind).await?.ok_or_else(not_found)?;
    Ok(Json(IntegrationResponse { integration, success: true }))
}

/// `GET /api/v1/integrations.history?id=`: an outgoing hook's calls, newest first.
pub async fn history(
    State(state): State<AppState>,
    auth: Authenticated,
    ApiQuery(query): ApiQuery<IntegrationHistoryQuery>,
) -> Result<Json<IntegrationHistoryResponse>, ApiError> {
    authorization::require(&state, &auth.user, names::MANAGE_OUTGOING_INTEGRATIONS, None).await?;
    let integration = state.store.integration(&query.id).await?.filter(|i| i.kind == OUTGOING_WEBHOOK);
    integration.ok_or_else(not_found)?;
    let offset = query.offset.unwrap_or(0).min(1_000_000);
    let count = query.count.unwrap_or(25).clamp(1, 100);
    let (history, total) = state.store.integration_history(&query.id, offset as i64, count as i64).await?;
    let items = history.len() as u64;
    Ok(Json(IntegrationHistoryResponse { history, offset, items, count: items, total: total as u64, success: true }))
}
