//! `GET /chat/first-screen?clientType=web`: the signed-in user's first screen (their rooms, with
//! unread counts and the last message of each) rendered to HTML by the app's own components, in
//! the reader's language and the client's theme, followed by what it was rendered from.
//!
//! The caller is identified as for `/chat/config`, and the answer carries the config with its
//! fresh login, so it is the user's alone: never kept by a shared cache. In provider mode the
//! list is read from the provider, with the user's own login, as the app would read it. A visitor, or a server
//! that cannot render, gets no fragment (`204`), and the app then starts as without one.

use axum::extract::{Query, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE, ORIGIN, VARY};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use confab_core::services::prefs::{self, Prefs};
use confab_protocol::Timestamp;
use confab_protocol::config::ChatConfig;
use confab_protocol::first_screen::{FIRST_SCREEN_SCRIPT_ID, FirstScreen, script_json};
use confab_protocol::rest::{MeResponse, RoomsResponse, SubscriptionsResponse};
use serde::Deserialize;

use super::config::{client_type_refusal, identity_failure, signed_in_config};
use crate::host_backend;
use crate::provider::ProviderError;
use crate::state::AppState;

/// The furthest a time zone is from UTC, in minutes (UTC+14:00).
const MAX_UTC_OFFSET: i32 = 14 * 60;

#[derive(Deserialize)]
pub struct FirstScreenQuery {
    #[serde(rename = "clientType")]
    client_type: Option<String>,
    /// The reader's offset from UTC in minutes, east positive (`-new Date().getTimezoneOffset()`):
    /// the list's times are written in it.
    #[serde(rename = "utcOffset", default)]
    utc_offset: i32,
}

pub async fn first_screen(
    State(state): State<AppState>,
    headers: HeaderMap,
    query: Result<Query<FirstScreenQuery>, axum::extract::rejection::QueryRejection>,
) -> Response {
    let Ok(Query(query)) = query else {
        return super::config::failure(StatusCode::BAD_REQUEST, "Invalid query", "utcOffset is a number of minutes.");
    };
    if let Some(refused) = client_type_refusal(query.client_type.as_deref()) {
        return refused;
    }
    let username = match host_backend::identify(&state.store, &headers, &state.settings).await {
        Ok(username) => username,
        Err(error) => return identity_failure(&state, error),
    };
    let config = match signed_in_config(&state, &headers, &username, None).await {
        Ok(config) => config,
        Err(refused) => return refused,
    };
    let mut answer = match fragment(&state, &headers, config, query.utc_offset).await {
        Some(fragment) => private(StatusCode::OK, fragment),
        None => private(StatusCode::NO_CONTENT, String::new()),
    };
    // A host page that may read the fragment may time it too (what Confab costs its pages); no
    // other page may learn even its size.
    if let Some(origin) = headers.get(ORIGIN).filter(|origin| {
        origin.to_str().is_ok_and(|o| state.settings.allowed_origins.iter().any(|a| a.trim_end_matches('/') == o))
    }) {
        answer.headers_mut().insert("timing-allow-origin", origin.clone());
    }
    answer
}

/// `username`'s first screen, as HTML followed by the script with what it was rendered from, if
/// the user is (still) here and their screen could be gathered and rendered. It carries a fresh
/// login, so it goes to them alone, answered as [`private`].
pub(super) async fn for_user(state: &AppState, headers: &HeaderMap, username: &str, utc_offset: i32) -> Option<String> {
    let config = signed_in_config(state, headers, username, None).await.ok()?;
    fragment(state, headers, config, utc_offset).await
}

async fn fragment(state: &AppState, headers: &HeaderMap, config: ChatConfig, utc_offset: i32) -> Option<String> {
    let first = match gathered(state, config, utc_offset.clamp(-MAX_UTC_OFFSET, MAX_UTC_OFFSET)).await {
        Ok(first) => first?,
        Err(error) => {
            tracing::error!(%error, "reading the first screen failed");
            return None;
        }
    };
    let json = serde_json::to_string(&first).ok()?;
    let html = rendered(first, reader_language(headers), reader_prefs(headers)).await?;
    Some(
        html + &format!(
            r#"<script type="application/json" id="{FIRST_SCREEN_SCRIPT_ID}">{}</script>"#,
            script_json(&json)
        ),
    )
}

/// Why the first screen could not be gathered (the app then starts without it).
#[derive(Debug, thiserror::Error)]
enum Unread {
    #[error(transparent)]
    Store(#[from] sqlx::Error),
    #[error(transparent)]
    Provider(#[from] ProviderError),
}

/// What `/chat/config`, `me`, `subscriptions.get` and `rooms.get` would answer this user now:
/// read here, or in provider mode from the server their chat lives on, as the app would read
/// it. None for a user that no longer exists.
async fn gathered(state: &AppState, config: ChatConfig, utc_offset: i32) -> Result<Option<FirstScreen>, Unread> {
    let auth = &config.authentication;
    let (me, subscriptions, rooms) = match state.minter.provider() {
        Some(provider) => {
            let (id, token) = (&auth.user_id, &auth.user_token);
            tokio::try_join!(
                provider.read_as::<MeResponse>("me", id, token),
                provider.read_as::<SubscriptionsResponse>("subscriptions.get", id, token),
                provider.read_as::<RoomsResponse>("rooms.get", id, token),
            )?
        }
        None => {
            let id = &auth.user_id;
            let Some(user) = state.store.user_by_id(id).await? else { return Ok(None) };
            let chosen = state.store.stored_presence(id).await?.map(|p| p.chosen.as_str().to_owned());
            let (subscriptions, rooms) =
                (state.store.subscriptions_of(id, None).await?, state.store.rooms_of(id, None).await?);
            (
                MeResponse { user, status_default: chosen, success: true },
                SubscriptionsResponse { update: subscriptions, remove: Vec::new(), success: true },
                RoomsResponse { update: rooms, remove: Vec::new(), success: true },
            )
        }
    };
    Ok(Some(FirstScreen {
        config,
        me,
        subscriptions,
        rooms,
        utc_offset_minutes: utc_offset,
        rendered_at: Timestamp::now(),
    }))
}

/// The first language of the reader's `Accept-Language` that the app speaks.
fn reader_language(headers: &HeaderMap) -> Option<String> {
    let accepted = headers.get(axum::http::header::ACCEPT_LANGUAGE)?.to_str().ok()?;
    accept_language::parse(accepted).into_iter().find(|tag| confab_core::i18n::catalog::supported(tag).is_some())
}

/// What the reader chose in the app's Settings (language, light or dark), as the app keeps it in
/// a cookie beside its storage; nothing if there is none, or it cannot be read.
fn reader_prefs(headers: &HeaderMap) -> Prefs {
    let cookie = crate::host_backend::cookie(headers, prefs::COOKIE);
    let text = cookie.and_then(|c| percent_encoding::percent_decode_str(c).decode_utf8().ok());
    text.and_then(|text| confab_protocol::json::read(&text)).unwrap_or_default()
}

/// The app's components render on a thread of their own, from start to end: they are not `Send`,
/// and the clock they write times with is that thread's (see `confab_core::first_screen`). A
/// rendering that fails (it panicked) gives none.
async fn rendered(first: FirstScreen, language: Option<String>, chosen: Prefs) -> Option<String> {
    let runtime = tokio::runtime::Handle::current();
    let render = move || runtime.block_on(confab_core::first_screen::render(first, language, chosen));
    tokio::task::spawn_blocking(render).await.ok()
}

/// An answer for this user alone: no shared cache keeps it, and none serves it to another.
pub(super) fn private(status: StatusCode, html: String) -> Response {
    let mut response = (status, html).into_response();
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    headers.insert(VARY, HeaderValue::from_static("Cookie, Authorization"));
    response
}
