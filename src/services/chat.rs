//! The chat client: boots from the config, owns the REST and Realtime services, and turns what
//! they report into reducer actions. Components call its methods and read the state; they never
//! see a socket or a request.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use confab_protocol::config::ChatConfig;
use confab_protocol::rest::MeResponse;
use confab_protocol::{Message, OutgoingMessage, RoomType, Subscription, UserRef};
use wasm_bindgen_futures::spawn_local;
use yew::{Callback, UseReducerDispatcher};

use super::browser;
use super::config::{BootError, fetch_config};
use super::realtime::{Realtime, RealtimeEvent};
use super::rest::Rest;
use crate::state::{Action, ChatState, Connection};

/// Messages loaded when a room opens.
pub const FIRST_PAGE: u32 = 50;

pub struct ChatClient {
    me: UserRef,
    config: ChatConfig,
    rest: Rest,
    realtime: Realtime,
    /// The type of each followed room, which names its history endpoint.
    room_types: Rc<RefCell<HashMap<String, RoomType>>>,
    dispatch: UseReducerDispatcher<ChatState>,
}

impl PartialEq for ChatClient {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}

impl ChatClient {
    /// Fetches the config, checks the credentials, connects the Realtime API and starts loading
    /// the room list.
    pub async fn start(config_url: &str, dispatch: UseReducerDispatcher<ChatState>) -> Result<Rc<Self>, BootError> {
        let config = fetch_config(config_url).await?;
        let base = config.server.as_ref().map(|s| s.url.clone()).unwrap_or_else(browser::page_origin);
        let auth = &config.authentication;
        let rest = Rest::new(&base, &auth.user_id, &auth.user_token);
        let me: MeResponse = rest
            .me()
            .await
            .map_err(|e| BootError::Refused { title: "Sign-in failed".into(), message: e.to_string() })?;
        dispatch.dispatch(Action::SignedIn(me.user.to_ref()));

        let room_types: Rc<RefCell<HashMap<String, RoomType>>> = Rc::default();
        let on_event = realtime_handler(rest.clone(), room_types.clone(), dispatch.clone());
        let realtime = Realtime::connect(&browser::websocket_url(&base), auth.user_token.clone(), on_event)
            .map_err(|_| BootError::Unreachable)?;

        let client = Rc::new(Self { me: me.user.to_ref(), config, rest, realtime, room_types, dispatch });
        client.load_rooms();
        Ok(client)
    }

    pub fn config(&self) -> &ChatConfig {
        &self.config
    }

    pub fn me(&self) -> &UserRef {
        &self.me
    }

    fn load_rooms(&self) {
        let (rest, dispatch) = (self.rest.clone(), self.dispatch.clone());
        spawn_local(async move {
            match rest.subscriptions().await {
                Ok(subs) => dispatch.dispatch(Action::RoomsLoaded(subs.update)),
                Err(error) => dispatch.dispatch(Action::RoomsFailed(error.to_string())),
            }
        });
    }

    /// Shows `room`, following its live messages; its history loads once they flow.
    pub fn open_room(&self, room: &Subscription) {
        self.dispatch.dispatch(Action::OpenRoom(room.rid.clone()));
        self.room_types.borrow_mut().insert(room.rid.clone(), room.t);
        self.realtime.follow_room(&room.rid);
    }

    /// Sends `text` to room `rid`: shown at once as pending, keyed by a client-chosen `_id`.
    pub fn send(&self, rid: &str, text: &str) {
        let message = Message::new(browser::new_id(), rid, text, self.me.clone(), browser::now());
        self.deliver(message);
    }

    /// Sends a failed message again, under its original `_id` so the server stores it once.
    pub fn retry(&self, message: &Message) {
        self.deliver(message.clone());
    }

    fn deliver(&self, message: Message) {
        self.dispatch.dispatch(Action::SendStarted(message.clone()));
        let (rest, dispatch) = (self.rest.clone(), self.dispatch.clone());
        spawn_local(async move {
            let outgoing = OutgoingMessage {
                id: Some(message.id.clone()),
                rid: message.rid.clone(),
                msg: message.msg.clone(),
                tmid: message.tmid.clone(),
            };
            match rest.send_message(outgoing).await {
                Ok(stored) => dispatch.dispatch(Action::SendConfirmed(stored)),
                Err(error) => {
                    dispatch.dispatch(Action::SendFailed { rid: message.rid, id: message.id, error: error.to_string() })
                }
            }
        });
    }
}

/// Turns Realtime events into actions; a room's history is fetched once its live messages flow.
fn realtime_handler(
    rest: Rest,
    room_types: Rc<RefCell<HashMap<String, RoomType>>>,
    dispatch: UseReducerDispatcher<ChatState>,
) -> Callback<RealtimeEvent> {
    Callback::from(move |event| match event {
        RealtimeEvent::LoggedIn { .. } => dispatch.dispatch(Action::Connection(Connection::Online)),
        RealtimeEvent::LoginFailed(reason) | RealtimeEvent::Closed(reason) => {
            dispatch.dispatch(Action::Connection(Connection::Offline(reason)))
        }
        RealtimeEvent::Message(message) => dispatch.dispatch(Action::Received(*message)),
        RealtimeEvent::Following(rid) => {
            let Some(t) = room_types.borrow().get(&rid).copied() else { return };
            let (rest, dispatch) = (rest.clone(), dispatch.clone());
            spawn_local(async move {
                match rest.history(&rid, t, None, FIRST_PAGE).await {
                    Ok(messages) => dispatch.dispatch(Action::HistoryLoaded { rid, messages }),
                    Err(error) => dispatch.dispatch(Action::HistoryFailed { rid, error: error.to_string() }),
                }
            });
        }
        RealtimeEvent::Unfollowed { rid, reason } => dispatch.dispatch(Action::HistoryFailed { rid, error: reason }),
    })
}
