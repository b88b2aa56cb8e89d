//! `GET /api/v1/directory?type=channels&text=`: the public channels anyone may find and join, a
//! page at a time, as Rocket.Chat's directory answers (`{result, count, offset, total}`). Only
//! channels: a private group is never listed.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::json::{Fields, FromJson};
use crate::room::Room;

/// Channels a directory page holds at most.
pub const MAX_DIRECTORY_PAGE: u32 = 100;

#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq, Eq)]
pub struct DirectoryQuery {
    /// What is listed: `channels` (the default; the only kind offered).
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// What the names contain.
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub offset: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<u32>,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct DirectoryResponse {
    pub result: Vec<Room>,
    pub count: u32,
    pub offset: u32,
    pub total: u32,
    pub success: bool,
}

impl FromJson for DirectoryResponse {
    fn from_json(value: &Value) -> Option<Self> {
        let f = Fields::of(value)?;
        Some(Self {
            result: f.get("result")?,
            count: f.get("count")?,
            offset: f.get("offset")?,
            total: f.get("total")?,
            success: f.get("success")?,
        })
    }
}
