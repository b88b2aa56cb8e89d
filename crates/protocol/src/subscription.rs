//! Subscriptions (`ISubscription`): one user's view of one room, carrying everything a room list
//! needs (name, type, unread and mention counts, last seen).

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::json::{Fields, FromJson};
use crate::{RoomType, Timestamp, UserRef};

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Subscription {
    #[serde(rename = "_id")]
    pub id: String,
    pub rid: String,
    pub u: UserRef,
    /// The room's name; for a direct room, the other member's username.
    pub name: String,
    /// The display name: the channel's full name, or the other member's name in a direct room.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fname: Option<String>,
    pub t: RoomType,
    #[serde(default)]
    pub unread: u32,
    #[serde(rename = "userMentions", default)]
    pub user_mentions: u32,
    #[serde(rename = "groupMentions", default)]
    pub group_mentions: u32,
    #[serde(default)]
    pub alert: bool,
    #[serde(default = "yes")]
    pub open: bool,
    /// Last seen: when the user last read the room.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ls: Option<Timestamp>,
    pub ts: Timestamp,
    #[serde(rename = "_updatedAt")]
    pub updated_at: Timestamp,
    /// The user's roles in the room (`owner`, `moderator`, `leader`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<String>,
    /// What notifies the user here. The server follows it; the app reads it only where it is
    /// changed (`subscriptions.getOne`), so the room list does not carry it.
    #[serde(flatten)]
    pub notifications: crate::notification::NotificationPrefs,
}

fn yes() -> bool {
    true
}

impl Subscription {
    /// The name to show in a room list.
    pub fn display_name(&self) -> &str {
        self.fname.as_deref().filter(|n| !n.trim().is_empty()).unwrap_or(&self.name)
    }
}

impl FromJson for Subscription {
    fn from_json(value: &Value) -> Option<Self> {
        let f = Fields::of(value)?;
        Some(Self {
            id: f.get("_id")?,
            rid: f.get("rid")?,
            u: f.get("u")?,
            name: f.get("name")?,
            fname: f.get("fname"),
            t: f.get("t")?,
            unread: f.get("unread").unwrap_or_default(),
            user_mentions: f.get("userMentions").unwrap_or_default(),
            group_mentions: f.get("groupMentions").unwrap_or_default(),
            alert: f.get("alert").unwrap_or_default(),
            open: f.get("open").unwrap_or(true),
            ls: f.get("ls"),
            ts: f.get("ts")?,
            updated_at: f.get("_updatedAt")?,
            roles: f.get("roles").unwrap_or_default(),
            notifications: Default::default(),
        })
    }
}
