//! The Realtime API as the core sees it: what the connection reports ([`RealtimeEvent`]) and the
//! handle the core calls ([`Link`]).
//!
//! The client itself (the DDP connection, its login, heartbeat and reconnects) is a part,
//! `parts/realtime` (its slot is `chat::REALTIME`), fetched as soon as the first screen is shown: the room list comes from
//! REST and needs no socket, so the socket's code is not in the first load. What changes in
//! between is caught up once the stream flows (see `chat::catch_up`).

use std::rc::Rc;

use confab_protocol::{Message, Room, Subscription, Timestamp};
use serde_json::Value;
use yew::Callback;

use crate::session::Session;

/// A followed stream: its collection and event name, which also make its subscription id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stream {
    pub name: &'static str,
    pub event: String,
}

#[derive(Clone, Debug, PartialEq)]
pub enum RealtimeEvent {
    /// A connection attempt started.
    Connecting,
    LoggedIn {
        token_expires: Timestamp,
    },
    /// The server refused the token of this generation.
    LoginFailed {
        generation: u64,
        reason: String,
    },
    /// Events of this stream are now being delivered.
    Following(Stream),
    /// The server stopped (or refused) a subscription.
    Unfollowed {
        stream: String,
        reason: String,
    },
    Message(Box<Message>),
    RoomChanged {
        removed: bool,
        room: Box<Room>,
    },
    SubscriptionChanged {
        removed: bool,
        subscription: Box<Subscription>,
    },
    Typing {
        rid: String,
        username: String,
        typing: bool,
    },
    /// A change to a room's timeline the realtime part read from an event (a streamed piece).
    Timeline {
        rid: String,
        change: crate::state::TimelineChange,
    },
    Deleted {
        rid: String,
        id: String,
    },
    /// Member `uid` read room `rid` up to `until`.
    Read {
        rid: String,
        uid: Option<String>,
        until: Timestamp,
    },
    ForceLogout,
    /// A message the server says should notify the user (see `chat::notify`).
    Notification(Box<confab_protocol::notification::Notification>),
    /// What the user may do, read after a login or changed since.
    Rights(crate::state::rights::Rights),
    /// A user's picture changed; `etag` tells the new one.
    AvatarChanged {
        username: String,
        etag: String,
    },
    /// People's presence, read after a login or changed since.
    Presence(Vec<confab_protocol::presence::UserPresence>),
    /// The connection was lost; the next attempt starts at `retry_at` (or when asked sooner).
    Disconnected {
        reason: String,
        retry_at: Timestamp,
    },
}

/// The open connection, as the core drives it.
pub trait Link {
    /// Follows a stream (now, or as soon as the login succeeds).
    fn follow(&self, stream: Stream);
    /// Calls a method whose answer the app does not wait for (typing signals).
    fn notify(&self, method: &str, params: Vec<Value>);
    /// Reconnects now instead of waiting out the backoff.
    fn retry_now(&self);
    /// Closes the connection for good: no reconnect, no listeners left behind.
    fn close(&self);
}

/// Starts connecting to a socket URL with the session's
/// token and keeps the connection up until [`Link::close`], reporting to `on_event` (reading the
/// user's rights with `rest` after each login).
pub type Connect = fn(
    url: String,
    session: Rc<Session>,
    rest: crate::services::rest::Rest,
    dead_after_ms: u32,
    on_event: Callback<RealtimeEvent>,
) -> Rc<dyn Link>;
