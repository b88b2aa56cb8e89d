//! Confab's core: everything a browser fetches before the room list shows. It boots from the
//! host backend's `/chat/config`, speaks Rocket.Chat's REST and Realtime APIs, and renders with
//! Yew. State lives in one pure reducer (`state`); I/O lives in `services`; `components` only
//! render and dispatch.
//!
//! What the first screen does not need is a part, in the `confab` crate that depends on this one:
//! the core reaches a part only through the [`slots`] the parts fill when the app starts, so the
//! compiler, not only the size check, keeps the parts out of the first load.

pub mod app;
// The build's stylesheet step, tested with the crate.
#[cfg(test)]
#[path = "../build/rem.rs"]
mod build_rem;
pub mod components;
mod custom_element;
#[cfg(feature = "ssr")]
pub mod first_screen;
pub mod i18n;
pub mod icons;
mod mounts;
pub mod services;
pub mod session;
pub mod slots;
pub mod state;
pub mod theme;
pub mod ui;

use services::chat::StartOptions;
use services::config::ConfigSource;
use services::host_page::{Callbacks, HostHooks};
use wasm_bindgen::prelude::*;

/// Where the app asks for its config unless the host says otherwise.
pub const DEFAULT_CONFIG_URL: &str = "/chat/config";

/// Defines the `<confab-chat>` element, and mounts the app into the element with id `confab`
/// when the page has one, with the `room`, `msg` and `layout` its address asks for
/// (`/?layout=embedded&room=general`, or `/embed/room/general`, shows that room alone;
/// Rocket.Chat's permalink `/channel/general?msg=<id>` opens that message in the full layout).
pub fn start() {
    custom_element::define();
    let document = web_sys::window().and_then(|w| w.document());
    if let Some(root) = document.and_then(|d| d.get_element_by_id("confab")) {
        let hooks = HostHooks { root: Some(root.clone()), ..HostHooks::default() };
        let query = services::browser::query_parameters();
        let parameter = |name: &str| query.iter().find(|(key, _)| key == name).map(|(_, value)| value.clone());
        let (room, layout) = match services::browser::room_route() {
            Some((room, true)) => (Some(room), app::Layout::Embedded),
            Some((room, false)) => (Some(room), app::Layout::named(parameter("layout").as_deref())),
            None => (parameter("room"), app::Layout::named(parameter("layout").as_deref())),
        };
        let owns_page = layout != app::Layout::Embedded && services::page_api::framing_page().is_none();
        let options = StartOptions { hooks, room, msg: parameter("msg"), owns_page, ..StartOptions::default() };
        let props = app::AppProps { options, layout };
        yew::Renderer::<app::App>::with_root_and_props(root, props).render();
    }
}

/// A Confab instance mounted from JavaScript.
#[wasm_bindgen]
pub struct Mounted {
    shown: Option<mounts::Mounted>,
    element: web_sys::Element,
}

#[wasm_bindgen]
impl Mounted {
    /// Reads the config again now, so a changed theme, labels or features apply without a reload.
    #[wasm_bindgen(js_name = reloadConfig)]
    pub fn reload_config(&self) {
        if let Ok(event) = web_sys::CustomEvent::new(app::RELOAD_CONFIG_EVENT) {
            let _ = self.element.dispatch_event(&event);
        }
    }

    /// Closes the instance's connection, stops its timers and listeners, and removes it from the
    /// page.
    pub fn unmount(&mut self) {
        if let Some(mut shown) = self.shown.take() {
            shown.release();
        }
    }
}

fn option<T: JsCast>(options: &JsValue, key: &str) -> Option<T> {
    js_sys::Reflect::get(options, &key.into()).ok()?.dyn_into::<T>().ok()
}

/// Mounts Confab into `element`. `options` may hold `configUrl` (default `/chat/config`),
/// `clientType` (default `web`), `room` (a room to open, by name or id), `layout` (`embedded` for
/// that room alone), `language` (the host's BCP 47 tag, used when the config names none),
/// `tokenProvider(resolve, reject)` to supply fresh tokens instead of fetching the config again,
/// and the callbacks `onSessionRefreshed`, `onSessionError({message})`,
/// `onSessionClosed({reason})`, `onRoomOpened({rid, name, t})` and `onAction({action, message,
/// room})`, called alongside the `confab:session-*`, `confab:room-opened` and `confab:action`
/// events on `element`.
#[wasm_bindgen]
pub fn mount(element: web_sys::Element, options: JsValue) -> Mounted {
    let text = |key: &str| option::<js_sys::JsString>(&options, key).map(String::from).filter(|v| !v.is_empty());
    let defaults = ConfigSource::default();
    let config = ConfigSource {
        url: text("configUrl").unwrap_or(defaults.url),
        client_type: text("clientType").unwrap_or(defaults.client_type),
    };
    let callbacks = Callbacks {
        on_refreshed: option(&options, "onSessionRefreshed"),
        on_error: option(&options, "onSessionError"),
        on_closed: option(&options, "onSessionClosed"),
        on_room_opened: option(&options, "onRoomOpened"),
        on_action: option(&options, "onAction"),
    };
    let hooks = HostHooks { root: Some(element.clone()), callbacks };
    let layout = app::Layout::named(text("layout").as_deref());
    let options = StartOptions {
        config,
        room: text("room"),
        msg: text("msg"),
        owns_page: false,
        token_provider: option(&options, "tokenProvider"),
        hooks,
        language: text("language"),
        credentials: None,
        first_screen: None,
    };
    let shown = mounts::Mounted::show(&element, app::AppProps { options, layout });
    Mounted { shown, element }
}
