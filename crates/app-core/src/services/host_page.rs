//! What the host page hears from Confab about its session and where the reader is: DOM
//! `CustomEvent`s on the app's root element (`confab:session-refreshed`, `confab:session-error`,
//! `confab:session-closed`, `confab:room-opened`, and `confab:action` for the host's own actions, bubbling and crossing shadow roots), and the
//! same as callbacks when the host mounted Confab from JavaScript.

use wasm_bindgen::JsValue;
use web_sys::{CustomEvent, CustomEventInit, Element};

#[derive(Clone, Debug, PartialEq)]
pub enum SessionEvent {
    Refreshed,
    Error(String),
    Closed(String),
}

impl SessionEvent {
    fn name(&self) -> &'static str {
        match self {
            Self::Refreshed => "confab:session-refreshed",
            Self::Error(_) => "confab:session-error",
            Self::Closed(_) => "confab:session-closed",
        }
    }

    /// The event's `detail`: `{}`, `{message}` or `{reason}`.
    fn detail(&self) -> JsValue {
        let detail = js_sys::Object::new();
        let entry = match self {
            Self::Refreshed => None,
            Self::Error(message) => Some(("message", message)),
            Self::Closed(reason) => Some(("reason", reason)),
        };
        if let Some((key, value)) = entry {
            let _ = js_sys::Reflect::set(&detail, &key.into(), &value.into());
        }
        detail.into()
    }
}

/// The host's callbacks, each optional.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Callbacks {
    pub on_refreshed: Option<js_sys::Function>,
    pub on_error: Option<js_sys::Function>,
    pub on_closed: Option<js_sys::Function>,
    pub on_room_opened: Option<js_sys::Function>,
    pub on_action: Option<js_sys::Function>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct HostHooks {
    /// The element the app is mounted in.
    pub root: Option<Element>,
    pub callbacks: Callbacks,
}

impl HostHooks {
    pub fn emit(&self, event: &SessionEvent) {
        let callback = match event {
            SessionEvent::Refreshed => &self.callbacks.on_refreshed,
            SessionEvent::Error(_) => &self.callbacks.on_error,
            SessionEvent::Closed(_) => &self.callbacks.on_closed,
        };
        self.tell(event.name(), &event.detail(), callback.as_ref());
    }

    /// A room was opened: the detail is `{_id, rid, name, t}`.
    pub fn room_opened(&self, rid: &str, name: &str, t: confab_protocol::RoomType) {
        let room = js_sys::Object::new();
        for (key, value) in [("_id", rid), ("rid", rid), ("name", name), ("t", t.as_str())] {
            let _ = js_sys::Reflect::set(&room, &key.into(), &value.into());
        }
        self.tell("confab:room-opened", &room, self.callbacks.on_room_opened.as_ref());
    }

    /// One of the host's own actions was chosen: the detail is `{action, message?, room}`.
    pub fn action(&self, detail: &JsValue) {
        self.tell("confab:action", detail, self.callbacks.on_action.as_ref());
    }

    fn tell(&self, name: &str, detail: &JsValue, callback: Option<&js_sys::Function>) {
        if let Some(root) = &self.root {
            let init = CustomEventInit::new();
            init.set_bubbles(true);
            init.set_composed(true);
            init.set_detail(detail);
            if let Ok(custom) = CustomEvent::new_with_event_init_dict(name, &init) {
                let _ = root.dispatch_event(&custom);
            }
        }
        if let Some(callback) = callback {
            // A throwing host callback is the host's problem, not a reason to stop the session.
            let _ = callback.call1(&JsValue::NULL, detail);
        }
    }
}
