//! How an event reaches the sockets of every instance. Publishers hand each event to the bus;
//! the bus delivers it to this instance's [`Hub`] at once and, in cluster mode, carries it to
//! every other instance's hub over NATS. Sockets only ever read their own instance's hub.
//!
//! What the bus does not promise, the database does: a room's order is the order of its
//! messages' times, which the database gives, and an event the bus lost (NATS restarted, an
//! instance died mid-publish) is found again by the catch-up every client runs on reconnecting.
//! So when the bus may have lost events it says so with [`Hub::open_gap`], which closes this
//! instance's sockets: their clients reconnect and catch up.
//!
//! A message's events are published once per key ([`Bus::publish_once`]): its id and version.
//! When its sender repeats a send whose answer never came, the room is told again, and only the
//! instances that never heard of it (its first instance died before publishing) deliver it.

mod local;
mod nats;

use std::collections::{HashSet, VecDeque};

use axum::extract::ws::Utf8Bytes;
use futures_util::future::BoxFuture;

pub use local::LocalBus;
pub use nats::NatsBus;

/// Carries events to the sockets subscribed to their topic, on every instance.
pub trait Bus: Send + Sync {
    /// Its name, for logs and statistics.
    fn name(&self) -> &'static str;

    /// Delivers `frame` to `topic`'s subscribers here and on every other instance.
    fn publish(&self, topic: &str, frame: Utf8Bytes);

    /// Like [`Bus::publish`], but each instance drops the event if one with the same `key` was
    /// delivered there lately (published there, or heard from another instance).
    fn publish_once(&self, topic: &str, frame: Utf8Bytes, key: String);

    /// Resolves once every event published so far has left this instance, so that a sender
    /// answered afterwards knows its message is told even if this instance dies the next moment.
    /// While the bus is down it resolves after a bounded wait: the catch-up covers that gap.
    fn handed_over(&self) -> BoxFuture<'_, ()>;
}

/// How many event keys an instance remembers to drop a repeat: the events of a few hundred
/// messages in large rooms (a message's events are one per member), a few megabytes.
const REMEMBERED: usize = 65_536;

/// Event keys seen lately, the oldest forgotten first.
#[derive(Default)]
struct Seen {
    order: VecDeque<String>,
    ids: HashSet<String>,
}

impl Seen {
    /// Whether `id` is new here; it is remembered either way.
    fn first_time(&mut self, id: String) -> bool {
        if !self.ids.insert(id.clone()) {
            return false;
        }
        self.order.push_back(id);
        if self.order.len() > REMEMBERED
            && let Some(old) = self.order.pop_front()
        {
            self.ids.remove(&old);
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_repeated_key_is_dropped_and_old_ones_forgotten() {
        let mut seen = Seen::default();
        assert!(seen.first_time("a-1".into()));
        assert!(!seen.first_time("a-1".into()));
        for n in 0..REMEMBERED {
            seen.first_time(format!("b-{n}"));
        }
        assert!(seen.first_time("a-1".into()), "forgotten after {REMEMBERED} newer ones");
    }
}
