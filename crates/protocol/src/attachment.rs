//! What a message carries besides its text, shaped as `@rocket.chat/core-typings` shapes it: the
//! files it was sent with (`FileProp`), its attachments (a file, an image, audio or video, or a
//! quoted message) and the link previews the server found for its addresses (`MessageUrl`).
//!
//! Rocket.Chat's attachment is a union of several object shapes told apart by which fields are
//! present; here it is one struct of optional fields, and [`Attachment::kind`] says which shape
//! it is. Unknown fields are dropped, unknown shapes still read.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::Timestamp;
use crate::json::{Fields, FromJson};
use crate::markup::Root;

/// A stored file, as a message lists it (`files`, and the older single `file`).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct FileProp {
    #[serde(rename = "_id")]
    pub id: String,
    pub name: String,
    /// Its media type (`image/png`).
    #[serde(rename = "type")]
    pub media_type: String,
    /// Its format, as Rocket.Chat names it: the file name's extension.
    #[serde(default)]
    pub format: String,
    pub size: u64,
    /// The media type's first half (`image`), or `thumb` for a generated thumbnail.
    #[serde(rename = "typeGroup", default, skip_serializing_if = "Option::is_none")]
    pub type_group: Option<String>,
}

#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct Dimensions {
    pub width: u32,
    pub height: u32,
}

#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq, Eq)]
pub struct Attachment {
    /// `file` for an uploaded file's attachment; absent on a quote.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Where the file itself is (`/file-upload/<id>/<name>`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title_link: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title_link_download: Option<bool>,
    /// The sender's words about the file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    #[serde(rename = "fileId", default, skip_serializing_if = "Option::is_none")]
    pub file_id: Option<String>,

    /// The image to show inline: the thumbnail when there is one, else the file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_size: Option<u64>,
    /// The original image's size in pixels, so it can be laid out before it loads.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_dimensions: Option<Dimensions>,
    /// A tiny blurred JPEG of the image, base64, shown until the image loads.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_preview: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audio_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audio_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audio_size: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub video_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub video_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub video_size: Option<u64>,

    /// On a quote: who wrote the quoted message, their avatar, and the message's permalink.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author_icon: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_link: Option<String>,
    /// The quoted text, and its markup tree.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub md: Option<Root>,
    /// When the quoted message was sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ts: Option<Timestamp>,
}

/// Which of Rocket.Chat's attachment shapes an [`Attachment`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AttachmentKind {
    Image,
    Audio,
    Video,
    /// Any other file: shown as a card to download.
    File,
    Quote,
    /// A shape this client does not show (an integration's card, an action button).
    Other,
}

impl Attachment {
    pub fn kind(&self) -> AttachmentKind {
        if self.message_link.is_some() {
            AttachmentKind::Quote
        } else if self.image_url.is_some() {
            AttachmentKind::Image
        } else if self.audio_url.is_some() {
            AttachmentKind::Audio
        } else if self.video_url.is_some() {
            AttachmentKind::Video
        } else if self.kind_name.as_deref() == Some("file") {
            AttachmentKind::File
        } else {
            AttachmentKind::Other
        }
    }
}

/// A link found in a message, with what the server read from the page (`meta`: `pageTitle`,
/// `description`, `ogTitle`, `ogImage`, `twitterCard`, ...).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct MessageUrl {
    pub url: String,
    #[serde(default)]
    pub meta: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub headers: Option<UrlHeaders>,
    /// Set on a link that is not previewed (a quote's permalink).
    #[serde(rename = "ignoreParse", default, skip_serializing_if = "Option::is_none")]
    pub ignore_parse: Option<bool>,
    /// Confab's own field, which Rocket.Chat's clients ignore: the page's picture as the server
    /// stored it, a file of the message's room, so a reader's browser never asks the page's
    /// site for it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub picture: Option<LinkPicture>,
}

/// A link card's picture, kept by the server: where it is (`/file-upload/...`) and its size.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct LinkPicture {
    pub url: String,
    pub width: u32,
    pub height: u32,
}

#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq, Eq)]
pub struct UrlHeaders {
    #[serde(rename = "contentLength", default, skip_serializing_if = "Option::is_none")]
    pub content_length: Option<String>,
    #[serde(rename = "contentType", default, skip_serializing_if = "Option::is_none")]
    pub content_type: Option<String>,
}

impl MessageUrl {
    /// The preview's title: Open Graph's, Twitter's, or the page's own.
    pub fn title(&self) -> Option<&str> {
        self.first(&["ogTitle", "twitterTitle", "pageTitle"])
    }

    pub fn description(&self) -> Option<&str> {
        self.first(&["ogDescription", "twitterDescription", "description", "pageDescription"])
    }

    pub fn image(&self) -> Option<&str> {
        self.first(&["ogImage", "twitterImage", "ogImageUrl"])
    }

    pub fn site_name(&self) -> Option<&str> {
        self.first(&["ogSiteName"])
    }

    /// Whether there is anything to show as a card.
    pub fn has_preview(&self) -> bool {
        self.ignore_parse != Some(true) && (self.title().is_some() || self.description().is_some())
    }

    fn first(&self, keys: &[&str]) -> Option<&str> {
        keys.iter().filter_map(|key| self.meta.get(*key)).map(|value| value.trim()).find(|value| !value.is_empty())
    }
}

impl FromJson for FileProp {
    fn from_json(value: &Value) -> Option<Self> {
        let f = Fields::of(value)?;
        Some(Self {
            id: f.get("_id")?,
            name: f.get("name")?,
            media_type: f.get("type")?,
            format: f.get("format").unwrap_or_default(),
            size: f.get("size")?,
            type_group: f.get("typeGroup"),
        })
    }
}

impl FromJson for Dimensions {
    fn from_json(value: &Value) -> Option<Self> {
        let f = Fields::of(value)?;
        Some(Self { width: f.get("width")?, height: f.get("height")? })
    }
}

impl FromJson for Attachment {
    fn from_json(value: &Value) -> Option<Self> {
        let f = Fields::of(value)?;
        Some(Self {
            kind_name: f.get("type"),
            title: f.get("title"),
            title_link: f.get("title_link"),
            title_link_download: f.get("title_link_download"),
            description: f.get("description"),
            size: f.get("size"),
            format: f.get("format"),
            file_id: f.get("fileId"),
            image_url: f.get("image_url"),
            image_type: f.get("image_type"),
            image_size: f.get("image_size"),
            image_dimensions: f.get("image_dimensions"),
            image_preview: f.get("image_preview"),
            audio_url: f.get("audio_url"),
            audio_type: f.get("audio_type"),
            audio_size: f.get("audio_size"),
            video_url: f.get("video_url"),
            video_type: f.get("video_type"),
            video_size: f.get("video_size"),
            author_name: f.get("author_name"),
            author_icon: f.get("author_icon"),
            message_link: f.get("message_link"),
            text: f.get("text"),
            md: f.get("md"),
            ts: f.get("ts"),
        })
    }
}

impl FromJson for MessageUrl {
    fn from_json(value: &Value) -> Option<Self> {
        let f = Fields::of(value)?;
        Some(Self {
            url: f.get("url")?,
            meta: f.get("meta").unwrap_or_default(),
            headers: f.get("headers"),
            ignore_parse: f.get("ignoreParse"),
            picture: f.get("picture"),
        })
    }
}

impl FromJson for LinkPicture {
    fn from_json(value: &Value) -> Option<Self> {
        let f = Fields::of(value)?;
        Some(Self { url: f.get("url")?, width: f.get("width")?, height: f.get("height")? })
    }
}

impl FromJson for UrlHeaders {
    fn from_json(value: &Value) -> Option<Self> {
        let f = Fields::of(value)?;
        Some(Self { content_length: f.get("contentLength"), content_type: f.get("contentType") })
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn an_attachment_is_told_apart_by_its_fields() {
        let read = |value: Value| Attachment::from_json(&value).unwrap().kind();
        assert_eq!(read(json!({"type": "file", "image_url": "/file-upload/a/b.png"})), AttachmentKind::Image);
        assert_eq!(read(json!({"type": "file", "audio_url": "/a", "audio_type": "audio/mpeg"})), AttachmentKind::Audio);
        assert_eq!(read(json!({"type": "file", "video_url": "/v"})), AttachmentKind::Video);
        assert_eq!(read(json!({"type": "file", "title": "a.pdf"})), AttachmentKind::File);
        assert_eq!(read(json!({"message_link": "https://x/channel/g?msg=1", "text": "hi"})), AttachmentKind::Quote);
        assert_eq!(read(json!({"color": "#f00", "text": "build failed"})), AttachmentKind::Other);
    }

    #[test]
    fn a_preview_takes_open_graph_first_and_skips_blank_values() {
        let url = MessageUrl::from_json(&json!({
            "url": "https://example.com",
            "meta": {"pageTitle": "Example", "ogTitle": "  ", "twitterTitle": "From Twitter", "description": "d"}
        }))
        .unwrap();
        assert_eq!(url.title(), Some("From Twitter"));
        assert_eq!(url.description(), Some("d"));
        assert!(url.has_preview() && url.picture.is_none());
        let stored = json!({"url": "http://intranet/", "meta": {}, "picture": {"url": "/file-upload/p/x.jpg", "width": 480, "height": 240}});
        let picture = MessageUrl::from_json(&stored).unwrap().picture.unwrap();
        assert_eq!((picture.url.as_str(), picture.width, picture.height), ("/file-upload/p/x.jpg", 480, 240));
        let ignored = MessageUrl { ignore_parse: Some(true), ..url };
        assert!(!ignored.has_preview());
    }
}
