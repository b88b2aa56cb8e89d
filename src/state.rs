//! The app's state and its one reducer.
//!
//! Everything that changes what the user sees — server events, REST answers, the user's own
//! actions — is an [`Action`] applied by [`ChatState::apply`], a pure function with no DOM and no
//! I/O, so ordering, de-duplication and delivery states are tested natively with `cargo test`.
//!
//! Messages are keyed by `_id`. A message the user sends gets its `_id` on the client, so the
//! optimistic copy, the REST answer and the stream echo are one entry whatever order they arrive
//! in: pending, then sent (or failed), never twice.

use std::collections::HashMap;
use std::rc::Rc;

use confab_protocol::{Message, RoomType, Subscription, UserRef};

/// Something loaded asynchronously.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Load {
    #[default]
    Loading,
    Ready,
    Failed(String),
}

/// The realtime connection as the user should understand it.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Connection {
    #[default]
    Connecting,
    Online,
    Offline(String),
}

/// Where a message stands between this client and the server.
#[derive(Clone, Debug, PartialEq)]
pub enum Delivery {
    /// Shown at once, not yet acknowledged by the server.
    Pending,
    /// Stored by the server.
    Sent,
    /// The server refused it or could not be reached; the user may retry.
    Failed(String),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub message: Message,
    pub delivery: Delivery,
}

/// One room's messages, oldest first, unique by `_id`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Timeline {
    pub entries: Vec<Entry>,
    pub status: Load,
}

impl Timeline {
    fn position(&self, id: &str) -> Option<usize> {
        self.entries.iter().rposition(|e| e.message.id == id)
    }

    /// Inserts or updates `message`, keeping the timeline sorted by time.
    fn upsert(&mut self, message: Message, delivery: Delivery) {
        if let Some(at) = self.position(&message.id) {
            let current = &self.entries[at];
            let confirms_pending = current.delivery != Delivery::Sent && delivery == Delivery::Sent;
            if !confirms_pending && message.updated_at < current.message.updated_at {
                return;
            }
            self.entries.remove(at);
        }
        let key = (message.ts, message.id.as_str());
        let at = self.entries.partition_point(|e| (e.message.ts, e.message.id.as_str()) <= key);
        self.entries.insert(at, Entry { message, delivery });
    }

    fn set_delivery(&mut self, id: &str, delivery: Delivery) {
        if let Some(at) = self.position(id)
            && self.entries[at].delivery != Delivery::Sent
        {
            self.entries[at].delivery = delivery;
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ChatState {
    pub me: Option<UserRef>,
    pub connection: Connection,
    pub rooms: Vec<Subscription>,
    pub rooms_status: Load,
    pub open_room: Option<String>,
    pub timelines: HashMap<String, Timeline>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    SignedIn(UserRef),
    Connection(Connection),
    RoomsLoaded(Vec<Subscription>),
    RoomsFailed(String),
    OpenRoom(String),
    HistoryLoaded {
        rid: String,
        messages: Vec<Message>,
    },
    HistoryFailed {
        rid: String,
        error: String,
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
        error: String,
    },
}

impl ChatState {
    pub fn apply(&mut self, action: Action) {
        match action {
            Action::SignedIn(me) => self.me = Some(me),
            Action::Connection(connection) => self.connection = connection,
            Action::RoomsLoaded(mut rooms) => {
                rooms.sort_by(|a, b| {
                    (section_order(a.t), a.display_name().to_lowercase())
                        .cmp(&(section_order(b.t), b.display_name().to_lowercase()))
                });
                self.rooms = rooms;
                self.rooms_status = Load::Ready;
            }
            Action::RoomsFailed(error) => self.rooms_status = Load::Failed(error),
            Action::OpenRoom(rid) => {
                self.timelines.entry(rid.clone()).or_default();
                self.open_room = Some(rid);
            }
            Action::HistoryLoaded { rid, messages } => {
                let timeline = self.timelines.entry(rid).or_default();
                for message in messages {
                    timeline.upsert(message, Delivery::Sent);
                }
                timeline.status = Load::Ready;
            }
            Action::HistoryFailed { rid, error } => self.timelines.entry(rid).or_default().status = Load::Failed(error),
            Action::Received(message) | Action::SendConfirmed(message) => {
                self.timelines.entry(message.rid.clone()).or_default().upsert(message, Delivery::Sent);
            }
            Action::SendStarted(message) => {
                let timeline = self.timelines.entry(message.rid.clone()).or_default();
                if timeline.position(&message.id).is_none() {
                    timeline.upsert(message, Delivery::Pending);
                } else {
                    timeline.set_delivery(&message.id, Delivery::Pending);
                }
            }
            Action::SendFailed { rid, id, error } => {
                self.timelines.entry(rid).or_default().set_delivery(&id, Delivery::Failed(error));
            }
        }
    }

    pub fn room(&self, rid: &str) -> Option<&Subscription> {
        self.rooms.iter().find(|r| r.rid == rid)
    }

    pub fn timeline(&self, rid: &str) -> Option<&Timeline> {
        self.timelines.get(rid)
    }
}

/// Room-list sections: channels, then private groups, then direct messages.
pub fn section_order(t: RoomType) -> u8 {
    match t {
        RoomType::Channel => 0,
        RoomType::Group => 1,
        RoomType::Direct => 2,
    }
}

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
