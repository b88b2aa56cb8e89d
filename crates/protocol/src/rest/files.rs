//! Bodies of the file, avatar and public-settings endpoints: `rooms.media` and
//! `rooms.mediaConfirm` (an upload, then the message that shows it), `users.setAvatar` and
//! `users.resetAvatar`, and `settings.public`, where a client learns the upload limits before
//! it sends anything.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::Message;
use crate::json::{Fields, FromJson};

/// The public settings of the upload limits, as Rocket.Chat names them.
pub const MAX_FILE_SIZE_SETTING: &str = "FileUpload_MaxFileSize";
pub const ACCEPTED_TYPES_SETTING: &str = "FileUpload_MediaTypeWhiteList";
pub const UPLOADS_ENABLED_SETTING: &str = "FileUpload_Enabled";

/// `POST /api/v1/rooms.media/:rid`'s answer: the stored file, not yet in any message.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct MediaResponse {
    pub file: UploadedFile,
    pub success: bool,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct UploadedFile {
    #[serde(rename = "_id")]
    pub id: String,
    pub url: String,
}

/// `POST /api/v1/rooms.mediaConfirm/:rid/:fileId`: the message that shows an uploaded file.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq, Eq)]
pub struct MediaConfirmRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub msg: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tmid: Option<String>,
}

/// `rooms.mediaConfirm`'s and `rooms.upload`'s answer.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct MediaMessageResponse {
    pub message: Message,
    pub success: bool,
}

/// `POST /api/v1/users.setAvatar` as JSON: a picture fetched once from `avatarUrl`. (The
/// picture itself is sent as a multipart form with an `image` file instead.)
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq, Eq)]
pub struct SetAvatarRequest {
    #[serde(rename = "avatarUrl", default, skip_serializing_if = "Option::is_none")]
    pub avatar_url: Option<String>,
    #[serde(rename = "userId", default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
}

/// `POST /api/v1/users.resetAvatar`: back to initials.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq, Eq)]
pub struct ResetAvatarRequest {
    #[serde(rename = "userId", default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
}

/// `GET /api/v1/settings.public?_id=A,B`.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq, Eq)]
pub struct PublicSettingsQuery {
    #[serde(rename = "_id", default, skip_serializing_if = "Option::is_none")]
    pub ids: Option<String>,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct PublicSettingsResponse {
    pub settings: Vec<PublicSetting>,
    pub count: u32,
    pub offset: u32,
    pub total: u32,
    pub success: bool,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct PublicSetting {
    #[serde(rename = "_id")]
    pub id: String,
    #[serde(default)]
    pub value: Value,
}

impl PublicSettingsResponse {
    pub fn value(&self, id: &str) -> Option<&Value> {
        self.settings.iter().find(|setting| setting.id == id).map(|setting| &setting.value)
    }
}

impl FromJson for MediaResponse {
    fn from_json(value: &Value) -> Option<Self> {
        let f = Fields::of(value)?;
        Some(Self { file: f.get("file")?, success: f.get("success").unwrap_or(true) })
    }
}

impl FromJson for UploadedFile {
    fn from_json(value: &Value) -> Option<Self> {
        let f = Fields::of(value)?;
        Some(Self { id: f.get("_id")?, url: f.get("url")? })
    }
}

impl FromJson for MediaMessageResponse {
    fn from_json(value: &Value) -> Option<Self> {
        let f = Fields::of(value)?;
        Some(Self { message: f.get("message")?, success: f.get("success").unwrap_or(true) })
    }
}

impl FromJson for PublicSettingsResponse {
    fn from_json(value: &Value) -> Option<Self> {
        let f = Fields::of(value)?;
        let settings: Vec<PublicSetting> = f.get("settings")?;
        let count = settings.len() as u32;
        Some(Self {
            settings,
            count: f.get("count").unwrap_or(count),
            offset: f.get("offset").unwrap_or(0),
            total: f.get("total").unwrap_or(count),
            success: f.get("success").unwrap_or(true),
        })
    }
}

impl FromJson for PublicSetting {
    fn from_json(value: &Value) -> Option<Self> {
        let f = Fields::of(value)?;
        Some(Self { id: f.get("_id")?, value: f.value("value").cloned().unwrap_or(Value::Null) })
    }
}
