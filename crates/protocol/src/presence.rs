//! Presence as Rocket.Chat carries it: a status per user (`online`, `away`, `busy`, `offline`)
//! with a status text, read with `users.presence` and kept live by `user-status` on
//! `stream-notify-logged`, whose arguments are `[[userId, username, statusCode, statusText]]`.
//! A client reports its own idleness with the `UserPresence:away` / `UserPresence:online` methods.

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::json::{Fields, FromJson};
pub use crate::page_api::UserStatus;

/// The `stream-notify-logged` event that carries presence changes.
pub const USER_STATUS_EVENT: &str = "user-status";
/// The DDP methods with which a connection says it has gone idle, or is in use again.
pub const AWAY_METHOD: &str = "UserPresence:away";
pub const ONLINE_METHOD: &str = "UserPresence:online";
/// Seconds without input after which a client reports itself away (Rocket.Chat's default user
/// preference, published in `settings.public`).
pub const IDLE_SECONDS_SETTING: &str = "Accounts_Default_User_Preferences_idleTimeLimit";
/// Longest status text `users.setStatus` accepts (Rocket.Chat's limit).
pub const MAX_STATUS_TEXT: usize = 120;

impl UserStatus {
    /// The number `user-status` events carry.
    pub fn code(self) -> u8 {
        match self {
            Self::Offline => 0,
            Self::Online => 1,
            Self::Away => 2,
            Self::Busy => 3,
        }
    }

    pub fn from_code(code: u64) -> Option<Self> {
        Some(match code {
            0 => Self::Offline,
            1 => Self::Online,
            2 => Self::Away,
            3 => Self::Busy,
            _ => return None,
        })
    }
}

/// One user's presence, as `users.presence` lists it and `user-status` announces it.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct UserPresence {
    #[serde(rename = "_id")]
    pub id: String,
    pub username: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub status: UserStatus,
    #[serde(rename = "statusText", default, skip_serializing_if = "String::is_empty")]
    pub status_text: String,
}

impl UserPresence {
    /// The arguments of a `user-status` event.
    pub fn to_event_args(&self) -> Vec<Value> {
        vec![json!([self.id, self.username, self.status.code(), self.status_text])]
    }

    /// Reads a `user-status` event's arguments; `None` for anything else.
    pub fn from_event_args(args: &[Value]) -> Option<Self> {
        let fields = args.first()?.as_array()?;
        Some(Self {
            id: fields.first()?.as_str()?.to_owned(),
            username: fields.get(1)?.as_str()?.to_owned(),
            name: None,
            status: UserStatus::from_code(fields.get(2)?.as_u64()?)?,
            status_text: fields.get(3).and_then(Value::as_str).unwrap_or_default().to_owned(),
        })
    }
}

/// `GET /api/v1/users.presence?from=&ids=`: without `from`, everyone (`full`); with it, who
/// changed since. `ids` (comma-separated) narrows the answer to those users.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq, Eq)]
pub struct PresenceQuery {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ids: Option<String>,
}

/// `GET /api/v1/users.getPresence?userId=` (or `username=`): one user's presence.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct OnePresenceResponse {
    pub presence: UserStatus,
    pub success: bool,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct PresenceResponse {
    pub users: Vec<UserPresence>,
    pub full: bool,
    pub success: bool,
}

impl FromJson for UserStatus {
    fn from_json(value: &Value) -> Option<Self> {
        Self::parse(value.as_str()?)
    }
}

impl FromJson for UserPresence {
    fn from_json(value: &Value) -> Option<Self> {
        let f = Fields::of(value)?;
        Some(Self {
            id: f.get("_id")?,
            username: f.get("username")?,
            name: f.get("name"),
            status: f.get("status")?,
            status_text: f.get("statusText").unwrap_or_default(),
        })
    }
}

impl FromJson for PresenceResponse {
    fn from_json(value: &Value) -> Option<Self> {
        let f = Fields::of(value)?;
        Some(Self { users: f.get("users")?, full: f.get("full").unwrap_or_default(), success: f.get("success")? })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_user_status_event_reads_back() {
        let presence = UserPresence {
            id: "u1".into(),
            username: "alice".into(),
            name: None,
            status: UserStatus::Busy,
            status_text: "In a meeting".into(),
        };
        let args = presence.to_event_args();
        assert_eq!(args[0], json!(["u1", "alice", 3, "In a meeting"]));
        assert_eq!(UserPresence::from_event_args(&args), Some(presence));
    }

    #[test]
    fn a_malformed_user_status_event_is_nothing() {
        assert_eq!(UserPresence::from_event_args(&[json!(["u1", "alice", 9])]), None);
        assert_eq!(UserPresence::from_event_args(&[json!({"status": 1})]), None);
        assert_eq!(UserPresence::from_event_args(&[]), None);
    }

    #[test]
    fn the_users_presence_answer_has_rocket_chats_shape() {
        let body =
            json!({"users": [{"_id": "u1", "username": "alice", "status": "away"}], "full": true, "success": true});
        let response: PresenceResponse = serde_json::from_value(body).unwrap();
        assert_eq!(response.users[0].status, UserStatus::Away);
        assert!(response.users[0].status_text.is_empty());
    }
}
