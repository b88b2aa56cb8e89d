//! Permissions and room roles: `permissions.listAll` for every signed-in client (so the app
//! shows only what its user may do), `permissions.update` for those holding
//! `access-permissions`, and the room-role endpoints. Every change reaches the clients it
//! concerns at once: permissions on `stream-notify-logged` (`permissions-changed`), a member's
//! roles on their `subscriptions-changed`.

use axum::Json;
use axum::extract::State;
use confab_protocol::RoomType;
use confab_protocol::permission::{RoomRole, names, room_roles};
use confab_protocol::rest::{
    PermissionsQuery, PermissionsResponse, PermissionsUpdateRequest, PermissionsUpdateResponse, Role, RolesResponse,
    RoomIdQuery, RoomMemberRoles, RoomRoleRequest, RoomRolesResponse, SuccessResponse,
};

use super::access::member_room;
use super::extract::{ApiJson, ApiQuery, date_param};
use crate::auth::Authenticated;
use crate::authorization;
use crate::error::ApiError;
use crate::events::Change;
use crate::state::AppState;

/// `GET /api/v1/permissions.listAll?updatedSince=`.
pub async fn list_all(
    State(state): State<AppState>,
    _auth: Authenticated,
    ApiQuery(query): ApiQuery<PermissionsQuery>,
) -> Result<Json<PermissionsResponse>, ApiError> {
    let since = date_param("updatedSince", query.updated_since.as_deref())?;
    let update = state.store.permissions_since(since).await?;
    Ok(Json(PermissionsResponse { update, remove: Vec::new(), success: true }))
}

/// `POST /api/v1/permissions.update`: each named permission gets exactly the roles given.
pub async fn update(
    State(state): State<AppState>,
    auth: Authenticated,
    ApiJson(body): ApiJson<PermissionsUpdateRequest>,
) -> Result<Json<PermissionsUpdateResponse>, ApiError> {
    authorization::require(&state, &auth.user, names::ACCESS_PERMISSIONS, None).await?;
    let valid_role = |role: &String| {
        (1..=64).contains(&role.len()) && role.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_".contains(&b))
    };
    for permission in &body.permissions {
        if state.store.permission(&permission.id).await?.is_none() {
            return Err(ApiError::bad_request(
                "error-invalid-permission",
                format!("No permission {:?}", permission.id),
            ));
        }
        if !permission.roles.iter().all(valid_role) {
            return Err(ApiError::bad_request("error-invalid-role", "A role name is not valid"));
        }
    }
    let mut changed = Vec::new();
    for permission in body.permissions {
        if let Some(updated) = state.store.set_permission_roles(&permission.id, &permission.roles).await? {
            state.events.permission_changed(&updated);
            changed.push(updated);
        }
    }
    Ok(Json(PermissionsUpdateResponse { permissions: changed, success: true }))
}

/// `channels.addModerator`, `groups.removeOwner` and their kin: `held` says add or remove.
pub async fn set_room_role(
    kind: RoomType,
    role: RoomRole,
    held: bool,
    State(state): State<AppState>,
    auth: Authenticated,
    ApiJson(body): ApiJson<RoomRoleRequest>,
) -> Result<Json<SuccessResponse>, ApiError> {
    member_room(&state, &body.room_id, &auth.user, Some(kind)).await?;
    authorization::require(&state, &auth.user, role.permission(), Some(&body.room_id)).await?;
    let Some(before) = state.store.subscription(&body.room_id, &body.user_id).await? else {
        return Err(ApiError::bad_request("error-user-not-in-room", "The user is not in this room"));
    };
    if before.roles.iter().any(|r| r == role.name()) == held {
        let error_type = if held { "error-user-already-has-role" } else { "error-user-does-not-have-role" };
        return Err(ApiError::bad_request(
            error_type,
            format!("The user is {}a {}", if held { "already " } else { "not " }, role.name()),
        ));
    }
    if !held && role == RoomRole::Owner && state.store.room_owners(&body.room_id).await? <= 1 {
        return Err(ApiError::bad_request("error-remove-last-owner", "A room keeps at least one owner"));
    }
    if let Some(after) = state.store.set_room_role(&body.room_id, &body.user_id, role.name(), held).await? {
        state.events.subscription_changed(&body.user_id, Change::Updated, &after);
    }
    Ok(Json(SuccessResponse { success: true }))
}

/// The built-in roles: (name, scope, what it is for).
const ROLES: &[(&str, &str, &str)] = &[
    ("admin", "Users", "Administers the server"),
    ("user", "Users", "A signed-in person"),
    ("bot", "Users", "An automated account"),
    ("guest", "Users", "A person with the fewest rights"),
    ("app", "Users", "An integration"),
    ("anonymous", "Users", "Someone not signed in"),
    (room_roles::OWNER, "Subscriptions", "Owns a room"),
    (room_roles::MODERATOR, "Subscriptions", "Moderates a room"),
    (room_roles::LEADER, "Subscriptions", "Leads a room"),
];

/// `GET /api/v1/roles.list`.
pub async fn roles_list(_auth: Authenticated) -> Json<RolesResponse> {
    let roles = ROLES
        .iter()
        .map(|(name, scope, description)| Role {
            id: (*name).to_owned(),
            name: (*name).to_owned(),
            scope: (*scope).to_owned(),
            description: (*description).to_owned(),
            protected: true,
        })
        .collect();
    Json(RolesResponse { roles, success: true })
}

/// `GET /api/v1/channels.roles?roomId=` and `groups.roles`: who holds a role in the room.
pub async fn room_roles(
    kind: RoomType,
    State(state): State<AppState>,
    auth: Authenticated,
    ApiQuery(query): ApiQuery<RoomIdQuery>,
) -> Result<Json<RoomRolesResponse>, ApiError> {
    let room = member_room(&state, &query.room_id, &auth.user, Some(kind)).await?;
    let roles = state
        .store
        .room_role_holders(&room.id)
        .await?
        .into_iter()
        .map(|s| RoomMemberRoles { id: s.id, rid: s.rid, u: s.u, roles: s.roles })
        .collect();
    Ok(Json(RoomRolesResponse { roles, success: true }))
}
