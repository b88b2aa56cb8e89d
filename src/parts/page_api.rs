//! The page API part: the postMessage API's machinery, fetched only when Confab is framed or an
//! origin may command it (see `services::page_api`). Events are written in Rocket.Chat's shapes;
//! commands are read strictly (`confab_protocol::page_api::Command`) and acted on.
//!
//! `login-with-token` is checked with the server before anything changes: a token that does not
//! sign in leaves the app as it is, and the token already in use changes nothing. The other
//! commands need a signed-in app and are otherwise named in the console and dropped. A command
//! from an origin not allowed is named in the console with the reason, so an integrator sees
//! why nothing happened; another script's messages pass silently.

use std::rc::Rc;

use confab_protocol::RoomType;
use confab_protocol::config::{Authentication, EmbedPolicy};
use confab_protocol::page_api::{Command, CommandError, Destination, Event};
use gloo_events::EventListener;
use serde_json::json;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::spawn_local;
use web_sys::{MessageEvent, Window};
use yew::Callback;

use confab_core::components::page_commands::Latest;
use confab_core::services::browser;
use confab_core::services::chat::ChatClient;
use confab_core::services::page_api::{PageApi, PageEvent, Target, warn};
use confab_core::services::rest::Rest;

pub const API: PageApi = PageApi { post, listen };

/// A Rust value as the plain JS object a host's listener expects.
pub fn to_js(value: &impl serde::Serialize) -> Option<JsValue> {
    js_sys::JSON::parse(&serde_json::to_string(value).ok()?).ok()
}

fn post(parent: &Window, target: &str, event: &PageEvent) {
    let data = match event {
        PageEvent::Startup => to_js(&Event::new("startup", true)),
        PageEvent::RoomOpened { rid, name, t } => {
            to_js(&Event::new("room-opened", json!({"_id": rid, "rid": rid, "name": name, "t": t})))
        }
        PageEvent::NewMessage(message) => to_js(&Event::new("new-message", message)),
        PageEvent::Notification { message, t } => {
            let sender = json!({"_id": message.u.id, "username": message.u.username, "name": message.u.name});
            let payload =
                json!({"_id": message.id, "rid": message.rid, "tmid": message.tmid, "sender": sender, "type": t});
            let title = message.u.name.clone().unwrap_or_else(|| message.u.username.clone());
            let notification = json!({"title": title, "text": message.plain_text(), "payload": payload});
            to_js(&Event::new("notification", json!({ "notification": notification })))
        }
        PageEvent::UnreadChanged(unread) => to_js(&Event::new("unread-changed", unread)),
        PageEvent::Action(detail) => to_js(&Event::new("action", detail)),
    };
    if let Some(data) = data {
        let _ = parent.post_message(&data, target);
    }
}

/// Hands each command from an allowed origin to [`act`] until dropped; `None` when no origin is
/// allowed, so nothing listens.
fn listen(policy: &EmbedPolicy, target: Target, on_login: Callback<Authentication>) -> Option<EventListener> {
    if policy.allowed_origins.is_empty() {
        return None;
    }
    // The core hands what commands act on as `Any`; its type is the hook's, so this always holds.
    let latest = target.downcast::<Latest>().ok()?;
    let window = web_sys::window()?;
    let policy = policy.clone();
    Some(EventListener::new(&window, "message", move |event| {
        let Some(event) = event.dyn_ref::<MessageEvent>() else { return };
        let data = event.data();
        let name = js_sys::Reflect::get(&data, &"externalCommand".into()).ok().and_then(|n| n.as_string());
        let Some(name) = name else { return };
        let origin = event.origin();
        if !policy.allows(&origin) {
            warn(&format!("Confab ignored the {name:?} command from {origin}: it is not in embed.allowedOrigins."));
            return;
        }
        let value = js_sys::JSON::stringify(&data).ok().and_then(|t| serde_json::from_str(&String::from(t)).ok());
        match value.as_ref().map(Command::parse) {
            Some(Ok(command)) => {
                let (client, state) = latest.borrow().clone();
                act(command, client, state.as_deref().map(|state| &state.rooms.entries[..]), &on_login);
            }
            Some(Err(CommandError::NotACommand)) => {}
            Some(Err(error)) => warn(&format!("Confab ignored a command from {origin}: {error}.")),
            None => warn(&format!("Confab ignored the {name:?} command from {origin}: it is not plain data.")),
        }
    }))
}

fn act(
    command: Command,
    client: Option<Rc<ChatClient>>,
    rooms: Option<&[confab_core::state::RoomEntry]>,
    on_login: &Callback<Authentication>,
) {
    match (command, client) {
        (Command::LoginWithToken { token }, client) => log_in(token, client, on_login.clone()),
        (command, None) => warn(&format!("Confab ignored {command:?}: it is not signed in.")),
        (Command::Go(Destination::Home), Some(client)) => client.close_room(),
        (Command::GoToMessage { msg, .. }, Some(client)) => client.open_linked_message(&msg),
        (Command::Go(Destination::Room(room) | Destination::RoomId(room)), Some(client)) => client.go_to_room(room),
        (Command::Go(Destination::Direct(username)), Some(client)) => {
            let existing = rooms
                .into_iter()
                .flatten()
                .find(|e| e.subscription.t == RoomType::Direct && e.subscription.name == username);
            match existing {
                Some(entry) => client.open_room(entry),
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
            Err(error) => warn(&format!("Confab did not sign in with the token of login-with-token: {error}")),
        }
    });
}
