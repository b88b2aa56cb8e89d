//! Components: they render state and call the chat client; no logic or I/O of their own.

pub mod avatar;
pub mod chat_view;
pub mod connection_banner;
pub mod focus;
pub mod new_room;
pub mod page_commands;
pub mod room_list;
pub mod status_screen;
pub mod title_badge;

use std::rc::Rc;

use yew::prelude::*;

use confab_protocol::config::{FeatureSet, Presentation};

use crate::services::chat::ChatClient;
use crate::state::ChatState;

/// The chat client, provided by the app once booted.
#[hook]
pub fn use_client() -> Rc<ChatClient> {
    use_context::<Rc<ChatClient>>().expect("components render inside the booted app")
}

/// The shared chat state as the app provides it to its views, compared by identity: each change
/// is a new state, and comparing two by value would compile a deep comparison of every room and
/// message into the core, for nothing. (A reducer's handle reads the state live; what it held
/// when it was made is where `at` points, kept alive by the handle's own snapshot of it.)
#[derive(Clone)]
pub struct SharedState {
    handle: UseReducerHandle<ChatState>,
    at: *const ChatState,
}

impl SharedState {
    pub fn new(state: &UseReducerHandle<ChatState>) -> Self {
        let handle = state.clone();
        let at = std::ptr::from_ref::<ChatState>(&handle);
        Self { handle, at }
    }

    pub fn handle(&self) -> UseReducerHandle<ChatState> {
        self.handle.clone()
    }
}

impl PartialEq for SharedState {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self.at, other.at)
    }
}

/// The shared chat state, provided by the app.
#[hook]
pub fn use_chat_state() -> UseReducerHandle<ChatState> {
    use_context::<SharedState>().expect("components render inside the booted app").handle()
}

/// The features the client offers, from its config.
#[hook]
pub fn use_features() -> FeatureSet {
    use_context::<Rc<Presentation>>().map(|p| p.features).unwrap_or_default()
}

/// A handler made from the client once per client and `key`, not on every render: handlers
/// made anew would make every message's props differ and the whole list render again.
#[hook]
pub fn use_client_handler<IN, OUT, K>(
    key: K,
    make: impl FnOnce(Rc<ChatClient>, &K) -> Callback<IN, OUT>,
) -> Callback<IN, OUT>
where
    IN: 'static,
    OUT: 'static,
    K: PartialEq + 'static,
{
    let client = use_client();
    let client_key = Rc::as_ptr(&client) as usize;
    (*use_memo((client_key, key), move |(_, key)| make(client, key))).clone()
}
