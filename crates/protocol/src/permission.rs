//! Roles and permissions, Rocket.Chat's model (`IPermission`, `IRole`): a permission names the
//! roles that hold it. A user's global roles (`admin`, `user`, `bot`, `guest`) count everywhere;
//! their roles in a room (`owner`, `moderator`, `leader`, on the subscription) count in that room.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::Timestamp;
use crate::json::{Fields, FromJson};

/// The permissions Confab asks for, by their Rocket.Chat names.
pub mod names {
    pub const CREATE_CHANNEL: &str = "create-c";
    pub const CREATE_GROUP: &str = "create-p";
    pub const CREATE_DIRECT: &str = "create-d";
    pub const EDIT_MESSAGE: &str = "edit-message";
    pub const DELETE_MESSAGE: &str = "delete-message";
    pub const DELETE_OWN_MESSAGE: &str = "delete-own-message";
    pub const FORCE_DELETE_MESSAGE: &str = "force-delete-message";
    pub const BYPASS_TIME_LIMIT: &str = "bypass-time-limit-edit-and-delete";
    pub const PIN_MESSAGE: &str = "pin-message";
    pub const MENTION_ALL: &str = "mention-all";
    pub const MENTION_HERE: &str = "mention-here";
    pub const MUTE_USER: &str = "mute-user";
    pub const REMOVE_USER: &str = "remove-user";
    pub const ADD_USER_TO_JOINED_ROOM: &str = "add-user-to-joined-room";
    pub const SET_MODERATOR: &str = "set-moderator";
    pub const SET_OWNER: &str = "set-owner";
    pub const EDIT_ROOM: &str = "edit-room";
    pub const POST_READONLY: &str = "post-readonly";
    pub const SET_READONLY: &str = "set-readonly";
    pub const VIEW_CHANNEL: &str = "view-c-room";
    pub const START_DISCUSSION: &str = "start-discussion";
    pub const ACCESS_PERMISSIONS: &str = "access-permissions";
    pub const CREATE_PERSONAL_ACCESS_TOKENS: &str = "create-personal-access-tokens";
    pub const MANAGE_INCOMING_INTEGRATIONS: &str = "manage-incoming-integrations";
    pub const MANAGE_OUTGOING_INTEGRATIONS: &str = "manage-outgoing-integrations";
}

/// Room roles, held on a subscription.
pub mod room_roles {
    pub const OWNER: &str = "owner";
    pub const MODERATOR: &str = "moderator";
    pub const LEADER: &str = "leader";
}

/// A room role the `add…` / `remove…` endpoints give and take, and the permission they need.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RoomRole {
    Moderator,
    Owner,
}

impl RoomRole {
    pub fn name(self) -> &'static str {
        match self {
            Self::Moderator => room_roles::MODERATOR,
            Self::Owner => room_roles::OWNER,
        }
    }

    pub fn permission(self) -> &'static str {
        match self {
            Self::Moderator => names::SET_MODERATOR,
            Self::Owner => names::SET_OWNER,
        }
    }

    /// The endpoint's name in `channels.` or `groups.` (`addModerator`, `removeOwner`, …).
    pub fn endpoint(self, held: bool) -> &'static str {
        match (self, held) {
            (Self::Moderator, true) => "addModerator",
            (Self::Moderator, false) => "removeModerator",
            (Self::Owner, true) => "addOwner",
            (Self::Owner, false) => "removeOwner",
        }
    }
}

/// The public settings that limit editing and deleting, by their Rocket.Chat names.
pub const ALLOW_EDITING_SETTING: &str = "Message_AllowEditing";
pub const EDIT_BLOCK_MINUTES_SETTING: &str = "Message_AllowEditing_BlockEditInMinutes";
pub const ALLOW_DELETING_SETTING: &str = "Message_AllowDeleting";
pub const DELETE_BLOCK_MINUTES_SETTING: &str = "Message_AllowDeleting_BlockDeleteInMinutes";

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Permission {
    #[serde(rename = "_id")]
    pub id: String,
    pub roles: Vec<String>,
    #[serde(rename = "_updatedAt")]
    pub updated_at: Timestamp,
}

impl Permission {
    /// Whether someone holding `roles` holds this permission.
    pub fn granted_to<'a>(&self, mut roles: impl Iterator<Item = &'a str>) -> bool {
        roles.any(|role| self.roles.iter().any(|held| held == role))
    }
}

impl FromJson for Permission {
    fn from_json(value: &Value) -> Option<Self> {
        let f = Fields::of(value)?;
        Some(Self { id: f.get("_id")?, roles: f.get("roles").unwrap_or_default(), updated_at: f.get("_updatedAt")? })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_permission_is_held_through_any_of_its_roles() {
        let delete = Permission {
            id: names::DELETE_MESSAGE.into(),
            roles: vec!["admin".into(), "owner".into()],
            updated_at: Timestamp(1),
        };
        assert!(delete.granted_to(["user", "owner"].into_iter()));
        assert!(!delete.granted_to(["user", "moderator"].into_iter()));
        assert!(!delete.granted_to(std::iter::empty()));
    }

    #[test]
    fn the_hand_reader_agrees_with_serde() {
        let value =
            serde_json::json!({"_id": "pin-message", "roles": ["owner", "moderator"], "_updatedAt": {"$date": 5}});
        let by_serde: Permission = serde_json::from_value(value.clone()).unwrap();
        assert_eq!(Permission::from_json(&value), Some(by_serde));
    }
}
