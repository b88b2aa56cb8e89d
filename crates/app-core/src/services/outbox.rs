//! Messages written but not yet stored by the server, in the order they were written.
//!
//! Every send goes through here, so messages leave strictly in order, one at a time. The queue is
//! kept in the browser's local storage under the user's id, so what was written while offline
//! survives a reload and is sent after it with its original client `_id` — the server stores a
//! message once however often it is sent.

use std::cell::RefCell;
use std::collections::VecDeque;

use confab_protocol::json;
use confab_protocol::{Message, Timestamp, UserRef};
use gloo_storage::{LocalStorage, Storage};
use serde::Serialize;

/// A pending message as stored: all it has before the server stores it (no markup tree yet),
/// in the message's own shape, so it reads back as one.
#[derive(Serialize)]
struct Stored<'a> {
    #[serde(rename = "_id")]
    id: &'a str,
    rid: &'a str,
    msg: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    tmid: Option<&'a str>,
    ts: Timestamp,
    #[serde(rename = "_updatedAt")]
    updated_at: Timestamp,
    u: &'a UserRef,
}

impl<'a> From<&'a Message> for Stored<'a> {
    fn from(message: &'a Message) -> Self {
        Self {
            id: &message.id,
            rid: &message.rid,
            msg: &message.msg,
            tmid: message.tmid.as_deref(),
            ts: message.ts,
            updated_at: message.updated_at,
            u: &message.u,
        }
    }
}

pub struct Outbox {
    key: String,
    queue: RefCell<VecDeque<Message>>,
}

impl Outbox {
    /// The outbox of user `user_id`, as this browser kept it.
    pub fn load(user_id: &str) -> Self {
        let key = format!("confab.outbox.{user_id}");
        let stored = LocalStorage::raw().get_item(&key).ok().flatten();
        let queue = stored.and_then(|text| json::read::<Vec<Message>>(&text)).unwrap_or_default();
        Self { key, queue: RefCell::new(queue.into()) }
    }

    /// An outbox that keeps nothing: a client that only renders sends nothing.
    pub fn empty() -> Self {
        Self { key: String::new(), queue: RefCell::default() }
    }

    pub fn messages(&self) -> Vec<Message> {
        self.queue.borrow().iter().cloned().collect()
    }

    pub fn push(&self, message: Message) {
        let mut queue = self.queue.borrow_mut();
        if !queue.iter().any(|m| m.id == message.id) {
            queue.push_back(message);
        }
        drop(queue);
        self.save();
    }

    /// The message to send next.
    pub fn front(&self) -> Option<Message> {
        self.queue.borrow().front().cloned()
    }

    pub fn remove(&self, id: &str) {
        self.queue.borrow_mut().retain(|m| m.id != id);
        self.save();
    }

    /// Forgets everything, in memory and in storage (on logout).
    pub fn clear(&self) {
        self.queue.borrow_mut().clear();
        LocalStorage::delete(&self.key);
    }

    fn save(&self) {
        let queue = self.queue.borrow();
        // Storage can be full or blocked (third-party iframes): the queue then lives in memory only.
        if queue.is_empty() {
            LocalStorage::delete(&self.key);
        } else {
            let stored: Vec<Stored> = queue.iter().map(Stored::from).collect();
            if let Ok(text) = serde_json::to_string(&stored) {
                let _ = LocalStorage::raw().set_item(&self.key, &text);
            }
        }
    }
}
