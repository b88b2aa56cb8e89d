//! The Realtime API client: one DDP connection over a browser WebSocket, kept alive. A part:
//! the core connects once the first screen is shown (see `services::realtime`).
//!
//! It performs the handshake, logs in with the session's current token, answers the server's
//! pings and pings when the line goes quiet, and keeps the set of streams the app follows: those
//! are subscribed once the login has succeeded (a `sub` sent before it would be refused), and each
//! one's `ready` is reported so the app loads history only after live delivery has started —
//! nothing can fall in between.
//!
//! When the socket closes or goes silent for too long it reconnects with jittered exponential
//! backoff (at once when the browser comes back online, the tab becomes visible, or the user asks
//! to retry), logs in again and resubscribes everything. Everything it learns is reported as a
//! [`RealtimeEvent`].

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use confab_protocol::Timestamp;
use confab_protocol::ddp::{Frame, LoginResult, ResumeLogin, StreamFields};
use confab_protocol::json::FromJson;
use futures::channel::mpsc;
use futures::future::{Either, select};
use futures::{SinkExt, StreamExt};
use gloo_events::EventListener;
use gloo_net::websocket::Message as WsMessage;
use gloo_net::websocket::futures::WebSocket;
use gloo_timers::future::TimeoutFuture;
use serde_json::Value;
use wasm_bindgen_futures::spawn_local;
use yew::Callback;

use backoff::Backoff;
use confab_core::services::browser;
use confab_core::services::realtime::{Link, RealtimeEvent, Stream};
use confab_core::services::rest::Rest;
use confab_core::session::Session;
use confab_core::state::rights::Rights;
use heartbeat::{Beat, CHECK_EVERY_MS, beat};

mod backoff;
mod heartbeat;
mod idle;
mod stream_events;
mod streamed;

use stream_events::stream_event;

const LOGIN_ID: &str = "login";

/// A stream's subscription id, and the frame that subscribes to it.
trait Subscribe {
    fn id(&self) -> String;
    fn frame(&self) -> Frame;
}

impl Subscribe for Stream {
    fn id(&self) -> String {
        format!("{}:{}", self.name, self.event)
    }

    fn frame(&self) -> Frame {
        Frame::Sub { id: self.id(), name: self.name.into(), params: vec![self.event.clone().into(), false.into()] }
    }
}

/// What the connection task is told from outside.
enum Control {
    /// A second went by: check the silence.
    Tick,
    /// Close the socket (to reconnect, or for good when the client is closed).
    Close,
}

struct Inner {
    url: String,
    session: Rc<Session>,
    rest: Rest,
    /// What the user may do, as last read and changed since.
    rights: RefCell<Option<Rights>>,
    idle: Rc<idle::Idle>,
    on_event: Callback<RealtimeEvent>,
    dead_after_ms: u32,
    followed: RefCell<Vec<Stream>>,
    logged_in: Cell<bool>,
    /// Frames to the current socket, while there is one.
    outbox: RefCell<Option<mpsc::UnboundedSender<String>>>,
    control: RefCell<Option<mpsc::UnboundedSender<Control>>>,
    /// Cuts a backoff wait short.
    wake: RefCell<Option<mpsc::UnboundedSender<()>>>,
    closed: Cell<bool>,
    listeners: RefCell<Vec<EventListener>>,
}

/// What this part hands the core.
pub const CODE: confab_core::services::chat::RealtimeCode =
    confab_core::services::chat::RealtimeCode { connect, live: confab_core::services::chat::LIVE };

/// Starts connecting to `url` and keeps the connection up until [`Link::close`].
pub fn connect(
    url: String,
    session: Rc<Session>,
    rest: Rest,
    dead_after_ms: u32,
    on_event: Callback<RealtimeEvent>,
) -> Rc<dyn Link> {
    let inner = Rc::new(Inner {
        url,
        session,
        rest,
        rights: RefCell::default(),
        idle: idle::Idle::new(),
        on_event,
        dead_after_ms,
        followed: RefCell::default(),
        logged_in: Cell::new(false),
        outbox: RefCell::default(),
        control: RefCell::default(),
        wake: RefCell::default(),
        closed: Cell::new(false),
        listeners: RefCell::default(),
    });
    // Coming back online or to the tab is the moment to reconnect, whatever the backoff says.
    if let Some(window) = web_sys::window() {
        let weak = Rc::downgrade(&inner);
        let online = EventListener::new(&window, "online", move |_| {
            if let Some(inner) = weak.upgrade() {
                inner.retry_now();
            }
        });
        inner.listeners.borrow_mut().push(online);
        if let Some(document) = window.document() {
            let weak = Rc::downgrade(&inner);
            let visible = EventListener::new(&document, "visibilitychange", move |_| {
                let shown = web_sys::window().and_then(|w| w.document()).is_some_and(|d| !d.hidden());
                if let Some(inner) = weak.upgrade().filter(|_| shown) {
                    inner.retry_now();
                }
            });
            inner.listeners.borrow_mut().push(visible);
        }
    }
    let weak = Rc::downgrade(&inner);
    let report: Rc<dyn Fn(&str)> = Rc::new(move |method: &str| {
        if let Some(inner) = weak.upgrade() {
            inner.notify(method, Vec::new());
        }
    });
    let inputs = inner.idle.listen(report);
    inner.listeners.borrow_mut().extend(inputs);
    spawn_local(supervise(inner.clone()));
    inner
}

impl Link for Inner {
    fn follow(&self, stream: Stream) {
        if self.followed.borrow().contains(&stream) {
            return;
        }
        if self.logged_in.get() {
            self.send(stream.frame());
        }
        self.followed.borrow_mut().push(stream);
    }

    fn notify(&self, method: &str, params: Vec<Value>) {
        if self.logged_in.get() {
            let id = format!("n{}", js_sys::Date::now() as u64);
            self.send(Frame::Method { method: method.into(), id, params });
        }
    }

    fn retry_now(&self) {
        if let Some(wake) = self.wake.borrow().as_ref() {
            let _ = wake.unbounded_send(());
        }
    }

    fn close(&self) {
        self.closed.set(true);
        self.listeners.borrow_mut().clear();
        if let Some(control) = self.control.borrow().as_ref() {
            let _ = control.unbounded_send(Control::Close);
        }
        if let Some(wake) = self.wake.borrow().as_ref() {
            let _ = wake.unbounded_send(());
        }
    }
}

impl Inner {
    fn send(&self, frame: Frame) {
        if let Some(outbox) = self.outbox.borrow().as_ref() {
            let _ = outbox.unbounded_send(frame.encode());
        }
    }
}

/// Connects, and reconnects after every loss until the client is closed.
async fn supervise(inner: Rc<Inner>) {
    let mut backoff = Backoff::default();
    while !inner.closed.get() {
        inner.on_event.emit(RealtimeEvent::Connecting);
        let (reason, answered) = run_connection(&inner).await;
        if inner.closed.get() {
            break;
        }
        // A server that answered the handshake is up: losing the line after that is the
        // network's doing, so the next try comes soon, however many came before (as Meteor's
        // client does). Only attempts the server never answered back off further.
        if answered {
            backoff.reset();
        }
        let delay = backoff.next_delay(js_sys::Math::random());
        let retry_at = Timestamp(browser::now().millis() + i64::from(delay));
        inner.on_event.emit(RealtimeEvent::Disconnected { reason, retry_at });
        let (wake, mut woken) = mpsc::unbounded::<()>();
        *inner.wake.borrow_mut() = Some(wake);
        let _ = select(TimeoutFuture::new(delay), woken.next()).await;
        inner.wake.borrow_mut().take();
    }
}

/// One connection, from opening the socket to losing it: why it ended, and whether the server
/// answered its handshake.
async fn run_connection(inner: &Rc<Inner>) -> (String, bool) {
    let Ok(socket) = WebSocket::open(&inner.url) else {
        return ("The chat server address is not valid.".into(), false);
    };
    let (mut sink, mut stream) = socket.split();
    let (outbox, mut queue) = mpsc::unbounded::<String>();
    spawn_local(async move {
        while let Some(text) = queue.next().await {
            if sink.send(WsMessage::Text(text)).await.is_err() {
                break;
            }
        }
        let _ = sink.close().await;
    });
    let (control, mut controls) = mpsc::unbounded::<Control>();
    let ticker = control.clone();
    spawn_local(async move {
        loop {
            TimeoutFuture::new(CHECK_EVERY_MS).await;
            if ticker.unbounded_send(Control::Tick).is_err() {
                break;
            }
        }
    });
    *inner.outbox.borrow_mut() = Some(outbox);
    *inner.control.borrow_mut() = Some(control);
    inner.send(Frame::connect());
    let connection = Connection { inner: inner.clone(), generation: Cell::new(0), answered: Cell::new(false) };
    let mut last_heard = browser::now().millis();
    let mut pinged = false;
    let reason = loop {
        match select(stream.next(), controls.next()).await {
            Either::Left((Some(Ok(WsMessage::Text(text))), _)) => {
                last_heard = browser::now().millis();
                pinged = false;
                if let Err(reason) = connection.handle(&text) {
                    break reason;
                }
            }
            Either::Left((Some(Ok(WsMessage::Bytes(_))), _)) => last_heard = browser::now().millis(),
            Either::Left((Some(Err(error)), _)) => break format!("The connection was lost ({error})."),
            Either::Left((None, _)) => break "The connection closed.".to_owned(),
            Either::Right((Some(Control::Tick), _)) => {
                if let Some(method) = inner.idle.check() {
                    inner.notify(method, Vec::new());
                }
                let silent = (browser::now().millis() - last_heard).clamp(0, i64::from(u32::MAX)) as u32;
                match beat(silent, inner.dead_after_ms, pinged) {
                    Beat::Quiet => {}
                    Beat::Ping => {
                        pinged = true;
                        inner.send(Frame::Ping { id: None });
                    }
                    Beat::Dead => break "The chat server stopped answering.".to_owned(),
                }
            }
            Either::Right((Some(Control::Close) | None, _)) => break "Closed.".to_owned(),
        }
    };
    inner.logged_in.set(false);
    // Dropping the senders ends the writer (which closes the socket) and the ticker.
    inner.outbox.borrow_mut().take();
    inner.control.borrow_mut().take();
    (reason, connection.answered.get())
}

/// The reading side of one connection.
struct Connection {
    inner: Rc<Inner>,
    /// The generation of the token this connection logged in with.
    generation: Cell<u64>,
    /// Whether the server answered the handshake (`connected`).
    answered: Cell<bool>,
}

impl Connection {
    fn send(&self, frame: Frame) {
        self.inner.send(frame);
    }

    /// Handles one frame; an error ends the connection with that reason.
    fn handle(&self, text: &str) -> Result<(), String> {
        let inner = &self.inner;
        // Frames this client does not know (Meteor's `server_id` greeting, say) are ignored.
        let Some(frame) = Frame::decode_from_server(text) else { return Ok(()) };
        match frame {
            Frame::Connected { .. } => {
                self.answered.set(true);
                let (token, generation) = inner.session.token();
                self.generation.set(generation);
                self.send(Frame::Method {
                    method: "login".into(),
                    id: LOGIN_ID.into(),
                    params: vec![serde_json::to_value(ResumeLogin { resume: token }).unwrap_or_default()],
                });
            }
            Frame::Failed { version } => {
                return Err(format!("The chat server speaks an unsupported protocol version ({version})."));
            }
            Frame::Ping { id } => self.send(Frame::Pong { id }),
            Frame::Result { id, result, error } if id == LOGIN_ID => {
                match (result.as_ref().and_then(LoginResult::from_json), error) {
                    (Some(login), _) => {
                        inner.logged_in.set(true);
                        inner.on_event.emit(RealtimeEvent::LoggedIn { token_expires: login.token_expires });
                        for stream in inner.followed.borrow().iter() {
                            self.send(stream.frame());
                        }
                        if let Some(method) = inner.idle.on_login() {
                            inner.notify(method, Vec::new());
                        }
                        // What the user may do and who is present, read after their streams are
                        // followed so no change falls in between; each change heard later is
                        // applied to it.
                        let weak = Rc::downgrade(inner);
                        let rest = inner.rest.clone();
                        spawn_local(async move {
                            let (rights, presence) = futures::join!(rest.rights_and_idle_seconds(), rest.presence());
                            let Some(inner) = weak.upgrade() else { return };
                            if let Ok((read, idle_seconds)) = rights {
                                *inner.rights.borrow_mut() = Some(read.clone());
                                inner.idle.set_limit(idle_seconds);
                                inner.on_event.emit(RealtimeEvent::Rights(read));
                            }
                            if let Ok(presence) = presence {
                                inner.on_event.emit(RealtimeEvent::Presence(presence));
                            }
                        });
                    }
                    (None, error) => {
                        let reason = error.map(|e| e.describe().to_owned()).unwrap_or_else(|| "Login failed".into());
                        let generation = self.generation.get();
                        inner.on_event.emit(RealtimeEvent::LoginFailed { generation, reason: reason.clone() });
                        return Err(reason);
                    }
                }
            }
            Frame::Ready { subs } => {
                for id in subs {
                    let stream = inner.followed.borrow().iter().find(|s| s.id() == id).cloned();
                    if let Some(stream) = stream {
                        inner.on_event.emit(RealtimeEvent::Following(stream));
                    }
                }
            }
            Frame::Nosub { id, error } => {
                inner.followed.borrow_mut().retain(|s| s.id() != id);
                let reason = error.map(|e| e.describe().to_owned()).unwrap_or_default();
                inner.on_event.emit(RealtimeEvent::Unfollowed { stream: id, reason });
            }
            Frame::Changed { collection, fields: Some(fields), .. } => {
                let Some(fields) = StreamFields::from_json(&fields) else { return Ok(()) };
                if let Some(permission) = stream_events::permission_changed(&collection, &fields) {
                    // Before the first read there is nothing to change: that read has it.
                    let changed = inner.rights.borrow_mut().as_mut().map(|rights| {
                        rights.update(permission);
                        rights.clone()
                    });
                    if let Some(rights) = changed {
                        inner.on_event.emit(RealtimeEvent::Rights(rights));
                    }
                    return Ok(());
                }
                let emit = |event| inner.on_event.emit(event);
                if let Some(event) = stream_event(&collection, fields, &emit) {
                    emit(event);
                }
            }
            _ => {}
        }
        Ok(())
    }
}
