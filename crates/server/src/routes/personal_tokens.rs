//! Personal access tokens, as Rocket.Chat's bot SDKs sign in with them:
//! `users.generatePersonalAccessToken`, `users.regeneratePersonalAccessToken`,
//! `users.getPersonalAccessTokens` and `users.removePersonalAccessToken`, for users holding
//! `create-personal-access-tokens` (people and bots by default). A token is shown once, when made.

use axum::Json;
use axum::extract::State;
use confab_protocol::Timestamp;
use confab_protocol::permission::names;
use confab_protocol::rest::{
    PersonalToken, PersonalTokenNameRequest, PersonalTokenRequest, PersonalTokenResponse, PersonalTokensResponse,
    SuccessResponse,
};

use super::extract::ApiJson;
use crate::auth::Authenticated;
use crate::authorization;
use crate::error::ApiError;
use crate::secrets::new_secret;
use crate::state::AppState;

/// The most personal access tokens one user may hold.
const MAX_TOKENS: usize = 50;

fn valid_name(name: &str) -> Result<&str, ApiError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 64 || name.chars().any(char::is_control) {
        return Err(ApiError::bad_request("error-invalid-params", "A token's name is 1 to 64 characters"));
    }
    Ok(name)
}

async fn generate_named(state: &AppState, auth: &Authenticated, name: &str) -> Result<String, ApiError> {
    authorization::require(state, &auth.user, names::CREATE_PERSONAL_ACCESS_TOKENS, None).await?;
    if state.store.personal_tokens(&auth.user.id).await?.len() >= MAX_TOKENS {
        return Err(ApiError::bad_request(
            "error-too-many-tokens",
            format!("A user holds at most {MAX_TOKENS} tokens"),
        ));
    }
    let token = new_secret();
    if !state.store.insert_personal_token(&auth.user.id, name, &token).await? {
        return Err(ApiError::bad_request("error-token-already-exists", "A token with this name already exists"));
    }
    Ok(token)
}

/// `POST /api/v1/users.generatePersonalAccessToken`.
pub async fn generate(
    State(state): State<AppState>,
    auth: Authenticated,
    ApiJson(body): ApiJson<PersonalTokenRequest>,
) -> Result<Json<PersonalTokenResponse>, ApiError> {
    let token = generate_named(&state, &auth, valid_name(&body.token_name)?).await?;
    Ok(Json(PersonalTokenResponse { token, success: true }))
}

/// `POST /api/v1/users.regeneratePersonalAccessToken`: the named token replaced by a new one.
pub async fn regenerate(
    State(state): State<AppState>,
    auth: Authenticated,
    ApiJson(body): ApiJson<PersonalTokenNameRequest>,
) -> Result<Json<PersonalTokenResponse>, ApiError> {
    let name = valid_name(&body.token_name)?;
    authorization::require(&state, &auth.user, names::CREATE_PERSONAL_ACCESS_TOKENS, None).await?;
    if !state.store.remove_personal_token(&auth.user.id, name).await? {
        return Err(not_found());
    }
    let token = generate_named(&state, &auth, name).await?;
    Ok(Json(PersonalTokenResponse { token, success: true }))
}

/// `GET /api/v1/users.getPersonalAccessTokens`: names and last characters, never the tokens.
pub async fn list(
    State(state): State<AppState>,
    auth: Authenticated,
) -> Result<Json<PersonalTokensResponse>, ApiError> {
    authorization::require(&state, &auth.user, names::CREATE_PERSONAL_ACCESS_TOKENS, None).await?;
    let tokens = state
        .store
        .personal_tokens(&auth.user.id)
        .await?
        .into_iter()
        .map(|(name, created_at, last_token_part)| PersonalToken {
            name,
            created_at: Timestamp(created_at),
            last_token_part,
            bypass_two_factor: false,
        })
        .collect();
    Ok(Json(PersonalTokensResponse { tokens, success: true }))
}

/// `POST /api/v1/users.removePersonalAccessToken`.
pub async fn remove(
    State(state): State<AppState>,
    auth: Authenticated,
    ApiJson(body): ApiJson<PersonalTokenNameRequest>,
) -> Result<Json<SuccessResponse>, ApiError> {
    authorization::require(&state, &auth.user, names::CREATE_PERSONAL_ACCESS_TOKENS, None).await?;
    if !state.store.remove_personal_token(&auth.user.id, valid_name(&body.token_name)?).await? {
        return Err(not_found());
    }
    Ok(Json(SuccessResponse { success: true }))
}

fn not_found() -> ApiError {
    ApiError::bad_request("error-token-does-not-exists", "There is no token with this name")
}
