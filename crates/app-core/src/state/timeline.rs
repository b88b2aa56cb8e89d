//! One room's messages: ordered by time, unique by `_id`, each with its delivery state.
//!
//! Entries are shared (`Rc`): a state update copies the list of pointers, not the messages, and
//! views compare and pass them by pointer, so a new message costs the same in a room of ten
//! messages as in a room of ten thousand.

use std::rc::Rc;

use confab_protocol::Message;

use super::Load;

/// A change to one room's timeline whose code a part brings (opening it around a message,
/// paging past a gap): the first load carries only the one action that applies it.
#[derive(Clone)]
pub struct TimelineChange(pub Rc<dyn Fn(&mut Timeline)>);

impl TimelineChange {
    pub fn new(change: impl Fn(&mut Timeline) + 'static) -> Self {
        Self(Rc::new(change))
    }
}

impl PartialEq for TimelineChange {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl std::fmt::Debug for TimelineChange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TimelineChange")
    }
}

/// Where a message stands between this client and the server.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Delivery {
    /// Shown at once, not yet acknowledged by the server.
    Pending,
    /// Stored by the server.
    Sent,
    /// The server refused it or could not be reached; the user may retry.
    Failed(super::Problem),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub message: Message,
    pub delivery: Delivery,
}

/// One room's messages, oldest first, unique by `_id`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Timeline {
    pub entries: Vec<Rc<Entry>>,
    pub status: Load,
    /// The oldest message is loaded: there is nothing further back.
    pub complete: bool,
    /// The newest messages are not loaded: the timeline was opened around an older message, and
    /// grows forward only by loading the next page, never by a message arriving past its end.
    pub gap_after: bool,
    /// The message to show highlighted, and whether it is still to be loaded (`true`: asked
    /// for by a permalink, not yet in the timeline).
    pub target: Option<(String, bool)>,
}

impl Timeline {
    pub(super) fn position(&self, id: &str) -> Option<usize> {
        self.entries.iter().rposition(|e| e.message.id == id)
    }

    /// Inserts or updates `message`, keeping the timeline sorted by time; past the end of a
    /// timeline with a gap after it, only messages it holds are updated.
    pub(super) fn upsert(&mut self, message: Message, delivery: Delivery) {
        let past_end = self.entries.last().is_some_and(|last| message.ts > last.message.ts);
        if self.gap_after && past_end && self.position(&message.id).is_none() {
            return;
        }
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
        self.entries.insert(at, Rc::new(Entry { message, delivery }));
    }

    /// Asks for message `id` to be shown highlighted, loaded first when `load`.
    pub fn set_target(&mut self, id: String, load: bool) {
        self.target = Some((id, load));
    }

    /// The messages around the target, in place of what was loaded; `more_before` and
    /// `more_after` when they do not reach the room's oldest and newest.
    pub fn surround(&mut self, messages: Vec<Message>, more_before: bool, more_after: bool) {
        let target = self.target.take().map(|(id, _)| (id, false));
        *self = Self { status: Load::Ready, complete: !more_before, target, ..Self::default() };
        for message in messages {
            self.upsert(message, Delivery::Sent);
        }
        self.gap_after = more_after;
    }

    /// The next newer page of a timeline with a gap after it; `more` when the gap remains.
    pub fn extend_newer(&mut self, messages: Vec<Message>, more: bool) {
        self.gap_after = false;
        for message in messages {
            self.upsert(message, Delivery::Sent);
        }
        self.gap_after = more;
    }

    pub(super) fn remove(&mut self, id: &str) {
        if let Some(at) = self.position(id) {
            self.entries.remove(at);
        }
    }

    pub(super) fn set_delivery(&mut self, id: &str, delivery: Delivery) {
        if let Some(at) = self.position(id)
            && self.entries[at].delivery != Delivery::Sent
        {
            Rc::make_mut(&mut self.entries[at]).delivery = delivery;
        }
    }
}
