//! Desktop notifications for what the server says should notify the user (its `notification`
//! event, which follows their choices per room): shown through the browser's Notification API
//! once they allowed it, unless the room is open in a focused, visible tab. A click focuses the
//! page and opens the message. Reached only from the live connection's events, so this is the
//! realtime part's code.

use std::rc::Rc;

use confab_protocol::notification::Notification;
use js_sys::{Function, Object, Reflect};
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

use super::ChatClient;
use super::shared::Shared;

impl ChatClient {
    /// Whether desktop notifications are on: as the config says, or else where the app owns the
    /// page (see `StartOptions::owns_page`).
    pub fn notifies(&self) -> bool {
        self.config.presentation().0.features.desktop_notifications.unwrap_or(self.owns_page)
    }

    /// Whether the app owns the page it is in.
    pub fn owns_page(&self) -> bool {
        self.owns_page
    }
}

// The browser's Notification API is reached through `Reflect`, not web-sys bindings: each binding
// adds its glue to the script every page loads first, and these are used only here and in
// Settings.

/// The page's `Notification` constructor, where the browser has one.
fn api() -> Option<Function> {
    let window = web_sys::window()?;
    Reflect::get(&window, &"Notification".into()).ok()?.dyn_into().ok()
}

/// `Notification.permission`: `granted`, `denied` or `default` (not asked yet); `unsupported`
/// without the API.
pub fn permission() -> String {
    api()
        .and_then(|api| Reflect::get(&api, &"permission".into()).ok()?.as_string())
        .unwrap_or_else(|| "unsupported".into())
}

/// Asks the reader for the permission (on their gesture: browsers refuse it otherwise), and
/// resolves when they answered.
pub async fn ask_permission() {
    let Some(api) = api() else { return };
    let asked = Reflect::get(&api, &"requestPermission".into()).ok().and_then(|f| f.dyn_into::<Function>().ok());
    if let Some(promise) = asked.and_then(|ask| ask.call0(&api).ok()).and_then(|p| p.dyn_into::<js_sys::Promise>().ok())
    {
        let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    }
}

/// Whether the page is focused and visible.
fn looked_at() -> bool {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return false };
    let focused = Reflect::get(&document, &"hasFocus".into())
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok())
        .and_then(|f| f.call0(&document).ok())
        .is_some_and(|v| v.is_truthy());
    let hidden = Reflect::get(&document, &"hidden".into()).is_ok_and(|v| v.is_truthy());
    focused && !hidden
}

pub(super) fn show(shared: &Rc<Shared>, notification: &Notification) {
    let client = shared.client.borrow().clone();
    let on = client.upgrade().is_some_and(|client| client.notifies());
    let Some(api) = api().filter(|_| on && permission() == "granted") else { return };
    let payload = &notification.payload;
    if looked_at() && shared.shown_room.borrow().as_deref() == Some(payload.rid.as_str()) {
        return;
    }
    let options = Object::new();
    let _ = Reflect::set(&options, &"body".into(), &notification.text.as_str().into());
    let _ = Reflect::set(&options, &"tag".into(), &payload.id.as_str().into());
    let args = js_sys::Array::of2(&notification.title.as_str().into(), &options);
    let Ok(shown) = Reflect::construct(&api, &args) else { return };
    let (rid, id, opened) = (payload.rid.clone(), payload.id.clone(), shown.clone());
    let onclick = Closure::once_into_js(move || {
        if let Some(window) = web_sys::window() {
            let _ = window.focus();
        }
        if let Some(close) = Reflect::get(&opened, &"close".into()).ok().and_then(|f| f.dyn_into::<Function>().ok()) {
            let _ = close.call0(&opened);
        }
        if let Some(client) = client.upgrade() {
            let shown_room = client.shared.shown_room.borrow().clone().unwrap_or_default();
            client.open_message(&rid, &id, &shown_room, false);
        }
    });
    let _ = Reflect::set(&shown, &"onclick".into(), &onclick);
}
