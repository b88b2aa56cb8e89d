//! The framing page's commands, acted on (`services::frame` decides who may send them), and the
//! app-wide events it hears: `startup` once the app listens, `unread-changed` as the total moves.
//!
//! `login-with-token` is checked with the server before anything changes: a token that does not
//! sign in leaves the app as it is, and the token already in use changes nothing. The other
//! commands need a signed-in app and are otherwise named in the console and dropped.

use std::rc::Rc;

use confab_protocol::RoomType;
use confab_protocol::config::{Authentication, EmbedPolicy};
use confab_protocol::frame::{Command, Destination, Event};
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::services::browser;
use crate::services::chat::ChatClient;
use crate::services::frame::{self, FramePort};
use crate::services::rest::Rest;
use crate::state::ChatState;

/// What a command acts on: the client, when signed in, and the state as last rendered.
type Latest = (Option<Rc<ChatClient>>, Option<UseReducerHandle<ChatState>>);

/// Listens for the framing page's commands while `policy` allows any origin; `on_login` starts a
/// session with the credentials of an accepted `login-with-token`.
#[hook]
pub fn use_frame_api(
    policy: EmbedPolicy,
    client: Option<Rc<ChatClient>>,
    state: UseReducerHandle<ChatState>,
    on_login: Callback<Authentication>,
) {
    let signed_in = client.clone().filter(|_| state.signed_out.is_none());
    let latest = use_mut_ref(Latest::default);
    *latest.borrow_mut() = (signed_in.clone(), Some(state.clone()));
    let started = use_mut_ref(|| false);
    use_effect_with(policy.clone(), move |policy| {
        let listener = frame::listen(policy, move |command| {
            let (client, state) = latest.borrow().clone();
            act(command, client, state, &on_login);
        });
        // Rocket.Chat's `startup`: the page may send commands from now on.
        if policy.target_origin.is_some() && !started.replace(true) {
            FramePort::new(policy).post(&Event::new("startup", true));
        }
        move || drop(listener)
    });
    let unread = signed_in.as_ref().map(|_| state.rooms.entries.iter().map(|e| e.subscription.unread).sum::<u32>());
    use_effect_with((unread, policy), |(unread, policy)| {
        if let Some(unread) = unread {
            FramePort::new(policy).post(&Event::new("unread-changed", *unread));
        }
    });
}

fn act(
    command: Command,
    client: Option<Rc<ChatClient>>,
    state: Option<UseReducerHandle<ChatState>>,
    on_login: &Callback<Authentication>,
) {
    match (command, client) {
        (Command::LoginWithToken { token }, client) => log_in(token, client, on_login.clone()),
        (command, None) => frame::warn(&format!("Confab ignored {command:?}: it is not signed in.")),
        (Command::Go(Destination::Home), Some(client)) => client.close_room(),
        (Command::Go(Destination::Room(room) | Destination::RoomId(room)), Some(client)) => client.go_to_room(room),
        (Command::Go(Destination::Direct(username)), Some(client)) => {
            let existing = state.and_then(|state| {
                let entries = &state.rooms.entries;
                entries
                    .iter()
                    .find(|e| e.subscription.t == RoomType::Direct && e.subscription.name == username)
                    .cloned()
            });
            match existing {
                Some(entry) => client.open_room(&entry),
                None => client.start_direct(&username),
            }
        }
        (Command::Logout, Some(client)) => client.logout(),
        (Command::SetUserStatus(status), Some(client)) => client.set_status(status),
    }
}

fn log_in(token: String, client: Option<Rc<ChatClient>>, on_login: Callback<Authentication>) {
    if client.as_ref().is_some_and(|client| client.token() == token) {
        return;
    }
    let base =
        client.and_then(|c| c.config().server.as_ref().map(|s| s.url.clone())).unwrap_or_else(browser::page_origin);
    spawn_local(async move {
        match Rest::user_of_token(&base, &token).await {
            Ok(user_id) => on_login.emit(Authentication { user_id, user_token: token, api_key: String::new() }),
            Err(error) => frame::warn(&format!("Confab did not sign in with the token of login-with-token: {error}")),
        }
    });
}
