//! Desktop notifications. Each member chooses per room what notifies them (the subscription's
//! `desktopNotifications`, `disableNotifications` and `muteGroupMentions`, set with
//! `rooms.saveNotification`), and the server, following those choices, sends Rocket.Chat's
//! `notification` event on `stream-notify-user` (`<uid>/notification`) for each message that
//! should. By default a direct message notifies, and elsewhere a mention does.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::json::{Fields, FromJson};
use crate::{RoomType, UserRef};

/// The `stream-notify-user` event a notification travels as.
pub const NOTIFICATION_EVENT: &str = "notification";

/// What notifies in a room (`desktopNotifications`).
#[derive(Serialize, Deserialize, Clone, Copy, Debug, Default, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum DesktopNotifications {
    /// Direct messages and mentions.
    #[default]
    Default,
    All,
    Mentions,
    Nothing,
}

impl DesktopNotifications {
    pub fn parse(text: &str) -> Option<Self> {
        Some(match text {
            "default" => Self::Default,
            "all" => Self::All,
            "mentions" => Self::Mentions,
            "nothing" => Self::Nothing,
            _ => return None,
        })
    }

    fn is_default(&self) -> bool {
        *self == Self::Default
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Default => "default",
            Self::All => "all",
            Self::Mentions => "mentions",
            Self::Nothing => "nothing",
        }
    }
}

/// A member's notification choices in one room, as the subscription carries them.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NotificationPrefs {
    #[serde(rename = "desktopNotifications", default, skip_serializing_if = "DesktopNotifications::is_default")]
    pub desktop: DesktopNotifications,
    /// The room is muted: nothing of it notifies.
    #[serde(rename = "disableNotifications", default, skip_serializing_if = "std::ops::Not::not")]
    pub disabled: bool,
    /// `@all` and `@here` do not count as mentions.
    #[serde(rename = "muteGroupMentions", default, skip_serializing_if = "std::ops::Not::not")]
    pub mute_group_mentions: bool,
}

/// How a message concerns one reader.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Concern {
    pub direct_room: bool,
    /// They are named (`@username`).
    pub mentioned: bool,
    /// `@all` or `@here`.
    pub group_mentioned: bool,
}

impl NotificationPrefs {
    /// Whether a message that concerns the reader so should notify them.
    pub fn notifies(&self, concern: Concern) -> bool {
        let mention = concern.mentioned || (concern.group_mentioned && !self.mute_group_mentions);
        !self.disabled
            && match self.desktop {
                DesktopNotifications::All => true,
                DesktopNotifications::Mentions => mention,
                DesktopNotifications::Nothing => false,
                DesktopNotifications::Default => concern.direct_room || mention,
            }
    }
}

/// `POST /api/v1/rooms.saveNotification`: Rocket.Chat sends the flags as `"1"` / `"0"`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct SaveNotificationRequest {
    #[serde(rename = "roomId")]
    pub room_id: String,
    pub notifications: NotificationFields,
}

#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq, Eq)]
pub struct NotificationFields {
    #[serde(rename = "desktopNotifications", default, skip_serializing_if = "Option::is_none")]
    pub desktop: Option<String>,
    #[serde(rename = "disableNotifications", default, skip_serializing_if = "Option::is_none")]
    pub disabled: Option<String>,
    #[serde(rename = "muteGroupMentions", default, skip_serializing_if = "Option::is_none")]
    pub mute_group_mentions: Option<String>,
}

/// The `notification` event's one argument.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Notification {
    pub title: String,
    pub text: String,
    pub payload: NotificationPayload,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct NotificationPayload {
    /// The message's id.
    #[serde(rename = "_id")]
    pub id: String,
    pub rid: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tmid: Option<String>,
    pub sender: UserRef,
    #[serde(rename = "type")]
    pub t: RoomType,
    /// The room's name (none for a direct room).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

impl FromJson for NotificationPrefs {
    fn from_json(value: &Value) -> Option<Self> {
        let f = Fields::of(value)?;
        let desktop = f.get::<String>("desktopNotifications").and_then(|d| DesktopNotifications::parse(&d));
        Some(Self {
            desktop: desktop.unwrap_or_default(),
            disabled: f.get("disableNotifications").unwrap_or_default(),
            mute_group_mentions: f.get("muteGroupMentions").unwrap_or_default(),
        })
    }
}

impl FromJson for Notification {
    fn from_json(value: &Value) -> Option<Self> {
        let f = Fields::of(value)?;
        Some(Self { title: f.get("title")?, text: f.get("text")?, payload: f.get("payload")? })
    }
}

impl FromJson for NotificationPayload {
    fn from_json(value: &Value) -> Option<Self> {
        let f = Fields::of(value)?;
        Some(Self {
            id: f.get("_id")?,
            rid: f.get("rid")?,
            tmid: f.get("tmid"),
            sender: f.get("sender")?,
            t: f.get("type")?,
            name: f.get("name"),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn by_default_direct_messages_and_mentions_notify() {
        let prefs = NotificationPrefs::default();
        let plain = Concern::default();
        assert!(!prefs.notifies(plain));
        assert!(prefs.notifies(Concern { direct_room: true, ..plain }));
        assert!(prefs.notifies(Concern { mentioned: true, ..plain }));
        assert!(prefs.notifies(Concern { group_mentioned: true, ..plain }));
    }

    #[test]
    fn all_mentions_nothing_muted_and_group_mentions() {
        let plain = Concern::default();
        let with = |desktop| NotificationPrefs { desktop, ..NotificationPrefs::default() };
        assert!(with(DesktopNotifications::All).notifies(plain));
        assert!(!with(DesktopNotifications::Mentions).notifies(Concern { direct_room: true, ..plain }));
        assert!(!with(DesktopNotifications::Nothing).notifies(Concern { mentioned: true, ..plain }));
        let muted = NotificationPrefs { disabled: true, ..with(DesktopNotifications::All) };
        assert!(!muted.notifies(Concern { mentioned: true, direct_room: true, ..plain }));
        let quiet_groups = NotificationPrefs { mute_group_mentions: true, ..NotificationPrefs::default() };
        assert!(!quiet_groups.notifies(Concern { group_mentioned: true, ..plain }));
        assert!(quiet_groups.notifies(Concern { mentioned: true, ..plain }));
        assert_eq!(DesktopNotifications::parse("mentions"), Some(DesktopNotifications::Mentions));
        assert_eq!(DesktopNotifications::parse("loud"), None);
    }
}
