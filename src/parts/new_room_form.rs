//! The form the sidebar's "new channel" and "new direct message" buttons open: a name, and the
//! button that creates the channel or starts the conversation.

use confab_core::slots::{NewRoomFormProps, RoomKind};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use confab_core::components::use_client;
use confab_core::i18n::use_texts;

/// The form's view.
pub fn view(props: NewRoomFormProps) -> Html {
    confab_core::i18n::catalog::add_part_strings(include_str!("../../locales/parts/new_room_form.json"));
    html! { <>{ crate::parts::ui_stylesheet() }<NewRoomForm ..props /></> }
}

#[function_component(NewRoomForm)]
fn new_room_form(props: &NewRoomFormProps) -> Html {
    let client = use_client();
    let texts = use_texts();
    let value = use_state(String::new);
    let oninput = {
        let value = value.clone();
        Callback::from(move |event: InputEvent| value.set(event.target_unchecked_into::<HtmlInputElement>().value()))
    };
    let onsubmit = {
        let (value, kind, on_done) = (value.clone(), props.kind, props.on_done.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let name = value.trim().to_owned();
            if name.is_empty() {
                return;
            }
            match kind {
                RoomKind::Channel => client.create_channel(&name),
                RoomKind::Direct => client.start_direct(&name),
            }
            on_done.emit(());
        })
    };
    let onkeydown = {
        let on_done = props.on_done.clone();
        Callback::from(move |event: KeyboardEvent| {
            if event.key() == "Escape" {
                on_done.emit(());
            }
        })
    };
    let (label, placeholder, submit) = match props.kind {
        RoomKind::Channel => (texts.get("newRoom.channelName"), "new-channel", texts.get("newRoom.create")),
        RoomKind::Direct => (texts.get("newRoom.username"), "username", texts.get("newRoom.start")),
    };
    html! {
        <form class="new-room-form" {onsubmit} {onkeydown}>
            <input aria-label={label} {placeholder} value={(*value).clone()} {oninput} autofocus=true />
            <button type="submit" disabled={value.trim().is_empty()}>{ submit }</button>
        </form>
    }
}
