//! Starting something new from the sidebar: a channel or group, or a direct conversation, for
//! those who hold `create-c` and `create-d`; and, for everyone, browsing the public channels. The buttons are on the
//! first screen; the form they open is a part (which also draws the support team's section, under
//! the room list: see `chat_view`).

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
    // Each opens its dialog (a part), which gives the focus back to the button when it closes.
    let form = use_state(|| None::<RoomKind>);
    let button = |shown: bool, kind: RoomKind, class: &'static str, key: &'static str| {
        let form = form.clone();
        let onclick = Callback::from(move |_: MouseEvent| form.set(Some(kind)));
        html! { if shown { <button type="button" {class} aria-haspopup="dialog" {onclick}>{ texts.get(key) }</button> } }
    };
    html! {
        <div class="new-room">
            <div class="new-room-buttons">
                { button(channels, RoomKind::Channel, "new-channel", "newRoom.channel") }
                { button(directs, RoomKind::Direct, "new-direct", "newRoom.direct") }
            </div>
            if let Some(kind) = *form {
                { NEW_ROOM_FORM.show(NewRoomFormProps { kind: Some(kind), support: false, on_done: { let form = form.clone(); Callback::from(move |()| form.set(None)) } }) }
            }
        </div>
    }
}
