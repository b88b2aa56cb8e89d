//! The chat client: boots from the config, owns the REST and Realtime services, and turns what
//! they report into reducer actions. Components call its methods and read the state; they never
//! see a socket or a request.
//!
//! Live messages for every room arrive on one `__my_messages__` stream. A room's history is
//! fetched only once that stream is flowing, so no message can fall between the two. When the
//! stream flows again after a lost connection, the room list and every opened room are caught up
//! with what changed meanwhile (`updatedSince`, `chat.syncMessages`), and the outbox is sent.

mod catch_up;

pub use events::{LIVE, Live};
mod bots;
mod delivery;
mod events;
mod handed;
mod host_actions;
mod jump;
mod marks;
mod messages;
pub mod notify;
mod page_events;
mod read_marks;
mod shared;

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

use confab_protocol::UserRef;
use confab_protocol::config::{Authentication, ChatConfig, embed_policy};
use confab_protocol::ddp::streams;
use confab_protocol::first_screen::FirstScreen;
use confab_protocol::notification::NOTIFICATION_EVENT;
use confab_protocol::page_api::UserStatus;
use confab_protocol::presence::USER_STATUS_EVENT;
use confab_protocol::rest::MeResponse;
use wasm_bindgen_futures::spawn_local;
use yew::{Callback, UseReducerDispatcher};

use super::browser;
use super::config::{BootError, ConfigSource};
use super::host_page::HostHooks;
use super::outbox::Outbox;
use super::page_api::PagePort;
use super::rest::{ApiError, Rest};
use crate::session::{Session, TokenSource};
use crate::state::{Action, ChatState, Notice, RoomEntry};

use gloo_storage::{LocalStorage, Storage};
use shared::{Shared, Wanted};

/// What the realtime part hands the core: how to connect, and what handles the connection's
/// events (with the catch-ups that follow a resumed one). Those run only on events from the
/// connection, so only once the part is here, and their code comes with it.
#[derive(Clone, Copy)]
pub struct RealtimeCode {
    pub connect: crate::services::realtime::Connect,
    pub live: Live,
}

/// The Realtime part's slot: fetched once the first screen is shown (see `Shared::connect`).
pub static REALTIME: crate::slots::part::Part<RealtimeCode> = crate::slots::part::Part::slot();

/// Messages loaded when a room opens.
pub const FIRST_PAGE: u32 = 50;
/// Messages loaded each time the reader reaches the oldest one loaded.
pub const OLDER_PAGE: u32 = 100;
/// The least time between two typing signals to one room.
pub const TYPING_EVERY_MS: i64 = 4_000;
/// How long a send that could not reach the server waits before it is tried again.
pub(crate) const RESEND_AFTER_MS: u32 = 1_000;
pub(crate) const MY_MESSAGES: &str = "__my_messages__";

/// How the host starts Confab.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StartOptions {
    pub config: ConfigSource,
    /// The room to open once the list is loaded, by name or id.
    pub room: Option<String>,
    /// A message of that room to show highlighted (a permalink's `msg`).
    pub msg: Option<String>,
    /// The app is the page (its own `#confab` element, not framed, not embedded): it may show a
    /// badge in the page's title, and notifies unless the config says otherwise.
    pub owns_page: bool,
    /// Refresh tokens with the host's provider instead of fetching the config again.
    pub token_provider: Option<js_sys::Function>,
    pub hooks: HostHooks,
    /// What the first screen was rendered from, when the server rendered it: the app starts
    /// showing it (see [`ChatClient::rendering`]).
    pub first_screen: Option<RenderedFrom>,
    /// The host's language (a BCP 47 tag), used when the config names none.
    pub language: Option<String>,
    /// Credentials from the framing page's `login-with-token`, used instead of the config's.
    pub credentials: Option<Authentication>,
}

/// What a first screen was rendered from, compared by identity: an app is handed one once, and
/// comparing two by value would compile a deep comparison of every message into the core.
#[derive(Clone)]
pub struct RenderedFrom(pub Rc<FirstScreen>);

impl PartialEq for RenderedFrom {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl std::fmt::Debug for RenderedFrom {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RenderedFrom(..)")
    }
}

pub struct ChatClient {
    me: UserRef,
    admin: bool,
    /// The user's global roles (`admin`, `user`, `guest`, ...), which count in every room.
    roles: Vec<String>,
    config: ChatConfig,
    config_source: ConfigSource,
    present: Callback<ChatConfig>,
    /// See [`StartOptions::owns_page`].
    owns_page: bool,
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
        present: Callback<ChatConfig>,
    ) -> Result<Rc<Self>, BootError> {
        let config = match (&options.credentials, options.config.fetch().await) {
            (None, fetched) => fetched?,
            // Signed in by the framing page: its user, with the config's look if there is one.
            (Some(given), Ok(config)) => ChatConfig { authentication: given.clone(), token_expires: None, ..config },
            (Some(given), Err(BootError::Refused { embed, .. })) => {
                ChatConfig { embed, ..ChatConfig::with_credentials(given.clone()) }
            }
            (Some(_), Err(error)) => return Err(error),
        };
        present.emit(config.clone());
        if config.authentication.user_token.is_empty() {
            return Err(BootError::NotStarted);
        }
        let base = config.server.as_ref().map(|s| s.url.clone());
        let base = base.or_else(|| options.config.origin().map(str::to_owned)).unwrap_or_else(browser::page_origin);
        let auth = &config.authentication;
        let source = match (&options.token_provider, &options.credentials) {
            (Some(provider), _) => TokenSource::Provider(provider.clone()),
            (None, Some(_)) => TokenSource::Given,
            (None, None) => TokenSource::Config(options.config.clone()),
        };
        let session = Session::new(&auth.user_id, &auth.user_token, source, options.hooks.clone());
        session.on_config(present.clone());
        if let Some(expires) = config.token_expires {
            session.expires_at(expires);
        }
        let rest = Rest::new(&base, session.clone());
        // The room list is asked for beside the user, not after: on a slow network that is a
        // round trip less before the list shows. A page with the first screen in it has both.
        let (me, list) = match handed::take(options) {
            Some(handed) => (Ok(handed.me), (Ok(handed.subscriptions), Ok(handed.rooms))),
            None => futures::join!(rest.me(), Shared::fetch_list(&rest)),
        };
        let me: MeResponse = me.map_err(BootError::SignIn)?;
        let admin = me.user.is_admin();
        let roles = me.user.roles.clone();
        let me = me.user.to_ref();
        dispatch.dispatch(Action::SignedIn(me.clone()));

        let page = PagePort::new(&embed_policy(&config.embed, &mut Vec::new()));
        let shared = Rc::new(Shared::new(rest, session.clone(), Outbox::load(&me.id), dispatch, page, &me.id));
        *shared.wanted_message.borrow_mut() = options.msg.clone();
        for message in shared.outbox.messages() {
            shared.dispatch.dispatch(Action::SendStarted(message));
        }
        let weak = Rc::downgrade(&shared);
        session.on_closed(Callback::from(move |reason: &'static str| {
            if let Some(shared) = weak.upgrade() {
                shared.end(reason, false);
            }
        }));
        shared.follow(streams::ROOM_MESSAGES, MY_MESSAGES.to_owned());
        for event in ["rooms-changed", "subscriptions-changed", "force_logout", NOTIFICATION_EVENT] {
            shared.follow(streams::NOTIFY_USER, format!("{}/{event}", me.id));
        }
        for event in ["updateAvatar", "permissions-changed", USER_STATUS_EVENT] {
            shared.follow(streams::NOTIFY_LOGGED, event.to_owned());
        }
        *shared.connection.borrow_mut() = Some((browser::websocket_url(&base), config.connection.dead_after_ms()));
        let config_source = options.config.clone();
        let owns_page = options.owns_page;
        let client = Rc::new(Self { me, admin, roles, config, config_source, present, owns_page, shared });
        *client.shared.client.borrow_mut() = Rc::downgrade(&client);
        // The room asked for is opened; with none, the room opened last is made ready.
        let wanted = match options.room.clone() {
            Some(room) => Some(Wanted::Open(room)),
            None => LocalStorage::raw().get_item(&client.shared.last_room_key).ok().flatten().map(Wanted::Prepare),
        };
        Shared::list_loaded(&client.shared, list, wanted.map(|wanted| (&*client, wanted)));
        Ok(client)
    }

    /// A client that renders `first` as it was gathered, and does nothing else: it fetches
    /// nothing, follows nothing and reads no storage. The server renders the first screen with it.
    pub fn rendering(
        options: &StartOptions,
        first: &FirstScreen,
        dispatch: UseReducerDispatcher<ChatState>,
        present: Callback<ChatConfig>,
    ) -> Rc<Self> {
        let config = first.config.clone();
        let base = config.server.as_ref().map(|s| s.url.clone());
        let base = base.or_else(|| options.config.origin().map(str::to_owned)).unwrap_or_default();
        let auth = &config.authentication;
        let session = Session::new(&auth.user_id, &auth.user_token, TokenSource::Given, options.hooks.clone());
        let me = first.me.user.to_ref();
        let page = PagePort::new(&embed_policy(&config.embed, &mut Vec::new()));
        let rest = Rest::new(&base, session.clone());
        let shared = Rc::new(Shared::new(rest, session, Outbox::empty(), dispatch, page, &me.id));
        let (admin, roles) = (first.me.user.is_admin(), first.me.user.roles.clone());
        let config_source = options.config.clone();
        Rc::new(Self { me, admin, roles, config, config_source, present, owns_page: options.owns_page, shared })
    }

    /// The first screen is up (the room list, or the room of an app embedded on one room), or has
    /// given up (a list that could not load still needs the connection that will bring it):
    /// what must not weigh on the first load may come now, the Realtime client first. Only the
    /// first call connects.
    pub fn first_screen_shown(&self) {
        if let Some((url, dead_after)) = self.shared.connection.borrow_mut().take() {
            spawn_local(Shared::connect(self.shared.clone(), url, dead_after));
        }
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
            shared.session.close("end.signedOut");
            shared.end("end.signedOut", true);
        });
    }

    /// Reads the config again now (a token is refreshed with it), so a changed theme, labels or
    /// features apply without a reload.
    pub fn reload_config(&self) {
        if self.shared.session.refresh_with_config() {
            return;
        }
        let (source, present) = (self.config_source.clone(), self.present.clone());
        spawn_local(async move {
            if let Ok(config) = source.fetch().await {
                present.emit(config);
            }
        });
    }

    /// Closes the connection and stops every timer, as when the app is unmounted.
    pub fn shutdown(&self) {
        self.shared.close_realtime();
    }

    /// Reconnects now instead of waiting out the backoff.
    pub fn retry_now(&self) {
        if let Some(realtime) = self.shared.realtime.borrow().as_ref() {
            realtime.retry_now();
        }
    }

    /// Opens a room of the user's by name or id, looking for it in the list as it is now.
    pub fn go_to_room(self: &Rc<Self>, room: String) {
        self.load_rooms(Some(room));
    }

    /// Sets the user's presence.
    pub fn set_status(&self, status: UserStatus) {
        let shared = self.shared.clone();
        spawn_local(async move {
            if let Err(error) = shared.rest.set_status(status, None).await {
                shared
                    .dispatch
                    .dispatch(Action::Notice(Some(Notice { what: "notice.statusNotSet", why: error.problem() })));
            }
        });
    }

    /// The login token in use, for a frame of the provider's room page to sign in with.
    pub fn token(&self) -> String {
        self.shared.session.token().0
    }

    pub fn config(&self) -> &ChatConfig {
        &self.config
    }

    /// Whether the user answers visitors (the `livechat-agent` role, which managers hold too, as
    /// in Rocket.Chat): their sidebar has the support section.
    pub fn serves_visitors(&self) -> bool {
        self.roles.iter().any(|role| role == "livechat-agent")
    }

    pub fn me(&self) -> &UserRef {
        &self.me
    }

    /// The REST client, for the parts that fetch and send files.
    pub fn rest(&self) -> super::rest::Rest {
        self.shared.rest.clone()
    }

    /// Where `username`'s picture is, made new by `etag` when it has changed.
    pub fn avatar_url(&self, username: &str, etag: Option<&String>) -> String {
        crate::components::avatar::picture_url(self.shared.rest.server(), username, etag.map(String::as_str))
    }

    /// Where people's pictures are, with those changed in `state`: for the views showing many.
    pub fn pictures(&self, state: &crate::state::ChatState) -> crate::components::avatar::Pictures {
        crate::components::avatar::Pictures {
            server: self.shared.rest.server().to_owned(),
            changed: state.avatars.clone(),
            presence: state.presence.clone(),
        }
    }

    /// The members of room `rid` known so far.
    pub fn members(&self, rid: &str) -> Vec<confab_protocol::User> {
        self.shared.members.borrow().get(rid).cloned().unwrap_or_default()
    }

    /// The unsent texts by room (and `room#thread`), and where the browser keeps them: the room
    /// part reads them back once and stores them as they are typed; logging out removes them.
    pub fn drafts(&self) -> (&RefCell<HashMap<String, String>>, &str, &Cell<bool>) {
        (&self.shared.drafts, &self.shared.drafts_key, &self.shared.drafts_read)
    }

    /// The message the start options asked to show (a permalink's), once: the first room shown
    /// takes it.
    pub fn take_wanted_message(&self) -> Option<String> {
        self.shared.wanted_message.take()
    }

    /// Whether the app owns the page it is in (see [`StartOptions::owns_page`]).
    pub fn owns_page(&self) -> bool {
        self.owns_page
    }

    /// Whether the session is over (nothing of it may be stored any more).
    pub fn ended(&self) -> bool {
        self.shared.ended.get()
    }

    pub fn dismiss_notice(&self) {
        self.shared.dispatch.dispatch(Action::Notice(None));
    }

    /// Loads the room list, then opens `room` (a name or an id) if it is one of the user's.
    fn load_rooms(self: &Rc<Self>, room: Option<String>) {
        let client = self.clone();
        spawn_local(async move {
            Shared::reload_rooms(&client.shared, room.map(|room| (&*client, Wanted::Open(room)))).await
        });
    }

    /// Creates a public channel, or a private group, as `room` describes it, and opens it.
    pub fn create_room(self: &Rc<Self>, private: bool, room: confab_protocol::rest::CreateRoomRequest) {
        let rest = self.shared.rest.clone();
        self.open_new(async move { rest.create_room(private, &room).await }, "notice.channelNotCreated");
    }

    /// Joins public channel `rid` and opens it.
    pub fn join_channel(self: &Rc<Self>, rid: &str) {
        let (rest, rid) = (self.shared.rest.clone(), rid.to_owned());
        self.open_new(async move { rest.join_channel(&rid).await }, "notice.channelNotJoined");
    }

    /// Opens the direct room with `username`, creating it on first use.
    pub fn start_direct(self: &Rc<Self>, username: &str) {
        let username = username.trim().trim_start_matches('@').to_owned();
        let rest = self.shared.rest.clone();
        self.open_new(async move { rest.create_direct(&username).await }, "notice.directNotStarted");
    }

    /// Waits for `creating` (a room's id), then reloads the room list and opens that room; a
    /// failure becomes a notice saying `failure` (a key of the app's strings).
    fn open_new(
        self: &Rc<Self>,
        creating: impl Future<Output = Result<String, ApiError>> + 'static,
        failure: &'static str,
    ) {
        let client = self.clone();
        spawn_local(async move {
            match creating.await {
                Ok(rid) => Shared::reload_rooms(&client.shared, Some((&client, Wanted::Open(rid)))).await,
                Err(error) => client
                    .shared
                    .dispatch
                    .dispatch(Action::Notice(Some(Notice { what: failure, why: error.problem() }))),
            }
        });
    }

    /// Shows a room and follows its notifications; its history loads once live messages flow.
    /// Follows the support queue's stream (for the team's section, which hears its events from
    /// the Realtime part), now and after every reconnect.
    pub fn follow_support_queue(&self) {
        self.shared.follow(streams::LIVECHAT_QUEUE, "public".to_owned());
    }

    pub fn open_room(&self, room: &RoomEntry) {
        let rid = room.rid().to_owned();
        self.shared.dispatch.dispatch(Action::OpenRoom(rid.clone()));
        self.shared.announce_room(room);
        let _ = LocalStorage::raw().set_item(&self.shared.last_room_key, &rid);
        // A room prepared a moment ago has its history here or on its way, its streams followed.
        if !self.shared.prepared.borrow_mut().remove(&rid) {
            self.watch(room);
        }
    }

    /// Gets `room` ready to be opened, when its entry is pressed, focused or rested on: its
    /// timeline grows from now, and its streams, members and first page are fetched, so that the
    /// click that follows shows it without a round trip. Once, for a room never opened.
    pub fn prepare_room(&self, room: &RoomEntry) {
        let rid = room.rid();
        if self.shared.room_types.borrow().contains_key(rid) {
            return;
        }
        self.shared.dispatch.dispatch(Action::Watch(rid.to_owned()));
        self.shared.prepared.borrow_mut().insert(rid.to_owned());
        self.watch(room);
    }

    /// Follows `room`'s streams and loads its newest page.
    fn watch(&self, room: &RoomEntry) {
        let rid = room.rid().to_owned();
        self.shared.room_types.borrow_mut().insert(rid.clone(), room.subscription.t);
        for event in ["deleteMessage", "messagesRead", "user-activity", confab_protocol::streaming::PIECE_EVENT] {
            self.shared.follow(streams::NOTIFY_ROOM, format!("{rid}/{event}"));
        }
        self.shared.load_history(rid);
    }

    /// Loads the members of room `rid` (of type `t`), once, for mention suggestions and the
    /// typing line. Called by the room's view, so the code comes with it, not with the first load.
    pub fn load_members(&self, rid: &str, t: confab_protocol::RoomType) {
        if self.shared.members.borrow().contains_key(rid) {
            return;
        }
        let (shared, rid) = (self.shared.clone(), rid.to_owned());
        spawn_local(async move {
            if let Ok(members) = shared.rest.members(&rid, t).await {
                shared.members.borrow_mut().insert(rid, members);
            }
        });
    }

    /// Loads the page of messages before `oldest` in room `rid` (once at a time per room).
    pub fn load_older(&self, rid: &str, oldest: confab_protocol::Timestamp) {
        let Some(t) = self.shared.room_types.borrow().get(rid).copied() else { return };
        if !self.shared.loading_older.borrow_mut().insert(rid.to_owned()) {
            return;
        }
        let (shared, rid) = (self.shared.clone(), rid.to_owned());
        spawn_local(async move {
            let before = confab_protocol::rest::query_date(oldest);
            match shared.rest.history(&rid, t, Some(&before), OLDER_PAGE).await {
                Ok(messages) => {
                    shared.saw_messages(&rid, &messages);
                    let complete = (messages.len() as u32) < OLDER_PAGE;
                    shared.dispatch.dispatch(Action::HistoryLoaded { rid: rid.clone(), messages });
                    if complete {
                        shared.dispatch.dispatch(Action::HistoryComplete(rid.clone()));
                    }
                }
                Err(error) => shared
                    .dispatch
                    .dispatch(Action::Notice(Some(Notice { what: "notice.olderNotLoaded", why: error.problem() }))),
            }
            shared.loading_older.borrow_mut().remove(&rid);
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
}
