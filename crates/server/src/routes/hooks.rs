//! `POST /hooks/:integrationId/:token`: an incoming webhook's address. A wrong id and a wrong
//! token get the same answer, so the address cannot be guessed a part at a time.

use axum::Json;
use axum::extract::State;
use confab_protocol::rest::{IncomingHookBody, SuccessResponse};

use super::extract::{ApiJson, ApiPath};
use crate::error::ApiError;
use crate::integrations::incoming;
use crate::state::AppState;

pub async fn incoming_hook(
    State(state): State<AppState>,
    ApiPath((id, token)): ApiPath<(String, String)>,
    ApiJson(body): ApiJson<IncomingHookBody>,
) -> Result<Json<SuccessResponse>, ApiError> {
    let valid = id.len() <= 64 && token.len() <= 256;
    let integration = match valid {
        true => state.store.incoming_hook(&id, &token).await?,
        false => None,
    };
    let integration = integration.ok_or_else(|| ApiError::NotFound {
        error_type: "error-invalid-integration",
        message: "Invalid integration id or token provided".into(),
    })?;
    incoming::post(&state, &integration, body).await?;
    Ok(Json(SuccessResponse { success: true }))
}
