//! Uploaded files: receiving them ([`intake`]), keeping their bytes ([`storage`]), reading images
//! ([`images`]) on a bounded pool ([`image_pool`]), making names and types safe ([`names`]), and
//! what a message that carries files says about them ([`attachments`]). Serving them is
//! `routes::files`.
//!
//! A file belongs to the room it was uploaded to; only that room's members may fetch it, and it
//! goes when the message that shows it is deleted, or after [`UNCONFIRMED_FOR`] if no message
//! ever shows it.

pub mod attachments;
pub mod image_pool;
pub mod images;
pub mod intake;
pub mod names;
pub mod storage;

use std::time::Duration;

use confab_protocol::Timestamp;

use crate::error::ApiError;
use crate::state::AppState;
use crate::store::Upload;

/// How long an upload may wait for the message that shows it (`rooms.mediaConfirm`).
pub const UNCONFIRMED_FOR: Duration = Duration::from_secs(3600);
/// How often unconfirmed uploads are looked for.
pub const SWEEP_EVERY: Duration = Duration::from_secs(600);

/// Keeps `bytes` as the file of `upload`, made by the server (a thumbnail, a link's picture),
/// and records it; a failure leaves neither the file nor the record.
pub async fn store_bytes(state: &AppState, upload: &Upload, bytes: &[u8]) -> Result<(), ApiError> {
    let io = |e: std::io::Error| ApiError::Internal(format!("storing {}: {e}", upload.name));
    let mut file = state.files.create(&upload.id).await.map_err(io)?;
    file.write(bytes).await.map_err(io)?;
    file.commit().await.map_err(io)?;
    if let Err(e) = state.store.insert_upload(upload).await {
        let _ = state.files.remove(&upload.id).await;
        return Err(e.into());
    }
    Ok(())
}

/// Removes an upload's bytes and its record, with its thumbnail.
pub async fn remove_upload(state: &AppState, id: &str) -> Result<(), sqlx::Error> {
    if let Some(thumb) = state.store.thumbnail_of(id).await? {
        remove_one(state, &thumb.id).await?;
    }
    remove_one(state, id).await
}

async fn remove_one(state: &AppState, id: &str) -> Result<(), sqlx::Error> {
    if let Err(error) = state.files.remove(id).await {
        // The record goes anyway: a stray file is harmless, a record without its file is not.
        tracing::warn!(%error, upload = %id, "could not remove an upload's file");
    }
    state.store.delete_upload(id).await
}

/// Removes the files a deleted message showed.
pub async fn remove_files_of(state: &AppState, message_id: &str) -> Result<(), sqlx::Error> {
    for id in state.store.uploads_of_message(message_id).await? {
        remove_one(state, &id).await?;
    }
    Ok(())
}

/// Removes uploads that no message confirmed in time.
pub async fn sweep_unconfirmed(state: &AppState) -> Result<usize, sqlx::Error> {
    let before = Timestamp(Timestamp::now().millis() - UNCONFIRMED_FOR.as_millis() as i64);
    let ids = state.store.unconfirmed_uploads(before).await?;
    for id in &ids {
        remove_one(state, id).await?;
    }
    Ok(ids.len())
}
