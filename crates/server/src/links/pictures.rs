//! A link card's picture, kept by the server. While a page is read, its `og:image` (or Twitter's)
//! is fetched through the same guarded client, made into a bounded still picture by the image
//! pool, and stored as a file of the message's room, which goes with the message.
//!
//! Readers' browsers then never ask the page's site for anything: who reads the room stays
//! theirs, a site on a closed network the server may read shows its picture, and no address of
//! the page's choosing is loaded into the app.

use confab_protocol::attachment::LinkPicture;
use confab_protocol::{Message, Timestamp};

use crate::files::attachments::file_url;
use crate::secrets::new_id;
use crate::state::AppState;
use crate::store::Upload;

/// The largest picture fetched for a card.
pub const MAX_PICTURE_BYTES: usize = 8 * 1024 * 1024;

/// Fetches the picture at `address` for a card of `message`, and keeps it; `None` when it cannot
/// be fetched or read, and the card shows without it.
pub async fn keep(state: &AppState, message: &Message, address: &str) -> Option<LinkPicture> {
    let fetched = state
        .fetcher
        .get(address, MAX_PICTURE_BYTES, false)
        .await
        .inspect_err(|error| tracing::debug!(%error, address, "a link's picture was not fetched"))
        .ok()?;
    let (small, size) = state
        .images
        .card(fetched.body)
        .await
        .inspect_err(|error| tracing::debug!(%error, address, "a link's picture was not read"))
        .ok()?;
    let extension = if small.media_type == "image/png" { "png" } else { "jpg" };
    let upload = Upload {
        id: new_id(),
        room_id: message.rid.clone(),
        user_id: message.u.id.clone(),
        name: format!("preview.{extension}"),
        media_type: small.media_type.to_owned(),
        size: small.bytes.len() as i64,
        type_group: Some("image".into()),
        original_id: None,
        width: Some(size.width.into()),
        height: Some(size.height.into()),
        preview: None,
        message_id: Some(message.id.clone()),
        created_at: Timestamp::now().millis(),
    };
    match crate::files::store_bytes(state, &upload, &small.bytes).await {
        Ok(()) => Some(LinkPicture { url: file_url(&upload), width: size.width, height: size.height }),
        Err(error) => {
            tracing::warn!(%error, message = %message.id, "could not keep a link's picture");
            None
        }
    }
}

/// Removes the kept `picture` of a link `message` no longer has.
pub async fn remove(state: &AppState, message: &Message, picture: &LinkPicture) {
    let Some(id) = picture.url.strip_prefix("/file-upload/").and_then(|rest| rest.split('/').next()) else { return };
    let ours = match state.store.upload(id).await {
        Ok(upload) => upload.is_some_and(|upload| upload.message_id.as_deref() == Some(message.id.as_str())),
        Err(error) => return tracing::warn!(%error, upload = id, "could not look up a link's picture"),
    };
    if ours && let Err(error) = crate::files::remove_upload(state, id).await {
        tracing::warn!(%error, upload = id, "could not remove a link's picture");
    }
}
