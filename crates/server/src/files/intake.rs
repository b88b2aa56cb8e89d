//! Receiving an upload: a multipart form whose `file` is streamed into storage chunk by chunk,
//! so memory stays flat whatever the file's size, and whose other fields (`msg`, `description`,
//! `tmid`) are read as short text.
//!
//! Every refusal happens before anything is recorded: a file over the size limit, of a type not
//! accepted, an image over the pixel limit or one that does not read, or a body that ends
//! midway. The partly written file is dropped with the request and no record or message is
//! left. Only an image small enough to examine is held in memory, to read its size and make
//! its thumbnail; a larger one is kept as a plain file.

use std::collections::BTreeMap;

use axum::extract::Multipart;
use axum::extract::multipart::{Field, MultipartError};
use axum::http::StatusCode;
use confab_protocol::Timestamp;

use super::images::{self, is_inline_image};
use super::names::{is_accepted, normalise_media_type, safe_file_name};
use crate::error::ApiError;
use crate::secrets::new_id;
use crate::state::AppState;
use crate::store::Upload;

/// The largest image examined for its size and thumbnail; a larger one is stored as a file.
const MAX_EXAMINED_BYTES: usize = 32 * 1024 * 1024;
/// The longest text field of an upload form, and how many fields it may have.
const MAX_FIELD_BYTES: usize = 16 * 1024;
const MAX_FIELDS: usize = 16;

/// An upload form as received.
#[derive(Debug, Default)]
pub struct Form {
    /// The stored file, recorded but not yet in any message.
    pub file: Option<Upload>,
    pub fields: BTreeMap<String, String>,
}

impl Form {
    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields.get(name).map(String::as_str).filter(|value| !value.is_empty())
    }
}

pub fn too_large(state: &AppState) -> ApiError {
    ApiError::TooLarge {
        error_type: "error-file-too-large",
        message: format!("The file is larger than the {} bytes allowed", state.settings.max_file_bytes),
    }
}

fn multipart_error(state: &AppState, error: &MultipartError) -> ApiError {
    if error.status() == StatusCode::PAYLOAD_TOO_LARGE {
        too_large(state)
    } else {
        ApiError::bad_request("error-invalid-params", format!("The upload could not be read: {}", error.body_text()))
    }
}

/// Reads `multipart`, storing its file as `user_id`'s upload to `room_id`.
pub async fn receive(
    state: &AppState,
    mut multipart: Multipart,
    room_id: &str,
    user_id: &str,
) -> Result<Form, ApiError> {
    let mut form = Form::default();
    let mut count = 0;
    while let Some(field) = multipart.next_field().await.map_err(|e| multipart_error(state, &e))? {
        count += 1;
        if count > MAX_FIELDS {
            return Err(ApiError::bad_request("error-invalid-params", "The upload form has too many fields"));
        }
        let name = field.name().unwrap_or_default().to_owned();
        if name == "file" {
            if form.file.is_some() {
                return Err(ApiError::bad_request("error-invalid-params", "Send one file per upload"));
            }
            form.file = Some(store_file(state, field, room_id, user_id).await?);
        } else {
            let value = read_text(state, field, &name).await?;
            form.fields.insert(name, value);
        }
    }
    Ok(form)
}

/// A text field of a form, refused unless it is UTF-8 without a NUL (as every text the API takes;
/// see `routes::extract`).
pub fn form_text(name: &str, bytes: Vec<u8>) -> Result<String, ApiError> {
    let invalid = |what: &str| ApiError::bad_request("error-invalid-params", format!("The field \"{name}\" {what}"));
    let text = String::from_utf8(bytes).map_err(|_| invalid("is not UTF-8 text"))?;
    if text.contains('\0') {
        return Err(invalid("contains a NUL character"));
    }
    Ok(text)
}

async fn read_text(state: &AppState, mut field: Field<'_>, name: &str) -> Result<String, ApiError> {
    let mut bytes = Vec::new();
    while let Some(chunk) = field.chunk().await.map_err(|e| multipart_error(state, &e))? {
        if bytes.len() + chunk.len() > MAX_FIELD_BYTES {
            return Err(ApiError::bad_request("error-invalid-params", format!("The field \"{name}\" is too long")));
        }
        bytes.extend_from_slice(&chunk);
    }
    form_text(name, bytes)
}

async fn store_file(state: &AppState, mut field: Field<'_>, room_id: &str, user_id: &str) -> Result<Upload, ApiError> {
    let name = safe_file_name(field.file_name().unwrap_or_default());
    let declared = field.content_type().unwrap_or("application/octet-stream");
    let mut media_type = normalise_media_type(declared)
        .ok_or_else(|| ApiError::bad_request("error-invalid-file-type", "The file's type is not a media type"))?;
    if !is_accepted(&media_type, &state.settings.accepted_media_types) {
        return Err(ApiError::bad_request(
            "error-invalid-file-type",
            format!("Files of type {media_type} are not accepted here"),
        ));
    }
    let limit = state.settings.max_file_bytes;
    let id = new_id();
    let io = |e: std::io::Error| ApiError::Internal(format!("storing an upload: {e}"));
    let mut file = state.files.create(&id).await.map_err(io)?;
    let mut size: u64 = 0;
    let mut held: Option<Vec<u8>> = is_inline_image(&media_type).then(Vec::new);
    while let Some(chunk) = field.chunk().await.map_err(|e| multipart_error(state, &e))? {
        size += chunk.len() as u64;
        if size > limit {
            return Err(too_large(state));
        }
        if let Some(bytes) = &mut held {
            if bytes.len() + chunk.len() <= MAX_EXAMINED_BYTES {
                bytes.extend_from_slice(&chunk);
            } else {
                held = None;
            }
        }
        file.write(&chunk).await.map_err(io)?;
    }
    let mut upload = Upload {
        id: id.clone(),
        room_id: room_id.to_owned(),
        user_id: user_id.to_owned(),
        name,
        media_type: String::new(),
        size: i64::try_from(size).unwrap_or(i64::MAX),
        type_group: None,
        original_id: None,
        width: None,
        height: None,
        preview: None,
        message_id: None,
        created_at: Timestamp::now().millis(),
    };
    let mut thumbnail = None;
    if let Some(bytes) = held {
        let examined = state.images.examine(bytes).await?;
        media_type = examined.media_type.to_owned();
        upload.width = Some(examined.dimensions.width.into());
        upload.height = Some(examined.dimensions.height.into());
        upload.preview = Some(examined.preview);
        thumbnail = examined.thumbnail;
    }
    upload.type_group = media_type.split('/').next().map(str::to_owned);
    upload.media_type = media_type;
    file.commit().await.map_err(io)?;

    if let Err(e) = state.store.insert_upload(&upload).await {
        let _ = state.files.remove(&upload.id).await;
        return Err(e.into());
    }
    // Without its thumbnail the image is shown from the original: worth a warning, not a refusal.
    if let Some(small) = thumbnail
        && let Err(error) = store_thumbnail(state, &upload, small).await
    {
        tracing::warn!(%error, upload = %upload.id, "could not store a thumbnail");
    }
    Ok(upload)
}

async fn store_thumbnail(state: &AppState, original: &Upload, small: images::Thumbnail) -> Result<(), ApiError> {
    let thumb = Upload {
        id: new_id(),
        name: format!("thumb-{}", original.name),
        media_type: small.media_type.to_owned(),
        size: small.bytes.len() as i64,
        type_group: Some("thumb".into()),
        original_id: Some(original.id.clone()),
        width: None,
        height: None,
        preview: None,
        ..original.clone()
    };
    super::store_bytes(state, &thumb, &small.bytes).await
}
