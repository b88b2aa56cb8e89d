//! What a message that carries an upload says about it, as Rocket.Chat's `rooms.mediaConfirm`
//! writes it: the file in `file` and `files`, and one attachment that shows it as an image
//! (laid out from its stored size, with its blurred preview), a player, or a card to download.

use confab_protocol::attachment::{Attachment, FileProp};

use super::names::url_segment;
use crate::store::Upload;

/// Where the upload is served: `/file-upload/<id>/<name>`.
pub fn file_url(upload: &Upload) -> String {
    format!("/file-upload/{}/{}", upload.id, url_segment(&upload.name))
}

/// The files a message lists: the upload, then its thumbnail.
pub fn files(upload: &Upload, thumbnail: Option<&Upload>) -> Vec<FileProp> {
    std::iter::once(upload).chain(thumbnail).map(Upload::file_prop).collect()
}

/// The attachment that shows `upload`.
pub fn attachment(upload: &Upload, thumbnail: Option<&Upload>, description: Option<&str>) -> Attachment {
    let url = file_url(upload);
    let size = u64::try_from(upload.size).ok();
    let media_type = Some(upload.media_type.clone());
    let mut attachment = Attachment {
        kind_name: Some("file".into()),
        title: Some(upload.name.clone()),
        title_link: Some(url.clone()),
        title_link_download: Some(true),
        description: description.map(str::to_owned),
        file_id: Some(upload.id.clone()),
        ..Attachment::default()
    };
    match upload.type_group.as_deref() {
        // Only an image whose size was read is shown inline: the timeline lays it out before it loads.
        Some("image") if upload.dimensions().is_some() => {
            attachment.image_url = Some(thumbnail.map_or(url, file_url));
            attachment.image_type = media_type;
            attachment.image_size = size;
            attachment.image_dimensions = upload.dimensions();
            attachment.image_preview = upload.preview.clone();
        }
        Some("audio") => {
            attachment.audio_url = Some(url);
            attachment.audio_type = media_type;
            attachment.audio_size = size;
        }
        Some("video") => {
            attachment.video_url = Some(url);
            attachment.video_type = media_type;
            attachment.video_size = size;
        }
        _ => {
            attachment.format = Some(super::names::format_of(&upload.name));
            attachment.size = size;
        }
    }
    attachment
}

#[cfg(test)]
mod tests {
    use confab_protocol::attachment::AttachmentKind;

    use super::*;

    fn upload(name: &str, media_type: &str, dimensions: Option<(i64, i64)>) -> Upload {
        Upload {
            id: "f1".into(),
            room_id: "r".into(),
            user_id: "u".into(),
            name: name.into(),
            media_type: media_type.into(),
            size: 10,
            type_group: media_type.split('/').next().map(str::to_owned),
            original_id: None,
            width: dimensions.map(|d| d.0),
            height: dimensions.map(|d| d.1),
            preview: None,
            message_id: None,
            created_at: 0,
        }
    }

    #[test]
    fn each_kind_of_file_gets_its_attachment() {
        let photo = upload("a b.png", "image/png", Some((800, 600)));
        let thumb = Upload { id: "t1".into(), name: "thumb-a b.png".into(), ..photo.clone() };
        let shown = attachment(&photo, Some(&thumb), Some("look"));
        assert_eq!(shown.kind(), AttachmentKind::Image);
        assert_eq!(shown.image_url.as_deref(), Some("/file-upload/t1/thumb-a%20b.png"));
        assert_eq!(shown.title_link.as_deref(), Some("/file-upload/f1/a%20b.png"));
        assert_eq!(shown.description.as_deref(), Some("look"));
        let kind = |u: &Upload| attachment(u, None, None).kind();
        assert_eq!(kind(&upload("s.mp3", "audio/mpeg", None)), AttachmentKind::Audio);
        assert_eq!(kind(&upload("v.mp4", "video/mp4", None)), AttachmentKind::Video);
        assert_eq!(kind(&upload("d.pdf", "application/pdf", None)), AttachmentKind::File);
        assert_eq!(kind(&upload("x.svg", "image/svg+xml", None)), AttachmentKind::File, "not read, not inline");
        assert_eq!(files(&photo, Some(&thumb)).len(), 2);
    }
}
