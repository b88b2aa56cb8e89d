//! Messages written but not yet stored by the server, in the order they were written.
//!
//! Every send goes through here, so messages leave strictly in order, one at a time. The queue is
//! kept in the browser's local storage under the user's id, so what was written while offline
//! survives a reload and is sent after it with its original client `_id` — the server stores a
//! message once however often it is sent.

use std::cell::RefCell;
use std::collections::VecDeque;

use confab_protocol::Message;
use confab_protocol::json;
use gloo_storage::{LocalStorage, Storage};

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
            if let Ok(text) = serde_json::to_string(&*queue) {
                let _ = LocalStorage::raw().set_item(&self.key, &text);
            }
        }
    }
}
