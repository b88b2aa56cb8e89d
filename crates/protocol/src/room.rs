//! Rooms (`IRoom`): public channels, private groups and direct conversations.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::json::{Fields, FromJson};
use crate::{Message, Timestamp, UserRef};

/// Rocket.Chat's one-letter room type `t`.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RoomType {
    /// A public channel anyone may join.
    #[serde(rename = "c")]
    Channel,
    /// A private group, by invitation.
    #[serde(rename = "p")]
    Group,
    /// A direct conversation between users.
    #[serde(rename = "d")]
    Direct,
    /// A support conversation with a visitor (Rocket.Chat's Livechat, "omnichannel").
    #[serde(rename = "l")]
    Livechat,
}

impl RoomType {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Channel => "c",
            Self::Group => "p",
            Self::Direct => "d",
            Self::Livechat => "l",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "c" => Some(Self::Channel),
            "p" => Some(Self::Group),
            "d" => Some(Self::Direct),
            "l" => Some(Self::Livechat),
            _ => None,
        }
    }

    /// The REST prefix of the room type's history endpoint: `channels`, `groups` or `im`. Staff
    /// read a support conversation as a private group (Rocket.Chat's staff client uses a method).
    pub fn history_prefix(self) -> &'static str {
        match self {
            Self::Channel => "channels",
            Self::Group | Self::Livechat => "groups",
            Self::Direct => "im",
        }
    }
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Room {
    #[serde(rename = "_id")]
    pub id: String,
    pub t: RoomType,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fname: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub topic: Option<String>,
    /// The creator; absent on direct rooms.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub u: Option<UserRef>,
    /// Members' usernames, on direct rooms.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub usernames: Option<Vec<String>>,
    #[serde(rename = "usersCount", default)]
    pub users_count: u32,
    #[serde(default)]
    pub msgs: u64,
    pub ts: Timestamp,
    /// When the last message was sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lm: Option<Timestamp>,
    #[serde(rename = "lastMessage", default, skip_serializing_if = "Option::is_none")]
    pub last_message: Option<Box<Message>>,
    #[serde(rename = "_updatedAt")]
    pub updated_at: Timestamp,
    /// Read-only: only holders of `post-readonly` may post.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub ro: bool,
    /// The usernames of members muted here, who may not post.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub muted: Vec<String>,
    /// A support conversation's visitor, department, agent and state (`t` is `l`). The app's
    /// core has no use for them (the room part asks the server), so the browser build leaves
    /// them out, as it does a message's server-side fields.
    #[cfg(not(target_arch = "wasm32"))]
    #[serde(flatten, default, skip_serializing_if = "Option::is_none")]
    pub livechat: Option<Box<crate::livechat::Conversation>>,
}

impl FromJson for RoomType {
    fn from_json(value: &Value) -> Option<Self> {
        Self::parse(value.as_str()?)
    }
}

impl FromJson for Room {
    fn from_json(value: &Value) -> Option<Self> {
        let f = Fields::of(value)?;
        Some(Self {
            id: f.get("_id")?,
            t: f.get("t")?,
            name: f.get("name"),
            fname: f.get("fname"),
            topic: f.get("topic"),
            u: f.get("u"),
            usernames: f.get("usernames"),
            users_count: f.get("usersCount").unwrap_or_default(),
            msgs: f.get("msgs").unwrap_or_default(),
            ts: f.get("ts")?,
            lm: f.get("lm"),
            last_message: f.get("lastMessage"),
            updated_at: f.get("_updatedAt")?,
            ro: f.get("ro").unwrap_or_default(),
            muted: f.get("muted").unwrap_or_default(),
            #[cfg(not(target_arch = "wasm32"))]
            livechat: None,
        })
    }
}
