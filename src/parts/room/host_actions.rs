//! The host's own actions in a room (see `services::chat::host_actions`): those the user may use,
//! worked out once per room and rights, handed to every message's toolbar through a context, and
//! the button each one is.

use std::rc::Rc;

use confab_protocol::RoomType;
use confab_protocol::config::actions::{ActionPlace, HostAction};
use yew::prelude::*;

use confab_core::i18n::use_texts;

/// The actions offered in the open room, for its messages and its header.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RoomActions {
    pub on_messages: Rc<Vec<Rc<HostAction>>>,
    pub on_room: Rc<Vec<Rc<HostAction>>>,
    pub room_name: AttrValue,
    pub t: Option<RoomType>,
    /// The reader holds `pin-message` here (not a host action, but offered beside them).
    pub may_pin: bool,
}

impl RoomActions {
    /// Of `actions`, those the user may use, split by where they show.
    pub fn offered(
        actions: &[HostAction],
        may_use: impl Fn(&HostAction) -> bool,
        room_name: AttrValue,
        t: Option<RoomType>,
    ) -> Self {
        let of =
            |place| Rc::new(actions.iter().filter(|a| a.on == place && may_use(a)).cloned().map(Rc::new).collect());
        Self { on_messages: of(ActionPlace::Message), on_room: of(ActionPlace::Room), room_name, t, may_pin: false }
    }
}

#[derive(Properties, PartialEq)]
pub struct HostActionButtonProps {
    pub action: Rc<HostAction>,
    pub onclick: Callback<MouseEvent>,
}

/// One host action: its icon (or its label where it has none) and its label as its name.
#[function_component(HostActionButton)]
pub fn host_action_button(props: &HostActionButtonProps) -> Html {
    let texts = use_texts();
    let tabindex = super::timeline_keys::use_control_tabindex();
    let label = props.action.label_in(texts.language).to_owned();
    html! {
        <button type="button" class="host-action" data-host-action={props.action.id.clone()} {tabindex}
                aria-label={label.clone()} title={label.clone()} onclick={props.onclick.clone()}>
            if let Some(d) = props.action.icon.clone() {
                <svg class="icon" viewBox="0 0 24 24" width="1em" height="1em" fill="none" stroke="currentColor"
                     stroke-width="2" stroke-linecap="round" stroke-linejoin="round" focusable="false" aria-hidden="true">
                    <path {d} />
                </svg>
            } else {
                { label }
            }
        </button>
    }
}
