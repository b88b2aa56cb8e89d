//! The room part: an open room (its header, the windowed timeline, each message with its
//! markup, reactions and actions, typing, the composer with its suggestions) and a thread beside
//! it. The first screen is the room list; this is fetched when a room is first opened, or
//! before, when the browser is idle after the list has rendered. The chat client's room work
//! (history, sending, edits, reactions) is called only from here, so it comes with it.
//!
//! Public for the browser tests, which render messages on their own; the core reaches it only
//! through [`super::ROOM_VIEW`] and [`super::THREAD_PANEL`].

pub mod attachments;
pub mod autocomplete;
mod blocks;
pub mod composer;
pub mod composer_tools;
pub mod drafts;
mod feedback;
pub mod host_actions;
pub mod link_previews;
pub mod markup;
pub mod message_actions;
pub mod message_item;
mod names;
pub mod notification_choice;
pub mod room_header;
mod room_hooks;
pub mod room_view;
mod shortcuts;
pub mod staff_bar;
pub mod stars;
pub mod stored_file;
mod streamed_answer;
pub mod support_bar;
pub mod thread_panel;
pub mod timeline_keys;
pub mod timeline_view;
pub mod typing_indicator;
pub mod visitor_start;

use yew::prelude::*;

use confab_core::slots::RoomViewProps;

/// The room's strings, every language of them, which came with it (public for the browser
/// tests, which render its views on their own).
pub fn strings() {
    confab_core::i18n::catalog::add_part_strings(include_str!(concat!(env!("OUT_DIR"), "/parts/room.json")));
}

/// The room's stylesheet (`styles/room.css`), beside each view of this part, so it is wherever
/// they are (in a `<confab-chat>` element's shadow root too) and costs the first screen nothing.
fn stylesheet() -> Html {
    html! { <>{ crate::parts::ui_stylesheet() }<style>{ include_str!(concat!(env!("OUT_DIR"), "/room.css")) }</style></> }
}

/// An open room's view.
pub fn room(props: RoomViewProps) -> Html {
    strings();
    html! { <>{ stylesheet() }<room_view::RoomView ..props /></> }
}

/// The thread panel's view.
pub fn thread((): ()) -> Html {
    strings();
    html! { <>{ stylesheet() }<thread_panel::ThreadPanel /></> }
}
