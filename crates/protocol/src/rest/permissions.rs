//! The permission, room-role and moderation endpoints: `permissions.listAll`,
//! `permissions.update`, the `channels.` / `groups.` `addModerator`, `removeModerator`,
//! `addOwner`, `removeOwner`, `kick` and `setReadOnly`, and `rooms.muteUser` / `unmuteUser`.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::json::{Fields, FromJson};
use crate::permission::Permission;

/// `GET /api/v1/permissions.listAll?updatedSince=`.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq, Eq)]
pub struct PermissionsQuery {
    #[serde(rename = "updatedSince", default, skip_serializing_if = "Option::is_none")]
    pub updated_since: Option<String>,
}

/// The permissions changed since the time asked (all of them without one); none are removed.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct PermissionsResponse {
    pub update: Vec<Permission>,
    pub remove: Vec<Permission>,
    pub success: bool,
}

/// One permission's new roles, in `permissions.update`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct PermissionRoles {
    #[serde(rename = "_id")]
    pub id: String,
    pub roles: Vec<String>,
}

/// `POST /api/v1/permissions.update`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct PermissionsUpdateRequest {
    pub permissions: Vec<PermissionRoles>,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct PermissionsUpdateResponse {
    pub permissions: Vec<Permission>,
    pub success: bool,
}

/// `POST /api/v1/channels.addModerator` and its kin: a member of the room and the role's change.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct RoomRoleRequest {
    #[serde(rename = "roomId")]
    pub room_id: String,
    #[serde(rename = "userId")]
    pub user_id: String,
}

impl FromJson for PermissionsResponse {
    fn from_json(value: &Value) -> Option<Self> {
        let f = Fields::of(value)?;
        Some(Self { update: f.get("update")?, remove: f.get("remove").unwrap_or_default(), success: f.get("success")? })
    }
}

/// `POST /api/v1/rooms.muteUser` and `rooms.unmuteUser`: the member, by id or username.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct MuteRequest {
    #[serde(rename = "roomId")]
    pub room_id: String,
    #[serde(rename = "userId", default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
}

/// `POST /api/v1/channels.setReadOnly` and `groups.setReadOnly`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct ReadOnlyRequest {
    #[serde(rename = "roomId")]
    pub room_id: String,
    #[serde(rename = "readOnly")]
    pub read_only: bool,
}

/// A role (`IRole`): global roles have the scope `Users`, room roles `Subscriptions`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Role {
    #[serde(rename = "_id")]
    pub id: String,
    pub name: String,
    pub scope: String,
    pub description: String,
    /// Built in: it cannot be deleted.
    pub protected: bool,
}

/// `GET /api/v1/roles.list`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct RolesResponse {
    pub roles: Vec<Role>,
    pub success: bool,
}

/// One member's roles in a room, in `channels.roles` / `groups.roles`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct RoomMemberRoles {
    /// The membership's id.
    #[serde(rename = "_id")]
    pub id: String,
    pub rid: String,
    pub u: crate::UserRef,
    pub roles: Vec<String>,
}

/// `GET /api/v1/channels.roles?roomId=` and `groups.roles`: the members holding a room role.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct RoomRolesResponse {
    pub roles: Vec<RoomMemberRoles>,
    pub success: bool,
}

/// A query naming one room (`?roomId=`).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct RoomIdQuery {
    #[serde(rename = "roomId")]
    pub room_id: String,
}

impl FromJson for RoomMemberRoles {
    fn from_json(value: &Value) -> Option<Self> {
        let f = Fields::of(value)?;
        Some(Self { id: f.get("_id")?, rid: f.get("rid")?, u: f.get("u")?, roles: f.get("roles").unwrap_or_default() })
    }
}

impl FromJson for RoomRolesResponse {
    fn from_json(value: &Value) -> Option<Self> {
        let f = Fields::of(value)?;
        Some(Self { roles: f.get("roles")?, success: f.get("success")? })
    }
}
