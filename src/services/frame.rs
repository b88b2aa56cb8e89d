//! Confab's postMessage API, as Rocket.Chat's iframe integration has it, so a page written for
//! that works unchanged: commands from a page that frames (or opened) Confab, obeyed only from
//! the exact origins `embed.allowedOrigins` lists; events to the framing page, posted only to
//! `embed.targetOrigin`, never to `*`.
//!
//! Most pages never frame Confab, so the machinery is a part (`parts/frame.rs`): this module
//! only says what there is to tell ([`FrameEvent`]), and fetches the part when there is a framing
//! page to tell it to or an origin allowed to command. Events told before the part has arrived
//! wait for it, in order.

use std::cell::RefCell;
use std::rc::Rc;

use confab_protocol::config::{Authentication, EmbedPolicy};
use confab_protocol::{Message, RoomType};
use gloo_events::EventListener;
use wasm_bindgen_futures::spawn_local;
use web_sys::Window;
use yew::prelude::*;

use crate::parts::FRAME_API;
use crate::services::chat::ChatClient;
use crate::state::ChatState;

/// What the framing page hears.
#[derive(Clone, Debug, PartialEq)]
pub enum FrameEvent {
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

/// What a command acts on: the client, when signed in, and the state as last rendered.
pub type Latest = Rc<RefCell<(Option<Rc<ChatClient>>, Option<UseReducerHandle<ChatState>>)>>;

/// What the frame part hands the core.
#[derive(Clone, Copy)]
pub struct FrameApi {
    /// Posts an event to the framing page at the target origin.
    pub post: fn(&Window, &str, &FrameEvent),
    /// Listens for commands from the policy's origins and acts on them until dropped; an accepted
    /// `login-with-token` goes to the callback.
    pub listen: fn(&EmbedPolicy, Latest, Callback<Authentication>) -> Option<EventListener>,
}

/// Where events go: the framing page, at the configured origin.
#[derive(Clone, Debug, Default)]
pub struct FramePort {
    target: Option<String>,
    waiting: Rc<RefCell<Vec<FrameEvent>>>,
}

impl PartialEq for FramePort {
    fn eq(&self, other: &Self) -> bool {
        self.target == other.target
    }
}

impl FramePort {
    pub fn new(policy: &EmbedPolicy) -> Self {
        Self { target: policy.target_origin.clone(), waiting: Rc::default() }
    }

    /// Tells the framing page, if Confab is framed and a target origin is configured; the
    /// browser delivers it only if that page is of that origin.
    pub fn post(&self, event: FrameEvent) {
        let (Some(target), Some(parent)) = (self.target.clone(), framing_page()) else { return };
        if let Some(api) = FRAME_API.get() {
            return (api.post)(&parent, &target, &event);
        }
        let mut waiting = self.waiting.borrow_mut();
        waiting.push(event);
        if waiting.len() > 1 {
            return;
        }
        let waiting = self.waiting.clone();
        spawn_local(async move {
            match FRAME_API.load().await {
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

/// Listens for the framing page's commands while `policy` allows any origin (`on_login` starts a
/// session with the credentials of an accepted `login-with-token`), and tells it `startup` and
/// the unread total.
#[hook]
pub fn use_frame_api(
    policy: EmbedPolicy,
    client: Option<Rc<ChatClient>>,
    state: UseReducerHandle<ChatState>,
    on_login: Callback<Authentication>,
) {
    let signed_in = client.filter(|_| state.signed_out.is_none());
    let latest: Latest = use_mut_ref(Default::default);
    *latest.borrow_mut() = (signed_in.clone(), Some(state.clone()));
    let started = use_mut_ref(|| false);
    use_effect_with(policy.clone(), move |policy| {
        // The listener, once the part is here; `None` inside once the effect is cleaned up.
        let listener = Rc::new(RefCell::new(Some(None::<EventListener>)));
        if !policy.allowed_origins.is_empty() {
            let (policy, slot, started) = (policy.clone(), listener.clone(), started.clone());
            spawn_local(async move {
                let Ok(api) = FRAME_API.load().await else { return };
                let mut slot = slot.borrow_mut();
                let Some(listening) = slot.as_mut() else { return };
                *listening = (api.listen)(&policy, latest, on_login);
                // Rocket.Chat's `startup`: the page may send commands from now on.
                if policy.target_origin.is_some() && !started.replace(true) {
                    FramePort::new(&policy).post(FrameEvent::Startup);
                }
            });
        }
        move || drop(listener.borrow_mut().take())
    });
    let unread = signed_in.as_ref().map(|_| state.rooms.entries.iter().map(|e| e.subscription.unread).sum::<u32>());
    use_effect_with((unread, policy), |(unread, policy)| {
        if let Some(unread) = unread {
            FramePort::new(policy).post(FrameEvent::UnreadChanged(*unread));
        }
    });
}
