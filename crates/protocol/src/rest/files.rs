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

/// Whether `media_type` (`image/png`) is on the `accepted` list, where `image/*` accepts a whole
/// group and `*` everything: how the server decides, and how the app tells before sending.
pub fn media_type_accepted(media_type: &str, accepted: &[String]) -> bool {
    let media_type = media_type.to_ascii_lowercase();
    let group = media_type.split('/').next().unwrap_or_default();
    accepted.iter().map(|pattern| pattern.trim().to_ascii_lowercase()).any(|pattern| {
        pattern == "*" || pattern == "*/*" || pattern == media_type || pattern.strip_suffix("/*") == Some(group)
    })
}

/// A file's name as a client puts it in a form's part header: without control characters, which
/// break the header (browsers send most of them as they are) and which no name needs. The
/// server cleans names further.
pub fn part_file_name(name: &str) -> String {
    name.chars().filter(|c| !c.is_control()).collect()
}

/// What the server accepts for upload, as its public settings say.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UploadLimits {
    pub enabled: bool,
    /// The largest file, in bytes; `None` for no limit (Rocket.Chat's `-1`).
    pub max_bytes: Option<u64>,
    /// Accepted media types; empty accepts everything (Rocket.Chat's empty list).
    pub accepted: Vec<String>,
}

impl UploadLimits {
    pub fn from_settings(settings: &PublicSettingsResponse) -> Self {
        let enabled = settings.value(UPLOADS_ENABLED_SETTING).and_then(Value::as_bool).unwrap_or(true);
        let max_bytes =
            settings.value(MAX_FILE_SIZE_SETTING).and_then(Value::as_i64).and_then(|n| u64::try_from(n).ok());
        let accepted = settings
            .value(ACCEPTED_TYPES_SETTING)
            .and_then(Value::as_str)
            .map(|list| list.split(',').map(str::trim).filter(|t| !t.is_empty()).map(str::to_owned).collect())
            .unwrap_or_default();
        Self { enabled, max_bytes, accepted }
    }

    /// Whether a file of `media_type` and `size` bytes may be sent; why not, if not.
    pub fn check(&self, media_type: &str, size: u64) -> Result<(), UploadRefusal> {
        if !self.enabled {
            return Err(UploadRefusal::Disabled);
        }
        if let Some(max) = self.max_bytes.filter(|max| size > *max) {
            return Err(UploadRefusal::TooLarge { max });
        }
        let media_type = if media_type.is_empty() { "application/octet-stream" } else { media_type };
        if !self.accepted.is_empty() && !media_type_accepted(media_type, &self.accepted) {
            return Err(UploadRefusal::TypeNotAccepted);
        }
        Ok(())
    }
}

/// Why a file may not be sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UploadRefusal {
    Disabled,
    TooLarge { max: u64 },
    TypeNotAccepted,
}

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

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn a_part_header_gets_the_name_without_control_characters() {
        assert_eq!(part_file_name("re\u{7}port\n.pdf"), "report.pdf");
        // Everything else is the server's to clean.
        assert_eq!(part_file_name("../\u{202e}fdp.exe"), "../\u{202e}fdp.exe");
    }

    #[test]
    fn limits_are_read_from_the_public_settings_and_checked_before_sending() {
        let settings = PublicSettingsResponse::from_json(&json!({"settings": [
            {"_id": MAX_FILE_SIZE_SETTING, "value": 1000},
            {"_id": ACCEPTED_TYPES_SETTING, "value": "image/*, application/pdf"}
        ]}))
        .unwrap();
        let limits = UploadLimits::from_settings(&settings);
        assert_eq!(limits.check("image/png", 10), Ok(()));
        assert_eq!(limits.check("IMAGE/JPEG", 1000), Ok(()));
        assert_eq!(limits.check("image/png", 1001), Err(UploadRefusal::TooLarge { max: 1000 }));
        assert_eq!(limits.check("application/x-msdownload", 10), Err(UploadRefusal::TypeNotAccepted));
        assert_eq!(limits.check("", 10), Err(UploadRefusal::TypeNotAccepted));
        let unlimited = UploadLimits::from_settings(
            &PublicSettingsResponse::from_json(&json!({"settings": [
                {"_id": MAX_FILE_SIZE_SETTING, "value": -1}, {"_id": ACCEPTED_TYPES_SETTING, "value": ""}
            ]}))
            .unwrap(),
        );
        assert_eq!(unlimited.check("anything/else", u64::MAX), Ok(()));
    }
}
