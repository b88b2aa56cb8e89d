//! Rooms and subscriptions (membership). Every room access in the API goes through
//! [`Store::subscription`], so membership is checked in one place. A direct room is made on first use.

use confab_protocol::notification::{DesktopNotifications, NotificationPrefs};
use confab_protocol::{Message, Room, RoomType, Subscription, Timestamp, User, UserRef};

use sqlx::{Any, Transaction};

use super::Store;
use crate::secrets::new_id;

pub struct NewRoom<'a> {
    pub t: RoomType,
    /// Unique among channels and groups; `None` for direct rooms.
    pub name: Option<&'a str>,
    pub fname: Option<&'a str>,
    pub topic: Option<&'a str>,
    pub creator: Option<&'a User>,
}

#[derive(sqlx::FromRow)]
struct RoomRow {
    id: String,
    t: String,
    name: Option<String>,
    fname: Option<String>,
    topic: Option<String>,
    creator_id: Option<String>,
    creator_username: Option<String>,
    msgs: i64,
    last_message: Option<String>,
    lm: Option<i64>,
    created_at: i64,
    updated_at: i64,
    users_count: i64,
    usernames: Option<String>,
    ro: i64,
    muted: Option<String>,
    #[sqlx(flatten)]
    livechat: super::livechat::ConversationColumns,
}

/// What a room is read from: the room, its creator, and for a support conversation its row in
/// `livechat_rooms` with its visitor and agent.
const ROOM_SOURCE: &str = "rooms r LEFT JOIN users c ON c.id = r.creator_id \
     LEFT JOIN livechat_rooms lr ON lr.room_id = r.id LEFT JOIN users v ON v.id = lr.visitor_id \
     LEFT JOIN users sb ON sb.id = lr.served_by";

const ROOM_COLUMNS: &str = "r.id, CASE WHEN lr.room_id IS NULL THEN r.t ELSE 'l' END AS t, r.name, r.fname, r.topic, r.creator_id, c.username AS creator_username, \
     r.msgs, r.last_message, r.lm, r.created_at, r.updated_at, \
     (SELECT COUNT(*) FROM subscriptions m WHERE m.room_id = r.id) AS users_count, \
     CASE WHEN r.t = 'd' THEN (SELECT group_concat(mu.username, ',') FROM subscriptions m \
         JOIN users mu ON mu.id = m.user_id WHERE m.room_id = r.id) END AS usernames, r.ro, \
     (SELECT group_concat(mu.username, ',') FROM subscriptions m JOIN users mu ON mu.id = m.user_id \
         WHERE m.room_id = r.id AND m.muted = 1) AS muted, \
     lr.visitor_id, v.username AS visitor_username, v.name AS visitor_name, lr.department_id, lr.stage, \
     lr.served_by, sb.username AS served_by_username, lr.served_at, lr.queued_at, lr.closed_at, lr.closer, \
     lr.closing_comment, lr.rating, lr.rating_comment";

impl RoomRow {
    fn into_room(self) -> Option<Room> {
        Some(Room {
            t: RoomType::parse(&self.t)?,
            u: self.creator_id.zip(self.creator_username).map(|(id, username)| UserRef { id, username, name: None }),
            usernames: self.usernames.map(|names| {
                let mut names: Vec<String> = names.split(',').map(str::to_owned).collect();
                names.sort();
                names
            }),
            users_count: u32::try_from(self.users_count).unwrap_or(u32::MAX),
            msgs: u64::try_from(self.msgs).unwrap_or_default(),
            ts: Timestamp(self.created_at),
            lm: self.lm.map(Timestamp),
            last_message: self.last_message.and_then(|doc| serde_json::from_str::<Message>(&doc).ok()).map(Box::new),
            updated_at: Timestamp(self.updated_at),
            id: self.id,
            name: self.name,
            fname: self.fname,
            topic: self.topic,
            ro: self.ro != 0,
            muted: self
                .muted
                .map(|names| {
                    let mut names: Vec<String> = names.split(',').map(str::to_owned).collect();
                    names.sort();
                    names
                })
                .unwrap_or_default(),
            livechat: self.livechat.into_conversation().map(Box::new),
        })
    }
}

#[derive(sqlx::FromRow)]
struct SubscriptionRow {
    id: String,
    room_id: String,
    user_id: String,
    username: String,
    user_name: Option<String>,
    name: String,
    fname: Option<String>,
    t: String,
    unread: i64,
    user_mentions: i64,
    group_mentions: i64,
    alert: i64,
    open: i64,
    ls: Option<i64>,
    created_at: i64,
    updated_at: i64,
    roles: String,
    desktop_notifications: String,
    disable_notifications: i64,
    mute_group_mentions: i64,
}

/// A support conversation is stored as a private room and reads as `l`.
const SUBSCRIPTION_COLUMNS: &str = "s.id, s.room_id, s.user_id, u.username, u.name AS user_name, s.name, s.fname, \
     CASE WHEN EXISTS (SELECT 1 FROM livechat_rooms lt WHERE lt.room_id = r.id) THEN 'l' ELSE r.t END AS t, s.unread, s.user_mentions, s.group_mentions, s.alert, s.open, s.ls, s.created_at, s.updated_at, s.roles, \
     s.desktop_notifications, s.disable_notifications, s.mute_group_mentions";

impl SubscriptionRow {
    fn into_subscription(self) -> Option<Subscription> {
        let count = |n: i64| u32::try_from(n).unwrap_or_default();
        Some(Subscription {
            t: RoomType::parse(&self.t)?,
            u: UserRef { id: self.user_id, username: self.username, name: self.user_name },
            unread: count(self.unread),
            user_mentions: count(self.user_mentions),
            group_mentions: count(self.group_mentions),
            ls: self.ls.map(Timestamp),
            ts: Timestamp(self.created_at),
            updated_at: Timestamp(self.updated_at),
            id: self.id,
            rid: self.room_id,
            name: self.name,
            fname: self.fname,
            alert: self.alert != 0,
            open: self.open != 0,
            roles: super::permissions::role_list(&self.roles),
            notifications: NotificationPrefs {
                desktop: DesktopNotifications::parse(&self.desktop_notifications).unwrap_or_default(),
                disabled: self.disable_notifications != 0,
                mute_group_mentions: self.mute_group_mentions != 0,
            },
        })
    }
}

/// Inserts `room` (a direct room with its `dm_key`, the pair it is between), returning its id;
/// `None` when its name or pair already has a room.
pub(super) async fn insert_room(
    tx: &mut Transaction<'_, Any>,
    room: &NewRoom<'_>,
    dm_key: Option<&str>,
) -> Result<Option<String>, sqlx::Error> {
    let id = new_id();
    let now = Timestamp::now().millis();
    let inserted = sqlx::query(
        "INSERT INTO rooms (id, t, name, fname, topic, creator_id, created_at, updated_at, dm_key) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING",
    )
    .bind(&id)
    .bind(room.t.as_str())
    .bind(room.name)
    .bind(room.fname)
    .bind(room.topic)
    .bind(room.creator.map(|u| u.id.as_str()))
    .bind(now)
    .bind(now)
    .bind(dm_key)
    .execute(&mut **tx)
    .await?;
    Ok((inserted.rows_affected() == 1).then_some(id))
}

impl Store {
    /// Creates a channel or group and subscribes `members` (whoever made it becomes its
    /// owner), all in one transaction. `None` when its name is taken, however close the race:
    /// the database's unique name decides.
    pub async fn create_room(&self, room: NewRoom<'_>, members: &[&User]) -> Result<Option<String>, sqlx::Error> {
        let mut tx = self.pool.begin().await?;
        let Some(id) = insert_room(&mut tx, &room, None).await? else { return Ok(None) };
        for member in members {
            super::members::insert_member(&mut tx, &id, member).await?;
        }
        tx.commit().await?;
        Ok(Some(id))
    }

    pub async fn room(&self, room_id: &str) -> Result<Option<Room>, sqlx::Error> {
        let sql = format!("SELECT {ROOM_COLUMNS} FROM {ROOM_SOURCE} WHERE r.id = $1");
        let row = sqlx::query_as::<_, RoomRow>(&sql).bind(room_id).fetch_optional(&self.pool).await?;
        Ok(row.and_then(RoomRow::into_room))
    }

    /// The rooms `user_id` belongs to, changed after `since` when given.
    pub async fn rooms_of(&self, user_id: &str, since: Option<Timestamp>) -> Result<Vec<Room>, sqlx::Error> {
        let sql = format!(
            "SELECT {ROOM_COLUMNS} FROM {ROOM_SOURCE} \
             JOIN subscriptions s ON s.room_id = r.id AND s.user_id = $1 \
             WHERE r.updated_at > $2 ORDER BY r.updated_at DESC"
        );
        let rows = sqlx::query_as::<_, RoomRow>(&sql)
            .bind(user_id)
            .bind(since.map_or(i64::MIN, Timestamp::millis))
            .fetch_all(&self.pool)
            .await?;
        Ok(rows.into_iter().filter_map(RoomRow::into_room).collect())
    }

    /// A page of the public channels whose name or full name contains `term`, by name, and how
    /// many there are in all: the directory.
    pub async fn public_channels(&self, term: &str, offset: u32, count: u32) -> Result<(Vec<Room>, u32), sqlx::Error> {
        let pattern = format!("%{}", super::like_prefix(term));
        let matching =
            "r.t = 'c' AND (lower(r.name) LIKE lower($1) ESCAPE '\\' OR lower(r.fname) LIKE lower($1) ESCAPE '\\')";
        let sql = format!(
            "SELECT {ROOM_COLUMNS} FROM {ROOM_SOURCE} WHERE {matching} \
             ORDER BY r.name LIMIT $2 OFFSET $3"
        );
        let rows = sqlx::query_as::<_, RoomRow>(&sql)
            .bind(&pattern)
            .bind(i64::from(count))
            .bind(i64::from(offset))
            .fetch_all(&self.pool)
            .await?;
        let total: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM rooms r WHERE {matching}"))
            .bind(&pattern)
            .fetch_one(&self.pool)
            .await?;
        Ok((rows.into_iter().filter_map(RoomRow::into_room).collect(), u32::try_from(total).unwrap_or(u32::MAX)))
    }

    /// `user_id`'s subscription to `room_id`: `None` when not a member (or no such room).
    pub async fn subscription(&self, room_id: &str, user_id: &str) -> Result<Option<Subscription>, sqlx::Error> {
        let sql = format!(
            "SELECT {SUBSCRIPTION_COLUMNS} FROM subscriptions s JOIN users u ON u.id = s.user_id \
             JOIN rooms r ON r.id = s.room_id WHERE s.room_id = $1 AND s.user_id = $2"
        );
        let row =
            sqlx::query_as::<_, SubscriptionRow>(&sql).bind(room_id).bind(user_id).fetch_optional(&self.pool).await?;
        Ok(row.and_then(SubscriptionRow::into_subscription))
    }

    /// `user_id`'s subscriptions, changed after `since` when given.
    pub async fn subscriptions_of(
        &self,
        user_id: &str,
        since: Option<Timestamp>,
    ) -> Result<Vec<Subscription>, sqlx::Error> {
        let sql = format!(
            "SELECT {SUBSCRIPTION_COLUMNS} FROM subscriptions s JOIN users u ON u.id = s.user_id \
             JOIN rooms r ON r.id = s.room_id WHERE s.user_id = $1 AND s.updated_at > $2 ORDER BY s.updated_at DESC"
        );
        let rows = sqlx::query_as::<_, SubscriptionRow>(&sql)
            .bind(user_id)
            .bind(since.map_or(i64::MIN, Timestamp::millis))
            .fetch_all(&self.pool)
            .await?;
        Ok(rows.into_iter().filter_map(SubscriptionRow::into_subscription).collect())
    }

    pub async fn room_by_name(&self, name: &str) -> Result<Option<String>, sqlx::Error> {
        sqlx::query_scalar("SELECT id FROM rooms WHERE name = $1").bind(name).fetch_optional(&self.pool).await
    }
}

/// What names the direct room between two users, whichever of them asks: their ids in order.
fn dm_key(a: &User, b: &User) -> String {
    let (first, second) = if a.id <= b.id { (&a.id, &b.id) } else { (&b.id, &a.id) };
    format!("{first}|{second}")
}

impl Store {
    /// The direct room between two users, created on first use; the flag says whether it is new.
    /// The pair is unique in the database, so concurrent first uses make one room.
    pub async fn direct_room(&self, a: &User, b: &User) -> Result<(String, bool), sqlx::Error> {
        let key = dm_key(a, b);
        let existing = || sqlx::query_scalar::<_, String>("SELECT id FROM rooms WHERE dm_key = $1").bind(&key);
        if let Some(id) = existing().fetch_optional(&self.pool).await? {
            return Ok((id, false));
        }
        let mut tx = self.pool.begin().await?;
        let new = NewRoom { t: RoomType::Direct, name: None, fname: None, topic: None, creator: None };
        let Some(room_id) = insert_room(&mut tx, &new, Some(&key)).await? else {
            tx.rollback().await?;
            // Another request made it since the look above.
            return Ok((existing().fetch_one(&self.pool).await?, false));
        };
        let now = Timestamp::now().millis();
        let pairs: Vec<(&User, &User)> = if a.id == b.id { vec![(a, a)] } else { vec![(a, b), (b, a)] };
        for (me, other) in pairs {
            sqlx::query(
                "INSERT INTO subscriptions (id, room_id, user_id, name, fname, ls, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(new_id())
            .bind(&room_id)
            .bind(&me.id)
            .bind(&other.username)
            .bind(other.name.as_deref())
            .bind(now)
            .bind(now)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok((room_id, true))
    }
}
