//! How an event reaches the sockets of every instance. Publishers hand each event to the bus;
//! the bus delivers it to this instance's [`Hub`] at once and, in cluster mode, carries it to
//! every other instance's hub over NATS. Sockets only ever read their own instance's hub.
//!
//! What the bus does not promise, the database does: a room's order is the order of its
//! messages' times, which the database gives, and an event the bus lost (NATS restarted, an
//! instance died mid-publish) is found again by the catch-up every client runs on reconnecting.
//! So when the bus may have lost events it says so with [`Hub::open_gap`], which closes this
//! instance's sockets: their clients reconnect and catch up.

mod local;
mod nats;

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

    /// Resolves once every event published so far has left this instance, so that a sender
    /// answered afterwards knows its message is told even if this instance dies the next moment.
    /// While the bus is down it resolves after a bounded wait: the catch-up covers that gap.
    fn handed_over(&self) -> BoxFuture<'_, ()>;
}
