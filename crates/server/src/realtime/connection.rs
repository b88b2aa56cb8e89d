//! One DDP connection: a receive task that reads and answers frames in order, and a send task
//! ([`super::sender`]) that owns the socket's write half.
//!
//! Everything bound for the client — answers, and the events of each subscription — reaches the
//! send task through one bounded queue, so a subscription's `ready` can never overtake its first
//! event. Stream events come straight from the hub's broadcast channels (shared, pre-encoded
//! frames); a subscriber that lags behind a channel's capacity gets a `nosub` asking it to
//! resubscribe and catch up over REST instead of silently missing messages.
//!
//! Bad frames (not JSON, not DDP, unexpected) get a DDP `error` frame; the connection lives on.

use std::net::SocketAddr;

use confab_protocol::User;
use confab_protocol::ddp::{self, DdpError, ErrorCode, Frame, LoginResult, ResumeLogin, ejson_value, streams};
use confab_protocol::json::has_nul;
use confab_protocol::presence::{AWAY_METHOD, ONLINE_METHOD};
use futures_channel::mpsc;
use futures_util::stream::SplitStream;
use futures_util::{SinkExt, StreamExt};
use serde_json::Value;
use yawc::{HttpWebSocket, OpCode};

use confab_protocol::streaming::{AGENT_STATE, STREAM_APPEND, STREAM_END, STREAM_START, STREAM_STOP};

use super::send::SEND_MESSAGE;
use super::sender::{Control, MembershipClock, Outgoing, Subscribe, send_loop};
use super::streamed;
use super::topics;
use crate::auth;
use crate::events::{LOGGED_EVENTS, ROOM_EVENTS, USER_EVENTS};
use crate::limits::Limit;
use crate::secrets::new_id;
use crate::state::AppState;

/// The methods this server answers over DDP (actions otherwise go over REST, as in current
/// Rocket.Chat).
pub const METHODS: &[&str] = &[
    "login",
    "stream-notify-room",
    SEND_MESSAGE,
    AWAY_METHOD,
    ONLINE_METHOD,
    STREAM_START,
    STREAM_APPEND,
    STREAM_END,
    STREAM_STOP,
    AGENT_STATE,
];
/// The streams a client may subscribe to.
pub const STREAMS: &[&str] = &[
    streams::ROOM_MESSAGES,
    streams::NOTIFY_ROOM,
    streams::NOTIFY_USER,
    streams::NOTIFY_LOGGED,
    streams::LIVECHAT_QUEUE,
];

/// Answers queued for the send task before the receive task waits: enough for a burst of
/// pipelined requests, small enough that a client that stops reading stops being served. The
/// queue (futures' channel) holds only what is in it; tokio's kept a block of 32 slots for
/// every socket, idle or not.
const OUTBOX: usize = 64;

pub async fn serve(socket: HttpWebSocket, state: AppState, peer: SocketAddr) {
    let (sink, stream) = socket.split();
    let (outbox, queue) = mpsc::channel(OUTBOX);
    let clock = MembershipClock::default();
    let sender = tokio::spawn(send_loop(sink, queue, state.hub.gaps(), clock.clone()));
    let mut connection =
        Connection { outbox, clock, state, peer, user: None, token: None, socket_key: None, connected: false };
    receive_loop(stream, &mut connection).await;
    connection.signed_out();
    // The outbox goes with the connection; the send task drains it and closes the socket.
    drop(connection);
    let _ = sender.await;
}

/// A subscription, once allowed: the hub topic it reads and the room whose membership it needs.
struct Allowed {
    topic: Option<String>,
    room: Option<String>,
}

impl Allowed {
    fn topic(topic: String) -> Self {
        Self { topic: Some(topic), room: None }
    }

    fn in_room(topic: String, room: &str) -> Self {
        Self { topic: Some(topic), room: Some(room.to_owned()) }
    }
}

struct Connection {
    outbox: mpsc::Sender<Outgoing>,
    /// Read before a membership is checked (see [`super::sender`]).
    clock: MembershipClock,
    state: AppState,
    peer: SocketAddr,
    user: Option<User>,
    /// The login token the user signed in with: a send checks it is still live.
    token: Option<String>,
    /// This socket in the presence registry, once logged in.
    socket_key: Option<u64>,
    connected: bool,
}

/// Reads whole messages (the socket reassembles fragments, inflates, checks UTF-8 and answers
/// pings) until the client closes or breaks a limit. Handling a message is boxed: its future
/// (a method call can be a whole send) is large, and unboxed it would be part of every idle
/// socket's state, which is what this loop is while it waits.
async fn receive_loop(mut stream: SplitStream<HttpWebSocket>, connection: &mut Connection) {
    while let Some(frame) = stream.next().await {
        let keep_going = match frame.opcode() {
            OpCode::Text => match std::str::from_utf8(frame.payload()) {
                Ok(text) => Box::pin(connection.handle_text(text)).await,
                Err(_) => false,
            },
            OpCode::Binary => connection.reply(bad_frame("Binary frames are not supported", None)).await,
            OpCode::Close => false,
            _ => true,
        };
        if !keep_going {
            break;
        }
    }
}

fn bad_frame(reason: &str, offending: Option<Value>) -> Frame {
    Frame::Error { reason: reason.to_owned(), offending_message: offending }
}

impl Connection {
    /// Queues a frame for the client; false once the send side is gone.
    async fn reply(&mut self, frame: Frame) -> bool {
        self.outbox.send(Outgoing::Frame(frame.encode().into())).await.is_ok()
    }

    async fn handle_text(&mut self, text: &str) -> bool {
        // A NUL can only arrive escaped; the text is read twice only when it may hold one.
        if text.contains("u0000") && serde_json::from_str::<Value>(text).is_ok_and(|value| has_nul(&value)) {
            return self.reply(bad_frame("The frame contains a NUL character", None)).await;
        }
        let frame = match Frame::decode(text) {
            Ok(frame) => frame,
            Err(error) => {
                let offending = serde_json::from_str::<Value>(text).ok();
                let reason =
                    if offending.is_some() { format!("Bad request: {error}") } else { "Malformed JSON".into() };
                return self.reply(bad_frame(&reason, offending)).await;
            }
        };
        if !self.connected {
            return match frame {
                Frame::Connect { version, support, .. } => self.connect(&version, &support).await,
                _ => self.reply(bad_frame("Must connect first", None)).await,
            };
        }
        match frame {
            Frame::Connect { .. } => self.reply(bad_frame("Already connected", None)).await,
            Frame::Ping { id } => self.reply(Frame::Pong { id }).await,
            Frame::Pong { .. } => true,
            Frame::Method { method, id, params } => self.method(&method, id, &params).await,
            Frame::Sub { id, name, params } => self.subscribe(id, &name, &params).await,
            Frame::Unsub { id } => {
                self.outbox.send(Outgoing::Unsubscribe(id.clone())).await.is_ok()
                    && self.reply(Frame::Nosub { id, error: None }).await
            }
            _ => self.reply(bad_frame("Unexpected frame from a client", serde_json::from_str(text).ok())).await,
        }
    }

    async fn connect(&mut self, version: &str, support: &[String]) -> bool {
        if version == ddp::VERSION || support.iter().any(|v| v == ddp::VERSION) {
            self.connected = true;
            self.reply(Frame::Connected { session: new_id() }).await
        } else {
            self.reply(Frame::Failed { version: ddp::VERSION.into() }).await
        }
    }

    async fn method(&mut self, method: &str, id: String, params: &[Value]) -> bool {
        let outcome = match method {
            "login" => self.login(params).await,
            "stream-notify-room" => self.notify_room(params).await,
            SEND_MESSAGE => match self.still_signed_in().await {
                Ok(user) => super::send::call(&self.state, &user, params).await,
                Err(error) => Err(error),
            },
            AWAY_METHOD | ONLINE_METHOD => self.report_idle(method == AWAY_METHOD).await,
            STREAM_START | STREAM_APPEND | STREAM_END | STREAM_STOP | AGENT_STATE => match &self.user {
                Some(user) => streamed::call(&self.state, user, method, params).await,
                None => Err(not_allowed()),
            },
            _ => Err(DdpError::new(ErrorCode::Number(404), format!("Method '{method}' not found"))),
        };
        let frame = match outcome {
            Ok(result) => Frame::Result { id: id.clone(), result: Some(result), error: None },
            Err(error) => Frame::Result { id: id.clone(), result: None, error: Some(error) },
        };
        self.reply(frame).await && self.reply(Frame::Updated { methods: vec![id] }).await
    }

    /// The `stream-notify-room` method: a member announces typing in a room, under their own name.
    async fn notify_room(&mut self, params: &[Value]) -> Result<Value, DdpError> {
        let user = self.user.as_ref().ok_or_else(not_allowed)?;
        let (Some(event), Some(username)) =
            (params.first().and_then(Value::as_str), params.get(1).and_then(Value::as_str))
        else {
            return Err(DdpError::new(ErrorCode::Number(400), "Match failed"));
        };
        let Some((room_id, "user-activity")) = event.split_once('/') else { return Err(not_allowed()) };
        let activities: Vec<String> = match params.get(2) {
            None => Vec::new(),
            Some(value) => serde_json::from_value(value.clone())
                .map_err(|_| DdpError::new(ErrorCode::Number(400), "Match failed"))?,
        };
        if username != user.username || activities.len() > 4 || activities.iter().any(|a| a.len() > 32) {
            return Err(not_allowed());
        }
        if !self.is_member(room_id).await? {
            return Err(not_allowed());
        }
        self.state.events.typing(room_id, username, &activities, None);
        Ok(Value::Null)
    }

    /// The socket's user as their token stands now, checked as every request's is: a token
    /// revoked where this server could not announce it (another process, the database) stops
    /// posting at once, though the socket is not told until it reconnects.
    async fn still_signed_in(&self) -> Result<User, DdpError> {
        let (Some(user), Some(token)) = (&self.user, &self.token) else { return Err(not_allowed()) };
        match auth::resume(&self.state.store, token).await {
            Ok(Some((now, _))) if now.id == user.id => Ok(now),
            Ok(_) => {
                Err(DdpError::new(ErrorCode::Number(403), "You've been logged out by the server. Please log in again."))
            }
            Err(error) => {
                tracing::error!(%error, "login lookup failed");
                Err(DdpError::new(ErrorCode::Number(500), "Internal server error"))
            }
        }
    }

    /// `UserPresence:away` / `UserPresence:online`: this socket's user has gone idle, or is back.
    async fn report_idle(&self, idle: bool) -> Result<Value, DdpError> {
        let (Some(user), Some(key)) = (&self.user, self.socket_key) else { return Err(not_allowed()) };
        self.state.presence.connections().set_idle(&user.id, key, idle);
        self.state.presence.connections_changed(&user.id).await;
        Ok(Value::Null)
    }

    /// The socket's user is gone from it (closed, or logged in again as someone else).
    fn signed_out(&mut self) {
        self.token = None;
        if let (Some(user), Some(key)) = (self.user.take(), self.socket_key.take()) {
            self.state.presence.socket_closed(&user.id, key);
        }
    }

    async fn is_member(&self, room_id: &str) -> Result<bool, DdpError> {
        let Some(user) = &self.user else { return Ok(false) };
        match self.state.store.subscription(room_id, &user.id).await {
            Ok(found) => Ok(found.is_some()),
            Err(error) => {
                tracing::error!(%error, "membership lookup failed");
                Err(DdpError::new(ErrorCode::Number(500), "Internal server error"))
            }
        }
    }

    async fn login(&mut self, params: &[Value]) -> Result<Value, DdpError> {
        let Some(ResumeLogin { resume }) = params.first().and_then(|p| serde_json::from_value(p.clone()).ok()) else {
            return Err(DdpError::new(ErrorCode::Number(400), "Match failed"));
        };
        if let Err(wait) = self.state.limits.check(Limit::Login, &self.peer.ip().to_string()) {
            return Err(DdpError::new(ErrorCode::Text("too-many-requests".into()), wait.sentence()));
        }
        match auth::resume(&self.state.store, &resume).await {
            Ok(Some((user, expires))) => {
                let result = LoginResult {
                    id: user.id.clone(),
                    token: resume,
                    token_expires: expires,
                    kind: Some("resume".into()),
                };
                // A revoked token or a user cut off ends this connection; a membership that ends
                // ends its subscriptions (see `super::sender`).
                let logouts = [
                    topics::user_event(&user.id, "force_logout"),
                    topics::session_logout(&crate::secrets::hash_secret(&result.token)),
                ];
                let control = Control {
                    logouts: logouts.iter().map(|topic| self.state.hub.subscribe(topic)).collect(),
                    memberships: self.state.hub.subscribe(&topics::memberships_ended(&user.id)),
                };
                let _ = self.outbox.send(Outgoing::SignedIn(Box::new(control))).await;
                self.signed_out();
                self.socket_key = Some(self.state.presence.connections().open(&user.id));
                let user_id = user.id.clone();
                self.user = Some(user);
                self.token = Some(result.token.clone());
                self.state.presence.connections_changed(&user_id).await;
                Ok(ejson_value(&result))
            }
            Ok(None) => {
                Err(DdpError::new(ErrorCode::Number(403), "You've been logged out by the server. Please log in again."))
            }
            Err(error) => {
                tracing::error!(%error, "login lookup failed");
                Err(DdpError::new(ErrorCode::Number(500), "Internal server error"))
            }
        }
    }

    async fn subscribe(&mut self, id: String, name: &str, params: &[Value]) -> bool {
        let checked_at = self.clock.now();
        let allowed = match self.allowed(name, params).await {
            Ok(allowed) => allowed,
            Err(error) => return self.reply(Frame::Nosub { id, error: Some(error) }).await,
        };
        match allowed.topic {
            Some(topic) => {
                let events = self.state.hub.subscribe(&topic);
                let subscribe = Outgoing::Subscribe(Box::new(Subscribe { id, events, room: allowed.room, checked_at }));
                self.outbox.send(subscribe).await.is_ok()
            }
            None => self.reply(Frame::Ready { subs: vec![id] }).await,
        }
    }

    /// What a subscription reads, once the user is known to be allowed to see it.
    /// `force_logout` needs no topic: every logged-in connection hears it (see `login`).
    async fn allowed(&self, name: &str, params: &[Value]) -> Result<Allowed, DdpError> {
        let user = self.user.as_ref().ok_or_else(not_allowed)?;
        if !STREAMS.contains(&name) {
            return Err(DdpError::new(ErrorCode::Number(404), format!("Subscription '{name}' not found")));
        }
        let event =
            ddp::stream_sub_event_name(params).ok_or_else(|| DdpError::new(ErrorCode::Number(400), "Match failed"))?;
        match name {
            streams::ROOM_MESSAGES if event == "__my_messages__" => Ok(Allowed::topic(topics::my_messages(&user.id))),
            streams::ROOM_MESSAGES => {
                if self.is_member(event).await? {
                    Ok(Allowed::in_room(topics::room_messages(event), event))
                } else {
                    Err(not_allowed())
                }
            }
            // A visitor hears nothing of the other users.
            streams::NOTIFY_LOGGED if LOGGED_EVENTS.contains(&event) && !auth::is_visitor(user) => {
                Ok(Allowed::topic(topics::logged_event(event)))
            }
            streams::NOTIFY_LOGGED => Err(not_allowed()),
            streams::LIVECHAT_QUEUE if event == "public" && crate::livechat::is_staff(user) => {
                Ok(Allowed::topic(topics::livechat_queue()))
            }
            streams::LIVECHAT_QUEUE => Err(not_allowed()),
            streams::NOTIFY_ROOM => match event.split_once('/') {
                Some((room_id, kind)) if ROOM_EVENTS.contains(&kind) && self.is_member(room_id).await? => {
                    Ok(Allowed::in_room(topics::room_event(room_id, kind), room_id))
                }
                _ => Err(not_allowed()),
            },
            _ => match event.split_once('/') {
                Some((user_id, "force_logout")) if user_id == user.id => Ok(Allowed { topic: None, room: None }),
                Some((user_id, kind)) if user_id == user.id && USER_EVENTS.contains(&kind) => {
                    Ok(Allowed::topic(topics::user_event(user_id, kind)))
                }
                _ => Err(not_allowed()),
            },
        }
    }
}

fn not_allowed() -> DdpError {
    DdpError::new(ErrorCode::Text("error-not-allowed".into()), "Not allowed")
}

#[cfg(test)]
mod tests {
    /// The size of the future `f` returns, without calling it.
    fn future_of<F: std::future::Future, A, B, C>(_: impl FnOnce(A, B, C) -> F) -> usize {
        std::mem::size_of::<F>()
    }

    fn future_of_4<F: std::future::Future, A, B, C, D>(_: impl FnOnce(A, B, C, D) -> F) -> usize {
        std::mem::size_of::<F>()
    }

    /// An idle socket is its two tasks' futures, each as large as its largest await: what a
    /// message's handling awaits is boxed, so waiting costs little.
    #[test]
    fn an_idle_sockets_tasks_stay_small() {
        let (receiving, sending) = (future_of(super::serve), future_of_4(super::super::sender::send_loop));
        assert!(receiving <= 4096, "the connection's task is {receiving} bytes");
        assert!(sending <= 4096, "the sending task is {sending} bytes");
        // Each message queued between them is a node holding one of these.
        let slot = std::mem::size_of::<super::Outgoing>();
        assert!(slot <= 40, "a queue slot is {slot} bytes");
    }
}
