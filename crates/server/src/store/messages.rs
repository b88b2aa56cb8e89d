//! Messages: idempotent sends keyed by the client's `_id`, and history pages by time.

use confab_protocol::{Message, Timestamp, User};

use super::Store;

/// What a send did.
#[derive(Debug)]
pub enum Sent {
    /// A new message was stored.
    Created(Message),
    /// The same author already sent a message with this `_id` to this room: it is returned
    /// unchanged and nothing new is stored.
    AlreadyStored(Message),
    /// The `_id` belongs to another author's or another room's message.
    IdTaken,
}

/// A history query: messages strictly between `oldest` and `latest` (or including them), newest
/// first, at most `count`.
#[derive(Clone, Copy, Debug)]
pub struct TimeRange {
    pub latest: Option<Timestamp>,
    pub oldest: Option<Timestamp>,
    pub inclusive: bool,
    pub count: u32,
}

impl Store {
    pub async fn message(&self, id: &str) -> Result<Option<Message>, sqlx::Error> {
        let doc: Option<String> =
            sqlx::query_scalar("SELECT doc FROM messages WHERE id = ?").bind(id).fetch_optional(&self.pool).await?;
        Ok(doc.and_then(|doc| serde_json::from_str(&doc).ok()))
    }

    /// Stores a message from `author` in `room_id` (whose membership the caller has checked).
    ///
    /// Its `ts` is `now`, but always later than the room's previous message, so a
    /// room's times are unique and increasing and paging by time is exact. Every other member's
    /// unread count goes up; the author's last-seen moves to the new message.
    pub async fn send_message(
        &self,
        room_id: &str,
        author: &User,
        id: &str,
        text: &str,
        tmid: Option<&str>,
        now: Timestamp,
    ) -> Result<Sent, sqlx::Error> {
        if let Some(existing) = self.message(id).await? {
            return Ok(Self::resend(existing, room_id, author));
        }
        let mut tx = self.pool.begin().await?;
        // A write first, so this transaction holds the write lock from here on.
        sqlx::query("UPDATE rooms SET msgs = msgs + 1 WHERE id = ?").bind(room_id).execute(&mut *tx).await?;
        let previous: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(ts), 0) FROM messages WHERE room_id = ?")
            .bind(room_id)
            .fetch_one(&mut *tx)
            .await?;
        let ts = Timestamp(now.millis().max(previous + 1));
        let mut message = Message::new(id, room_id, text, author.to_ref(), ts);
        message.tmid = tmid.map(str::to_owned);
        let doc = serde_json::to_string(&message).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
        let inserted =
            sqlx::query("INSERT INTO messages (id, room_id, user_id, ts, updated_at, doc) VALUES (?, ?, ?, ?, ?, ?)")
                .bind(id)
                .bind(room_id)
                .bind(&author.id)
                .bind(ts.millis())
                .bind(ts.millis())
                .bind(&doc)
                .execute(&mut *tx)
                .await;
        match inserted {
            Ok(_) => {}
            // The same `_id` was stored by a concurrent send since the check above.
            Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
                tx.rollback().await?;
                return match self.message(id).await? {
                    Some(existing) => Ok(Self::resend(existing, room_id, author)),
                    None => Err(sqlx::Error::Database(e)),
                };
            }
            Err(e) => return Err(e),
        }
        sqlx::query("UPDATE rooms SET last_message = ?, lm = ?, updated_at = ? WHERE id = ?")
            .bind(&doc)
            .bind(ts.millis())
            .bind(ts.millis())
            .bind(room_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "UPDATE subscriptions SET unread = unread + 1, alert = 1, open = 1, updated_at = ? \
             WHERE room_id = ? AND user_id != ?",
        )
        .bind(ts.millis())
        .bind(room_id)
        .bind(&author.id)
        .execute(&mut *tx)
        .await?;
        sqlx::query("UPDATE subscriptions SET ls = ?, updated_at = ? WHERE room_id = ? AND user_id = ?")
            .bind(ts.millis())
            .bind(ts.millis())
            .bind(room_id)
            .bind(&author.id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(Sent::Created(message))
    }

    fn resend(existing: Message, room_id: &str, author: &User) -> Sent {
        if existing.rid == room_id && existing.u.id == author.id {
            Sent::AlreadyStored(existing)
        } else {
            Sent::IdTaken
        }
    }

    /// A page of `room_id`'s history, newest first.
    pub async fn history(&self, room_id: &str, range: TimeRange) -> Result<Vec<Message>, sqlx::Error> {
        let (before, after) = if range.inclusive { ("<=", ">=") } else { ("<", ">") };
        let sql = format!(
            "SELECT doc FROM messages WHERE room_id = ? AND ts {before} ? AND ts {after} ? ORDER BY ts DESC LIMIT ?"
        );
        let docs: Vec<String> = sqlx::query_scalar(&sql)
            .bind(room_id)
            .bind(range.latest.map_or(i64::MAX, Timestamp::millis))
            .bind(range.oldest.map_or(i64::MIN, Timestamp::millis))
            .bind(range.count)
            .fetch_all(&self.pool)
            .await?;
        Ok(docs.iter().filter_map(|doc| serde_json::from_str(doc).ok()).collect())
    }
}
