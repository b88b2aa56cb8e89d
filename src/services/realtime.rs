//! The Realtime API client: one DDP connection over a browser WebSocket.
//!
//! It performs the handshake, logs in with the resume token, answers the server's pings, and
//! keeps the set of rooms the app wants to follow: those are subscribed once the login has
//! succeeded (a `sub` sent before it would be refused), and each one's `ready` is reported so the
//! app loads history only after live delivery has started — nothing can fall in between.
//! Everything it learns is reported as a [`RealtimeEvent`].

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use confab_protocol::ddp::{Frame, LoginResult, ResumeLogin, StreamFields, streams};
use confab_protocol::{Message, Timestamp};
use futures::channel::mpsc;
use futures::{SinkExt, StreamExt};
use gloo_net::websocket::Message as WsMessage;
use gloo_net::websocket::futures::WebSocket;
use wasm_bindgen_futures::spawn_local;
use yew::Callback;

const LOGIN_ID: &str = "login";
const ROOM_SUB_PREFIX: &str = "room:";

#[derive(Clone, Debug, PartialEq)]
pub enum RealtimeEvent {
    LoggedIn {
        token_expires: Timestamp,
    },
    LoginFailed(String),
    /// Live messages of this room are now being delivered.
    Following(String),
    /// The server stopped (or refused) a room's subscription.
    Unfollowed {
        rid: String,
        reason: String,
    },
    Message(Box<Message>),
    Closed(String),
}

pub struct Realtime {
    outbox: mpsc::UnboundedSender<String>,
    followed: Rc<RefCell<Vec<String>>>,
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
        realtime.send(&Frame::connect());
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

    fn send(&self, frame: &Frame) {
        let _ = self.outbox.unbounded_send(frame.encode());
    }

    /// Follows the live messages of room `rid` (now, or as soon as the login succeeds).
    pub fn follow_room(&self, rid: &str) {
        if self.followed.borrow().iter().any(|r| r == rid) {
            return;
        }
        self.followed.borrow_mut().push(rid.to_owned());
        if self.logged_in.get() {
            self.send(&room_sub(rid));
        }
    }
}

fn room_sub(rid: &str) -> Frame {
    Frame::Sub {
        id: format!("{ROOM_SUB_PREFIX}{rid}"),
        name: streams::ROOM_MESSAGES.into(),
        params: vec![rid.into(), false.into()],
    }
}

/// The reading side's view of the connection.
struct Session {
    outbox: mpsc::UnboundedSender<String>,
    followed: Rc<RefCell<Vec<String>>>,
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
                        for rid in self.followed.borrow().iter() {
                            self.send(room_sub(rid));
                        }
                    }
                    (None, error) => {
                        let reason = error.map(|e| e.describe().to_owned()).unwrap_or_else(|| "Login failed".into());
                        self.on_event.emit(RealtimeEvent::LoginFailed(reason));
                    }
                }
            }
            Frame::Ready { subs } => {
                for sub in subs {
                    if let Some(rid) = sub.strip_prefix(ROOM_SUB_PREFIX) {
                        self.on_event.emit(RealtimeEvent::Following(rid.to_owned()));
                    }
                }
            }
            Frame::Nosub { id, error } => {
                if let Some(rid) = id.strip_prefix(ROOM_SUB_PREFIX) {
                    self.followed.borrow_mut().retain(|r| r != rid);
                    let reason = error.map(|e| e.describe().to_owned()).unwrap_or_default();
                    self.on_event.emit(RealtimeEvent::Unfollowed { rid: rid.to_owned(), reason });
                }
            }
            Frame::Changed { collection, fields: Some(fields), .. } if collection == streams::ROOM_MESSAGES => {
                let Ok(fields) = serde_json::from_value::<StreamFields>(fields) else { return };
                for arg in fields.args {
                    if let Ok(message) = serde_json::from_value::<Message>(arg) {
                        self.on_event.emit(RealtimeEvent::Message(Box::new(message)));
                    }
                }
            }
            _ => {}
        }
    }
}
