//! What the chat client and its event handler share: the services, the outbox, what is loaded
//! and what is under way; and loading the room list and a room's history.

use std::cell::{Cell, RefCell};
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use confab_protocol::rest::{RoomsResponse, SubscriptionsResponse};
use confab_protocol::{RoomType, Timestamp};
use wasm_bindgen_futures::spawn_local;
use yew::UseReducerDispatcher;

use super::read_marks::ReadMark;
use super::{ChatClient, FIRST_PAGE, RESEND_AFTER_MS};
use crate::services::browser;
use crate::services::outbox::Outbox;
use crate::services::page_api::PagePort;
use crate::services::realtime::{Link, Stream};
use crate::services::rest::{ApiError, Rest};
use crate::session::Session;
use crate::state::{Action, ChatState, Connection, RoomEntry};

/// The longest pause between two tries to fetch the Realtime part.
const MAX_PAUSE_MS: u32 = 30_000;

/// The answers of `subscriptions.get` and `rooms.get`.
pub(super) type List = (Result<SubscriptionsResponse, ApiError>, Result<RoomsResponse, ApiError>);

/// What the client and its event handler share.
pub(crate) struct Shared {
    pub(super) rest: Rest,
    pub(super) session: Rc<Session>,
    /// Where to connect and when to give a silent connection up, until the first screen is shown.
    pub(super) connection: RefCell<Option<(String, u32)>>,
    /// The Realtime connection, once its part is fetched.
    pub(super) realtime: RefCell<Option<Rc<dyn Link>>>,
    /// The streams followed, handed to the connection when it starts.
    pub(super) followed: RefCell<Vec<Stream>>,
    /// The client was shut down or signed out: no connection is to start.
    pub(super) ended: Cell<bool>,
    pub(super) outbox: Outbox,
    /// Whether the outbox is being sent.
    pub(super) flushing: Cell<bool>,
    /// The user is signing out: the server's `force_logout` for the revoked token is expected.
    pub(super) logging_out: Cell<bool>,
    /// Whether `__my_messages__` has flowed before: flowing again means catching up.
    pub(super) was_live: Cell<bool>,
    /// The newest change the client has seen, per opened room and for the room list: where
    /// catching up starts.
    pub(super) room_synced: RefCell<HashMap<String, Timestamp>>,
    pub(super) list_synced: Cell<Option<Timestamp>>,
    /// Catch-ups that have not succeeded yet, and where they started: a later one starts there.
    pub(super) room_gaps: RefCell<HashMap<String, Timestamp>>,
    pub(super) list_gap: Cell<Option<Timestamp>>,
    /// The rooms in the user's list, with their types. A message for another means the list is
    /// behind (a room made for them just now, whose announcement has not come yet): it is caught up.
    pub(super) known_rooms: RefCell<HashMap<String, RoomType>>,
    /// The room shown, whose new messages the framing page hears of.
    pub(super) shown_room: RefCell<Option<String>>,
    pub(super) page: PagePort,
    /// The newest message announced to the framing page, per room.
    pub(super) announced: RefCell<HashMap<String, Timestamp>>,
    pub(super) dispatch: UseReducerDispatcher<ChatState>,
    /// The type of each room opened or made ready, which names its history endpoint.
    pub(super) room_types: RefCell<HashMap<String, RoomType>>,
    /// Whether `__my_messages__` is flowing.
    pub(super) live: Cell<bool>,
    /// Rooms whose history was read before the stream first flowed: caught up once it does.
    pub(super) waiting: RefCell<Vec<String>>,
    /// Rooms prepared ahead of a click ([`super::ChatClient::prepare_room`]) and not opened yet.
    pub(super) prepared: RefCell<HashSet<String>>,
    pub(super) reads: RefCell<HashMap<String, ReadMark>>,
    /// Rooms whose older messages are being fetched.
    pub(super) loading_older: RefCell<HashSet<String>>,
    pub(super) loading_newer: RefCell<HashSet<String>>,
    /// The client these are shared by, for what a notification's click does.
    pub(super) client: RefCell<std::rc::Weak<ChatClient>>,
    /// The message the start options asked to show, until the first room view takes it.
    pub(super) wanted_message: RefCell<Option<String>>,
    /// When this client last told each room the user is typing.
    pub(super) typing_sent: RefCell<HashMap<String, i64>>,
    /// Unsent text per room, kept while the user looks at other rooms.
    pub(super) drafts: RefCell<HashMap<String, String>>,
    pub(super) drafts_key: String,
    /// Where the browser keeps the room this user opened last, made ready at the next visit.
    pub(super) last_room_key: String,
    /// The drafts were read back from the browser's storage.
    pub(super) drafts_read: Cell<bool>,
    /// Members of the rooms opened, for mention suggestions.
    pub(super) members: RefCell<HashMap<String, Vec<confab_protocol::User>>>,
}

/// A room asked for by id or by name once the list is loaded: opened, or only made ready (the
/// room opened last, at the next visit).
pub(super) enum Wanted {
    Open(String),
    Prepare(String),
}

impl Shared {
    /// What a client of user `me` shares, before it has heard or opened anything.
    pub(super) fn new(
        rest: Rest,
        session: Rc<Session>,
        outbox: Outbox,
        dispatch: UseReducerDispatcher<ChatState>,
        page: PagePort,
        me: &str,
    ) -> Self {
        Self {
            rest,
            session,
            connection: RefCell::default(),
            realtime: RefCell::default(),
            followed: RefCell::default(),
            ended: Cell::new(false),
            outbox,
            flushing: Cell::new(false),
            logging_out: Cell::new(false),
            was_live: Cell::new(false),
            room_synced: RefCell::default(),
            list_synced: Cell::new(None),
            room_gaps: RefCell::default(),
            list_gap: Cell::new(None),
            dispatch,
            room_types: RefCell::default(),
            known_rooms: RefCell::default(),
            shown_room: RefCell::default(),
            page,
            announced: RefCell::default(),
            live: Cell::new(false),
            waiting: RefCell::default(),
            prepared: RefCell::default(),
            reads: RefCell::default(),
            loading_older: RefCell::default(),
            loading_newer: RefCell::default(),
            wanted_message: RefCell::default(),
            client: RefCell::default(),
            typing_sent: RefCell::default(),
            drafts: RefCell::default(),
            drafts_key: format!("confab.drafts.{me}"),
            last_room_key: format!("confab.lastRoom.{me}"),
            drafts_read: Cell::new(false),
            members: RefCell::default(),
        }
    }

    /// Loads the room list, then opens (or makes ready) room `open` when given.
    pub(super) async fn reload_rooms(shared: &Rc<Self>, open: Option<(&ChatClient, Wanted)>) {
        let list = Self::fetch_list(&shared.rest).await;
        Self::list_loaded(shared, list, open);
    }

    /// The user's subscriptions and rooms, asked for together.
    pub(super) async fn fetch_list(rest: &Rest) -> List {
        futures::join!(rest.subscriptions(None), rest.rooms(None))
    }

    /// Shows the room list that `fetch_list` brought, then opens the room `open` names (by id or
    /// by name) if it is one, or only makes it ready ([`Wanted::Prepare`]).
    pub(super) fn list_loaded(shared: &Rc<Self>, (subscriptions, rooms): List, open: Option<(&ChatClient, Wanted)>) {
        match (subscriptions, rooms) {
            (Ok(subscriptions), Ok(rooms)) => {
                shared.saw_list(&subscriptions, &rooms);
                *shared.known_rooms.borrow_mut() = subscriptions.update.iter().map(|s| (s.rid.clone(), s.t)).collect();
                let entry = open.as_ref().and_then(|(_, wanted)| {
                    let (Wanted::Open(wanted) | Wanted::Prepare(wanted)) = wanted;
                    let by_id = subscriptions.update.iter().find(|s| &s.rid == wanted);
                    let subscription =
                        by_id.or_else(|| subscriptions.update.iter().find(|s| &s.name == wanted))?.clone();
                    let room = rooms.update.iter().find(|r| r.id == subscription.rid).cloned();
                    Some(RoomEntry::new(subscription, room))
                });
                shared
                    .dispatch
                    .dispatch(Action::RoomsLoaded { subscriptions: subscriptions.update, rooms: rooms.update });
                match (open, entry) {
                    (Some((client, Wanted::Open(_))), Some(entry)) => client.open_room(&entry),
                    (Some((client, Wanted::Prepare(_))), Some(entry)) => client.prepare_room(&entry),
                    _ => {}
                }
            }
            (Err(error), _) | (_, Err(error)) => shared.dispatch.dispatch(Action::RoomsFailed(error.problem())),
        }
    }

    /// The session is over: close the connection and forget the user (their stored data too when
    /// they logged out themselves).
    pub(super) fn end(&self, reason: &'static str, forget_stored: bool) {
        self.close_realtime();
        if forget_stored {
            self.outbox.clear();
            let storage = <gloo_storage::LocalStorage as gloo_storage::Storage>::raw();
            let _ = storage.remove_item(&self.drafts_key);
            let _ = storage.remove_item(&self.last_room_key);
        }
        self.drafts.borrow_mut().clear();
        self.dispatch.dispatch(Action::SignedOut(reason));
    }

    /// Follows a stream, now if connected and in any case from the connection's start.
    pub(super) fn follow(&self, name: &'static str, event: String) {
        let stream = Stream { name, event };
        if self.followed.borrow().contains(&stream) {
            return;
        }
        if let Some(realtime) = self.realtime.borrow().as_ref() {
            realtime.follow(stream.clone());
        }
        self.followed.borrow_mut().push(stream);
    }

    /// Fetches the Realtime part (once the first room's parts are here) and connects, trying
    /// the fetch again with growing pauses if it fails (the connection banner says so meanwhile).
    pub(super) async fn connect(shared: Rc<Self>, url: String, dead_after_ms: u32) {
        crate::slots::with_the_list().await;
        let mut pause = RESEND_AFTER_MS;
        let code = loop {
            match super::REALTIME.load().await {
                Ok(code) => break code,
                Err(_) => {
                    let retry_at = Some(Timestamp(browser::now().millis() + i64::from(pause)));
                    let reason = "The live connection's code could not be fetched.".to_owned();
                    shared.dispatch.dispatch(Action::Connection(Connection::Reconnecting { retry_at, reason }));
                    gloo_timers::future::TimeoutFuture::new(pause).await;
                    pause = (pause * 2).min(MAX_PAUSE_MS);
                }
            }
            if shared.ended.get() {
                return;
            }
        };
        if shared.ended.get() {
            return;
        }
        let on_event = (code.live.events)(&shared);
        let link = (code.connect)(url, shared.session.clone(), shared.rest.clone(), dead_after_ms, on_event);
        for stream in shared.followed.borrow().iter() {
            link.follow(stream.clone());
        }
        *shared.realtime.borrow_mut() = Some(link);
    }

    /// Closes the connection for good (or keeps it from starting).
    pub(super) fn close_realtime(&self) {
        self.ended.set(true);
        self.live.set(false);
        if let Some(realtime) = self.realtime.borrow_mut().take() {
            realtime.close();
        }
    }

    pub(super) fn load_history(self: &Rc<Self>, rid: String) {
        let Some(t) = self.room_types.borrow().get(&rid).copied() else { return };
        let shared = self.clone();
        // Read before the stream flows (a room opened at once), a page misses what is said
        // between the read and the stream's start: that is caught up once the stream flows.
        let before_live = !self.live.get();
        spawn_local(async move {
            let page = shared.rest.history(&rid, t, None, FIRST_PAGE).await;
            if let Ok(messages) = &page {
                // An empty room catches up from its beginning.
                shared.room_synced.borrow_mut().entry(rid.clone()).or_insert(Timestamp(0));
                shared.saw_messages(&rid, messages);
                if before_live && shared.live.get() {
                    // Asked before the stream flowed, answered after: asked again, now that
                    // what follows the answer comes on the stream.
                    shared.load_history(rid.clone());
                } else if before_live {
                    shared.waiting.borrow_mut().push(rid.clone());
                }
            }
            match page {
                Ok(messages) if (messages.len() as u32) < FIRST_PAGE => {
                    shared.dispatch.dispatch(Action::HistoryLoaded { rid: rid.clone(), messages });
                    shared.dispatch.dispatch(Action::HistoryComplete(rid));
                }
                Ok(messages) => shared.dispatch.dispatch(Action::HistoryLoaded { rid, messages }),
                Err(error) => shared.dispatch.dispatch(Action::HistoryFailed { rid, error: error.problem() }),
            }
        });
    }
}
