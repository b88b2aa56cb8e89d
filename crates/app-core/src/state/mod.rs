//! The app's state and its one reducer.
//!
//! Everything that changes what the user sees — server events, REST answers, the user's own
//! actions — is an [`Action`] applied by [`ChatState::apply`], a pure function with no DOM and no
//! I/O, so ordering, de-duplication and delivery states are tested natively with `cargo test`.
//!
//! Messages are keyed by `_id`. A message the user sends gets its `_id` on the client, so the
//! optimistic copy, the REST answer and the stream echo are one entry whatever order they arrive
//! in: pending, then sent (or failed), never twice.

mod problem;
pub mod rights;
mod rooms;
pub mod rows;
mod timeline;
pub mod window;

use std::collections::HashMap;
use std::rc::Rc;

use confab_protocol::presence::{UserPresence, UserStatus};
use confab_protocol::{Message, Room, Subscription, Timestamp, UserRef};

pub use problem::{Notice, Problem};
pub use rooms::{RoomEntry, RoomList, section_order};
pub use timeline::{Delivery, Entry, Timeline, TimelineChange};

/// Something loaded asynchronously.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Load {
    #[default]
    Loading,
    Ready,
    Failed(Problem),
}

/// The realtime connection as the user should understand it.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Connection {
    /// The first connection is being made.
    #[default]
    Connecting,
    Online,
    /// The connection was lost: the next attempt is at `retry_at` (`None`: under way now).
    Reconnecting {
        retry_at: Option<Timestamp>,
        reason: String,
    },
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ChatState {
    pub me: Option<UserRef>,
    pub connection: Connection,
    pub rooms: RoomList,
    pub rooms_status: Load,
    pub open_room: Option<String>,
    /// Each opened room's messages. Shared between successive states, so an action copies only
    /// the timeline it changes, not every long room's history.
    pub timelines: HashMap<String, Rc<Timeline>>,
    /// Who is typing where, and when they last said so. An agent's entry carries what it is
    /// doing after its username and a line break (`guide\nagent-searching\nthe docs`); the
    /// realtime part takes its last one back before it tells a new one.
    pub typing: HashMap<String, Vec<(String, Timestamp)>>,
    /// The message the composer is editing instead of writing a new one.
    pub editing: Option<Message>,
    /// A sentence for the user about something that went wrong, until dismissed.
    pub notice: Option<Notice>,
    /// The thread open beside the room: its parent's id and its replies.
    pub thread: Option<Thread>,
    /// The session ended, and why: nothing of the user's is shown any more.
    pub signed_out: Option<&'static str>,
    /// The pictures changed since the app started: each username's new `etag`, which makes its
    /// address new so the browser fetches it. (A handful at most: a list is enough.)
    pub avatars: Vec<(String, String)>,
    /// What the user may do, once read from the server (see [`rights`]).
    pub rights: Option<rights::Held>,
    /// Who is online, away, busy or offline, by username, as last heard. Shared between
    /// successive states: only a presence change copies it.
    pub presence: Rc<Vec<(String, UserStatus)>>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Thread {
    pub rid: String,
    pub parent: String,
    pub replies: Timeline,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    SignedIn(UserRef),
    /// The session ended (logout, revocation, the host closing it): everything is forgotten.
    SignedOut(&'static str),
    Connection(Connection),
    RoomsLoaded {
        subscriptions: Vec<Subscription>,
        rooms: Vec<Room>,
    },
    SubscriptionChanged(Subscription),
    RoomChanged(Room),
    /// The user left (or lost) a room.
    RoomRemoved(String),
    /// The user has read the room to its end.
    MarkedRead(String),
    RoomsFailed(Problem),
    OpenRoom(String),
    /// A room about to be opened: its timeline is kept from now, so that it grows while its
    /// history loads.
    Watch(String),
    HistoryLoaded {
        rid: String,
        messages: Vec<Message>,
    },
    HistoryFailed {
        rid: String,
        error: Problem,
    },
    /// A message from the room stream (new, or a newer version of a known one).
    Received(Message),
    /// The user sent a message; it is shown at once as pending.
    SendStarted(Message),
    /// The server stored the message.
    SendConfirmed(Message),
    SendFailed {
        rid: String,
        id: String,
        error: Problem,
    },
    /// A message was deleted.
    Deleted {
        rid: String,
        id: String,
    },
    /// Someone (`reader`, when the server says who) read room `rid` up to `until`: the user's
    /// own messages up to then are read unless the reader was the user.
    ReadBy {
        rid: String,
        reader: Option<String>,
        until: Timestamp,
    },
    /// Room `rid` has no older messages than those loaded.
    HistoryComplete(String),
    /// A change to room `rid`'s timeline that a part works out (see [`TimelineChange`]).
    ChangeTimeline {
        rid: String,
        change: TimelineChange,
    },
    /// Show the thread of message `parent` in room `rid` (its replies load next).
    OpenThread {
        rid: String,
        parent: String,
    },
    CloseThread,
    /// Back to the room list alone (the narrow layout shows one pane at a time).
    CloseRoom,
    ThreadLoaded {
        parent: String,
        replies: Vec<Message>,
    },
    /// The composer edits this message (or, with `None`, goes back to writing new ones).
    Edit(Option<Message>),
    /// Tell the user something went wrong (`None` dismisses it).
    Notice(Option<Notice>),
    /// Someone started (or stopped) typing in a room.
    Typing {
        rid: String,
        username: String,
        typing: bool,
        at: Timestamp,
    },
    /// The permissions and editing rules, read from the server or changed since.
    Rights(rights::Rights),
    /// A user's picture changed.
    AvatarChanged {
        username: String,
        etag: String,
    },
    /// People's presence, read or changed.
    Presence(Vec<UserPresence>),
}

impl ChatState {
    /// The state the server's first screen shows: its user signed in, their rooms listed.
    pub fn first_screen(first: &confab_protocol::first_screen::FirstScreen) -> Self {
        let mut state = Self::default();
        state.apply(Action::SignedIn(first.me.user.to_ref()));
        state.apply(Action::RoomsLoaded {
            subscriptions: first.subscriptions.update.clone(),
            rooms: first.rooms.update.clone(),
        });
        state
    }

    /// What others see of `username` now, once heard.
    pub fn presence_of(&self, username: &str) -> Option<UserStatus> {
        presence_in(&self.presence, username)
    }

    /// The new `etag` of `username`'s picture, if it changed since the app started.
    pub fn avatar_etag(&self, username: &str) -> Option<&String> {
        self.avatars.iter().find(|(name, _)| name == username).map(|(_, etag)| etag)
    }

    pub fn apply(&mut self, action: Action) {
        match action {
            // A sign-in starts afresh: after a sign-out, or as another user (a framing page's
            // `login-with-token`), nothing of the last session may show.
            Action::SignedIn(me) => *self = ChatState { me: Some(me), ..ChatState::default() },
            Action::SignedOut(reason) => *self = ChatState { signed_out: Some(reason), ..ChatState::default() },
            Action::Connection(Connection::Connecting) => {
                // A new attempt after a loss is still a reconnection to the user.
                match &mut self.connection {
                    Connection::Reconnecting { retry_at, .. } => *retry_at = None,
                    Connection::Online => {
                        self.connection = Connection::Reconnecting { retry_at: None, reason: String::new() }
                    }
                    Connection::Connecting => {}
                }
            }
            Action::Connection(connection) => self.connection = connection,
            Action::RoomsLoaded { subscriptions, rooms } => {
                self.rooms.load(subscriptions, rooms);
                self.rooms_status = Load::Ready;
            }
            Action::SubscriptionChanged(subscription) => self.rooms.upsert_subscription(subscription),
            Action::RoomChanged(room) => self.rooms.upsert_room(room),
            Action::RoomRemoved(rid) => {
                self.rooms.remove(&rid);
                self.timelines.remove(&rid);
                if self.open_room.as_deref() == Some(rid.as_str()) {
                    self.open_room = None;
                }
            }
            Action::MarkedRead(rid) => self.rooms.mark_read(&rid),
            Action::RoomsFailed(error) => self.rooms_status = Load::Failed(error),
            Action::OpenRoom(rid) => {
                self.timeline_mut(&rid);
                self.open_room = Some(rid);
            }
            Action::Watch(rid) => {
                self.timeline_mut(&rid);
            }
            Action::HistoryLoaded { rid, messages } => {
                let timeline = self.timeline_mut(&rid);
                for message in messages {
                    timeline.upsert(message, Delivery::Sent);
                }
                timeline.status = Load::Ready;
            }
            Action::HistoryFailed { rid, error } => self.timeline_mut(&rid).status = Load::Failed(error),
            Action::Received(message) => {
                // Sending a message ends its author's typing.
                if let Some(typists) = self.typing.get_mut(&message.rid) {
                    typists.retain(|(name, _)| *name != message.u.username);
                }
                if let Some(me) = &self.me {
                    self.rooms.message_arrived(&message, me);
                }
                self.grow_thread(&message, Delivery::Sent);
                // Rooms never opened load their history when opened; only known timelines grow.
                if let Some(timeline) = self.timelines.get_mut(&message.rid).map(Rc::make_mut) {
                    timeline.upsert(message, Delivery::Sent);
                }
            }
            Action::SendConfirmed(message) => {
                if let Some(me) = &self.me {
                    self.rooms.message_arrived(&message, me);
                }
                self.grow_thread(&message, Delivery::Sent);
                self.timeline_mut(&message.rid).upsert(message, Delivery::Sent);
            }
            Action::SendStarted(message) => {
                self.grow_thread(&message, Delivery::Pending);
                let timeline = self.timeline_mut(&message.rid);
                if timeline.position(&message.id).is_none() {
                    timeline.upsert(message, Delivery::Pending);
                } else {
                    timeline.set_delivery(&message.id, Delivery::Pending);
                }
            }
            Action::OpenThread { rid, parent } => {
                self.thread = Some(Thread { rid, parent, replies: Timeline::default() })
            }
            Action::CloseThread => self.thread = None,
            Action::CloseRoom => {
                self.open_room = None;
                self.thread = None;
            }
            Action::ThreadLoaded { parent, replies } => {
                if let Some(thread) = self.thread.as_mut().filter(|t| t.parent == parent) {
                    for reply in replies {
                        thread.replies.upsert(reply, Delivery::Sent);
                    }
                    thread.replies.status = Load::Ready;
                }
            }
            Action::ReadBy { rid, reader, until } => {
                let Some(me) = &self.me else { return };
                if reader.as_deref() == Some(me.id.as_str()) {
                    return;
                }
                if let Some(timeline) = self.timelines.get_mut(&rid).map(Rc::make_mut) {
                    for entry in
                        timeline.entries.iter_mut().filter(|e| e.message.u.id == me.id && e.message.ts <= until)
                    {
                        Rc::make_mut(entry).message.unread = None;
                    }
                }
            }
            Action::HistoryComplete(rid) => self.timeline_mut(&rid).complete = true,
            Action::ChangeTimeline { rid, change } => (change.0)(self.timeline_mut(&rid)),
            Action::Edit(message) => self.editing = message,
            Action::Notice(notice) => self.notice = notice,
            Action::Rights(rights) => self.rights = Some(rights::Held(Rc::new(rights))),
            Action::AvatarChanged { username, etag } => {
                self.avatars.retain(|(name, _)| *name != username);
                self.avatars.push((username, etag));
            }
            Action::Presence(changes) => {
                let presence = Rc::make_mut(&mut self.presence);
                presence.retain(|(name, _)| changes.iter().all(|c| c.username != *name));
                presence.extend(changes.into_iter().map(|c| (c.username, c.status)));
            }
            Action::Typing { rid, username, typing, at } => {
                if self.me.as_ref().is_some_and(|me| me.username == username) {
                    return;
                }
                let typists = self.typing.entry(rid).or_default();
                typists.retain(|(name, _)| *name != username);
                if typing {
                    typists.push((username, at));
                }
            }
            Action::Deleted { rid, id } => {
                if let Some(timeline) = self.timelines.get_mut(&rid).map(Rc::make_mut) {
                    timeline.remove(&id);
                }
                if self.editing.as_ref().is_some_and(|m| m.id == id) {
                    self.editing = None;
                }
            }
            Action::SendFailed { rid, id, error } => {
                if let Some(thread) = self.thread.as_mut() {
                    thread.replies.set_delivery(&id, Delivery::Failed(error.clone()));
                }
                self.timeline_mut(&rid).set_delivery(&id, Delivery::Failed(error));
            }
        }
    }

    /// A reply to the open thread joins it.
    fn grow_thread(&mut self, message: &Message, delivery: Delivery) {
        if let Some(thread) = self.thread.as_mut().filter(|t| message.tmid.as_deref() == Some(t.parent.as_str())) {
            thread.replies.upsert(message.clone(), delivery);
        }
    }

    pub fn room(&self, rid: &str) -> Option<&RoomEntry> {
        self.rooms.get(rid)
    }

    pub fn timeline(&self, rid: &str) -> Option<&Timeline> {
        self.timelines.get(rid).map(|t| &**t)
    }

    /// Room `rid`'s timeline as shared with other states: the same pointer while it is unchanged.
    pub fn shared_timeline(&self, rid: &str) -> Option<Rc<Timeline>> {
        self.timelines.get(rid).cloned()
    }

    /// Room `rid`'s timeline to change (created empty if the room has none), copied first if an
    /// earlier state still shares it.
    fn timeline_mut(&mut self, rid: &str) -> &mut Timeline {
        Rc::make_mut(self.timelines.entry(rid.to_owned()).or_default())
    }

    /// The user's latest message in `rid` that can still be edited (sent, not a system message).
    pub fn last_own_message(&self, rid: &str) -> Option<&Message> {
        let me = self.me.as_ref()?;
        self.timeline(rid)?
            .entries
            .iter()
            .rev()
            .find(|e| e.message.u.id == me.id && e.message.t.is_none() && e.delivery == Delivery::Sent)
            .map(|e| &e.message)
    }

    /// Who is typing in `rid` now: signals older than [`TYPING_TIMEOUT_MS`] have lapsed.
    pub fn typists(&self, rid: &str, now: Timestamp) -> Vec<&str> {
        self.typing
            .get(rid)
            .into_iter()
            .flatten()
            .filter(|(_, at)| now.millis() - at.millis() < TYPING_TIMEOUT_MS)
            .map(|(name, _)| name.as_str())
            .collect()
    }
}

/// `username`'s status in a list of presences.
pub fn presence_in(presence: &[(String, UserStatus)], username: &str) -> Option<UserStatus> {
    presence.iter().find(|(name, _)| name == username).map(|(_, status)| *status)
}

/// A typing signal counts for this long unless renewed (clients renew every few seconds).
pub const TYPING_TIMEOUT_MS: i64 = 15_000;

impl yew::Reducible for ChatState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = Rc::unwrap_or_clone(self);
        next.apply(action);
        Rc::new(next)
    }
}

#[cfg(test)]
mod tests;
