//! The chat client: boots from the config, owns the REST and Realtime services, and turns what
//! they report into reducer actions. Components call its methods and read the state; they never
//! see a socket or a request.
//!
//! Live messages for every room arrive on one `__my_messages__` stream. A room's history is
//! fetched only once that stream is flowing, so no message can fall between the two. When the
//! stream flows again after a lost connection, the room list and every opened room are caught up
//! with what changed meanwhile (`updatedSince`, `chat.syncMessages`), and the outbox is sent.

use std::cell::{Cell, RefCell};
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use confab_protocol::config::ChatConfig;
use confab_protocol::ddp::streams;
use confab_protocol::rest::MeResponse;
use confab_protocol::{Message, OutgoingMessage, RoomType, Timestamp, UserRef};
use gloo_timers::future::TimeoutFuture;
use wasm_bindgen_futures::spawn_local;
use yew::{Callback, UseReducerDispatcher};

use super::browser;
use super::config::{BootError, fetch_config};
use super::host::HostHooks;
use super::outbox::Outbox;
use super::realtime::{Realtime, RealtimeEvent};
use super::rest::{ApiError, Rest};
use super::session::{Session, TokenSource};
use crate::state::{Action, ChatState, Connection, RoomEntry};

/// Messages loaded when a room opens.
pub const FIRST_PAGE: u32 = 50;
/// Messages loaded each time the reader reaches the oldest one loaded.
pub const OLDER_PAGE: u32 = 100;
/// The least time between two typing signals to one room.
pub const TYPING_EVERY_MS: i64 = 4_000;
/// How long a send that could not reach the server waits before it is tried again.
const RESEND_AFTER_MS: u32 = 1_000;
const MY_MESSAGES: &str = "__my_messages__";

/// How the host starts Confab.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StartOptions {
    pub config_url: String,
    /// Refresh tokens with the host's provider instead of fetching the config again.
    pub token_provider: Option<js_sys::Function>,
    pub hooks: HostHooks,
}

/// What the client and its event handler share.
struct Shared {
    rest: Rest,
    session: Rc<Session>,
    realtime: RefCell<Option<Realtime>>,
    outbox: Outbox,
    /// Whether the outbox is being sent.
    flushing: Cell<bool>,
    /// The user is signing out: the server's `force_logout` for the revoked token is expected.
    logging_out: Cell<bool>,
    /// Whether `__my_messages__` has flowed before: flowing again means catching up.
    was_live: Cell<bool>,
    /// The newest change the client has seen, per opened room and for the room list: where
    /// catching up starts.
    room_synced: RefCell<HashMap<String, Timestamp>>,
    list_synced: Cell<Option<Timestamp>>,
    /// Catch-ups that have not succeeded yet, and where they started: a later one starts there.
    room_gaps: RefCell<HashMap<String, Timestamp>>,
    list_gap: Cell<Option<Timestamp>>,
    dispatch: UseReducerDispatcher<ChatState>,
    /// The type of each opened room, which names its history endpoint.
    room_types: RefCell<HashMap<String, RoomType>>,
    /// Whether `__my_messages__` is flowing; rooms opened before wait for it.
    live: Cell<bool>,
    waiting: RefCell<Vec<String>>,
    reading: RefCell<HashSet<String>>,
    /// Rooms whose older messages are being fetched.
    loading_older: RefCell<HashSet<String>>,
    /// When this client last told each room the user is typing.
    typing_sent: RefCell<HashMap<String, i64>>,
    /// Unsent text per room, kept while the user looks at other rooms.
    drafts: RefCell<HashMap<String, String>>,
    /// Members of the rooms opened, for mention suggestions.
    members: RefCell<HashMap<String, Vec<confab_protocol::User>>>,
}

impl Shared {
    /// Loads the room list, then opens room `open` when given.
    async fn reload_rooms(shared: &Rc<Self>, open: Option<(&ChatClient, String)>) {
        let (subscriptions, rooms) = futures::join!(shared.rest.subscriptions(None), shared.rest.rooms(None));
        match (subscriptions, rooms) {
            (Ok(subscriptions), Ok(rooms)) => {
                let newest =
                    subscriptions.update.iter().map(|s| s.updated_at).chain(rooms.update.iter().map(|r| r.updated_at));
                shared.saw_list_change(newest.max());
                let entry = open.as_ref().and_then(|(_, rid)| {
                    let subscription = subscriptions.update.iter().find(|s| &s.rid == rid)?.clone();
                    let room = rooms.update.iter().find(|r| &r.id == rid).cloned();
                    Some(RoomEntry { subscription, room })
                });
                shared
                    .dispatch
                    .dispatch(Action::RoomsLoaded { subscriptions: subscriptions.update, rooms: rooms.update });
                if let (Some((client, _)), Some(entry)) = (open, entry) {
                    client.open_room(&entry);
                }
            }
            (Err(error), _) | (_, Err(error)) => shared.dispatch.dispatch(Action::RoomsFailed(error.to_string())),
        }
    }

    fn saw_list_change(&self, at: Option<Timestamp>) {
        if at > self.list_synced.get() {
            self.list_synced.set(at);
        }
    }

    fn saw_messages<'a>(&self, rid: &str, messages: impl IntoIterator<Item = &'a Message>) {
        if let Some(newest) = messages.into_iter().map(|m| m.updated_at).max() {
            let mut synced = self.room_synced.borrow_mut();
            let entry = synced.entry(rid.to_owned()).or_insert(newest);
            *entry = (*entry).max(newest);
        }
    }

    /// After a lost connection: what changed in the room list and in every opened room. Where
    /// each catch-up starts is taken now, when the streams have just resumed: what they deliver
    /// from here on must not move it past what was missed. A millisecond of overlap guards
    /// changes stored in the same millisecond; the reducer drops what it already has. A catch-up
    /// that fails (the connection lost again) is remembered, so the next one starts early enough.
    fn catch_up(self: &Rc<Self>) {
        let earlier = |at: Timestamp, gap: Option<Timestamp>| {
            let at = Timestamp((at.millis() - 1).max(0));
            gap.map_or(at, |gap| gap.min(at))
        };
        let list_since = self.list_synced.get().map(|at| earlier(at, self.list_gap.get()));
        self.list_gap.set(list_since);
        let rooms: Vec<(String, Timestamp)> = self
            .room_synced
            .borrow()
            .iter()
            .map(|(rid, at)| {
                (rid.clone(), earlier(Timestamp(at.millis() - 1), self.room_gaps.borrow().get(rid).copied()))
            })
            .collect();
        self.room_gaps.borrow_mut().extend(rooms.iter().cloned());
        let shared = self.clone();
        spawn_local(async move {
            if let Some(since) = list_since {
                let (subscriptions, rooms) =
                    futures::join!(shared.rest.subscriptions(Some(since)), shared.rest.rooms(Some(since)));
                if let (Ok(subscriptions), Ok(rooms)) = (subscriptions, rooms) {
                    shared.list_gap.set(None);
                    let newest = subscriptions
                        .update
                        .iter()
                        .map(|s| s.updated_at)
                        .chain(rooms.update.iter().map(|r| r.updated_at));
                    shared.saw_list_change(newest.max());
                    for room in rooms.update {
                        shared.dispatch.dispatch(Action::RoomChanged(room));
                    }
                    for subscription in subscriptions.update {
                        shared.dispatch.dispatch(Action::SubscriptionChanged(subscription));
                    }
                    for gone in subscriptions.remove {
                        shared.dispatch.dispatch(Action::RoomRemoved(gone.rid.unwrap_or(gone.id)));
                    }
                }
            }
            for (rid, since) in rooms {
                if shared.sync_room(&rid, since).await {
                    shared.room_gaps.borrow_mut().remove(&rid);
                }
            }
        });
    }

    /// Applies every change to room `rid` since `since`, page after page (a server may cap a
    /// page) until one comes back empty; whether it got through.
    async fn sync_room(&self, rid: &str, mut since: Timestamp) -> bool {
        loop {
            let Ok(changes) = self.rest.sync(rid, since).await else { return false };
            let newest =
                changes.updated.iter().map(|m| m.updated_at).chain(changes.deleted.iter().map(|d| d.deleted_at)).max();
            self.saw_messages(rid, &changes.updated);
            for message in changes.updated {
                self.dispatch.dispatch(Action::Received(message));
            }
            for gone in changes.deleted {
                self.dispatch.dispatch(Action::Deleted { rid: rid.to_owned(), id: gone.id });
            }
            match newest {
                Some(newest) if newest > since => since = newest,
                _ => return true,
            }
        }
    }

    /// Sends the outbox, oldest first, one at a time, while the connection is up.
    fn flush(self: &Rc<Self>) {
        if self.flushing.replace(true) {
            return;
        }
        let shared = self.clone();
        spawn_local(async move {
            while shared.live.get() && !shared.session.is_closed() {
                let Some(message) = shared.outbox.front() else { break };
                let outgoing = OutgoingMessage {
                    id: Some(message.id.clone()),
                    rid: message.rid.clone(),
                    msg: message.msg.clone(),
                    tmid: message.tmid.clone(),
                };
                match shared.rest.send_message(outgoing).await {
                    Ok(stored) => {
                        shared.outbox.remove(&message.id);
                        shared.dispatch.dispatch(Action::SendConfirmed(stored));
                    }
                    // Not refused, just not delivered: it stays first in line.
                    Err(ApiError::Network | ApiError::Unauthorized) => TimeoutFuture::new(RESEND_AFTER_MS).await,
                    Err(error) => {
                        shared.outbox.remove(&message.id);
                        let (rid, id, error) = (message.rid, message.id, error.to_string());
                        shared.dispatch.dispatch(Action::SendFailed { rid, id, error });
                    }
                }
            }
            shared.flushing.set(false);
        });
    }

    /// The session is over: close the connection and forget the user (their stored data too when
    /// they logged out themselves).
    fn end(&self, reason: &str, forget_stored: bool) {
        self.live.set(false);
        if let Some(realtime) = self.realtime.borrow_mut().take() {
            realtime.close();
        }
        if forget_stored {
            self.outbox.clear();
        }
        self.drafts.borrow_mut().clear();
        self.dispatch.dispatch(Action::SignedOut(reason.to_owned()));
    }

    fn load_history(self: &Rc<Self>, rid: String) {
        let Some(t) = self.room_types.borrow().get(&rid).copied() else { return };
        let shared = self.clone();
        spawn_local(async move {
            let page = shared.rest.history(&rid, t, None, FIRST_PAGE).await;
            if let Ok(messages) = &page {
                // An empty room catches up from its beginning.
                shared.room_synced.borrow_mut().entry(rid.clone()).or_insert(Timestamp(0));
                shared.saw_messages(&rid, messages);
            }
            match page {
                Ok(messages) if (messages.len() as u32) < FIRST_PAGE => {
                    shared.dispatch.dispatch(Action::HistoryLoaded { rid: rid.clone(), messages });
                    shared.dispatch.dispatch(Action::HistoryComplete(rid));
                }
                Ok(messages) => shared.dispatch.dispatch(Action::HistoryLoaded { rid, messages }),
                Err(error) => shared.dispatch.dispatch(Action::HistoryFailed { rid, error: error.to_string() }),
            }
        });
    }
}

pub struct ChatClient {
    me: UserRef,
    admin: bool,
    config: ChatConfig,
    shared: Rc<Shared>,
}

impl PartialEq for ChatClient {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}

impl ChatClient {
    /// Fetches the config, checks the credentials, connects the Realtime API and starts loading
    /// the room list; messages left in the outbox by an earlier visit show as pending.
    pub async fn start(
        options: &StartOptions,
        dispatch: UseReducerDispatcher<ChatState>,
    ) -> Result<Rc<Self>, BootError> {
        let config = fetch_config(&options.config_url).await?;
        let base = config.server.as_ref().map(|s| s.url.clone()).unwrap_or_else(browser::page_origin);
        let auth = &config.authentication;
        let source = match &options.token_provider {
            Some(provider) => TokenSource::Provider(provider.clone()),
            None => TokenSource::Config(options.config_url.clone()),
        };
        let session = Session::new(&auth.user_id, &auth.user_token, source, options.hooks.clone());
        if let Some(expires) = config.token_expires {
            session.expires_at(expires);
        }
        let rest = Rest::new(&base, session.clone());
        let me: MeResponse = rest
            .me()
            .await
            .map_err(|e| BootError::Refused { title: "Sign-in failed".into(), message: e.to_string() })?;
        let admin = me.user.is_admin();
        let me = me.user.to_ref();
        dispatch.dispatch(Action::SignedIn(me.clone()));

        let shared = Rc::new(Shared {
            rest,
            session: session.clone(),
            realtime: RefCell::default(),
            outbox: Outbox::load(&me.id),
            flushing: Cell::new(false),
            logging_out: Cell::new(false),
            was_live: Cell::new(false),
            room_synced: RefCell::default(),
            list_synced: Cell::new(None),
            room_gaps: RefCell::default(),
            list_gap: Cell::new(None),
            dispatch,
            room_types: RefCell::default(),
            live: Cell::new(false),
            waiting: RefCell::default(),
            reading: RefCell::default(),
            loading_older: RefCell::default(),
            typing_sent: RefCell::default(),
            drafts: RefCell::default(),
            members: RefCell::default(),
        });
        for message in shared.outbox.messages() {
            shared.dispatch.dispatch(Action::SendStarted(message));
        }
        let weak = Rc::downgrade(&shared);
        session.on_closed(Callback::from(move |reason: String| {
            if let Some(shared) = weak.upgrade() {
                shared.end(&reason, false);
            }
        }));
        let dead_after = config.connection.dead_after_ms();
        let realtime = Realtime::connect(&browser::websocket_url(&base), session, dead_after, handler(&shared));
        realtime.follow(streams::ROOM_MESSAGES, MY_MESSAGES);
        for event in ["rooms-changed", "subscriptions-changed", "force_logout"] {
            realtime.follow(streams::NOTIFY_USER, format!("{}/{event}", me.id));
        }
        *shared.realtime.borrow_mut() = Some(realtime);
        let client = Rc::new(Self { me, admin, config, shared });
        client.load_rooms();
        Ok(client)
    }

    /// Signs out: the token is revoked on the server, the connection closed, and everything the
    /// app kept of the user — in memory and in the browser's storage — forgotten.
    pub fn logout(&self) {
        let shared = self.shared.clone();
        shared.logging_out.set(true);
        spawn_local(async move {
            // Whether or not the server could be told, the user is signed out here.
            let _ = shared.rest.logout().await;
            shared.outbox.clear();
            shared.session.close("You signed out.");
            shared.end("You signed out.", true);
        });
    }

    /// Closes the connection and stops every timer, as when the app is unmounted.
    pub fn shutdown(&self) {
        self.shared.live.set(false);
        if let Some(realtime) = self.shared.realtime.borrow_mut().take() {
            realtime.close();
        }
    }

    /// Reconnects now instead of waiting out the backoff.
    pub fn retry_now(&self) {
        if let Some(realtime) = self.shared.realtime.borrow().as_ref() {
            realtime.retry_now();
        }
    }

    pub fn config(&self) -> &ChatConfig {
        &self.config
    }

    pub fn me(&self) -> &UserRef {
        &self.me
    }

    /// Whether the user may edit and delete `message`: their own, or anyone's for an admin.
    pub fn may_moderate(&self, message: &Message) -> bool {
        message.t.is_none() && (message.u.id == self.me.id || self.admin)
    }

    /// Puts `message` in the composer for editing (`None` goes back to writing).
    pub fn edit(&self, message: Option<Message>) {
        self.shared.dispatch.dispatch(Action::Edit(message));
    }

    /// Saves an edit; the stored version replaces the shown one.
    pub fn save_edit(&self, message: &Message, text: &str) {
        self.shared.dispatch.dispatch(Action::Edit(None));
        let (shared, rid, id, text) = (self.shared.clone(), message.rid.clone(), message.id.clone(), text.to_owned());
        spawn_local(async move {
            match shared.rest.update_message(&rid, &id, &text).await {
                Ok(stored) => shared.dispatch.dispatch(Action::Received(stored)),
                Err(error) => {
                    shared.dispatch.dispatch(Action::Notice(Some(format!("The message was not changed. {error}"))))
                }
            }
        });
    }

    pub fn delete(&self, message: &Message) {
        let (shared, rid, id) = (self.shared.clone(), message.rid.clone(), message.id.clone());
        spawn_local(async move {
            match shared.rest.delete_message(&rid, &id).await {
                Ok(()) => shared.dispatch.dispatch(Action::Deleted { rid, id }),
                Err(error) => {
                    shared.dispatch.dispatch(Action::Notice(Some(format!("The message was not deleted. {error}"))))
                }
            }
        });
    }

    /// Toggles the user's reaction; the updated message arrives on the stream.
    pub fn react(&self, message: &Message, short_code: &str) {
        let (shared, id, emoji) =
            (self.shared.clone(), message.id.clone(), format!(":{}:", short_code.trim_matches(':')));
        spawn_local(async move {
            if let Err(error) = shared.rest.react(&id, &emoji).await {
                shared.dispatch.dispatch(Action::Notice(Some(format!("The reaction was not saved. {error}"))));
            }
        });
    }

    /// The members of room `rid` known so far.
    pub fn members(&self, rid: &str) -> Vec<confab_protocol::User> {
        self.shared.members.borrow().get(rid).cloned().unwrap_or_default()
    }

    /// The unsent text of room `rid`.
    pub fn draft(&self, rid: &str) -> String {
        self.shared.drafts.borrow().get(rid).cloned().unwrap_or_default()
    }

    pub fn keep_draft(&self, rid: &str, text: &str) {
        let mut drafts = self.shared.drafts.borrow_mut();
        if text.trim().is_empty() {
            drafts.remove(rid);
        } else {
            drafts.insert(rid.to_owned(), text.to_owned());
        }
    }

    pub fn dismiss_notice(&self) {
        self.shared.dispatch.dispatch(Action::Notice(None));
    }

    fn load_rooms(&self) {
        let shared = self.shared.clone();
        spawn_local(async move { Shared::reload_rooms(&shared, None).await });
    }

    /// Creates a public channel and opens it.
    pub fn create_channel(self: &Rc<Self>, name: &str) {
        let (client, name) = (self.clone(), name.trim().trim_start_matches('#').to_owned());
        spawn_local(async move {
            match client.shared.rest.create_channel(&name).await {
                Ok(rid) => Shared::reload_rooms(&client.shared, Some((&client, rid))).await,
                Err(error) => client
                    .shared
                    .dispatch
                    .dispatch(Action::Notice(Some(format!("The channel was not created. {error}")))),
            }
        });
    }

    /// Opens the direct room with `username`, creating it on first use.
    pub fn start_direct(self: &Rc<Self>, username: &str) {
        let (client, username) = (self.clone(), username.trim().trim_start_matches('@').to_owned());
        spawn_local(async move {
            match client.shared.rest.create_direct(&username).await {
                Ok(rid) => Shared::reload_rooms(&client.shared, Some((&client, rid))).await,
                Err(error) => client
                    .shared
                    .dispatch
                    .dispatch(Action::Notice(Some(format!("The conversation could not be started. {error}")))),
            }
        });
    }

    /// Shows a room and follows its notifications; its history loads once live messages flow.
    pub fn open_room(&self, room: &RoomEntry) {
        let rid = room.rid().to_owned();
        self.shared.dispatch.dispatch(Action::OpenRoom(rid.clone()));
        self.shared.room_types.borrow_mut().insert(rid.clone(), room.subscription.t);
        if let Some(realtime) = self.shared.realtime.borrow().as_ref() {
            for event in ["deleteMessage", "messagesRead", "user-activity"] {
                realtime.follow(streams::NOTIFY_ROOM, format!("{rid}/{event}"));
            }
        }
        if !self.shared.members.borrow().contains_key(&rid) {
            let (shared, rid, t) = (self.shared.clone(), rid.clone(), room.subscription.t);
            spawn_local(async move {
                if let Ok(members) = shared.rest.members(&rid, t).await {
                    shared.members.borrow_mut().insert(rid, members);
                }
            });
        }
        if self.shared.live.get() {
            self.shared.load_history(rid);
        } else {
            self.shared.waiting.borrow_mut().push(rid);
        }
    }

    /// Loads the page of messages before `oldest` in room `rid` (once at a time per room).
    pub fn load_older(&self, rid: &str, oldest: confab_protocol::Timestamp) {
        let Some(t) = self.shared.room_types.borrow().get(rid).copied() else { return };
        if !self.shared.loading_older.borrow_mut().insert(rid.to_owned()) {
            return;
        }
        let (shared, rid) = (self.shared.clone(), rid.to_owned());
        spawn_local(async move {
            match shared.rest.history(&rid, t, Some(oldest), OLDER_PAGE).await {
                Ok(messages) => {
                    shared.saw_messages(&rid, &messages);
                    let complete = (messages.len() as u32) < OLDER_PAGE;
                    shared.dispatch.dispatch(Action::HistoryLoaded { rid: rid.clone(), messages });
                    if complete {
                        shared.dispatch.dispatch(Action::HistoryComplete(rid.clone()));
                    }
                }
                Err(error) => {
                    shared.dispatch.dispatch(Action::Notice(Some(format!("Older messages did not load. {error}"))))
                }
            }
            shared.loading_older.borrow_mut().remove(&rid);
        });
    }

    /// Tells the server the user has read room `rid` to its end (once at a time per room).
    pub fn mark_read(&self, rid: &str) {
        if !self.shared.reading.borrow_mut().insert(rid.to_owned()) {
            return;
        }
        let (shared, rid) = (self.shared.clone(), rid.to_owned());
        spawn_local(async move {
            if shared.rest.mark_read(&rid).await.is_ok() {
                shared.dispatch.dispatch(Action::MarkedRead(rid.clone()));
            }
            shared.reading.borrow_mut().remove(&rid);
        });
    }

    /// The user is typing in `rid`: tell the room, at most once every [`TYPING_EVERY_MS`].
    pub fn typing(&self, rid: &str) {
        let now = browser::now().millis();
        let mut sent = self.shared.typing_sent.borrow_mut();
        if sent.get(rid).is_some_and(|&at| now - at < TYPING_EVERY_MS) {
            return;
        }
        sent.insert(rid.to_owned(), now);
        self.notify_typing(rid, true);
    }

    /// The user stopped typing in `rid` (sent, cleared or went idle): tell the room, once.
    pub fn stop_typing(&self, rid: &str) {
        if self.shared.typing_sent.borrow_mut().remove(rid).is_some() {
            self.notify_typing(rid, false);
        }
    }

    fn notify_typing(&self, rid: &str, typing: bool) {
        let activity: Vec<serde_json::Value> = if typing { vec!["user-typing".into()] } else { Vec::new() };
        let params = vec![format!("{rid}/user-activity").into(), self.me.username.clone().into(), activity.into()];
        if let Some(realtime) = self.shared.realtime.borrow().as_ref() {
            realtime.notify("stream-notify-room", params);
        }
    }

    /// Sends `text` to room `rid` (as a reply in thread `tmid` when given): shown at once as
    /// pending, keyed by a client-chosen `_id`.
    pub fn send(&self, rid: &str, tmid: Option<&str>, text: &str) {
        self.stop_typing(rid);
        let mut message = Message::new(browser::new_id(), rid, text, self.me.clone(), browser::now());
        message.tmid = tmid.map(str::to_owned);
        self.deliver(message);
    }

    /// Opens the thread of `parent` beside the room and loads its replies.
    pub fn open_thread(&self, parent: &Message) {
        let (rid, id) = (parent.rid.clone(), parent.tmid.clone().unwrap_or_else(|| parent.id.clone()));
        self.shared.dispatch.dispatch(Action::OpenThread { rid, parent: id.clone() });
        let shared = self.shared.clone();
        spawn_local(async move {
            match shared.rest.thread(&id).await {
                Ok(replies) => shared.dispatch.dispatch(Action::ThreadLoaded { parent: id, replies }),
                Err(error) => {
                    shared.dispatch.dispatch(Action::Notice(Some(format!("The thread did not load. {error}"))))
                }
            }
        });
    }

    pub fn close_thread(&self) {
        self.shared.dispatch.dispatch(Action::CloseThread);
    }

    /// Sends a failed message again, under its original `_id` so the server stores it once.
    pub fn retry(&self, message: &Message) {
        self.deliver(message.clone());
    }

    /// Shows `message` as pending and queues it; it is sent as soon as the connection allows.
    fn deliver(&self, message: Message) {
        self.shared.dispatch.dispatch(Action::SendStarted(message.clone()));
        self.shared.outbox.push(message);
        self.shared.flush();
    }
}

/// Turns Realtime events into actions.
fn handler(shared: &Rc<Shared>) -> Callback<RealtimeEvent> {
    let shared = Rc::downgrade(shared);
    Callback::from(move |event| {
        let Some(shared) = shared.upgrade() else { return };
        let dispatch = &shared.dispatch;
        match event {
            RealtimeEvent::Connecting => dispatch.dispatch(Action::Connection(Connection::Connecting)),
            RealtimeEvent::LoggedIn { token_expires } => {
                shared.session.expires_at(token_expires);
                dispatch.dispatch(Action::Connection(Connection::Online))
            }
            RealtimeEvent::LoginFailed { generation, .. } => {
                // The token was refused: refresh it (once, shared) and reconnect with the new one.
                let shared = shared.clone();
                spawn_local(async move {
                    if shared.session.recover(generation).await
                        && let Some(realtime) = shared.realtime.borrow().as_ref()
                    {
                        realtime.retry_now();
                    }
                });
            }
            RealtimeEvent::Disconnected { reason, retry_at } => {
                shared.live.set(false);
                dispatch.dispatch(Action::Connection(Connection::Reconnecting { retry_at: Some(retry_at), reason }))
            }
            RealtimeEvent::ForceLogout if shared.logging_out.get() => {}
            RealtimeEvent::ForceLogout => shared.session.close("You were signed out."),
            RealtimeEvent::Following(stream) if stream.event == MY_MESSAGES => {
                shared.live.set(true);
                let waiting: Vec<String> = shared.waiting.borrow_mut().drain(..).collect();
                for rid in waiting {
                    shared.load_history(rid);
                }
                if shared.was_live.replace(true) {
                    shared.catch_up();
                }
                shared.flush();
            }
            RealtimeEvent::Following(_) | RealtimeEvent::Unfollowed { .. } => {}
            RealtimeEvent::Message(message) => {
                if shared.room_types.borrow().contains_key(&message.rid) {
                    shared.saw_messages(&message.rid, [&*message]);
                }
                dispatch.dispatch(Action::Received(*message))
            }
            RealtimeEvent::RoomChanged { removed: true, room } => dispatch.dispatch(Action::RoomRemoved(room.id)),
            RealtimeEvent::RoomChanged { room, .. } => {
                shared.saw_list_change(Some(room.updated_at));
                dispatch.dispatch(Action::RoomChanged(*room))
            }
            RealtimeEvent::SubscriptionChanged { removed: true, subscription } => {
                dispatch.dispatch(Action::RoomRemoved(subscription.rid))
            }
            RealtimeEvent::SubscriptionChanged { subscription, .. } => {
                shared.saw_list_change(Some(subscription.updated_at));
                dispatch.dispatch(Action::SubscriptionChanged(*subscription))
            }
            RealtimeEvent::Deleted { rid, id } => dispatch.dispatch(Action::Deleted { rid, id }),
            RealtimeEvent::Typing { rid, username, typing } => {
                dispatch.dispatch(Action::Typing { rid, username, typing, at: browser::now() })
            }
            RealtimeEvent::Read { rid, uid, until } => dispatch.dispatch(Action::ReadBy { rid, reader: uid, until }),
        }
    })
}
