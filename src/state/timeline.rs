//! One room's messages: ordered by time, unique by `_id`, each with its delivery state.
//!
//! Entries are shared (`Rc`): a state update copies the list of pointers, not the messages, and
//! views compare and pass them by pointer, so a new message costs the same in a room of ten
//! messages as in a room of ten thousand.

use std::rc::Rc;

use confab_protocol::Message;

use super::Load;

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
}

impl Timeline {
    pub(super) fn position(&self, id: &str) -> Option<usize> {
        self.entries.iter().rposition(|e| e.message.id == id)
    }

    /// Inserts or updates `message`, keeping the timeline sorted by time.
    pub(super) fn upsert(&mut self, message: Message, delivery: Delivery) {
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
