//! The page API: Confab's postMessage API, as Rocket.Chat's iframe integration has it, so a page written for
//! that works unchanged: commands from a page that frames (or opened) Confab, obeyed only from
//! the exact origins `embed.allowedOrigins` lists; events to the framing page, posted only to
//! `embed.targetOrigin`, never to `*`.
//!
//! Most pages never frame Confab, so the machinery is a part (`parts/page_api.rs`): this module
//! only says what there is to tell ([`PageEvent`]), and fetches the part when there is a framing
//! page to tell it to or an origin allowed to command. Events told before the part has arrived
//! wait for it, in order.

use std::any::Any;
use std::cell::RefCell;
use std::rc::Rc;

use confab_protocol::config::{Authentication, EmbedPolicy};
use confab_protocol::{Message, RoomType};
use gloo_events::EventListener;
use wasm_bindgen_futures::spawn_local;
use web_sys::Window;
use yew::prelude::*;

use crate::slots::part::Part;

/// What the framing page hears.
#[derive(Clone, Debug, PartialEq)]
pub enum PageEvent {
    /// The app listens for commands from now on.
    Startup,
    RoomOpened {
        rid: String,
        name: String,
        t: RoomType,
    },
    /// A new message in the room shown.
    NewMessage(Message),
    /// A new message that mentions the reader or came in a direct room.
    Notification {
        message: Message,
        t: Option<RoomType>,
    },
    /// The reader's unread messages, all rooms together.
    UnreadChanged(u32),
    /// One of the host's own actions was chosen (`{action, message?, room}`).
    Action(serde_json::Value),
}

/// What a command acts on, as the part is handed it: `components::page_commands::Latest`, behind
/// `Any` (as a view's props are), so that this interface, which the chat client posts through,
/// names no client.
pub type Target = Rc<dyn Any>;

/// What the page API part hands the core.
#[derive(Clone, Copy)]
pub struct PageApi {
    /// Posts an event to the framing page at the target origin.
    pub post: fn(&Window, &str, &PageEvent),
    /// Listens for commands from the policy's origins and acts on them until dropped; an accepted
    /// `login-with-token` goes to the callback.
    pub listen: fn(&EmbedPolicy, Target, Callback<Authentication>) -> Option<EventListener>,
}

/// The page API part's slot.
pub static PAGE_API: Part<PageApi> = Part::slot();

/// Where events go: the framing page, at the configured origin.
#[derive(Clone, Debug, Default)]
pub struct PagePort {
    target: Option<String>,
    waiting: Rc<RefCell<Vec<PageEvent>>>,
}

impl PartialEq for PagePort {
    fn eq(&self, other: &Self) -> bool {
        self.target == other.target
    }
}

impl PagePort {
    pub fn new(policy: &EmbedPolicy) -> Self {
        Self { target: policy.target_origin.clone(), waiting: Rc::default() }
    }

    /// Tells the framing page, if Confab is framed and a target origin is configured; the
    /// browser delivers it only if that page is of that origin.
    pub fn post(&self, event: PageEvent) {
        let (Some(target), Some(parent)) = (self.target.clone(), framing_page()) else { return };
        if let Some(api) = PAGE_API.get() {
            return (api.post)(&parent, &target, &event);
        }
        let mut waiting = self.waiting.borrow_mut();
        waiting.push(event);
        if waiting.len() > 1 {
            return;
        }
        let waiting = self.waiting.clone();
        spawn_local(async move {
            match PAGE_API.load().await {
                Ok(api) => waiting.take().iter().for_each(|event| (api.post)(&parent, &target, event)),
                // The part could not be fetched: what waited is dropped, and the next event tries again.
                Err(_) => waiting.borrow_mut().clear(),
            }
        });
    }
}

/// The page framing this one, if any.
pub fn framing_page() -> Option<Window> {
    let window = web_sys::window()?;
    let parent = window.parent().ok()??;
    (!js_sys::Object::is(&parent, &window)).then_some(parent)
}

pub fn warn(text: &str) {
    web_sys::console::warn_1(&text.into());
}
