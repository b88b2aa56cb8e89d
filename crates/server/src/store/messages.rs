//! Messages: idempotent sends keyed by the client's `_id`, threads, edits, reactions, deletions
//! (kept as tombstones for catch-up), and history pages by time.

use std::collections::BTreeMap;

use confab_protocol::attachment::MessageUrl;
use confab_protocol::json::Lazy;
use confab_protocol::message::{EditedBy, Reaction};
use confab_protocol::{Message, Timestamp, User};
use sqlx::{Any, Transaction};

use super::Store;

/// What a send did.
#[derive(Debug)]
pub enum Sent {
    /// A new message was stored; on a thread reply, the parent with its new counters too.
    Created { message: Message, thread_parent: Option<Box<Message>> },
    /// The same author already sent a message with this `_id` to this room: it is returned
    /// unchanged and nothing new is stored.
    AlreadyStored(Message),
    /// The `_id` belongs to another author's or another room's message.
    IdTaken,
    /// The reply's thread (its parent, or the parent's root) is gone: deleted, or never there.
    NoThread,
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

/// What changed in a room since a moment: for a client catching up after a reconnect.
#[derive(Debug, Default)]
pub struct Changes {
    pub updated: Vec<Message>,
    /// Ids of deleted messages and when they were deleted.
    pub deleted: Vec<(String, Timestamp)>,
}

/// A deletion's effects.
#[derive(Debug)]
pub struct Deleted {
    pub message: Message,
    pub deleted_at: Timestamp,
    pub thread_parent: Option<Message>,
}

/// The markup tree every stored message carries, parsed as Rocket.Chat parses it.
pub fn markup(text: &str, now: Timestamp) -> Option<std::sync::Arc<confab_protocol::markup::Root>> {
    let options = confab_protocol::markup::Options::confab(now.millis().div_euclid(1000));
    confab_protocol::markup::parse(text, &options).map(std::sync::Arc::new)
}

pub(super) fn encode(message: &Message) -> Result<String, sqlx::Error> {
    serde_json::to_string(message).map_err(|e| sqlx::Error::Encode(Box::new(e)))
}

pub(super) fn decode(doc: &str) -> Result<Message, sqlx::Error> {
    serde_json::from_str(doc).map_err(|e| sqlx::Error::Decode(Box::new(e)))
}

/// Reads a live message inside a transaction.
pub(super) async fn load(tx: &mut Transaction<'_, Any>, id: &str) -> Result<Option<Message>, sqlx::Error> {
    let doc: Option<String> = sqlx::query_scalar("SELECT doc FROM messages WHERE id = $1 AND deleted_at IS NULL")
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?;
    doc.as_deref().map(decode).transpose()
}

/// Writes `message` back with an `_updatedAt` later than the stored one, so every change to a
/// message is newer than the last and `lastUpdate` paging never misses one.
pub(super) async fn store(
    tx: &mut Transaction<'_, Any>,
    message: &mut Message,
    now: Timestamp,
) -> Result<(), sqlx::Error> {
    let previous: i64 = sqlx::query_scalar("SELECT updated_at FROM messages WHERE id = $1")
        .bind(&message.id)
        .fetch_one(&mut **tx)
        .await?;
    message.updated_at = Timestamp(now.millis().max(previous + 1));
    sqlx::query("UPDATE messages SET doc = $1, updated_at = $2 WHERE id = $3")
        .bind(encode(message)?)
        .bind(message.updated_at.millis())
        .bind(&message.id)
        .execute(&mut **tx)
        .await?;
    sqlx::query("UPDATE rooms SET last_message = $1 WHERE id = $2 AND json_extract(last_message, '$._id') = $3")
        .bind(encode(message)?)
        .bind(&message.rid)
        .bind(&message.id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Begins a transaction holding the write lock, so read-modify-write cannot interleave.
pub(super) async fn begin_write(store: &Store, room_id: &str) -> Result<Transaction<'static, Any>, sqlx::Error> {
    let mut tx = store.pool.begin().await?;
    sqlx::query("UPDATE rooms SET updated_at = updated_at WHERE id = $1").bind(room_id).execute(&mut *tx).await?;
    Ok(tx)
}

impl Store {
    /// A live (not deleted) message.
    pub async fn message(&self, id: &str) -> Result<Option<Message>, sqlx::Error> {
        let doc: Option<String> = sqlx::query_scalar("SELECT doc FROM messages WHERE id = $1 AND deleted_at IS NULL")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        doc.as_deref().map(decode).transpose()
    }

    /// Whether an id is in use, by a live message or a tombstone.
    async fn stored_message(&self, id: &str) -> Result<Option<(Option<Message>, String, String)>, sqlx::Error> {
        let row: Option<(String, String, String, Option<i64>)> =
            sqlx::query_as("SELECT doc, room_id, user_id, deleted_at FROM messages WHERE id = $1")
                .bind(id)
                .fetch_optional(&self.pool)
                .await?;
        row.map(|(doc, room, user, deleted)| {
            Ok((if deleted.is_some() { None } else { Some(decode(&doc)?) }, room, user))
        })
        .transpose()
    }

    /// Stores a message from `author` in `room_id` (whose membership the caller has checked).
    ///
    /// Its `ts` is `now`, but always later than the room's previous message, so a room's times
    /// are unique and increasing and paging by time is exact. Every other member's unread count
    /// goes up (and their mention count when the text mentions them); the author's last-seen
    /// moves to the new message. A reply (`tmid`) bumps its parent's `tcount` and `tlm`; a reply
    /// to a reply joins the parent's thread.
    pub async fn send_message(&self, draft: Message, author: &User, now: Timestamp) -> Result<Sent, sqlx::Error> {
        if let Some(existing) = self.stored_message(&draft.id).await? {
            return Ok(Self::resend(existing, &draft.rid, author));
        }
        let room_id = draft.rid.clone();
        let mut tx = begin_write(self, &room_id).await?;
        let previous: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(ts), 0) FROM messages WHERE room_id = $1")
            .bind(&room_id)
            .fetch_one(&mut *tx)
            .await?;
        let ts = Timestamp(now.millis().max(previous + 1));
        let mut message = draft;
        message.ts = ts;
        message.updated_at = ts;
        message.u = author.to_ref();
        // The sender may have read the tree already, for the links in it.
        if message.md.is_none() {
            message.md = markup(&message.msg, now);
        }
        let room_type: String =
            sqlx::query_scalar("SELECT t FROM rooms WHERE id = $1").bind(&room_id).fetch_one(&mut *tx).await?;
        if room_type == "d" {
            message.unread = Some(true);
        }

        let mut thread_parent = None;
        if let Some(tmid) = message.tmid.clone() {
            let Some(mut parent) = load(&mut tx, &tmid).await? else { return Ok(Sent::NoThread) };
            if let Some(root) = parent.tmid.clone() {
                message.tmid = Some(root.clone());
                let Some(root) = load(&mut tx, &root).await? else { return Ok(Sent::NoThread) };
                parent = root;
            }
            parent.tcount = Some(parent.tcount.unwrap_or(0) + 1);
            parent.tlm = Some(ts);
            let replies = parent.replies.get_or_insert_with(Vec::new);
            if !replies.contains(&author.id) {
                replies.push(author.id.clone());
            }
            store(&mut tx, &mut parent, now).await?;
            thread_parent = Some(Box::new(parent));
        }

        let doc = encode(&message)?;
        let inserted = sqlx::query(
            "INSERT INTO messages (id, room_id, user_id, ts, updated_at, tmid, doc) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&message.id)
        .bind(&room_id)
        .bind(&author.id)
        .bind(ts.millis())
        .bind(ts.millis())
        .bind(message.tmid.as_deref())
        .bind(&doc)
        .execute(&mut *tx)
        .await;
        match inserted {
            Ok(_) => {}
            // The same `_id` was stored by a concurrent send since the check above.
            Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
                tx.rollback().await?;
                return match self.stored_message(&message.id).await? {
                    Some(existing) => Ok(Self::resend(existing, &room_id, author)),
                    None => Err(sqlx::Error::Database(e)),
                };
            }
            Err(e) => return Err(e),
        }
        sqlx::query("UPDATE rooms SET msgs = msgs + 1, last_message = $1, lm = $2, updated_at = $3 WHERE id = $4")
            .bind(&doc)
            .bind(ts.millis())
            .bind(ts.millis())
            .bind(&room_id)
            .execute(&mut *tx)
            .await?;
        let mentioned: Vec<&str> = message.mentions.iter().flatten().map(|m| m.id.as_str()).collect();
        let mentioned = mentioned.join(",");
        sqlx::query(
            "UPDATE subscriptions SET unread = unread + 1, alert = 1, open = 1, updated_at = $1, \
             user_mentions = user_mentions + CASE WHEN (',' || $2 || ',') LIKE ('%,' || user_id || ',%') THEN 1 ELSE 0 END \
             WHERE room_id = $3 AND user_id != $4",
        )
        .bind(ts.millis())
        .bind(&mentioned)
        .bind(&room_id)
        .bind(&author.id)
        .execute(&mut *tx)
        .await?;
        sqlx::query("UPDATE subscriptions SET ls = $1, updated_at = $2 WHERE room_id = $3 AND user_id = $4")
            .bind(ts.millis())
            .bind(ts.millis())
            .bind(&room_id)
            .bind(&author.id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(Sent::Created { message, thread_parent })
    }

    /// Refreshes the planner's statistics on messages, as after any bulk load: until the database
    /// samples them itself, its plans are made for the table as it was before.
    pub async fn analyze_messages(&self) -> Result<(), sqlx::Error> {
        sqlx::query("ANALYZE messages").execute(&self.pool).await.map(drop)
    }

    /// Stores already-timed messages in one transaction, as an import does: no unread counts, no
    /// events. Each gets its markup tree. Returns how many were stored.
    pub async fn insert_history(&self, messages: Vec<Message>) -> Result<usize, sqlx::Error> {
        let mut tx = self.pool.begin().await?;
        let mut stored = 0;
        let mut last: Option<Message> = None;
        for mut message in messages {
            message.md = markup(&message.msg, message.ts);
            message.updated_at = message.ts;
            sqlx::query(
                "INSERT INTO messages (id, room_id, user_id, ts, updated_at, doc) VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(&message.id)
            .bind(&message.rid)
            .bind(&message.u.id)
            .bind(message.ts.millis())
            .bind(message.ts.millis())
            .bind(encode(&message)?)
            .execute(&mut *tx)
            .await?;
            stored += 1;
            last = Some(message);
        }
        if let Some(last) = last {
            sqlx::query("UPDATE rooms SET msgs = msgs + $1, last_message = $2, lm = MAX(COALESCE(lm, 0), $3), updated_at = $4 WHERE id = $5")
                .bind(stored as i64)
                .bind(encode(&last)?)
                .bind(last.ts.millis())
                .bind(last.ts.millis())
                .bind(&last.rid)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(stored)
    }

    fn resend((existing, room, user): (Option<Message>, String, String), room_id: &str, author: &User) -> Sent {
        match existing {
            Some(message) if room == room_id && user == author.id => Sent::AlreadyStored(message),
            _ => Sent::IdTaken,
        }
    }

    /// Replaces a message's text with `edited`'s, with its markup tree, links and attachments
    /// (which the caller read from the new text), recording who edited it and when.
    pub async fn update_message(
        &self,
        edited: &Message,
        editor: &User,
        now: Timestamp,
    ) -> Result<Option<Message>, sqlx::Error> {
        let mut tx = begin_write(self, &edited.rid).await?;
        let Some(mut current) = load(&mut tx, &edited.id).await? else { return Ok(None) };
        current.msg = edited.msg.clone();
        current.md = edited.md.clone();
        current.urls = edited.urls.clone();
        current.attachments = edited.attachments.clone();
        current.edited_at = Some(now);
        current.edited_by = Some(EditedBy { id: editor.id.clone(), username: editor.username.clone() });
        store(&mut tx, &mut current, now).await?;
        tx.commit().await?;
        Ok(Some(current))
    }

    /// Sets a message's `urls` (their previews, once read), unless its links changed meanwhile
    /// (an edit): then the previews are of links it no longer has, and nothing is stored.
    pub async fn set_urls(
        &self,
        message: &Message,
        urls: &[MessageUrl],
        now: Timestamp,
    ) -> Result<Option<Message>, sqlx::Error> {
        let mut tx = begin_write(self, &message.rid).await?;
        let Some(mut current) = load(&mut tx, &message.id).await? else { return Ok(None) };
        let addresses = |urls: &[MessageUrl]| urls.iter().map(|u| u.url.clone()).collect::<Vec<_>>();
        let stored: Vec<MessageUrl> = current.urls.as_ref().and_then(Lazy::read).unwrap_or_default();
        if addresses(&stored) != addresses(urls) {
            return Ok(None);
        }
        current.urls = Some(Lazy::new(&urls.to_vec()));
        store(&mut tx, &mut current, now).await?;
        tx.commit().await?;
        Ok(Some(current))
    }

    /// Adds or removes `username`'s `emoji` reaction: toggles, unless `should_react` says which.
    pub async fn react(
        &self,
        message: &Message,
        emoji: &str,
        username: &str,
        should_react: Option<bool>,
        now: Timestamp,
    ) -> Result<Option<Message>, sqlx::Error> {
        let mut tx = begin_write(self, &message.rid).await?;
        let Some(mut current) = load(&mut tx, &message.id).await? else { return Ok(None) };
        let reactions = current.reactions.get_or_insert_with(BTreeMap::new);
        let reacted = reactions.get(emoji).is_some_and(|r| r.usernames.iter().any(|u| u == username));
        let react = should_react.unwrap_or(!reacted);
        if react == reacted {
            return Ok(Some(current));
        }
        if react {
            reactions
                .entry(emoji.to_owned())
                .or_insert_with(|| Reaction { usernames: Vec::new() })
                .usernames
                .push(username.to_owned());
        } else if let Some(reaction) = reactions.get_mut(emoji) {
            reaction.usernames.retain(|u| u != username);
            if reaction.usernames.is_empty() {
                reactions.remove(emoji);
            }
        }
        if reactions.is_empty() {
            current.reactions = None;
        }
        store(&mut tx, &mut current, now).await?;
        tx.commit().await?;
        Ok(Some(current))
    }

    /// Deletes a message, leaving a tombstone; a reply's parent loses one from its count, and the
    /// room's last message falls back to the one before.
    pub async fn delete_message(&self, message: &Message, now: Timestamp) -> Result<Option<Deleted>, sqlx::Error> {
        let mut tx = begin_write(self, &message.rid).await?;
        let Some(current) = load(&mut tx, &message.id).await? else { return Ok(None) };
        let previous: i64 = sqlx::query_scalar("SELECT updated_at FROM messages WHERE id = $1")
            .bind(&current.id)
            .fetch_one(&mut *tx)
            .await?;
        let deleted_at = Timestamp(now.millis().max(previous + 1));
        sqlx::query("UPDATE messages SET doc = '{}', deleted_at = $1, updated_at = $2 WHERE id = $3")
            .bind(deleted_at.millis())
            .bind(deleted_at.millis())
            .bind(&current.id)
            .execute(&mut *tx)
            .await?;
        let mut thread_parent = None;
        if let Some(tmid) = &current.tmid
            && let Some(mut parent) = load(&mut tx, tmid).await?
        {
            parent.tcount = parent.tcount.map(|n| n.saturating_sub(1));
            store(&mut tx, &mut parent, now).await?;
            thread_parent = Some(parent);
        }
        sqlx::query(
            "UPDATE rooms SET msgs = MAX(msgs - 1, 0), updated_at = $1, \
             last_message = (SELECT doc FROM messages WHERE room_id = rooms.id AND deleted_at IS NULL ORDER BY ts DESC LIMIT 1), \
             lm = (SELECT ts FROM messages WHERE room_id = rooms.id AND deleted_at IS NULL ORDER BY ts DESC LIMIT 1) \
             WHERE id = $2",
        )
        .bind(deleted_at.millis())
        .bind(&current.rid)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(Some(Deleted { message: current, deleted_at, thread_parent }))
    }

    /// A page of `room_id`'s history, newest first.
    pub async fn history(&self, room_id: &str, range: TimeRange) -> Result<Vec<Message>, sqlx::Error> {
        let (before, after) = if range.inclusive { ("<=", ">=") } else { ("<", ">") };
        let sql = format!(
            "SELECT doc FROM messages WHERE room_id = $1 AND deleted_at IS NULL AND ts {before} $2 AND ts {after} $3 \
             ORDER BY ts DESC LIMIT $4"
        );
        let docs: Vec<String> = sqlx::query_scalar(&sql)
            .bind(room_id)
            .bind(range.latest.map_or(i64::MAX, Timestamp::millis))
            .bind(range.oldest.map_or(i64::MIN, Timestamp::millis))
            .bind(i64::from(range.count))
            .fetch_all(&self.pool)
            .await?;
        docs.iter().map(|doc| decode(doc)).collect()
    }

    /// Up to `count` live messages of `room_id` after `after`, oldest first.
    pub async fn messages_after(
        &self,
        room_id: &str,
        after: Timestamp,
        count: u32,
    ) -> Result<Vec<Message>, sqlx::Error> {
        let docs: Vec<String> = sqlx::query_scalar(
            "SELECT doc FROM messages WHERE room_id = $1 AND deleted_at IS NULL AND ts > $2 ORDER BY ts LIMIT $3",
        )
        .bind(room_id)
        .bind(after.millis())
        .bind(i64::from(count))
        .fetch_all(&self.pool)
        .await?;
        docs.iter().map(|doc| decode(doc)).collect()
    }

    /// Everything in `room_id` created, changed or deleted after `since`, oldest change first.
    pub async fn changes_since(&self, room_id: &str, since: Timestamp, limit: u32) -> Result<Changes, sqlx::Error> {
        let rows: Vec<(String, String, Option<i64>)> = sqlx::query_as(
            "SELECT id, doc, deleted_at FROM messages WHERE room_id = $1 AND updated_at > $2 ORDER BY updated_at LIMIT $3",
        )
        .bind(room_id)
        .bind(since.millis())
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?;
        let mut changes = Changes::default();
        for (id, doc, deleted_at) in rows {
            match deleted_at {
                Some(at) => changes.deleted.push((id, Timestamp(at))),
                None => changes.updated.push(decode(&doc)?),
            }
        }
        Ok(changes)
    }

    /// The replies of thread `tmid`, oldest first, and their total.
    pub async fn thread_messages(
        &self,
        tmid: &str,
        count: u32,
        offset: u32,
    ) -> Result<(Vec<Message>, u32), sqlx::Error> {
        let docs: Vec<String> = sqlx::query_scalar(
            "SELECT doc FROM messages WHERE tmid = $1 AND deleted_at IS NULL ORDER BY ts LIMIT $2 OFFSET $3",
        )
        .bind(tmid)
        .bind(i64::from(count))
        .bind(i64::from(offset))
        .fetch_all(&self.pool)
        .await?;
        let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM messages WHERE tmid = $1 AND deleted_at IS NULL")
            .bind(tmid)
            .fetch_one(&self.pool)
            .await?;
        let messages = docs.iter().map(|doc| decode(doc)).collect::<Result<_, _>>()?;
        Ok((messages, u32::try_from(total).unwrap_or(u32::MAX)))
    }
}
