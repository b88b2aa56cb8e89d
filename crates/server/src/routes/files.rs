//! Uploads and the files they store: `rooms.media` (store a file), `rooms.mediaConfirm` (post
//! the message that shows it), the one-step `rooms.upload`, and `/file-upload/:id/:name`, which
//! serves a file only to members of its room.
//!
//! A served file is the uploader's bytes under the uploader's type, so it must never run as a
//! page of this origin: every response carries a sandboxing CSP and `nosniff`, and anything but
//! a picture, sound or video is served as an attachment to save, not a document to open.

use axum::Json;
use axum::body::Body;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use confab_protocol::ids::is_plausible_id;
use confab_protocol::json::Lazy;
use confab_protocol::rest::{MediaConfirmRequest, MediaMessageResponse, MediaResponse, UploadedFile};
use confab_protocol::{Message, Timestamp, User};
use serde::Deserialize;
use tokio_util::io::ReaderStream;

use super::access::member_room;
use super::extract::{self, ApiJson, ApiPath, ApiQuery};
use crate::auth::Authenticated;
use crate::error::ApiError;
use crate::files::attachments::{attachment, file_url, files};
use crate::files::images::is_inline_image;
use crate::files::intake::{self, Form};
use crate::files::names::content_disposition;
use crate::limits::Limit;
use crate::posting::{Poster, check_text, post_message};
use crate::secrets::new_id;
use crate::state::AppState;
use crate::store::Upload;

/// The CSP of every served file: no script, no plugins, no requests, a unique origin.
const FILE_CSP: &str = "default-src 'none'; img-src 'self'; media-src 'self'; style-src 'unsafe-inline'; sandbox";

/// Refuses a request that says up front it is larger than any accepted upload.
fn check_declared_length(state: &AppState, headers: &axum::http::HeaderMap) -> Result<(), ApiError> {
    let declared = headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
    match declared {
        Some(length) if length > state.settings.max_file_bytes + FORM_OVERHEAD => Err(intake::too_large(state)),
        _ => Ok(()),
    }
}

/// What a multipart form adds around its file: boundaries, headers and the short text fields.
pub const FORM_OVERHEAD: u64 = 256 * 1024;

async fn receive_file(
    state: &AppState,
    user: &User,
    room_id: &str,
    headers: &axum::http::HeaderMap,
    form: Result<Multipart, MultipartRejection>,
) -> Result<(Form, Upload), ApiError> {
    member_room(state, room_id, user, None).await?;
    state.limits.check(Limit::Send, &user.id)?;
    check_declared_length(state, headers)?;
    let mut form =
        intake::receive(state, extract::multipart(form, || intake::too_large(state))?, room_id, &user.id).await?;
    let upload = form
        .file
        .take()
        .ok_or_else(|| ApiError::bad_request("error-invalid-params", "The upload has no \"file\" field"))?;
    Ok((form, upload))
}

/// `POST /api/v1/rooms.media/:rid`.
pub async fn media(
    State(state): State<AppState>,
    auth: Authenticated,
    ApiPath(room_id): ApiPath<String>,
    headers: axum::http::HeaderMap,
    form: Result<Multipart, MultipartRejection>,
) -> Result<Json<MediaResponse>, ApiError> {
    let (_, upload) = receive_file(&state, &auth.user, &room_id, &headers, form).await?;
    let file = UploadedFile { url: file_url(&upload), id: upload.id };
    Ok(Json(MediaResponse { file, success: true }))
}

/// `POST /api/v1/rooms.mediaConfirm/:rid/:fileId`.
pub async fn confirm(
    State(state): State<AppState>,
    auth: Authenticated,
    ApiPath((room_id, file_id)): ApiPath<(String, String)>,
    ApiJson(body): ApiJson<MediaConfirmRequest>,
) -> Result<Json<MediaMessageResponse>, ApiError> {
    let message = post_file(&state, &auth.user, &room_id, &file_id, body).await?;
    Ok(Json(MediaMessageResponse { message, success: true }))
}

/// `POST /api/v1/rooms.upload/:rid`: `rooms.media` and `rooms.mediaConfirm` in one request, the
/// message's `msg`, `description` and `tmid` as fields of the form.
pub async fn upload(
    State(state): State<AppState>,
    auth: Authenticated,
    ApiPath(room_id): ApiPath<String>,
    headers: axum::http::HeaderMap,
    form: Result<Multipart, MultipartRejection>,
) -> Result<Json<MediaMessageResponse>, ApiError> {
    let (form, upload) = receive_file(&state, &auth.user, &room_id, &headers, form).await?;
    let body = MediaConfirmRequest {
        msg: form.field("msg").map(str::to_owned),
        description: form.field("description").map(str::to_owned),
        tmid: form.field("tmid").map(str::to_owned),
    };
    match post_file(&state, &auth.user, &room_id, &upload.id, body).await {
        Ok(message) => Ok(Json(MediaMessageResponse { message, success: true })),
        Err(error) => {
            // Nothing of a refused one-step upload stays behind.
            crate::files::remove_upload(&state, &upload.id).await?;
            Err(error)
        }
    }
}

fn invalid_file() -> ApiError {
    ApiError::bad_request(
        "error-invalid-file",
        "The file is not an upload of yours to this room waiting for its message",
    )
}

/// Posts the message that shows upload `file_id`: only a member of the room, only its uploader,
/// only in its room, and only once.
async fn post_file(
    state: &AppState,
    user: &User,
    room_id: &str,
    file_id: &str,
    body: MediaConfirmRequest,
) -> Result<Message, ApiError> {
    let room = member_room(state, room_id, user, None).await?;
    if !is_plausible_id(file_id) {
        return Err(invalid_file());
    }
    let text = body.msg.unwrap_or_default();
    if !text.is_empty() {
        check_text(state, &text)?;
    }
    let description = body.description.filter(|d| !d.trim().is_empty());
    if let Some(description) = &description {
        check_text(state, description)?;
    }
    let message_id = new_id();
    if !state.store.claim_upload(file_id, &user.id, room_id, &message_id).await? {
        return Err(invalid_file());
    }
    let posted = async {
        let upload = state.store.upload(file_id).await?.ok_or_else(invalid_file)?;
        let thumbnail = state.store.thumbnail_of(file_id).await?;
        let mut draft = Message::new(message_id, room_id, text, user.to_ref(), Timestamp::now());
        draft.tmid = body.tmid;
        draft.file = Some(Lazy::new(&upload.file_prop()));
        draft.files = Some(Lazy::new(&files(&upload, thumbnail.as_ref())));
        draft.attachments = Some(Lazy::new(&vec![attachment(&upload, thumbnail.as_ref(), description.as_deref())]));
        post_message(state, user, &room, draft, Poster::Member).await
    }
    .await;
    if posted.is_err() {
        state.store.release_upload(file_id).await?;
    }
    posted
}

#[derive(Deserialize)]
pub struct ServeQuery {
    /// Present to save the file instead of showing it.
    download: Option<String>,
}

/// `GET /file-upload/:id/:name`: the file, to a member of its room (before its message is
/// posted, to its uploader only). Any other caller gets the same 404 as for a file that does
/// not exist.
pub async fn serve(
    State(state): State<AppState>,
    auth: Authenticated,
    ApiPath((id, _name)): ApiPath<(String, String)>,
    ApiQuery(query): ApiQuery<ServeQuery>,
) -> Result<Response, ApiError> {
    let not_found =
        || ApiError::NotFound { error_type: "error-file-not-found", message: "The file does not exist".into() };
    if !is_plausible_id(&id) {
        return Err(not_found());
    }
    let upload = state.store.upload(&id).await?.ok_or_else(not_found)?;
    let allowed = match upload.message_id {
        Some(_) => state.store.subscription(&upload.room_id, &auth.user.id).await?.is_some(),
        None => upload.user_id == auth.user.id,
    };
    if !allowed {
        return Err(not_found());
    }
    let stored = state
        .files
        .open(&upload.id)
        .await
        .map_err(|e| ApiError::Internal(format!("reading an upload: {e}")))?
        .ok_or_else(not_found)?;
    let shown = is_inline_image(&upload.media_type)
        || upload.media_type.starts_with("audio/")
        || upload.media_type.starts_with("video/");
    let disposition = if shown && query.download.is_none() { "inline" } else { "attachment" };
    let header = |value: &str| HeaderValue::from_str(value).unwrap_or_else(|_| HeaderValue::from_static("attachment"));
    let headers = [
        (header::CONTENT_TYPE, header(&upload.media_type)),
        (header::CONTENT_LENGTH, HeaderValue::from(stored.len)),
        (header::CONTENT_DISPOSITION, header(&content_disposition(disposition, &upload.name))),
        (header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(FILE_CSP)),
        (header::CACHE_CONTROL, HeaderValue::from_static("private, max-age=31536000, immutable")),
    ];
    Ok((headers, Body::from_stream(ReaderStream::with_capacity(stored.body, 64 * 1024))).into_response())
}
