//! The directory: the public channels whose names contain what is typed (Rocket.Chat's
//! `directory`), each with its topic and members, and Join, or Open where the reader is in it
//! already.

use confab_protocol::room::Room;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use confab_core::components::{use_chat_state, use_client};
use confab_core::i18n::use_texts;
use confab_core::ui::{Button, Dialog, Variant};

#[derive(Properties, PartialEq)]
pub struct DirectoryProps {
    pub on_done: Callback<()>,
}

#[function_component(Directory)]
pub fn directory(props: &DirectoryProps) -> Html {
    let client = use_client();
    let state = use_chat_state();
    let texts = use_texts();
    let text = use_state(String::new);
    // The channels found for the text, once the server has answered for it.
    let found = use_state(|| None::<(String, Vec<Room>)>);
    {
        let (client, found) = (client.clone(), found.clone());
        use_effect_with((*text).clone(), move |text| {
            let (rest, text) = (client.rest(), text.trim().to_owned());
            wasm_bindgen_futures::spawn_local(async move {
                if let Ok(page) = rest.directory(&text).await {
                    found.set(Some((text, page.result)));
                }
            });
        });
    }
    let oninput = {
        let text = text.clone();
        Callback::from(move |event: InputEvent| text.set(event.target_unchecked_into::<HtmlInputElement>().value()))
    };
    let rows = found.as_ref().map(|(_, rooms)| {
        rooms
            .iter()
            .map(|room| {
                let entry = state.room(&room.id).cloned();
                let member = entry.is_some();
                let onclick = {
                    let (client, rid, on_done) = (client.clone(), room.id.clone(), props.on_done.clone());
                    Callback::from(move |_: MouseEvent| {
                        match &entry {
                            Some(entry) => client.open_room(entry),
                            None => client.join_channel(&rid),
                        }
                        on_done.emit(());
                    })
                };
                let name = room.fname.clone().or_else(|| room.name.clone()).unwrap_or_default();
                html! {
                    <li class="directory-entry" key={room.id.clone()} data-room-name={room.name.clone()}>
                        <span class="directory-text">
                            <span class="directory-name">{ format!("#{name}") }</span>
                            if let Some(topic) = room.topic.clone().filter(|t| !t.is_empty()) {
                                <span class="directory-topic">{ topic }</span>
                            }
                            <span class="directory-members">{ texts.count("newRoom.members", u64::from(room.users_count), &[]) }</span>
                        </span>
                        <Button class="directory-join" variant={if member { Variant::Secondary } else { Variant::Primary }} {onclick}>
                            { texts.get(if member { "newRoom.open" } else { "newRoom.join" }) }
                        </Button>
                    </li>
                }
            })
            .collect::<Html>()
    });
    let none = found.as_ref().is_some_and(|(_, rooms)| rooms.is_empty());
    html! {
        <Dialog class="new-room-dialog directory-dialog" label={texts.get("newRoom.browse")} heading=true close_label={texts.get("newRoom.close")} on_close={props.on_done.clone()}>
            <input class="text-field directory-search" type="search" value={(*text).clone()} {oninput} data-autofocus="true"
                   placeholder={texts.get("newRoom.findChannel")} aria-label={texts.get("newRoom.findChannel")} />
            if none {
                <p class="field-hint" role="status">{ texts.fill("newRoom.noChannel", &[("term", text.trim())]) }</p>
            }
            <ul class="directory-list">{ for rows }</ul>
        </Dialog>
    }
}
