//! The page API's commands: while the embed policy allows an origin to command Confab, the page
//! API part listens for them and acts on the client and state as last rendered (see
//! `services::page_api`), and the framing page is told `startup` and the unread total.

use std::cell::RefCell;
use std::rc::Rc;

use confab_protocol::config::{Authentication, EmbedPolicy};
use gloo_events::EventListener;
use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::services::chat::ChatClient;
use crate::services::page_api::{PAGE_API, PageEvent, PagePort};
use crate::state::ChatState;

/// What a command acts on: the client, when signed in, and the state as last rendered.
pub type Latest = RefCell<(Option<Rc<ChatClient>>, Option<UseReducerHandle<ChatState>>)>;

/// Listens for the framing page's commands while `policy` allows any origin (`on_login` starts a
/// session with the credentials of an accepted `login-with-token`), and tells it `startup` and
/// the unread total.
#[hook]
pub fn use_page_api(
    policy: EmbedPolicy,
    client: Option<Rc<ChatClient>>,
    state: UseReducerHandle<ChatState>,
    on_login: Callback<Authentication>,
) {
    let signed_in = client.filter(|_| state.signed_out.is_none());
    let latest: Rc<Latest> = use_mut_ref(Default::default);
    *latest.borrow_mut() = (signed_in.clone(), Some(state.clone()));
    let started = use_mut_ref(|| false);
    use_effect_with(policy.clone(), move |policy| {
        // The listener, once the part is here; `None` inside once the effect is cleaned up.
        let listener = Rc::new(RefCell::new(Some(None::<EventListener>)));
        if !policy.allowed_origins.is_empty() {
            let (policy, slot, started) = (policy.clone(), listener.clone(), started.clone());
            spawn_local(async move {
                let Ok(api) = PAGE_API.load().await else { return };
                let mut slot = slot.borrow_mut();
                let Some(listening) = slot.as_mut() else { return };
                *listening = (api.listen)(&policy, latest, on_login);
                // Rocket.Chat's `startup`: the page may send commands from now on.
                if policy.target_origin.is_some() && !started.replace(true) {
                    PagePort::new(&policy).post(PageEvent::Startup);
                }
            });
        }
        move || drop(listener.borrow_mut().take())
    });
    let unread = signed_in.as_ref().map(|_| state.rooms.entries.iter().map(|e| e.subscription.unread).sum::<u32>());
    use_effect_with((unread, policy), |(unread, policy)| {
        if let Some(unread) = unread {
            PagePort::new(policy).post(PageEvent::UnreadChanged(*unread));
        }
    });
}
