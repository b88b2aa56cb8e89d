//! Membership: joining, leaving, member lists, and the read state each member keeps of a room.

use confab_protocol::{Subscription, Timestamp, User};

use sqlx::{Any, Transaction};

use super::Store;
use crate::secrets::new_id;

/// A room's members, a page at a time.
pub struct Members {
    pub users: Vec<User>,
    pub total: u32,
}

/// Subscribes `user` to the channel or group `room_id` unless they are in it; whether they were
/// added.
pub(super) async fn insert_member(
    tx: &mut Transaction<'_, Any>,
    room_id: &str,
    user: &User,
) -> Result<bool, sqlx::Error> {
    let now = Timestamp::now().millis();
    let done = sqlx::query(
        // Whoever made the room owns it.
        "INSERT INTO subscriptions (id, room_id, user_id, name, fname, ls, created_at, updated_at, roles) \
         SELECT $1, r.id, $2, r.name, r.fname, $3, $4, $5, CASE WHEN r.creator_id = $6 THEN 'owner' ELSE '' END \
         FROM rooms r WHERE r.id = $7 AND r.name IS NOT NULL \
         ON CONFLICT (room_id, user_id) DO NOTHING",
    )
    .bind(new_id())
    .bind(&user.id)
    .bind(now)
    .bind(now)
    .bind(now)
    .bind(&user.id)
    .bind(room_id)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() > 0)
}

impl Store {
    /// Subscribes `user` to a channel or group. Adding an existing member changes nothing;
    /// returns whether the user was added.
    pub async fn add_member(&self, room_id: &str, user: &User) -> Result<bool, sqlx::Error> {
        let mut tx = self.pool.begin().await?;
        let added = insert_member(&mut tx, room_id, user).await?;
        tx.commit().await?;
        if added {
            self.touch_room(room_id).await?;
        }
        Ok(added)
    }

    /// Ends `user_id`'s membership of `room_id`, remembering it for `updatedSince` queries.
    pub async fn remove_member(&self, room_id: &str, user_id: &str) -> Result<Option<Subscription>, sqlx::Error> {
        let Some(subscription) = self.subscription(room_id, user_id).await? else { return Ok(None) };
        let now = Timestamp::now().millis();
        let mut tx = self.pool.begin().await?;
        sqlx::query("DELETE FROM subscriptions WHERE id = $1").bind(&subscription.id).execute(&mut *tx).await?;
        sqlx::query("INSERT INTO subscription_removals (id, room_id, user_id, removed_at) VALUES ($1, $2, $3, $4)")
            .bind(&subscription.id)
            .bind(room_id)
            .bind(user_id)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        sqlx::query("UPDATE rooms SET updated_at = $1 WHERE id = $2").bind(now).bind(room_id).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(Some(subscription))
    }

    /// The subscriptions `user_id` lost after `since` (id and room of each).
    pub async fn removed_since(
        &self,
        user_id: &str,
        since: Timestamp,
    ) -> Result<Vec<(String, String, Timestamp)>, sqlx::Error> {
        let rows: Vec<(String, String, i64)> = sqlx::query_as(
            "SELECT id, room_id, removed_at FROM subscription_removals WHERE user_id = $1 AND removed_at > $2 \
             AND room_id NOT IN (SELECT room_id FROM subscriptions WHERE user_id = $3)",
        )
        .bind(user_id)
        .bind(since.millis())
        .bind(user_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(|(id, room, at)| (id, room, Timestamp(at))).collect())
    }

    pub(super) async fn touch_room(&self, room_id: &str) -> Result<(), sqlx::Error> {
        sqlx::query("UPDATE rooms SET updated_at = MAX(updated_at + 1, $1) WHERE id = $2")
            .bind(Timestamp::now().millis())
            .bind(room_id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Ids of `room_id`'s members.
    pub async fn member_ids(&self, room_id: &str) -> Result<Vec<String>, sqlx::Error> {
        sqlx::query_scalar("SELECT user_id FROM subscriptions WHERE room_id = $1")
            .bind(room_id)
            .fetch_all(&self.pool)
            .await
    }

    /// A page of `room_id`'s members by username.
    /// A page of the members of `room_id` whose username or name contains `filter` (any when
    /// empty, case-insensitively), by username, and how many match in all.
    pub async fn members(&self, room_id: &str, filter: &str, offset: u32, count: u32) -> Result<Members, sqlx::Error> {
        let pattern = format!("%{}%", super::like_literal(filter));
        let matching = "FROM subscriptions s JOIN users u ON u.id = s.user_id WHERE s.room_id = $1 \
             AND (lower(u.username) LIKE lower($2) ESCAPE '\\' OR lower(COALESCE(u.name, '')) LIKE lower($2) ESCAPE '\\')";
        let ids: Vec<String> =
            sqlx::query_scalar(&format!("SELECT u.id {matching} ORDER BY u.username LIMIT $3 OFFSET $4"))
                .bind(room_id)
                .bind(&pattern)
                .bind(i64::from(count))
                .bind(i64::from(offset))
                .fetch_all(&self.pool)
                .await?;
        let mut users = Vec::with_capacity(ids.len());
        for id in ids {
            users.extend(self.user_by_id(&id).await?);
        }
        let total: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) {matching}"))
            .bind(room_id)
            .bind(&pattern)
            .fetch_one(&self.pool)
            .await?;
        Ok(Members { users, total: u32::try_from(total).unwrap_or(u32::MAX) })
    }

    /// In a direct room, the other member's messages up to `until` are now read: their `unread`
    /// flag goes. Returns how many messages changed.
    pub async fn clear_read_receipts(
        &self,
        room_id: &str,
        reader_id: &str,
        until: Timestamp,
    ) -> Result<u64, sqlx::Error> {
        let done = sqlx::query(
            "UPDATE messages SET doc = json_remove(doc, '$.unread') \
             WHERE room_id = $1 AND user_id != $2 AND ts <= $3 AND deleted_at IS NULL AND json_extract(doc, '$.unread') IS NOT NULL",
        )
        .bind(room_id)
        .bind(reader_id)
        .bind(until.millis())
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected())
    }

    /// Marks `room_id` read for `user_id`: no unread messages or mentions, last seen now.
    pub async fn mark_read(
        &self,
        room_id: &str,
        user_id: &str,
        now: Timestamp,
    ) -> Result<Option<Subscription>, sqlx::Error> {
        sqlx::query(
            "UPDATE subscriptions SET unread = 0, user_mentions = 0, group_mentions = 0, alert = 0, ls = $1, \
             updated_at = MAX(updated_at + 1, $2) WHERE room_id = $3 AND user_id = $4",
        )
        .bind(now.millis())
        .bind(now.millis())
        .bind(room_id)
        .bind(user_id)
        .execute(&self.pool)
        .await?;
        self.subscription(room_id, user_id).await
    }
}
