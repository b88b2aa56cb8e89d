//! The Realtime API client: one DDP connection over a browser WebSocket.
//!
//! It performs the handshake, logs in with the resume token, answers the server's pings, and
//! keeps the set of streams the app follows: those are subscribed once the login has succeeded
//! (a `sub` sent before it would be refused), and each one's `ready` is reported so the app
//! loads history only after live delivery has started — nothing can fall in between.
//! Everything it learns is reported as a [`RealtimeEvent`].

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use confab_protocol::ddp::{Frame, LoginResult, ResumeLogin, StreamFields, streams};
use confab_protocol::{Message, Room, Subscription, Timestamp};
use futures::channel::mpsc;
use futures::{SinkExt, StreamExt};
use gloo_net::websocket::Message as WsMessage;
use gloo_net::websocket::futures::WebSocket;
use serde_json::Value;
use wasm_bindgen_futures::spawn_local;
use yew::Callback;

const LOGIN_ID: &str = "login";

/// A followed stream: its collection and event name, which also make its subscription id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stream {
    pub name: &'static str,
    pub event: String,
}

impl Stream {
    fn id(&self) -> String {
        format!("{}:{}", self.name, self.event)
    }

    fn frame(&self) -> Frame {
        Frame::Sub { id: self.id(), name: self.name.into(), params: vec![self.event.clone().into(), false.into()] }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum RealtimeEvent {
    LoggedIn {
        token_expires: Timestamp,
    },
    LoginFailed(String),
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
    Closed(String),
}

pub struct Realtime {
    outbox: mpsc::UnboundedSender<String>,
    followed: Rc<RefCell<Vec<Stream>>>,
    logged_in: Rc<Cell<bool>>,
}

impl Realtime {
    pub fn connect(url: &str, token: String, on_event: Callback<RealtimeEvent>) -> Result<Self, String> {
        let socket = WebSocket::open(url).map_err(|e| e.to_string())?;
        let (mut sink, mut stream) = socket.split();
        let (outbox, mut queue) = mpsc::unbounded::<String>();
        spawn_local(async move {
            while let Some(text) = queue.next().await {
                if sink.send(WsMessage::Text(text)).await.is_err() {
                    break;
                }
            }
        });
        let realtime = Self { outbox, followed: Rc::default(), logged_in: Rc::default() };
        let _ = realtime.outbox.unbounded_send(Frame::connect().encode());
        let session = Session {
            outbox: realtime.outbox.clone(),
            followed: realtime.followed.clone(),
            logged_in: realtime.logged_in.clone(),
            token,
            on_event: on_event.clone(),
        };
        spawn_local(async move {
            let reason = loop {
                match stream.next().await {
                    Some(Ok(WsMessage::Text(text))) => session.handle(&text),
                    Some(Ok(WsMessage::Bytes(_))) => {}
                    Some(Err(error)) => break error.to_string(),
                    None => break "The connection closed.".to_owned(),
                }
            };
            session.logged_in.set(false);
            on_event.emit(RealtimeEvent::Closed(reason));
        });
        Ok(realtime)
    }

    /// Follows a stream (now, or as soon as the login succeeds).
    pub fn follow(&self, name: &'static str, event: impl Into<String>) {
        let stream = Stream { name, event: event.into() };
        if self.followed.borrow().contains(&stream) {
            return;
        }
        if self.logged_in.get() {
            let _ = self.outbox.unbounded_send(stream.frame().encode());
        }
        self.followed.borrow_mut().push(stream);
    }

    /// Calls a method whose answer the app does not wait for (typing signals).
    pub fn notify(&self, method: &str, params: Vec<Value>) {
        let frame = Frame::Method { method: method.into(), id: format!("n{}", js_sys::Date::now() as u64), params };
        let _ = self.outbox.unbounded_send(frame.encode());
    }
}

/// The reading side's view of the connection.
struct Session {
    outbox: mpsc::UnboundedSender<String>,
    followed: Rc<RefCell<Vec<Stream>>>,
    logged_in: Rc<Cell<bool>>,
    token: String,
    on_event: Callback<RealtimeEvent>,
}

impl Session {
    fn send(&self, frame: Frame) {
        let _ = self.outbox.unbounded_send(frame.encode());
    }

    fn handle(&self, text: &str) {
        // Frames this client does not know (Meteor's `server_id` greeting, say) are ignored.
        let Ok(frame) = Frame::decode(text) else { return };
        match frame {
            Frame::Connected { .. } => self.send(Frame::Method {
                method: "login".into(),
                id: LOGIN_ID.into(),
                params: vec![serde_json::to_value(ResumeLogin { resume: self.token.clone() }).unwrap_or_default()],
            }),
            Frame::Failed { version } => self.on_event.emit(RealtimeEvent::Closed(format!(
                "The chat server speaks an unsupported protocol version ({version})."
            ))),
            Frame::Ping { id } => self.send(Frame::Pong { id }),
            Frame::Result { id, result, error } if id == LOGIN_ID => {
                match (result.and_then(|r| serde_json::from_value::<LoginResult>(r).ok()), error) {
                    (Some(login), _) => {
                        self.logged_in.set(true);
                        self.on_event.emit(RealtimeEvent::LoggedIn { token_expires: login.token_expires });
                        for stream in self.followed.borrow().iter() {
                            self.send(stream.frame());
                        }
                    }
                    (None, error) => {
                        let reason = error.map(|e| e.describe().to_owned()).unwrap_or_else(|| "Login failed".into());
                        self.on_event.emit(RealtimeEvent::LoginFailed(reason));
                    }
                }
            }
            Frame::Ready { subs } => {
                for id in subs {
                    if let Some(stream) = self.followed.borrow().iter().find(|s| s.id() == id) {
                        self.on_event.emit(RealtimeEvent::Following(stream.clone()));
                    }
                }
            }
            Frame::Nosub { id, error } => {
                self.followed.borrow_mut().retain(|s| s.id() != id);
                let reason = error.map(|e| e.describe().to_owned()).unwrap_or_default();
                self.on_event.emit(RealtimeEvent::Unfollowed { stream: id, reason });
            }
            Frame::Changed { collection, fields: Some(fields), .. } => {
                let Ok(fields) = serde_json::from_value::<StreamFields>(fields) else { return };
                if let Some(event) = stream_event(&collection, fields) {
                    self.on_event.emit(event);
                }
            }
            _ => {}
        }
    }
}

/// What a stream event means to the app; `None` for events it does not use.
fn stream_event(collection: &str, fields: StreamFields) -> Option<RealtimeEvent> {
    let mut args = fields.args.into_iter();
    match collection {
        streams::ROOM_MESSAGES => {
            serde_json::from_value(args.next()?).ok().map(|m| RealtimeEvent::Message(Box::new(m)))
        }
        streams::NOTIFY_USER => {
            let (_, kind) = fields.event_name.split_once('/')?;
            if kind == "force_logout" {
                return Some(RealtimeEvent::ForceLogout);
            }
            let removed = args.next()?.as_str() == Some("removed");
            let doc = args.next()?;
            match kind {
                "rooms-changed" => serde_json::from_value(doc)
                    .ok()
                    .map(|room| RealtimeEvent::RoomChanged { removed, room: Box::new(room) }),
                "subscriptions-changed" => serde_json::from_value(doc).ok().map(|subscription| {
                    RealtimeEvent::SubscriptionChanged { removed, subscription: Box::new(subscription) }
                }),
                _ => None,
            }
        }
        streams::NOTIFY_ROOM => {
            let (rid, kind) = fields.event_name.split_once('/')?;
            let rid = rid.to_owned();
            match kind {
                "user-activity" => {
                    let username = args.next()?.as_str()?.to_owned();
                    let typing = args.next().and_then(|a| a.as_array().cloned()).is_some_and(|a| !a.is_empty());
                    Some(RealtimeEvent::Typing { rid, username, typing })
                }
                "deleteMessage" => {
                    Some(RealtimeEvent::Deleted { rid, id: args.next()?.get("_id")?.as_str()?.to_owned() })
                }
                "messagesRead" => {
                    let data = args.next()?;
                    let until = serde_json::from_value(data.get("until")?.clone()).ok()?;
                    let uid = data.get("uid").and_then(|u| u.as_str()).map(str::to_owned);
                    Some(RealtimeEvent::Read { rid, uid, until })
                }
                _ => None,
            }
        }
        _ => None,
    }
}
