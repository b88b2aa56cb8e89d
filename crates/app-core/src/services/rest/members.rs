//! A room's members and what moderators do about them: pages of members, adding people, room roles, mutes and kicks; and one user's profile.

use confab_protocol::permission::RoomRole;
use confab_protocol::rest::{InviteRequest, MembersResponse, SuccessResponse, UserResponse};
use confab_protocol::rest::{MuteRequest, RoomMemberRoles, RoomRoleRequest, RoomRolesResponse};
use confab_protocol::{RoomType, User};

use super::{ApiError, Rest};

impl Rest {
    /// The members of a room (the first hundred), for mention suggestions.
    pub async fn members(&self, rid: &str, t: RoomType) -> Result<Vec<User>, ApiError> {
        let endpoint = format!("{}.members", t.history_prefix());
        let page: MembersResponse = self.get(&endpoint, &[("roomId", rid), ("count", "100")]).await?;
        Ok(page.members)
    }

    /// A page of a room's members whose name contains `filter`, and how many match in all.
    pub async fn member_page(
        &self,
        rid: &str,
        t: RoomType,
        filter: &str,
        offset: u32,
        count: u32,
    ) -> Result<MembersResponse, ApiError> {
        let endpoint = format!("{}.members", t.history_prefix());
        let (offset, count) = (offset.to_string(), count.to_string());
        let query = [("roomId", rid), ("filter", filter), ("offset", offset.as_str()), ("count", count.as_str())];
        self.get(&endpoint, &query).await
    }

    /// Adds user `user_id` to channel or group `rid` (`channels.invite`, `groups.invite`).
    pub async fn invite(&self, rid: &str, t: RoomType, user_id: &str) -> Result<(), ApiError> {
        let endpoint = format!("{}.invite", t.history_prefix());
        let body = InviteRequest { room_id: rid.to_owned(), user_id: user_id.to_owned() };
        let _: SuccessResponse = self.post(&endpoint, &body).await?;
        Ok(())
    }

    /// Who holds a room role (owner, moderator, leader) in a channel or group.
    pub async fn room_roles(&self, rid: &str, t: RoomType) -> Result<Vec<RoomMemberRoles>, ApiError> {
        let endpoint = format!("{}.roles", t.history_prefix());
        let response: RoomRolesResponse = self.get(&endpoint, &[("roomId", rid)]).await?;
        Ok(response.roles)
    }

    pub async fn user_info(&self, username: &str) -> Result<User, ApiError> {
        let response: UserResponse = self.get("users.info", &[("username", username)]).await?;
        Ok(response.user)
    }

    /// Gives (`held`) or takes a room role: `addModerator`, `removeOwner` and the like.
    pub async fn set_room_role(
        &self,
        rid: &str,
        t: RoomType,
        user_id: &str,
        role: RoomRole,
        held: bool,
    ) -> Result<(), ApiError> {
        let endpoint = format!("{}.{}", t.history_prefix(), role.endpoint(held));
        let body = RoomRoleRequest { room_id: rid.to_owned(), user_id: user_id.to_owned() };
        let _: SuccessResponse = self.post(&endpoint, &body).await?;
        Ok(())
    }

    pub async fn set_muted(&self, rid: &str, username: &str, muted: bool) -> Result<(), ApiError> {
        let endpoint = if muted { "rooms.muteUser" } else { "rooms.unmuteUser" };
        let body = MuteRequest { room_id: rid.to_owned(), user_id: None, username: Some(username.to_owned()) };
        let _: SuccessResponse = self.post(endpoint, &body).await?;
        Ok(())
    }

    /// Removes a member from a channel or group.
    pub async fn kick(&self, rid: &str, t: RoomType, user_id: &str) -> Result<(), ApiError> {
        let endpoint = format!("{}.kick", t.history_prefix());
        let body = RoomRoleRequest { room_id: rid.to_owned(), user_id: user_id.to_owned() };
        let _: SuccessResponse = self.post(&endpoint, &body).await?;
        Ok(())
    }
}
