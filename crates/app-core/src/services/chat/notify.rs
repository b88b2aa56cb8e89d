//! Desktop notifications for what the server says should notify the user (its `notification`
//! event, which follows their choices per room): shown through the browser's Notification API
//! once they allowed it, unless the room is open in a focused, visible tab. A click focuses the
//! page and opens the message, and a short chime sounds at the reader's volume unless they muted
//! it. Reached only from the live connection's events, so this is the realtime part's code.

use std::rc::Rc;

use confab_protocol::notification::Notification;
use js_sys::{Function, Object, Reflect};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

use super::ChatClient;
use super::shared::Shared;

impl ChatClient {
    /// Whether desktop notifications are on: as the config says, or else where the app owns the
    /// page (see `StartOptions::owns_page`).
    pub fn notifies(&self) -> bool {
        self.config.presentation().0.features.desktop_notifications.unwrap_or(self.owns_page)
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
    let args = js_sys::Array::new();
    args.push(&notification.title.as_str().into());
    args.push(&options);
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
    chime(&Sound::load());
}

/// The reader's choices for the chime (Settings), kept in the browser's storage apart from the
/// other choices: only this part and Settings read them, so their code stays out of the first load.
#[derive(serde::Serialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sound {
    /// 0 to 100.
    pub volume: u8,
    pub muted: bool,
}

impl Default for Sound {
    fn default() -> Self {
        Self { volume: 60, muted: false }
    }
}

const SOUND_KEY: &str = "confab.sound";

impl Sound {
    pub fn load() -> Self {
        use gloo_storage::Storage;
        let stored = gloo_storage::LocalStorage::raw().get_item(SOUND_KEY).ok().flatten();
        let read: Option<serde_json::Value> = stored.and_then(|text| serde_json::from_str(&text).ok());
        let defaults = Self::default();
        read.map_or(defaults, |value| Self {
            volume: value["volume"].as_u64().map_or(defaults.volume, |v| v.min(100) as u8),
            muted: value["muted"].as_bool().unwrap_or(defaults.muted),
        })
    }

    /// Stores the choices; a browser refusing storage only loses them at the next visit.
    pub fn save(&self) {
        use gloo_storage::Storage;
        if let Ok(text) = serde_json::to_string(self) {
            let _ = gloo_storage::LocalStorage::raw().set_item(SOUND_KEY, &text);
        }
    }
}

/// Calls method `name` of `target` with up to two `args` (the calls the first load's script
/// already binds).
fn call(target: &JsValue, name: &str, args: &[JsValue]) -> Option<JsValue> {
    let method: Function = Reflect::get(target, &name.into()).ok()?.dyn_into().ok()?;
    match args {
        [] => method.call0(target),
        [a] => method.call1(target, a),
        [a, b, ..] => method.call2(target, a, b),
    }
    .ok()
}

thread_local! {
    /// The page's one audio context, made on the first chime.
    static AUDIO: std::cell::RefCell<Option<JsValue>> = const { std::cell::RefCell::new(None) };
}

/// A short rising two-note chime at the reader's volume, unless they muted it. The browser's Web
/// Audio plays it, so there is no sound file to fetch: the sound costs nothing until the first
/// notification, and then only this code, which came with its part.
pub fn chime(sound: &Sound) {
    if sound.muted {
        return;
    }
    let volume = f64::from(sound.volume.min(100)) / 100.0;
    let made = AUDIO.with_borrow_mut(|audio| {
        if audio.is_none() {
            let window = web_sys::window()?;
            let make: Function = Reflect::get(&window, &"AudioContext".into()).ok()?.dyn_into().ok()?;
            *audio = Reflect::construct(&make, &js_sys::Array::new()).ok();
        }
        audio.clone()
    });
    let Some(context) = made.filter(|_| volume > 0.0) else { return };
    let start = Reflect::get(&context, &"currentTime".into()).ok().and_then(|t| t.as_f64()).unwrap_or(0.0);
    let Ok(speakers) = Reflect::get(&context, &"destination".into()) else { return };
    for (note, frequency) in [880.0, 1_318.5].into_iter().enumerate() {
        let at = start + 0.12 * note as f64;
        let (Some(tone), Some(gain)) = (call(&context, "createOscillator", &[]), call(&context, "createGain", &[]))
        else {
            return;
        };
        let _ = Reflect::get(&tone, &"frequency".into()).map(|f| Reflect::set(&f, &"value".into(), &frequency.into()));
        if let Ok(level) = Reflect::get(&gain, &"gain".into()) {
            call(&level, "setValueAtTime", &[(0.25 * volume).into(), at.into()]);
            call(&level, "exponentialRampToValueAtTime", &[0.001.into(), (at + 0.3).into()]);
        }
        call(&tone, "connect", std::slice::from_ref(&gain));
        call(&gain, "connect", std::slice::from_ref(&speakers));
        call(&tone, "start", &[at.into()]);
        call(&tone, "stop", &[(at + 0.32).into()]);
    }
}
