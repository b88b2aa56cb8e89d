//! Avatars: `/avatar/:username` and `/avatar/room/:rid` serve the uploaded picture, or initials
//! drawn by the server; `users.setAvatar` (a picture, or an address fetched once) and
//! `users.resetAvatar` change them, and every signed-in client hears of it (`updateAvatar`).
//!
//! A user's avatar is public, as Rocket.Chat's is by default: `<img>` cannot send credentials,
//! and the initials are drawn from the username in the address, so an avatar tells nothing the
//! asker did not know. A private room's avatar would show its name, so it is drawn only for a
//! member who says who they are; anyone else gets a blank tile. Answers revalidate every time
//! (`no-cache` with an `ETag`), so a changed picture shows at the next look.

use axum::Json;
use axum::body::Body;
use axum::extract::multipart::MultipartError;
use axum::extract::{FromRequest, Multipart, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use confab_protocol::avatar::{FOREGROUND, background, initials};
use confab_protocol::rest::{AUTH_TOKEN_HEADER, ResetAvatarRequest, SetAvatarRequest, SuccessResponse, USER_ID_HEADER};
use confab_protocol::{RoomType, Timestamp, User};
use tokio::io::AsyncReadExt;

use super::extract::{self, ApiJson, ApiPath};
use crate::auth::{Authenticated, resume};
use crate::error::ApiError;
use crate::files::intake::form_text;
use crate::secrets::{hash_secret, new_id};
use crate::state::AppState;
use crate::store::Avatar;

/// The largest picture accepted as an avatar, uploaded or fetched.
pub const MAX_AVATAR_BYTES: usize = 5 * 1024 * 1024;

const AVATAR_CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; sandbox";

fn storage_key(user_id: &str) -> String {
    format!("avatar-{user_id}")
}

/// An avatar answer, or 304 when the client already has this one.
fn answer(request_headers: &HeaderMap, etag: &str, media_type: &str, body: Body) -> Response {
    let etag = format!("\"{etag}\"");
    let fresh = request_headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|given| given.split(',').any(|tag| tag.trim() == etag));
    let headers = [
        (header::ETAG, HeaderValue::from_str(&etag).unwrap_or_else(|_| HeaderValue::from_static("\"\""))),
        (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
        (header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(AVATAR_CSP)),
    ];
    if fresh {
        return (StatusCode::NOT_MODIFIED, headers).into_response();
    }
    let media_type = HeaderValue::from_str(media_type).unwrap_or_else(|_| HeaderValue::from_static("image/png"));
    (headers, [(header::CONTENT_TYPE, media_type)], body).into_response()
}

/// Initials on their colour, as SVG; no initials at all for a blank tile.
fn initials_svg(request_headers: &HeaderMap, name: Option<&str>) -> Response {
    let (letters, fill) = match name {
        Some(name) => (initials(name).to_uppercase(), background(name)),
        None => (String::new(), "#9e9e9e"),
    };
    let svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"64\" height=\"64\" viewBox=\"0 0 64 64\"><rect width=\"64\" height=\"64\" \
         fill=\"{fill}\"/><text x=\"32\" y=\"32\" dy=\".35em\" text-anchor=\"middle\" font-family=\"system-ui, \
         sans-serif\" font-size=\"28\" font-weight=\"600\" fill=\"{FOREGROUND}\">{}</text></svg>",
        html_escape::encode_text(&letters)
    );
    let etag = format!("i-{}", &hash_secret(&svg)[..16]);
    answer(request_headers, &etag, "image/svg+xml", Body::from(svg))
}

/// `GET /avatar/:username`.
pub async fn user_avatar(
    State(state): State<AppState>,
    ApiPath(username): ApiPath<String>,
    headers: HeaderMap,
) -> Response {
    let username = username.trim_start_matches('@');
    if username.is_empty() || username.len() > 128 {
        return initials_svg(&headers, None);
    }
    match picture(&state, username).await {
        Ok(Some((avatar, body))) => answer(&headers, &avatar.etag, &avatar.media_type, body),
        Ok(None) => initials_svg(&headers, Some(username)),
        Err(error) => error.into_response(),
    }
}

/// The uploaded picture of the user called `username`, if there is one.
async fn picture(state: &AppState, username: &str) -> Result<Option<(Avatar, Body)>, ApiError> {
    let Some(user) = state.store.user_by_username(username).await? else { return Ok(None) };
    let Some(avatar) = state.store.avatar(&user.id).await? else { return Ok(None) };
    let Some(mut stored) =
        state.files.open(&storage_key(&user.id)).await.map_err(|e| ApiError::Internal(e.to_string()))?
    else {
        return Ok(None);
    };
    let mut bytes = Vec::with_capacity(usize::try_from(stored.len).unwrap_or_default());
    stored.body.read_to_end(&mut bytes).await.map_err(|e| ApiError::Internal(e.to_string()))?;
    Ok(Some((avatar, Body::from(bytes))))
}

/// The user the request's `X-User-Id` and `X-Auth-Token` sign in, if they do.
async fn caller(state: &AppState, headers: &HeaderMap) -> Option<User> {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let (user_id, token) = (header(USER_ID_HEADER)?, header(AUTH_TOKEN_HEADER)?);
    let (user, _) = resume(&state.store, token).await.ok().flatten()?;
    (user.id == user_id).then_some(user)
}

/// `GET /avatar/room/:rid`: a channel's initials for anyone; a private room's (for a direct
/// room, the other member's avatar) for its members.
pub async fn room_avatar(State(state): State<AppState>, ApiPath(rid): ApiPath<String>, headers: HeaderMap) -> Response {
    let Ok(Some(room)) = state.store.room(&rid).await else { return initials_svg(&headers, None) };
    if room.t == RoomType::Channel {
        return initials_svg(&headers, Some(room.fname.as_deref().or(room.name.as_deref()).unwrap_or_default()));
    }
    let Some(user) = caller(&state, &headers).await else { return initials_svg(&headers, None) };
    let Ok(Some(subscription)) = state.store.subscription(&rid, &user.id).await else {
        return initials_svg(&headers, None);
    };
    if room.t == RoomType::Direct {
        // A direct room's subscription is named after the other member.
        return user_avatar(State(state), ApiPath(subscription.name), headers).await;
    }
    initials_svg(&headers, Some(&subscription.name))
}

/// Whose avatar a call changes: the caller's own, or (for an admin) the one it names.
async fn target(
    state: &AppState,
    caller: &User,
    user_id: Option<&str>,
    username: Option<&str>,
) -> Result<User, ApiError> {
    let named = match (user_id, username) {
        (Some(id), _) if id != caller.id => state.store.user_by_id(id).await?,
        (None, Some(name)) if name != caller.username => state.store.user_by_username(name).await?,
        _ => return Ok(caller.clone()),
    };
    if !caller.is_admin() {
        return Err(ApiError::Forbidden("Only an admin may change another user's avatar".into()));
    }
    named.ok_or_else(|| ApiError::bad_request("error-invalid-user", "There is no such user"))
}

/// `POST /api/v1/users.setAvatar`: a multipart form with the picture as `image`, or JSON with
/// an `avatarUrl` fetched once (over the same guarded client as link previews).
pub async fn set_avatar(
    State(state): State<AppState>,
    auth: Authenticated,
    request: Request,
) -> Result<Json<SuccessResponse>, ApiError> {
    let multipart = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("multipart/form-data"));
    let (bytes, user_id, username) = if multipart {
        let form = extract::multipart(Multipart::from_request(request, &state).await, too_large)?;
        read_form(form).await?
    } else {
        let ApiJson(body) = ApiJson::<SetAvatarRequest>::from_request(request, &state).await?;
        let address = body.avatar_url.as_deref().filter(|a| !a.is_empty()).ok_or_else(|| {
            ApiError::bad_request("error-invalid-params", "Send the picture as \"image\", or its \"avatarUrl\"")
        })?;
        let fetched = state.fetcher.get(address, MAX_AVATAR_BYTES, false).await.map_err(|e| {
            ApiError::bad_request("error-avatar-url-handling", format!("The picture could not be fetched: {e}"))
        })?;
        (fetched.body, body.user_id, body.username)
    };
    let user = target(&state, &auth.user, user_id.as_deref(), username.as_deref()).await?;
    let made = state.images.avatar(bytes).await?;
    let io = |e: std::io::Error| ApiError::Internal(format!("storing an avatar: {e}"));
    let mut file = state.files.create(&storage_key(&user.id)).await.map_err(io)?;
    file.write(&made.bytes).await.map_err(io)?;
    file.commit().await.map_err(io)?;
    let avatar = Avatar { media_type: made.media_type.to_owned(), etag: new_id() };
    state.store.set_avatar(&user.id, &avatar, Timestamp::now()).await?;
    state.events.avatar_changed(&user.username, &avatar.etag);
    Ok(Json(SuccessResponse { success: true }))
}

fn too_large() -> ApiError {
    ApiError::TooLarge {
        error_type: "error-file-too-large",
        message: format!("An avatar may be at most {MAX_AVATAR_BYTES} bytes"),
    }
}

fn form_error(error: &MultipartError) -> ApiError {
    if error.status() == StatusCode::PAYLOAD_TOO_LARGE {
        too_large()
    } else {
        ApiError::bad_request("error-invalid-params", format!("The form could not be read: {}", error.body_text()))
    }
}

async fn read_form(mut form: Multipart) -> Result<(Vec<u8>, Option<String>, Option<String>), ApiError> {
    let (mut image, mut user_id, mut username) = (None, None, None);
    while let Some(mut field) = form.next_field().await.map_err(|e| form_error(&e))? {
        let name = field.name().unwrap_or_default().to_owned();
        let limit = if name == "image" { MAX_AVATAR_BYTES } else { 256 };
        let mut bytes = Vec::new();
        while let Some(chunk) = field.chunk().await.map_err(|e| form_error(&e))? {
            if bytes.len() + chunk.len() > limit {
                return Err(too_large());
            }
            bytes.extend_from_slice(&chunk);
        }
        match name.as_str() {
            "image" => image = Some(bytes),
            "userId" => user_id = Some(form_text(&name, bytes)?),
            "username" => username = Some(form_text(&name, bytes)?),
            _ => {}
        }
    }
    let image = image.ok_or_else(|| ApiError::bad_request("error-invalid-params", "The form has no \"image\""))?;
    Ok((image, user_id, username))
}

/// `POST /api/v1/users.resetAvatar`: back to initials.
pub async fn reset_avatar(
    State(state): State<AppState>,
    auth: Authenticated,
    ApiJson(body): ApiJson<ResetAvatarRequest>,
) -> Result<Json<SuccessResponse>, ApiError> {
    let user = target(&state, &auth.user, body.user_id.as_deref(), body.username.as_deref()).await?;
    if state.store.remove_avatar(&user.id).await? {
        if let Err(error) = state.files.remove(&storage_key(&user.id)).await {
            tracing::warn!(%error, user = %user.id, "could not remove an avatar's file");
        }
        state.events.avatar_changed(&user.username, &new_id());
    }
    Ok(Json(SuccessResponse { success: true }))
}
