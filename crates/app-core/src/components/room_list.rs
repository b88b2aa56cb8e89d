//! The user's rooms in sections (channels, private groups, direct messages), each sorted by last
//! activity, with the last message, its time, and unread and mention badges; a filter box
//! narrows the list by name.

use confab_protocol::RoomType;
use gloo_timers::callback::Timeout;
use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::avatar::{avatar, person};
use super::{use_chat_state, use_client};
use crate::i18n::use_texts;
use crate::icons::{Icon, icon};
use crate::state::{Load, RoomEntry};
use confab_protocol::presence::UserStatus;

/// The list's sections. Support conversations are in the support section (a part) instead.
const SECTIONS: [(RoomType, &str); 3] =
    [(RoomType::Channel, "rooms.channels"), (RoomType::Group, "rooms.groups"), (RoomType::Direct, "rooms.direct")];

/// How long a pointer rests on a room's entry before the room is made ready: longer than one
/// passing over the list takes, shorter than a reader's aim before a click.
const RESTING_MS: u32 = 80;

/// `text` in lower case, as the browser folds it (every script's rules, and no tables of
/// Unicode's in the app). The server, rendering the first screen, has Rust's.
#[cfg(target_arch = "wasm32")]
fn folded(text: &str) -> String {
    js_sys::JsString::from(text).to_lower_case().into()
}

#[cfg(not(target_arch = "wasm32"))]
fn folded(text: &str) -> String {
    text.to_lowercase()
}

#[function_component(RoomList)]
pub fn room_list() -> Html {
    let state = use_chat_state();
    let client = use_client();
    let texts = use_texts();
    let filter = use_state(String::new);
    let oninput = {
        let filter = filter.clone();
        Callback::from(move |event: InputEvent| filter.set(event.target_unchecked_into::<HtmlInputElement>().value()))
    };
    {
        // The room list is on screen: the moment start-up benchmarks measure, after which the
        // parts are fetched, the room's at once and the rest while the browser is idle.
        let ready = state.rooms_status == Load::Ready;
        use_effect_with(ready, |ready| {
            if *ready {
                crate::services::browser::mark("confab:room-list");
                crate::slots::prefetch_after_first_screen();
            }
        });
    }
    let body = match &state.rooms_status {
        Load::Loading => html! { <p class="room-list-status" role="status">{ texts.get("rooms.loading") }</p> },
        Load::Failed(error) => html! { <p class="room-list-status error" role="alert">{ texts.say(error) }</p> },
        Load::Ready if state.rooms.entries.is_empty() => {
            html! { <p class="room-list-status">{ texts.get("rooms.none") }</p> }
        }
        Load::Ready => {
            let needle = folded(filter.trim());
            let shown = |entry: &&RoomEntry| {
                needle.is_empty()
                    || folded(entry.subscription.display_name()).contains(&needle)
                    || folded(&entry.subscription.name).contains(&needle)
            };
            let sections = SECTIONS.iter().filter_map(|(t, key)| {
                let title = texts.get(key);
                let rooms: Vec<&RoomEntry> =
                    state.rooms.entries.iter().filter(|r| r.subscription.t == *t).filter(shown).collect();
                (!rooms.is_empty()).then(|| {
                    html! {
                        <section class="room-section" aria-label={title.clone()}>
                            <h2>{ title }</h2>
                            <ul>
                                { for rooms.into_iter().map(|room| {
                                    // A direct room is its person: their picture.
                                    let name = &room.subscription.name;
                                    let direct = room.subscription.t == RoomType::Direct;
                                    let picture = direct.then(|| client.avatar_url(name, state.avatar_etag(name)));
                                    let presence = if direct { state.presence_of(name) } else { None };
                                    html! {
                                        <RoomItem key={room.rid().to_owned()} room={room.clone()} {picture} {presence}
                                                  selected={state.open_room.as_deref() == Some(room.rid())} />
                                    }
                                }) }
                            </ul>
                        </section>
                    }
                })
            });
            // When none of one's rooms matches, the stylesheet says so from `data-none` (the
            // directory is a button away).
            html! { <div class="room-sections" data-none={texts.get("rooms.noMatch")}>{ for sections }</div> }
        }
    };
    html! {
        <nav class="room-list" aria-label={texts.get("rooms.label")} onkeydown={Callback::from(move_focus)}>
            <input class="room-filter" type="search" placeholder={texts.get("rooms.find")} aria-label={texts.get("rooms.find")}
                   value={(*filter).clone()} {oninput} />
            { body }
        </nav>
    }
}

/// Arrow keys, Home and End move between the rooms of this list (looked up within it, so that
/// two instances on a page, or one in a shadow root, each keep to their own).
fn move_focus(event: KeyboardEvent) {
    if let Some(list) = event.current_target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) {
        super::focus::move_in_list(&event, &list, ".room-entry", false);
    }
}

#[derive(Properties, PartialEq)]
struct RoomItemProps {
    room: RoomEntry,
    selected: bool,
    /// A direct room's picture: its person's. A room has only its initials.
    picture: Option<String>,
    /// A direct room's person's presence, once heard.
    presence: Option<UserStatus>,
}

#[function_component(RoomItem)]
fn room_item(props: &RoomItemProps) -> Html {
    let client = use_client();
    let texts = use_texts();
    let subscription = &props.room.subscription;
    let room = props.room.clone();
    let onclick = {
        let (client, room) = (client.clone(), room.clone());
        Callback::from(move |_| client.open_room(&room))
    };
    // Pressed, focused, or rested on by a pointer (not one passing over the list): the room is
    // made ready, so that the click shows its messages without a round trip.
    let prepare = {
        let client = client.clone();
        Callback::from(move |()| client.prepare_room(&room))
    };
    let resting = use_mut_ref(|| None::<Timeout>);
    let onpointerenter = {
        let (resting, prepare) = (resting.clone(), prepare.clone());
        Callback::from(move |_| {
            let prepare = prepare.clone();
            *resting.borrow_mut() = Some(Timeout::new(RESTING_MS, move || prepare.emit(())));
        })
    };
    let onpointerleave = Callback::from(move |_| drop(resting.borrow_mut().take()));
    let onpointerdown = prepare.reform(|_| ());
    let onfocus = prepare.reform(|_| ());
    // The room's last message as the server keeps it: "You:" for one's own, what a notice
    // says for a notice, and when, as a list says it.
    let preview = props.room.last_message().map(|m| {
        let author = if m.u.id == client.me().id {
            texts.get("rooms.you").to_string()
        } else {
            m.u.display_name().split_whitespace().next().unwrap_or_default().to_owned()
        };
        let text = match m.t.as_deref() {
            None => format!("{author}: {}", m.plain_text()),
            Some("message_pinned") => texts.fill("rooms.pinned", &[("name", &author)]),
            Some(_) => m.plain_text(),
        };
        (text, texts.when(m.ts))
    });
    let unread = subscription.unread > 0 && !props.selected;
    let mentions = subscription.user_mentions + subscription.group_mentions;
    html! {
        <li>
            <button class={classes!("room-entry", props.selected.then_some("selected"), unread.then_some("unread"))}
                    data-room-name={subscription.name.clone()}
                    aria-current={props.selected.then_some("page")}
                    {onclick} {onpointerenter} {onpointerleave} {onpointerdown} {onfocus}>
                if subscription.t == RoomType::Direct {
                    { person(&subscription.name, props.picture.clone(), props.presence, &texts) }
                } else {
                    { avatar(&subscription.name, props.picture.clone()) }
                }
                <span class="room-text">
                    <span class="room-name">
                        { subscription.display_name().to_owned() }
                        // The section says the room is private; the lock repeats it for the eye.
                        if subscription.t == RoomType::Group { { icon(Icon::Lock) } }
                    </span>
                    if let Some((text, _)) = &preview {
                        <span class="room-preview">{ text.clone() }</span>
                    }
                </span>
                <span class="room-meta">
                    if let Some((_, time)) = &preview {
                        <time class="room-time">{ time.clone() }</time>
                    }
                    if unread && mentions > 0 {
                        <span class="mention-badge" aria-label={texts.count("rooms.mentions", u64::from(mentions), &[])}>{ "@" }</span>
                    }
                    if unread {
                        <span class="unread-badge" aria-label={texts.count("rooms.unread", u64::from(subscription.unread), &[])}>{ subscription.unread }</span>
                    }
                </span>
            </button>
        </li>
    }
}
