//! Permissions (which roles hold each) and the room roles members hold.

use confab_protocol::permission::Permission;
use confab_protocol::{Subscription, Timestamp};

use super::Store;

/// A comma-separated list of role names, as the tables keep them.
pub fn role_list(text: &str) -> Vec<String> {
    text.split(',').map(str::trim).filter(|role| !role.is_empty()).map(str::to_owned).collect()
}

#[derive(sqlx::FromRow)]
struct PermissionRow {
    id: String,
    roles: String,
    updated_at: i64,
}

impl PermissionRow {
    fn into_permission(self) -> Permission {
        Permission { roles: role_list(&self.roles), id: self.id, updated_at: Timestamp(self.updated_at) }
    }
}

impl Store {
    /// The permissions changed after `since`, or all of them.
    pub async fn permissions_since(&self, since: Option<Timestamp>) -> Result<Vec<Permission>, sqlx::Error> {
        let rows = sqlx::query_as::<_, PermissionRow>(
            "SELECT id, roles, updated_at FROM permissions WHERE updated_at > $1 ORDER BY id",
        )
        .bind(since.map_or(i64::MIN, Timestamp::millis))
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(PermissionRow::into_permission).collect())
    }

    pub async fn permission(&self, id: &str) -> Result<Option<Permission>, sqlx::Error> {
        let row = sqlx::query_as::<_, PermissionRow>("SELECT id, roles, updated_at FROM permissions WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(PermissionRow::into_permission))
    }

    /// Gives permission `id` to exactly `roles`; `None` when there is no such permission.
    pub async fn set_permission_roles(&self, id: &str, roles: &[String]) -> Result<Option<Permission>, sqlx::Error> {
        let row = sqlx::query_as::<_, PermissionRow>(
            "UPDATE permissions SET roles = $1, updated_at = MAX(updated_at + 1, $2) WHERE id = $3 \
             RETURNING id, roles, updated_at",
        )
        .bind(roles.join(","))
        .bind(Timestamp::now().millis())
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(PermissionRow::into_permission))
    }

    /// How many owners room `room_id` has.
    pub async fn room_owners(&self, room_id: &str) -> Result<u32, sqlx::Error> {
        let (count,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM subscriptions WHERE room_id = $1 AND (',' || roles || ',') LIKE '%,owner,%'",
        )
        .bind(room_id)
        .fetch_one(&self.pool)
        .await?;
        Ok(u32::try_from(count).unwrap_or_default())
    }

    /// Adds or removes room role `role` of member `user_id` of `room_id`; the membership after,
    /// or `None` when `user_id` is not a member.
    pub async fn set_room_role(
        &self,
        room_id: &str,
        user_id: &str,
        role: &str,
        held: bool,
    ) -> Result<Option<Subscription>, sqlx::Error> {
        let Some(subscription) = self.subscription(room_id, user_id).await? else { return Ok(None) };
        let mut roles: Vec<String> = subscription.roles.into_iter().filter(|r| r != role).collect();
        if held {
            roles.push(role.to_owned());
        }
        sqlx::query("UPDATE subscriptions SET roles = $1, updated_at = MAX(updated_at + 1, $2) WHERE id = $3")
            .bind(roles.join(","))
            .bind(Timestamp::now().millis())
            .bind(&subscription.id)
            .execute(&self.pool)
            .await?;
        self.subscription(room_id, user_id).await
    }

    /// Mutes or unmutes member `user_id` of `room_id`; whether they are a member.
    pub async fn set_muted(&self, room_id: &str, user_id: &str, muted: bool) -> Result<bool, sqlx::Error> {
        let done = sqlx::query("UPDATE subscriptions SET muted = $1 WHERE room_id = $2 AND user_id = $3")
            .bind(i64::from(muted))
            .bind(room_id)
            .bind(user_id)
            .execute(&self.pool)
            .await?;
        if done.rows_affected() > 0 {
            self.touch_room(room_id).await?;
        }
        Ok(done.rows_affected() > 0)
    }

    /// Makes room `room_id` read-only, or not.
    pub async fn set_read_only(&self, room_id: &str, read_only: bool) -> Result<(), sqlx::Error> {
        sqlx::query("UPDATE rooms SET ro = $1 WHERE id = $2")
            .bind(i64::from(read_only))
            .bind(room_id)
            .execute(&self.pool)
            .await?;
        self.touch_room(room_id).await
    }

    /// The members of `room_id` holding a room role, by username.
    pub async fn room_role_holders(&self, room_id: &str) -> Result<Vec<Subscription>, sqlx::Error> {
        let ids: Vec<String> = sqlx::query_scalar(
            "SELECT s.user_id FROM subscriptions s JOIN users u ON u.id = s.user_id \
             WHERE s.room_id = $1 AND s.roles != '' ORDER BY u.username",
        )
        .bind(room_id)
        .fetch_all(&self.pool)
        .await?;
        let mut holders = Vec::with_capacity(ids.len());
        for id in ids {
            holders.extend(self.subscription(room_id, &id).await?);
        }
        Ok(holders)
    }
}
