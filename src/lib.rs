//! Confab: an embeddable chat app compiled to WebAssembly.
//!
//! It boots from the host backend's `/chat/config`, speaks Rocket.Chat's REST and Realtime APIs,
//! and renders with Yew. State lives in one pure reducer (`state`); I/O lives in `services`;
//! `components` only render and dispatch.

pub mod app;
pub mod components;
pub mod services;
pub mod session;
pub mod state;
pub mod theme;

/// Where the app asks for its config unless the host says otherwise.
pub const DEFAULT_CONFIG_URL: &str = "/chat/config";

/// Mounts the app into the element with id `confab`, or the body when there is none.
pub fn start() {
    let document = web_sys::window().and_then(|w| w.document());
    let props = app::AppProps { config_url: DEFAULT_CONFIG_URL.into() };
    match document.and_then(|d| d.get_element_by_id("confab")) {
        Some(root) => yew::Renderer::<app::App>::with_root_and_props(root, props).render(),
        None => yew::Renderer::<app::App>::with_props(props).render(),
    };
}
