//! Fan-out of stream events to the sockets subscribed to them.
//!
//! A publisher encodes an event once; every subscriber receives the same reference-counted
//! frame, so delivering to N sockets costs N pointer copies and no database work. Each topic is
//! a bounded broadcast channel: a subscriber that falls more than `capacity` frames behind is
//! not silently dropped, nor waited for: its socket says why and closes, and the client catches
//! up when it reconnects. A
//! channel's buffer is allocated whole when its topic is made, so a connection's control topics
//! (see [`super::topics::is_control`]) get a small one.

use std::collections::HashMap;
use std::sync::Mutex;

use axum::extract::ws::Utf8Bytes;
use tokio::sync::{broadcast, watch};

/// The buffer of a control topic: a handful of events in a connection's life.
const CONTROL_CAPACITY: usize = 4;

pub struct Hub {
    capacity: usize,
    topics: Mutex<HashMap<String, broadcast::Sender<Utf8Bytes>>>,
    /// Counts the gaps opened (see [`Hub::open_gap`]).
    gaps: watch::Sender<u64>,
}

impl Hub {
    /// A hub whose subscribers may fall `capacity` frames behind (at least 1).
    pub fn new(capacity: usize) -> Self {
        Self { capacity: capacity.max(1), topics: Mutex::new(HashMap::new()), gaps: watch::Sender::new(0) }
    }

    /// Says that this hub may have missed events (the bus between instances was down): every
    /// socket watching [`Hub::gaps`] closes, and its client reconnects and catches up from the
    /// database.
    pub fn open_gap(&self) {
        self.gaps.send_modify(|gaps| *gaps += 1);
    }

    /// What a socket watches to learn of a gap.
    pub fn gaps(&self) -> watch::Receiver<u64> {
        self.gaps.subscribe()
    }

    pub fn subscribe(&self, topic: &str) -> broadcast::Receiver<Utf8Bytes> {
        let mut topics = self.topics.lock().unwrap_or_else(|e| e.into_inner());
        match topics.get(topic) {
            Some(sender) => sender.subscribe(),
            None => {
                let capacity = if super::topics::is_control(topic) { CONTROL_CAPACITY } else { self.capacity };
                let (sender, receiver) = broadcast::channel(capacity);
                topics.insert(topic.to_owned(), sender);
                receiver
            }
        }
    }

    /// Sends `frame` to every current subscriber of `topic`; a topic nobody listens to any more
    /// is forgotten.
    pub fn publish(&self, topic: &str, frame: Utf8Bytes) {
        let mut topics = self.topics.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(sender) = topics.get(topic)
            && sender.send(frame).is_err()
        {
            topics.remove(topic);
        }
    }

    /// How many subscriptions read `topic` now (for tests and metrics).
    pub fn subscriber_count(&self, topic: &str) -> usize {
        let topics = self.topics.lock().unwrap_or_else(|e| e.into_inner());
        topics.get(topic).map_or(0, broadcast::Sender::receiver_count)
    }

    /// Topics with a live sender (for tests and metrics).
    pub fn topic_count(&self) -> usize {
        self.topics.lock().unwrap_or_else(|e| e.into_inner()).len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_connections_control_topics_are_told_apart_from_what_readers_follow() {
        use super::super::topics;
        for control in
            [topics::session_logout("abc"), topics::memberships_ended("u1"), topics::user_event("u1", "force_logout")]
        {
            assert!(topics::is_control(&control), "{control}");
        }
        for followed in
            [topics::room_messages("r1"), topics::my_messages("u1"), topics::user_event("u1", "rooms-changed")]
        {
            assert!(!topics::is_control(&followed), "{followed}");
        }
    }

    #[tokio::test]
    async fn every_subscriber_gets_the_same_frame_and_idle_topics_are_dropped() {
        let hub = Hub::new(4);
        let mut a = hub.subscribe("room");
        let mut b = hub.subscribe("room");
        hub.publish("room", Utf8Bytes::from_static("one"));
        assert_eq!(a.recv().await.unwrap().as_str(), "one");
        assert_eq!(b.recv().await.unwrap().as_str(), "one");
        drop((a, b));
        hub.publish("room", Utf8Bytes::from_static("two"));
        assert_eq!(hub.topic_count(), 0);
    }

    #[tokio::test]
    async fn a_slow_subscriber_learns_it_lagged() {
        let hub = Hub::new(2);
        let mut slow = hub.subscribe("room");
        for text in ["1", "2", "3"] {
            hub.publish("room", Utf8Bytes::from(text.to_owned()));
        }
        assert!(matches!(slow.recv().await, Err(broadcast::error::RecvError::Lagged(1))));
    }
}
