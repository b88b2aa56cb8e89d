//! What connected clients hear when something changes: each event is encoded once and handed to
//! the bus, which fans the same bytes out to every socket subscribed to it, on every instance.
//!
//! Messages go to the room's stream and to each member's `__my_messages__`; the room document
//! goes to each member's `rooms-changed` so room lists can show the last message live. Reading
//! the member list is one query per message, never one per subscriber.

use confab_protocol::ddp::{Frame, ejson_value, streams};
use confab_protocol::{Message, Room, Subscription, Timestamp};
use serde::Serialize;
use serde_json::{Value, json};

use std::sync::Arc;

use crate::realtime::bus::Bus;
use crate::realtime::topics;
use crate::store::Store;

/// `stream-notify-room` events a member may subscribe to.
pub const ROOM_EVENTS: &[&str] =
    &["user-activity", "deleteMessage", "messagesRead", confab_protocol::streaming::PIECE_EVENT];
/// `stream-notify-user` events a user may subscribe to for themselves.
pub const USER_EVENTS: &[&str] = &[
    "rooms-changed",
    "subscriptions-changed",
    "force_logout",
    confab_protocol::notification::NOTIFICATION_EVENT,
    confab_protocol::interactions::BLOCK_ACTION_EVENT,
    confab_protocol::interactions::FEEDBACK_EVENT,
];

/// `stream-notify-logged` events every signed-in user may subscribe to.
pub const LOGGED_EVENTS: &[&str] =
    &["updateAvatar", "permissions-changed", confab_protocol::presence::USER_STATUS_EVENT];

/// Whether a collection change inserted, updated or removed a document.
#[derive(Clone, Copy, Debug)]
pub enum Change {
    Inserted,
    Updated,
    Removed,
}

impl Change {
    fn as_str(self) -> &'static str {
        match self {
            Self::Inserted => "inserted",
            Self::Updated => "updated",
            Self::Removed => "removed",
        }
    }
}

/// A message this instance posted, with its room, for the server's own listeners (the agent).
#[derive(Debug)]
pub struct Posted {
    pub room: Room,
    pub message: Message,
}

/// How many posts a slow listener may fall behind before it misses some.
const POSTED_CAPACITY: usize = 1024;

/// What publishes the events: the bus, and the store that says who hears them.
#[derive(Clone)]
pub struct Events {
    bus: Arc<dyn Bus>,
    store: Store,
    posted: tokio::sync::broadcast::Sender<Arc<Posted>>,
}

impl Events {
    pub fn new(bus: Arc<dyn Bus>, store: Store) -> Self {
        Self { bus, store, posted: tokio::sync::broadcast::Sender::new(POSTED_CAPACITY) }
    }

    /// A message was posted on this instance: its listeners hear it (each post is heard once,
    /// where it was made, however many instances there are).
    pub fn posted(&self, room: &Room, message: &Message) {
        let _ = self.posted.send(Arc::new(Posted { room: room.clone(), message: message.clone() }));
    }

    /// What this instance posts, from now on.
    pub fn subscribe_posted(&self) -> tokio::sync::broadcast::Receiver<Arc<Posted>> {
        self.posted.subscribe()
    }

    /// Runs `hear` on each post of this instance from now on, in order, in a task of its own.
    /// A listener that falls behind misses some posts (`who` is named in the warning).
    pub fn hear_posts(&self, who: &'static str, mut hear: impl FnMut(Arc<Posted>) + Send + 'static) {
        let mut posted = self.subscribe_posted();
        tokio::spawn(async move {
            loop {
                match posted.recv().await {
                    Ok(post) => hear(post),
                    Err(tokio::sync::broadcast::error::RecvError::Lagged(missed)) => {
                        tracing::warn!(missed, who, "a listener missed posts while it was busy");
                    }
                    Err(tokio::sync::broadcast::error::RecvError::Closed) => return,
                }
            }
        });
    }

    fn publish(&self, topic: &str, collection: &str, event_name: &str, args: Vec<Value>) {
        let frame = Frame::stream_event(collection, event_name, args);
        self.bus.publish(topic, frame.encode().into());
    }

    /// A new or changed message: to the room's stream and every member's `__my_messages__`, and
    /// the room (with its new last message) to every member's room list. What it needs is read
    /// first and everything is then published without yielding: once thousands of sockets have
    /// been woken, a task that yields waits behind all of them, and the sender's response with it.
    pub async fn message_changed(&self, message: &Message) {
        let members = match self.store.member_ids(&message.rid).await {
            Ok(members) => members,
            Err(error) => {
                tracing::error!(%error, room = %message.rid, "cannot list members to notify");
                Vec::new()
            }
        };
        let room = self.store.room(&message.rid).await.ok().flatten();
        // Each event once per instance for this version of the message (see `realtime::bus`).
        let version = format!("{}@{}", message.id, message.updated_at.millis());
        let once = |topic: String, frame: axum::extract::ws::Utf8Bytes| {
            let key = format!("{topic}@{version}");
            self.bus.publish_once(&topic, frame, key);
        };
        let args = vec![ejson_value(message)];
        let in_room = Frame::stream_event(streams::ROOM_MESSAGES, &message.rid, args.clone());
        once(topics::room_messages(&message.rid), in_room.encode().into());
        let my_messages: axum::extract::ws::Utf8Bytes =
            Frame::stream_event(streams::ROOM_MESSAGES, "__my_messages__", args).encode().into();
        for member in &members {
            once(topics::my_messages(member), my_messages.clone());
        }
        if let Some(room) = room {
            let args = vec![json!(Change::Updated.as_str()), ejson_value(&room)];
            for member in &members {
                let (topic, frame) = user_event_frame(member, "rooms-changed", args.clone());
                once(topic, frame.encode().into());
            }
        }
    }

    /// A streamed answer as it stands, to the room's message stream alone: for clients that follow
    /// the room and not its pieces (Rocket.Chat's own). Members' room lists and `__my_messages__`
    /// hear the answer when it starts and ends, not while it grows.
    pub fn message_in_room(&self, message: &Message) {
        let key = format!("{}@{}", message.id, message.updated_at.millis());
        let frame = Frame::stream_event(streams::ROOM_MESSAGES, &message.rid, vec![ejson_value(message)]);
        let topic = topics::room_messages(&message.rid);
        self.bus.publish_once(&topic, frame.encode().into(), format!("{topic}@{key}"));
    }

    /// A piece appended to a streamed answer, to the members following the room's pieces.
    pub fn piece(&self, room_id: &str, piece: &confab_protocol::streaming::Piece) {
        use confab_protocol::streaming::PIECE_EVENT;
        let event = format!("{room_id}/{PIECE_EVENT}");
        let args = vec![ejson_value(piece)];
        self.publish(&topics::room_event(room_id, PIECE_EVENT), streams::NOTIFY_ROOM, &event, args);
    }

    /// A streamed answer was stopped by a reader: heard by whatever writes it, on any instance.
    pub fn stream_stopped(&self, message_id: &str) {
        self.publish(&topics::stream_stopped(message_id), streams::NOTIFY_ROOM, "stopped", vec![json!(message_id)]);
    }

    /// A change to `message` that only `user_id` may hear of (their star): to their
    /// `__my_messages__` alone.
    pub fn message_changed_for(&self, user_id: &str, message: &Message) {
        let args = vec![ejson_value(message)];
        self.publish(&topics::my_messages(user_id), streams::ROOM_MESSAGES, "__my_messages__", args);
    }

    /// Tells every member of `room_id` the room's new state (its last message, its muted, ...).
    pub async fn room_changed_for_members(&self, room_id: &str) -> Result<(), sqlx::Error> {
        if let Some(room) = self.store.room(room_id).await? {
            for member in self.store.member_ids(room_id).await? {
                self.room_changed(&member, Change::Updated, &room);
            }
        }
        Ok(())
    }

    pub fn message_deleted(&self, room_id: &str, message_id: &str) {
        let event = format!("{room_id}/deleteMessage");
        self.publish(
            &topics::room_event(room_id, "deleteMessage"),
            streams::NOTIFY_ROOM,
            &event,
            vec![json!({"_id": message_id})],
        );
    }

    /// Member `reader_id` read the room up to `until`: in direct rooms, the other side's "read"
    /// marks. Rocket.Chat sends `{until}`; the reader's id is added so a client can tell another
    /// member's read from its own.
    pub fn messages_read(&self, room_id: &str, reader_id: &str, until: Timestamp) {
        let event = format!("{room_id}/messagesRead");
        let args = vec![json!({"until": ejson_value(&until), "uid": reader_id})];
        self.publish(&topics::room_event(room_id, "messagesRead"), streams::NOTIFY_ROOM, &event, args);
    }

    /// `username`'s activities in the room (typing, an agent's state), with what Rocket.Chat
    /// calls their extras (an agent's label).
    pub fn typing(&self, room_id: &str, username: &str, activities: &[String], extras: Option<Value>) {
        let event = format!("{room_id}/user-activity");
        let mut args = vec![json!(username), json!(activities)];
        args.extend(extras);
        self.publish(&topics::room_event(room_id, "user-activity"), streams::NOTIFY_ROOM, &event, args);
    }

    pub fn subscription_changed(&self, user_id: &str, change: Change, subscription: &impl Serialize) {
        self.user_event(user_id, "subscriptions-changed", vec![json!(change.as_str()), ejson_value(subscription)]);
    }

    pub fn room_changed(&self, user_id: &str, change: Change, room: &impl Serialize) {
        self.user_event(user_id, "rooms-changed", vec![json!(change.as_str()), ejson_value(room)]);
    }

    /// `username`'s picture changed (or went back to initials): clients showing it fetch it anew,
    /// telling the new one by its `etag`.
    pub fn avatar_changed(&self, username: &str, etag: &str) {
        let args = vec![json!({"username": username, "etag": etag})];
        self.publish(&topics::logged_event("updateAvatar"), streams::NOTIFY_LOGGED, "updateAvatar", args);
    }

    /// A support conversation entered (`inserted`) or left (`removed`) the team's queue.
    pub fn queue_changed(&self, change: Change, room: &Room) {
        let args = vec![json!(change.as_str()), ejson_value(room)];
        self.publish(&topics::livechat_queue(), streams::LIVECHAT_QUEUE, "public", args);
    }

    /// A permission's roles changed: every client re-reads what its user may do.
    pub fn permission_changed(&self, permission: &confab_protocol::permission::Permission) {
        let args = vec![json!(Change::Updated.as_str()), ejson_value(permission)];
        self.publish(&topics::logged_event("permissions-changed"), streams::NOTIFY_LOGGED, "permissions-changed", args);
    }

    /// What others see of a user changed (`user-status`).
    pub fn presence_changed(&self, presence: &confab_protocol::presence::UserPresence) {
        use confab_protocol::presence::USER_STATUS_EVENT;
        let topic = topics::logged_event(USER_STATUS_EVENT);
        self.publish(&topic, streams::NOTIFY_LOGGED, USER_STATUS_EVENT, presence.to_event_args());
    }

    /// A message should notify `user_id` (see `crate::notifications`).
    pub fn notification(&self, user_id: &str, notification: &confab_protocol::notification::Notification) {
        self.user_event(user_id, confab_protocol::notification::NOTIFICATION_EVENT, vec![ejson_value(notification)]);
    }

    /// Every session of `user_id` must end: their tokens were revoked.
    pub fn force_logout(&self, user_id: &str) {
        self.user_event(user_id, "force_logout", Vec::new());
    }

    /// The sessions logged in with `token` must end: it was revoked.
    pub fn token_revoked(&self, user_id: &str, token: &str) {
        let topic = topics::session_logout(&crate::secrets::hash_secret(token));
        self.publish(&topic, streams::NOTIFY_USER, &format!("{user_id}/force_logout"), Vec::new());
    }

    fn user_event(&self, user_id: &str, event: &str, args: Vec<Value>) {
        let (topic, frame) = user_event_frame(user_id, event, args);
        self.bus.publish(&topic, frame.encode().into());
    }

    /// What a reader did with bot `bot_id`'s message (a block action, feedback), to the bot alone.
    pub fn to_bot(&self, bot_id: &str, event: &str, payload: &impl Serialize) {
        self.user_event(bot_id, event, vec![ejson_value(payload)]);
    }

    /// A user joined (or was added to) a room: their list gains the room and its subscription.
    pub async fn joined(&self, room_id: &str, user_id: &str) {
        if let (Ok(Some(room)), Ok(Some(subscription))) =
            (self.store.room(room_id).await, self.store.subscription(room_id, user_id).await)
        {
            self.room_changed(user_id, Change::Inserted, &room);
            self.subscription_changed(user_id, Change::Inserted, &subscription);
        }
    }

    /// A user left a room (or was removed from it): every subscription of theirs to its streams
    /// ends, on every instance, and their list loses it.
    pub fn left(&self, user_id: &str, subscription: &Subscription, room: &Room) {
        self.bus.publish(&topics::memberships_ended(user_id), room.id.clone().into());
        self.subscription_changed(user_id, Change::Removed, subscription);
        self.room_changed(user_id, Change::Removed, room);
    }
}

/// `event` on `user_id`'s own stream: its hub topic and the frame its sockets get.
fn user_event_frame(user_id: &str, event: &str, args: Vec<Value>) -> (String, Frame) {
    (topics::user_event(user_id, event), Frame::stream_event(streams::NOTIFY_USER, &format!("{user_id}/{event}"), args))
}
