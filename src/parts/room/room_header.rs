//! A room's header: its face and name, topic and member count, the host's actions for the room,
//! the reader's notification choice, and the buttons that open search, pinned, starred and the
//! member list beside the room.

use yew::prelude::*;

use super::host_actions::{HostActionButton, RoomActions};
use super::notification_choice::NotificationChoice;
use crate::parts::Finding;
use confab_core::components::avatar::{avatar, person};
use confab_core::components::{use_chat_state, use_client};
use confab_core::i18n::use_texts;

#[derive(Properties, PartialEq)]
pub struct RoomHeaderProps {
    pub rid: AttrValue,
    /// What is open beside the room: search, pinned or starred.
    pub finding: UseStateHandle<Option<Finding>>,
    /// Whether the member list is open beside the room.
    pub listing: UseStateHandle<bool>,
}

#[function_component(RoomHeader)]
pub fn room_header(props: &RoomHeaderProps) -> Html {
    let state = use_chat_state();
    let client = use_client();
    let texts = use_texts();
    let room_actions = use_context::<RoomActions>().expect("the room view provides its actions");
    let entry = state.room(&props.rid);
    let title = entry.map(|r| r.subscription.display_name().to_owned()).unwrap_or_default();
    let topic = entry.and_then(|r| r.room.as_ref()).and_then(|r| r.topic.clone());
    let members = entry.and_then(|r| r.room.as_ref()).map(|r| r.users_count);
    let direct = entry.is_some_and(|r| r.subscription.t == confab_protocol::RoomType::Direct);
    // A direct room is its person: their picture; other rooms their initials.
    let face = entry.map(|r| {
        let name = &r.subscription.name;
        if direct {
            person(name, Some(client.avatar_url(name, state.avatar_etag(name))), state.presence_of(name), &texts)
        } else {
            avatar(name, None)
        }
    });
    let find_button = |what: Finding, class: &'static str, key: &'static str| {
        let finding = props.finding.clone();
        let shown = *finding == Some(what);
        html! {
            <button type="button" {class} aria-expanded={shown.to_string()}
                    onclick={Callback::from(move |_: MouseEvent| finding.set((!shown).then_some(what)))}>{ texts.get(key) }</button>
        }
    };
    html! {
        <header class="room-header">
            <button type="button" class="back-to-rooms" onclick={
                let client = client.clone();
                Callback::from(move |_: MouseEvent| client.close_room())
            }>{ "← " }{ texts.get("layout.back") }</button>
            <div class="room-title">{ face }<h1>{ title }</h1></div>
            if let Some(topic) = topic {
                <p class="room-topic">{ topic }</p>
            }
            if let Some(members) = members {
                <p class="room-members">{ texts.count("room.members", u64::from(members), &[]) }</p>
            }
            if let Some(t) = room_actions.t {
                { for room_actions.on_room.iter().map(|action| {
                    let (client, action, rid, name) = (client.clone(), action.clone(), props.rid.clone(), room_actions.room_name.clone());
                    let chosen = action.clone();
                    let onclick = Callback::from(move |_: MouseEvent| client.choose_host_action(&chosen, &rid, &name, t, None));
                    let key = action.id.clone();
                    html! { <HostActionButton {key} {action} {onclick} /> }
                }) }
            }
            <NotificationChoice rid={props.rid.clone()} />
            { find_button(Finding::Search, "find-messages", "room.search") }
            { find_button(Finding::Pinned, "show-pinned", "room.showPinned") }
            { find_button(Finding::Starred, "show-starred", "room.showStarred") }
            if !direct {
                <button type="button" class="show-members" aria-expanded={(*props.listing).to_string()} onclick={
                    let listing = props.listing.clone();
                    Callback::from(move |_: MouseEvent| listing.set(!*listing))
                }>{ texts.get("room.showMembers") }</button>
            }
        </header>
    }
}
