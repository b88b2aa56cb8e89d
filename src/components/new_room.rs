//! Starting something new from the sidebar: a public channel by name, or a direct conversation
//! with someone by username. The buttons are on the first screen; the form they open is a part.

use yew::prelude::*;

use super::use_features;
use crate::i18n::use_texts;
use crate::parts::{NEW_ROOM_FORM, NewRoomFormProps, RoomKind};

#[function_component(NewRoom)]
pub fn new_room() -> Html {
    let texts = use_texts();
    let features = use_features();
    let form = use_state(|| None::<RoomKind>);
    let open = |kind: RoomKind| {
        let form = form.clone();
        Callback::from(move |_: MouseEvent| form.set(if *form == Some(kind) { None } else { Some(kind) }))
    };
    let on_done = {
        let form = form.clone();
        Callback::from(move |()| form.set(None))
    };
    if !features.room_creation && !features.direct_messages {
        return html! {};
    }
    html! {
        <div class="new-room">
            <div class="new-room-buttons">
                if features.room_creation {
                    <button type="button" class="new-channel" aria-expanded={(*form == Some(RoomKind::Channel)).to_string()}
                            onclick={open(RoomKind::Channel)}>
                        { texts.get("newRoom.channel") }
                    </button>
                }
                if features.direct_messages {
                    <button type="button" class="new-direct" aria-expanded={(*form == Some(RoomKind::Direct)).to_string()}
                            onclick={open(RoomKind::Direct)}>
                        { texts.get("newRoom.direct") }
                    </button>
                }
            </div>
            if let Some(kind) = *form {
                // Keyed by kind: switching from one form to the other starts it empty.
                <div class="new-room-form-slot" key={kind as u8}>{ NEW_ROOM_FORM.show(NewRoomFormProps { kind, on_done }) }</div>
            }
        </div>
    }
}
