//! Pins and stars (migration `0008_pins_and_stars.sql`). A pin is part of the message every
//! reader sees; a star is one user's, kept apart and added only to what that user reads.

use std::collections::HashSet;

use confab_protocol::json::Lazy;
use confab_protocol::message::{EditedBy, Star};
use confab_protocol::{Message, Timestamp, User};

use super::Store;
use super::messages::{begin_write, decode, load, store};

impl Store {
    /// Pins (or unpins) `message` as `by`; the stored message, or `None` when it was deleted
    /// meanwhile. Pinning a pinned message changes nothing.
    pub async fn set_pinned(
        &self,
        message: &Message,
        by: &User,
        pinned: bool,
        now: Timestamp,
    ) -> Result<Option<Message>, sqlx::Error> {
        let mut tx = begin_write(self, &message.rid).await?;
        let Some(mut current) = load(&mut tx, &message.id).await? else { return Ok(None) };
        if current.pinned.unwrap_or(false) == pinned {
            return Ok(Some(current));
        }
        if pinned {
            current.pinned = Some(true);
            current.pinned_at = Some(now);
            current.pinned_by = Some(Lazy::new(&EditedBy { id: by.id.clone(), username: by.username.clone() }));
        } else {
            (current.pinned, current.pinned_at, current.pinned_by) = (None, None, None);
        }
        store(&mut tx, &mut current, now).await?;
        sqlx::query("UPDATE messages SET pinned_at = $1 WHERE id = $2")
            .bind(pinned.then_some(now.millis()))
            .bind(&current.id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(Some(current))
    }

    /// A page of `room_id`'s pinned messages, the latest pinned first, and how many there are.
    pub async fn pinned(&self, room_id: &str, count: u32, offset: u32) -> Result<(Vec<Message>, u32), sqlx::Error> {
        let live = "room_id = $1 AND pinned_at IS NOT NULL AND deleted_at IS NULL";
        let docs: Vec<String> = sqlx::query_scalar(&format!(
            "SELECT doc FROM messages WHERE {live} ORDER BY pinned_at DESC LIMIT $2 OFFSET $3"
        ))
        .bind(room_id)
        .bind(i64::from(count))
        .bind(i64::from(offset))
        .fetch_all(&self.pool)
        .await?;
        let total: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM messages WHERE {live}"))
            .bind(room_id)
            .fetch_one(&self.pool)
            .await?;
        Ok((docs.iter().map(|doc| decode(doc)).collect::<Result<_, _>>()?, u32::try_from(total).unwrap_or(u32::MAX)))
    }

    /// Stars (or unstars) `message` for `user_id`; whether anything changed.
    pub async fn set_starred(
        &self,
        message: &Message,
        user_id: &str,
        starred: bool,
        now: Timestamp,
    ) -> Result<bool, sqlx::Error> {
        let done = if starred {
            sqlx::query(
                "INSERT INTO message_stars (user_id, message_id, room_id, starred_at) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT DO NOTHING",
            )
            .bind(user_id)
            .bind(&message.id)
            .bind(&message.rid)
            .bind(now.millis())
            .execute(&self.pool)
            .await?
        } else {
            sqlx::query("DELETE FROM message_stars WHERE user_id = $1 AND message_id = $2")
                .bind(user_id)
                .bind(&message.id)
                .execute(&self.pool)
                .await?
        };
        Ok(done.rows_affected() > 0)
    }

    /// A page of the live messages `user_id` starred in `room_id`, the latest starred first, and
    /// how many there are.
    pub async fn starred(
        &self,
        user_id: &str,
        room_id: &str,
        count: u32,
        offset: u32,
    ) -> Result<(Vec<Message>, u32), sqlx::Error> {
        let from = "FROM message_stars s JOIN messages m ON m.id = s.message_id \
                    WHERE s.user_id = $1 AND s.room_id = $2 AND m.deleted_at IS NULL";
        let docs: Vec<String> =
            sqlx::query_scalar(&format!("SELECT m.doc {from} ORDER BY s.starred_at DESC LIMIT $3 OFFSET $4"))
                .bind(user_id)
                .bind(room_id)
                .bind(i64::from(count))
                .bind(i64::from(offset))
                .fetch_all(&self.pool)
                .await?;
        let total: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) {from}"))
            .bind(user_id)
            .bind(room_id)
            .fetch_one(&self.pool)
            .await?;
        let mut messages = docs.iter().map(|doc| decode(doc)).collect::<Result<Vec<_>, _>>()?;
        for message in &mut messages {
            message.starred = Some(Lazy::new(&vec![Star { id: user_id.to_owned() }]));
        }
        Ok((messages, u32::try_from(total).unwrap_or(u32::MAX)))
    }

    /// Marks, among `messages` of `room_id`, those `user_id` starred: the only star a reader is
    /// ever told of is their own.
    pub async fn mark_starred(
        &self,
        user_id: &str,
        room_id: &str,
        messages: &mut [Message],
    ) -> Result<(), sqlx::Error> {
        if messages.is_empty() {
            return Ok(());
        }
        let ids: Vec<String> =
            sqlx::query_scalar("SELECT message_id FROM message_stars WHERE user_id = $1 AND room_id = $2")
                .bind(user_id)
                .bind(room_id)
                .fetch_all(&self.pool)
                .await?;
        let ids: HashSet<String> = ids.into_iter().collect();
        for message in messages.iter_mut().filter(|m| ids.contains(&m.id)) {
            message.starred = Some(Lazy::new(&vec![Star { id: user_id.to_owned() }]));
        }
        Ok(())
    }
}
