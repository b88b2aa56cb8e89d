//! A room's header, one row at any width: its face, its name over its topic and member count,
//! and a toolbar of icon buttons (the host's actions for the room, search, pinned, starred,
//! members, the reader's notifications). Where the row is narrow, pinned and starred move into a
//! "more" menu rather than the row wrapping.

use std::rc::Rc;

use yew::prelude::*;

use super::host_actions::{HostActionButton, RoomActions};
use super::notification_choice::NotificationChoice;
use crate::parts::Finding;
use crate::parts::icons::{self, outline};
use confab_core::components::avatar::{avatar, person};
use confab_core::components::{use_chat_state, use_client};
use confab_core::i18n::use_texts;
use confab_core::icons::drawn;
use confab_core::ui::{IconButton, Menu, MenuItem};

/// What is open beside the room, in its right-hand column: one thing at a time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Beside {
    Find(Finding),
    Members,
}

const SEARCH: &str = "M11 4a7 7 0 1 0 0 14 7 7 0 0 0 0-14zM20 20l-4-4";
const PIN: &str = "M9 4h6M10 4v5l-3 4h10l-3-4V4M12 13v7";
const STAR: &str = "M12 3.5l2.6 5.3 5.9.9-4.3 4.1 1 5.8-5.2-2.8-5.2 2.8 1-5.8-4.3-4.1 5.9-.9z";
const PEOPLE: &str = "M9 11a3.5 3.5 0 1 0 0-7 3.5 3.5 0 0 0 0 7zM3 20c0-3.5 2.7-5.5 6-5.5s6 2 6 5.5M15.5 4.3a3.5 3.5 0 0 1 0 6.4M17.5 14.8c2 .6 3.5 2.4 3.5 5.2";
const MORE: &str = "M5 12h.01M12 12h.01M19 12h.01";

#[derive(Properties, PartialEq)]
pub struct RoomHeaderProps {
    pub rid: AttrValue,
    pub beside: UseStateHandle<Option<Beside>>,
}

#[function_component(RoomHeader)]
pub fn room_header(props: &RoomHeaderProps) -> Html {
    let state = use_chat_state();
    let client = use_client();
    let texts = use_texts();
    let room_actions = use_context::<RoomActions>().expect("the room view provides its actions");
    let entry = state.room(&props.rid);
    let title = entry.map(|r| r.subscription.display_name().to_owned()).unwrap_or_default();
    let topic = entry.and_then(|r| r.room.as_ref()).and_then(|r| r.topic.clone()).filter(|t| !t.is_empty());
    let direct = entry.is_some_and(|r| r.subscription.t == confab_protocol::RoomType::Direct);
    // A support conversation's people are the visitor, the bot and whoever serves it: neither a
    // count nor a member list says anything there (and a visitor may list no one).
    let support = entry.is_some_and(|r| r.subscription.t == confab_protocol::RoomType::Livechat);
    let members = entry.and_then(|r| r.room.as_ref()).map(|r| r.users_count).filter(|_| !support);
    // A direct room is its person: their picture; other rooms their initials.
    let face = entry.map(|r| {
        // A support conversation goes by its visitor's name.
        let name = if support { r.subscription.display_name() } else { &r.subscription.name };
        if direct {
            person(name, Some(client.avatar_url(name, state.avatar_etag(name))), state.presence_of(name), &texts)
        } else {
            avatar(name, None)
        }
    });
    let toggle = |what: Beside| {
        let beside = props.beside.clone();
        let shown = *beside == Some(what);
        (shown, Callback::from(move |_: MouseEvent| beside.set((!shown).then_some(what))))
    };
    let button = |what: Beside, class: &'static str, path: &'static str, key: &'static str| {
        let (shown, onclick) = toggle(what);
        html! { <IconButton {class} icon={drawn(path, false)} label={texts.get(key)} expanded={Some(shown)} {onclick} /> }
    };
    // Pinned and starred, where the row has no room for them (see room.css).
    let more_items: Rc<[MenuItem]> = Rc::new([
        MenuItem::action("pinned", texts.get("room.showPinned")).with_class("show-pinned"),
        MenuItem::action("starred", texts.get("room.showStarred")).with_class("show-starred"),
    ]);
    let on_more = {
        let beside = props.beside.clone();
        Callback::from(move |key: AttrValue| {
            beside.set(Some(Beside::Find(if key == "pinned" { Finding::Pinned } else { Finding::Starred })))
        })
    };
    html! {
        <header class="room-header">
            <IconButton class="back-to-rooms" icon={outline(icons::PREVIOUS)} label={texts.get("layout.back")}
                        onclick={{ let client = client.clone(); Callback::from(move |_: MouseEvent| client.close_room()) }} />
            { face }
            <div class="room-heading">
                <h1>{ title.clone() }</h1>
                <p class="room-subline">
                    if let Some(topic) = topic {
                        <span class="room-topic">{ topic }</span>
                    }
                    if let Some(members) = members {
                        <span class="room-members">{ texts.count("room.members", u64::from(members), &[]) }</span>
                    }
                </p>
            </div>
            <div class="toolbar room-toolbar" role="toolbar" aria-label={title.clone()}>
                if let Some(t) = room_actions.t {
                    { for room_actions.on_room.iter().map(|action| {
                        let (client, action, rid, name) = (client.clone(), action.clone(), props.rid.clone(), room_actions.room_name.clone());
                        let chosen = action.clone();
                        let onclick = Callback::from(move |_: MouseEvent| client.choose_host_action(&chosen, &rid, &name, t, None));
                        let key = action.id.clone();
                        html! { <HostActionButton {key} {action} {onclick} /> }
                    }) }
                }
                { button(Beside::Find(Finding::Search), "find-messages", SEARCH, "room.search") }
                { button(Beside::Find(Finding::Pinned), "show-pinned wide-only", PIN, "room.showPinned") }
                { button(Beside::Find(Finding::Starred), "show-starred wide-only", STAR, "room.showStarred") }
                if !direct && !support {
                    { button(Beside::Members, "show-members", PEOPLE, "room.showMembers") }
                }
                <NotificationChoice rid={props.rid.clone()} />
                <Menu class="room-more narrow-only" icon={drawn(MORE, false)} label={texts.get("room.more")}
                      items={more_items} on_pick={on_more} />
            </div>
        </header>
    }
}
