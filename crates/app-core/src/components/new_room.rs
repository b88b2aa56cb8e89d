//! Starting something new from the sidebar: a public channel by name, or a direct conversation
//! with someone by username, for those who hold `create-c` and `create-d`. The buttons are on the
//! first screen; the form they open is a part.

use yew::prelude::*;

use confab_protocol::permission::names::{CREATE_CHANNEL, CREATE_DIRECT};

use super::{use_chat_state, use_client, use_features};
use crate::i18n::use_texts;
use crate::slots::{NEW_ROOM_FORM, NewRoomFormProps, RoomKind};

#[function_component(NewRoom)]
pub fn new_room() -> Html {
    let texts = use_texts();
    let features = use_features();
    let state = use_chat_state();
    let client = use_client();
    // Offered to holders of `create-c` / `create-d`; until the permissions are read, as the
    // server's defaults have it, to everyone.
    let may = |permission| state.rights.as_ref().is_none_or(|held| client.holds(Some(&held.0), &[], permission));
    let (channels, directs) =
        (features.room_creation && may(CREATE_CHANNEL), features.direct_messages && may(CREATE_DIRECT));
    let form = use_state(|| None::<RoomKind>);
    let open = |kind: RoomKind| {
        let form = form.clone();
        Callback::from(move |_: MouseEvent| form.set(if *form == Some(kind) { None } else { Some(kind) }))
    };
    let on_done = {
        let form = form.clone();
        Callback::from(move |()| form.set(None))
    };
    if !channels && !directs {
        return html! {};
    }
    html! {
        <div class="new-room">
            <div class="new-room-buttons">
                if channels {
                    <button type="button" class="new-channel" aria-expanded={(*form == Some(RoomKind::Channel)).to_string()}
                            onclick={open(RoomKind::Channel)}>
                        { texts.get("newRoom.channel") }
                    </button>
                }
                if directs {
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
