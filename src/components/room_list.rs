//! The user's rooms in sections (channels, private groups, direct messages) with unread counts.

use confab_protocol::{RoomType, Subscription};
use yew::prelude::*;

use super::{use_chat_state, use_client};
use crate::state::Load;

const SECTIONS: [(RoomType, &str); 3] =
    [(RoomType::Channel, "Channels"), (RoomType::Group, "Private groups"), (RoomType::Direct, "Direct messages")];

#[function_component(RoomList)]
pub fn room_list() -> Html {
    let state = use_chat_state();
    match &state.rooms_status {
        Load::Loading => return html! { <p class="room-list-status" role="status">{ "Loading rooms…" }</p> },
        Load::Failed(error) => return html! { <p class="room-list-status error" role="alert">{ error.clone() }</p> },
        Load::Ready if state.rooms.is_empty() => {
            return html! { <p class="room-list-status">{ "You are not in any room yet." }</p> };
        }
        Load::Ready => {}
    }
    let sections = SECTIONS.iter().filter_map(|(t, title)| {
        let rooms: Vec<&Subscription> = state.rooms.iter().filter(|r| r.t == *t).collect();
        (!rooms.is_empty()).then(|| {
            html! {
                <section class="room-section" aria-label={*title}>
                    <h2>{ *title }</h2>
                    <ul>
                        { for rooms.into_iter().map(|room| html! {
                            <RoomEntry room={room.clone()} selected={state.open_room.as_deref() == Some(room.rid.as_str())} />
                        }) }
                    </ul>
                </section>
            }
        })
    });
    html! { <nav class="room-list" aria-label="Rooms">{ for sections }</nav> }
}

#[derive(Properties, PartialEq)]
struct RoomEntryProps {
    room: Subscription,
    selected: bool,
}

#[function_component(RoomEntry)]
fn room_entry(props: &RoomEntryProps) -> Html {
    let client = use_client();
    let room = props.room.clone();
    let onclick = Callback::from(move |_| client.open_room(&room));
    let prefix = match props.room.t {
        RoomType::Channel => "#",
        RoomType::Group => "🔒",
        RoomType::Direct => "@",
    };
    html! {
        <li>
            <button class={classes!("room-entry", props.selected.then_some("selected"))}
                    data-room-name={props.room.name.clone()}
                    aria-current={props.selected.then_some("page")}
                    {onclick}>
                <span class="room-prefix" aria-hidden="true">{ prefix }</span>
                <span class="room-name">{ props.room.display_name().to_owned() }</span>
                if props.room.unread > 0 && !props.selected {
                    <span class="unread-badge" aria-label={format!("{} unread", props.room.unread)}>{ props.room.unread }</span>
                }
            </button>
        </li>
    }
}
