//! Confab's postMessage API, as Rocket.Chat's iframe integration has it, so a page written for
//! that works unchanged: commands from a page that frames (or opened) Confab, obeyed only from
//! the exact origins `embed.allowedOrigins` lists; events to the framing page, posted only to
//! `embed.targetOrigin`, never to `*`. A command refused is named in the console with the reason,
//! so an integrator sees why nothing happened; another script's messages pass silently.

use confab_protocol::config::EmbedPolicy;
use confab_protocol::frame::{Command, CommandError, Event};
use gloo_events::EventListener;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{MessageEvent, Window};

/// Where events go: the framing page, at the configured origin.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FramePort {
    target: Option<String>,
}

impl FramePort {
    pub fn new(policy: &EmbedPolicy) -> Self {
        Self { target: policy.target_origin.clone() }
    }

    /// Posts `event` to the framing page, if Confab is framed and a target origin is configured;
    /// the browser delivers it only if that page is of that origin.
    pub fn post(&self, event: &Event<impl serde::Serialize>) {
        let (Some(target), Some(parent)) = (&self.target, framing_page()) else { return };
        if let Some(data) = to_js(event) {
            let _ = parent.post_message(&data, target);
        }
    }
}

/// The page framing this one, if any.
fn framing_page() -> Option<Window> {
    let window = web_sys::window()?;
    let parent = window.parent().ok()??;
    (!js_sys::Object::is(&parent, &window)).then_some(parent)
}

/// A Rust value as the plain JS object a host's listener expects.
pub fn to_js(value: &impl serde::Serialize) -> Option<JsValue> {
    js_sys::JSON::parse(&serde_json::to_string(value).ok()?).ok()
}

/// Hands each command from an allowed origin to `on_command` until dropped; `None` when no origin
/// is allowed, so nothing listens.
pub fn listen(policy: &EmbedPolicy, on_command: impl Fn(Command) + 'static) -> Option<EventListener> {
    if policy.allowed_origins.is_empty() {
        return None;
    }
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
            Some(Ok(command)) => on_command(command),
            Some(Err(CommandError::NotACommand)) => {}
            Some(Err(error)) => warn(&format!("Confab ignored a command from {origin}: {error}.")),
            None => warn(&format!("Confab ignored the {name:?} command from {origin}: it is not plain data.")),
        }
    }))
}

pub fn warn(text: &str) {
    web_sys::console::warn_1(&text.into());
}
