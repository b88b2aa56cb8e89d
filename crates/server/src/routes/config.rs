//! `GET /chat/config?clientType=web`: the host backend's boot document for the app.
//!
//! Identifies the end user (see `host`), creates their chat user on first sight, hands them a
//! live login token, and answers with the config. Failures carry Mia-Platform's error object.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use confab_protocol::config::{
    Authentication, ChatConfig, ConfigError, ConfigErrorResponse, ConnectionOptions, Embed, ServerLocation, Setting,
    WEB_CLIENT_TYPE,
};
use serde::Deserialize;

use crate::demo_themes;
use crate::error::ApiError;
use crate::host_backend::{self, IdentityError};
use crate::limits::Limit;
use crate::livechat::{self, settings::SupportSession};
use crate::state::AppState;

#[derive(Deserialize)]
pub struct ConfigQuery {
    #[serde(rename = "clientType")]
    client_type: Option<String>,
    /// A visitor's token (see `livechat`): who is not signed in chats as this visitor, where
    /// the server takes visitors.
    visitor: Option<String>,
}

pub(super) fn failure(status: StatusCode, title: &str, message: &str) -> Response {
    refusal(status, title, message, Setting::Unset)
}

/// A failure that also carries the embedding rules, which are the same for everyone: a framed app
/// that is not signed in needs them to accept its host's `login-with-token`.
fn refusal(status: StatusCode, title: &str, message: &str, embed: Setting<Embed>) -> Response {
    let body = ConfigErrorResponse { errors: ConfigError { title: title.into(), message: message.into() }, embed };
    (status, Json(body)).into_response()
}

pub async fn config(
    State(state): State<AppState>,
    headers: HeaderMap,
    query: Result<axum::extract::Query<ConfigQuery>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let (client_type, visitor) = query.ok().map(|q| (q.0.client_type, q.0.visitor)).unwrap_or_default();
    if let Some(refused) = client_type_refusal(client_type.as_deref()) {
        return refused;
    }
    let takes_visitors = (state.settings.visitors || state.settings.demo) && state.settings.provider_url.is_none();
    let identity = host_backend::identify(&state.store, &headers, &state.settings).await;
    let mut support = None;
    let username = match identity {
        Ok(username) => username,
        Err(IdentityError::Missing) if visitor.is_some() && takes_visitors => {
            let token = visitor.unwrap_or_default();
            if let Err(wait) = state.limits.check(Limit::Mint, &token) {
                return too_many(wait);
            }
            match visitor_session(&state, &token).await {
                Ok((Some(username), session)) => {
                    support = Some(session);
                    username
                }
                // Not written yet: the app shows the welcome, with no login; nothing is stored.
                Ok((None, session)) => {
                    let nobody = Authentication {
                        user_id: String::new(),
                        user_token: String::new(),
                        api_key: state.settings.api_key.clone(),
                    };
                    let body = chat_config(&state, &headers, nobody, None, None, Some(session));
                    return (StatusCode::ACCEPTED, Json(body)).into_response();
                }
                Err(ApiError::BadRequest { message, .. }) => {
                    return failure(StatusCode::BAD_REQUEST, "Invalid visitor", &message);
                }
                Err(error) => {
                    tracing::error!(%error, "starting a visitor's conversation failed");
                    return unavailable();
                }
            }
        }
        Err(error) => return identity_failure(&state, error),
    };
    match signed_in_config(&state, &headers, &username, support).await {
        Ok(config) => Json(config).into_response(),
        Err(refused) => refused,
    }
}

/// The answer to a caller the host backend could not identify.
pub(super) fn identity_failure(state: &AppState, error: IdentityError) -> Response {
    match error {
        IdentityError::Missing => {
            let hint = if state.settings.demo { " Choose a demo user at /demo." } else { "" };
            let message = format!("Sign in to use the chat.{hint}");
            refusal(StatusCode::UNAUTHORIZED, "Not signed in", &message, state.branding.embed.clone())
        }
        IdentityError::Invalid => {
            failure(StatusCode::BAD_REQUEST, "Invalid identity", "The user identity on the request is not valid.")
        }
        IdentityError::Rejected(reason) => {
            tracing::info!(%reason, "refused a host token");
            refusal(
                StatusCode::UNAUTHORIZED,
                "Session expired",
                "Your sign-in is no longer valid. Sign in again.",
                state.branding.embed.clone(),
            )
        }
        IdentityError::Store(error) => {
            tracing::error!(%error, "identifying the config caller failed");
            unavailable()
        }
    }
}

/// The config of `username`, identified by the host backend (or a visitor, with their
/// `support` session): a live login token minted for them, within the rate of minting.
pub(super) async fn signed_in_config(
    state: &AppState,
    headers: &HeaderMap,
    username: &str,
    support: Option<SupportSession>,
) -> Result<ChatConfig, Response> {
    if support.is_none()
        && let Err(wait) = state.limits.check(Limit::Mint, username)
    {
        return Err(too_many(wait));
    }
    let credentials = match state.minter.credentials_for(&state.store, username).await {
        Ok(credentials) => credentials,
        Err(error) => {
            tracing::error!(%error, "issuing chat credentials failed");
            return Err(unavailable());
        }
    };
    let authentication = Authentication {
        user_id: credentials.user_id,
        user_token: credentials.token,
        api_key: state.settings.api_key.clone(),
    };
    let server = credentials.server_url.map(|url| ServerLocation { url });
    Ok(chat_config(state, headers, authentication, Some(credentials.expires), server, support))
}

/// The refusal of a client type other than the web's, the only one with a config.
pub(super) fn client_type_refusal(client_type: Option<&str>) -> Option<Response> {
    match client_type {
        Some(WEB_CLIENT_TYPE) => None,
        Some(_) => Some(failure(
            StatusCode::NOT_FOUND,
            "Unknown client type",
            "There is no chat configuration for this client type.",
        )),
        None => {
            Some(failure(StatusCode::BAD_REQUEST, "Missing client type", "The clientType query parameter is required."))
        }
    }
}

fn chat_config(
    state: &AppState,
    headers: &HeaderMap,
    authentication: Authentication,
    token_expires: Option<confab_protocol::Timestamp>,
    server: Option<ServerLocation>,
    support: Option<SupportSession>,
) -> ChatConfig {
    ChatConfig {
        authentication,
        token_expires,
        server,
        // The demo's chosen look, else the operator's branding.
        theme: host_backend::cookie(headers, demo_themes::THEME_COOKIE)
            .filter(|_| state.settings.demo)
            .map(demo_themes::theme)
            .filter(|theme| !theme.is_unset())
            .unwrap_or_else(|| state.branding.theme.clone()),
        features: state.branding.features.clone(),
        labels: state.branding.labels.clone(),
        locale: state.branding.locale.clone(),
        actions: state.branding.actions.clone(),
        connection: ConnectionOptions { dead_after_ms: state.settings.client_dead_after_ms },
        embed: state.branding.embed.clone(),
        view: state.branding.view.clone(),
        support: support.and_then(|session| serde_json::to_value(session).ok()),
    }
}

fn too_many(wait: crate::limits::TooMany) -> Response {
    let mut response = failure(StatusCode::TOO_MANY_REQUESTS, "Too many requests", &wait.sentence());
    if let Ok(value) = wait.seconds().to_string().parse() {
        response.headers_mut().insert(axum::http::header::RETRY_AFTER, value);
    }
    response
}

/// What the app of the visitor holding `token` needs: with their username and conversation if
/// they have one open, else (they have not written yet, or their last conversation is closed) the
/// welcome the next one opens with. Nothing is stored here.
async fn visitor_session(state: &AppState, token: &str) -> Result<(Option<String>, SupportSession), ApiError> {
    livechat::check_token(token)?;
    let visitor = state.store.visitor_by_token(token).await?;
    let rid = match &visitor {
        Some(visitor) => state.store.open_conversation_of(&visitor.id).await?,
        None => None,
    };
    let support = &state.branding.support;
    let named = visitor.as_ref().is_some_and(|v| v.name.is_some());
    let session = SupportSession {
        token: token.to_owned(),
        pending: rid.is_none(),
        welcome: if rid.is_none() { livechat::coming_welcome(state).await? } else { None },
        rid: rid.clone(),
        team: livechat::team_name(state),
        prechat: if named { Vec::new() } else { support.prechat.clone() },
        consent: support.consent.clone(),
        departments: state.store.departments().await?.into_iter().map(|(d, _)| d).filter(|d| d.enabled).collect(),
    };
    Ok((visitor.filter(|_| rid.is_some()).map(|v| v.username), session))
}

fn unavailable() -> Response {
    failure(StatusCode::SERVICE_UNAVAILABLE, "Chat unavailable", "The chat service could not be reached.")
}
