//! Starting something new from the sidebar: a public channel by name, or a direct conversation
//! with someone by username.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::{use_client, use_features};
use crate::i18n::use_texts;

#[derive(Clone, Copy, PartialEq)]
enum Form {
    Closed,
    Channel,
    Direct,
}

#[function_component(NewRoom)]
pub fn new_room() -> Html {
    let client = use_client();
    let texts = use_texts();
    let features = use_features();
    let form = use_state(|| Form::Closed);
    let value = use_state(String::new);
    let open = |kind: Form| {
        let (form, value) = (form.clone(), value.clone());
        Callback::from(move |_: MouseEvent| {
            value.set(String::new());
            form.set(if *form == kind { Form::Closed } else { kind });
        })
    };
    let oninput = {
        let value = value.clone();
        Callback::from(move |event: InputEvent| value.set(event.target_unchecked_into::<HtmlInputElement>().value()))
    };
    let onsubmit = {
        let (form, value) = (form.clone(), value.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let name = value.trim().to_owned();
            if name.is_empty() {
                return;
            }
            match *form {
                Form::Channel => client.create_channel(&name),
                Form::Direct => client.start_direct(&name),
                Form::Closed => {}
            }
            form.set(Form::Closed);
        })
    };
    let onkeydown = {
        let form = form.clone();
        Callback::from(move |event: KeyboardEvent| {
            if event.key() == "Escape" {
                form.set(Form::Closed);
            }
        })
    };
    let (label, placeholder) = match *form {
        Form::Channel => (texts.get("newRoom.channelName"), "new-channel"),
        _ => (texts.get("newRoom.username"), "username"),
    };
    if !features.room_creation && !features.direct_messages {
        return html! {};
    }
    html! {
        <div class="new-room">
            <div class="new-room-buttons">
                if features.room_creation {
                    <button type="button" class="new-channel" aria-expanded={(*form == Form::Channel).to_string()} onclick={open(Form::Channel)}>
                        { texts.get("newRoom.channel") }
                    </button>
                }
                if features.direct_messages {
                    <button type="button" class="new-direct" aria-expanded={(*form == Form::Direct).to_string()} onclick={open(Form::Direct)}>
                        { texts.get("newRoom.direct") }
                    </button>
                }
            </div>
            if *form != Form::Closed {
                <form class="new-room-form" {onsubmit} {onkeydown}>
                    <input aria-label={label} {placeholder} value={(*value).clone()} {oninput} autofocus=true />
                    <button type="submit" disabled={value.trim().is_empty()}>{ texts.get(if *form == Form::Channel { "newRoom.create" } else { "newRoom.start" }) }</button>
                </form>
            }
        </div>
    }
}
