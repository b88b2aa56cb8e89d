//! The send half of one DDP connection: the task that owns the socket's write half, the
//! subscriptions whose events it forwards, and what its user hears that no client subscribes to.
//!
//! Membership is checked where events flow, not only where subscriptions start. When the user's
//! membership of a room ends (a kick, a leave), the event reaches every instance on the bus and
//! every subscription of that user to that room's streams ends at once with a `nosub` carrying
//! Rocket.Chat's `error-not-allowed`. Control events are polled before anything else, so a
//! message published after the removal can never reach the socket before the removal does.
//!
//! A subscription's membership is read from the database by the receive task before it is
//! registered here; a removal may land in between. So each registration carries the
//! [`MembershipClock`] as it stood before that read, and a registration for a room whose
//! membership ended after it is refused.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use axum::extract::ws::Utf8Bytes;
use confab_protocol::ddp::{DdpError, ErrorCode, Frame};
use futures_channel::mpsc;
use futures_util::stream::SplitSink;
use futures_util::{SinkExt, StreamExt};
use tokio::sync::{broadcast, watch};
use tokio_stream::StreamMap;
use tokio_stream::wrappers::BroadcastStream;
use tokio_stream::wrappers::errors::BroadcastStreamRecvError;
use yawc::HttpWebSocket;

/// What the receive task hands the send task, in order. Its rare, large kinds are boxed: the
/// queue's slots are the size of its largest kind, and every socket keeps a block of them.
pub(super) enum Outgoing {
    Frame(Utf8Bytes),
    Subscribe(Box<Subscribe>),
    Unsubscribe(String),
    /// A user logged in: what ends their session or their memberships. Subscriptions made
    /// before, as someone else, end.
    SignedIn(Box<Control>),
}

/// Start forwarding `events` as subscription `id` and answer `ready`; `room` is the room whose
/// membership it needs, read when the clock stood at `checked_at`.
pub(super) struct Subscribe {
    pub id: String,
    pub events: broadcast::Receiver<Utf8Bytes>,
    pub room: Option<String>,
    pub checked_at: u64,
}

/// The streams of a signed-in user that the client never names: forced logouts (the user's and
/// the session's), and the rooms whose membership ended (their ids).
pub(super) struct Control {
    pub logouts: Vec<broadcast::Receiver<Utf8Bytes>>,
    pub memberships: broadcast::Receiver<Utf8Bytes>,
}

/// How many membership endings this connection has applied: the receive task reads it before
/// checking a membership (see the module's comment).
#[derive(Clone, Default)]
pub(super) struct MembershipClock(Arc<AtomicU64>);

impl MembershipClock {
    pub fn now(&self) -> u64 {
        self.0.load(Ordering::SeqCst)
    }

    fn tick(&self) -> u64 {
        self.0.fetch_add(1, Ordering::SeqCst) + 1
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum ControlKey {
    Logout(usize),
    Membership,
}

/// The client's subscriptions, with the room each needs membership of.
#[derive(Default)]
struct Subscriptions {
    streams: StreamMap<String, BroadcastStream<Utf8Bytes>>,
    rooms: HashMap<String, String>,
    /// Rooms whose membership ended, with the clock's reading after each.
    ended: HashMap<String, u64>,
}

impl Subscriptions {
    fn insert(&mut self, id: String, events: broadcast::Receiver<Utf8Bytes>, room: Option<String>) {
        match room {
            Some(room) => self.rooms.insert(id.clone(), room),
            None => self.rooms.remove(&id),
        };
        self.streams.insert(id, BroadcastStream::new(events));
    }

    fn remove(&mut self, id: &str) {
        self.streams.remove(id);
        self.rooms.remove(id);
    }

    /// Whether a membership of `room` read when the clock stood at `checked_at` still holds.
    fn still_member(&self, room: &str, checked_at: u64) -> bool {
        self.ended.get(room).is_none_or(|&ended_at| ended_at <= checked_at)
    }

    /// Ends the subscriptions that need membership of `room` (of any room, when `None`: the
    /// endings themselves were missed); returns their ids.
    fn end_room(&mut self, room: Option<&str>, at: u64) -> Vec<String> {
        let ids: Vec<String> = self
            .rooms
            .iter()
            .filter(|(_, r)| room.is_none_or(|room| room == r.as_str()))
            .map(|(id, _)| id.clone())
            .collect();
        for id in &ids {
            if let Some(room) = self.rooms.get(id) {
                self.ended.insert(room.clone(), at);
            }
            self.remove(id);
        }
        if let Some(room) = room {
            self.ended.insert(room.to_owned(), at);
        }
        ids
    }

    fn clear(&mut self) {
        self.streams = StreamMap::new();
        self.rooms.clear();
        self.ended.clear();
    }
}

fn not_a_member(id: String) -> Utf8Bytes {
    let error = DdpError::new(ErrorCode::Text("error-not-allowed".into()), "You are no longer a member of this room");
    Frame::Nosub { id, error: Some(error) }.encode().into()
}

/// What one turn of the loop does with the socket.
enum Step {
    /// Queue these frames for the socket.
    Send(Vec<Utf8Bytes>),
    /// Nothing else is ready: write what was queued.
    Flush,
    /// Send this last frame, if any, and close.
    Close(Option<Utf8Bytes>),
}

pub(super) async fn send_loop(
    mut sink: SplitSink<HttpWebSocket, yawc::Frame>,
    mut queue: mpsc::Receiver<Outgoing>,
    mut gaps: watch::Receiver<u64>,
    clock: MembershipClock,
) {
    let mut subscriptions = Subscriptions::default();
    let mut control: StreamMap<ControlKey, BroadcastStream<Utf8Bytes>> = StreamMap::new();
    // Frames are queued as they come and written once nothing else is ready: a burst goes out
    // in one write, in the order the loop took it.
    let mut unflushed = false;
    loop {
        let step = tokio::select! {
            biased;
            // Events may have been missed: closing makes the client reconnect and catch up.
            Ok(()) = gaps.changed() => Step::Close(None),
            Some((key, event)) = control.next(), if !control.is_empty() => match (key, event) {
                (ControlKey::Logout(_), Ok(frame)) => Step::Close(Some(frame)),
                (ControlKey::Logout(_), Err(BroadcastStreamRecvError::Lagged(_))) => Step::Send(Vec::new()),
                (ControlKey::Membership, event) => {
                    let room = event.ok();
                    let ended = subscriptions.end_room(room.as_ref().map(Utf8Bytes::as_str), clock.tick());
                    Step::Send(ended.into_iter().map(not_a_member).collect())
                }
            },
            next = queue.next() => match next {
                None => Step::Close(None),
                Some(Outgoing::Frame(text)) => Step::Send(vec![text]),
                Some(Outgoing::Subscribe(subscribe)) => {
                    let Subscribe { id, events, room, checked_at } = *subscribe;
                    if room.as_deref().is_none_or(|room| subscriptions.still_member(room, checked_at)) {
                        subscriptions.insert(id.clone(), events, room);
                        Step::Send(vec![Frame::Ready { subs: vec![id] }.encode().into()])
                    } else {
                        Step::Send(vec![not_a_member(id)])
                    }
                }
                Some(Outgoing::Unsubscribe(id)) => {
                    subscriptions.remove(&id);
                    Step::Send(Vec::new())
                }
                Some(Outgoing::SignedIn(signed_in)) => {
                    let Control { logouts, memberships } = *signed_in;
                    subscriptions.clear();
                    control = StreamMap::new();
                    for (n, events) in logouts.into_iter().enumerate() {
                        control.insert(ControlKey::Logout(n), BroadcastStream::new(events));
                    }
                    control.insert(ControlKey::Membership, BroadcastStream::new(memberships));
                    Step::Send(Vec::new())
                }
            },
            Some((id, event)) = subscriptions.streams.next(), if !subscriptions.streams.is_empty() => match event {
                Ok(frame) => Step::Send(vec![frame]),
                // A reader this far behind is cut off, as a gap cuts everyone off: it is told
                // why, the socket closes, and the client catches up when it reconnects. Nothing
                // waits for it, and it holds no more of the topic's buffer.
                Err(BroadcastStreamRecvError::Lagged(missed)) => {
                    tracing::warn!(subscription = %id, missed, "subscriber fell behind; cutting it off");
                    let error = DdpError::new(
                        ErrorCode::Text("error-resync".into()),
                        "The subscription fell behind; reconnect and catch up with chat.syncMessages",
                    );
                    Step::Close(Some(Frame::Nosub { id, error: Some(error) }.encode().into()))
                }
            },
            () = std::future::ready(()), if unflushed => Step::Flush,
        };
        let (frames, close) = match step {
            Step::Send(frames) => (frames, false),
            Step::Flush => {
                if sink.flush().await.is_err() {
                    return;
                }
                unflushed = false;
                continue;
            }
            Step::Close(last) => (last.into_iter().collect(), true),
        };
        for frame in frames {
            if sink.feed(yawc::Frame::text(bytes::Bytes::from(frame))).await.is_err() {
                return;
            }
            unflushed = true;
        }
        if close {
            break;
        }
    }
    let _ = sink.close().await;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn events() -> broadcast::Receiver<Utf8Bytes> {
        broadcast::channel(4).1
    }

    #[test]
    fn an_ending_removes_only_that_rooms_subscriptions_and_refuses_older_checks() {
        let mut subscriptions = Subscriptions::default();
        subscriptions.insert("messages".into(), events(), Some("r1".into()));
        subscriptions.insert("typing".into(), events(), Some("r1".into()));
        subscriptions.insert("other".into(), events(), Some("r2".into()));
        subscriptions.insert("mine".into(), events(), None);
        let mut ended = subscriptions.end_room(Some("r1"), 3);
        ended.sort();
        assert_eq!(ended, ["messages", "typing"]);
        assert_eq!(subscriptions.streams.len(), 2);
        assert!(!subscriptions.still_member("r1", 2), "checked before the ending");
        assert!(subscriptions.still_member("r1", 3), "checked after it: joined again");
        assert!(subscriptions.still_member("r2", 0));
    }

    #[test]
    fn a_missed_ending_ends_every_room_subscription() {
        let mut subscriptions = Subscriptions::default();
        subscriptions.insert("a".into(), events(), Some("r1".into()));
        subscriptions.insert("b".into(), events(), Some("r2".into()));
        subscriptions.insert("mine".into(), events(), None);
        assert_eq!(subscriptions.end_room(None, 1).len(), 2);
        assert_eq!(subscriptions.streams.keys().collect::<Vec<_>>(), ["mine"]);
        assert!(!subscriptions.still_member("r2", 0));
    }
}
