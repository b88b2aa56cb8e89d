//! What the sidebar's "+ Channel" and "+ Direct message" buttons open: a dialog that creates a
//! channel or a private group (its name made valid as it is typed, with the rule shown, a topic,
//! and the people invited), or one that finds a person to write to as their name is typed; and
//! the directory of public channels, a click away from a new channel. The support team's section
//! ([`crate::parts::support`]) is shown through the same slot.

mod channel_form;
mod directory;

use confab_core::slots::{NewRoomFormProps, RoomKind};
use confab_core::ui::Dialog;
use yew::prelude::*;

use crate::parts::person_search::PersonSearch;
use confab_core::components::use_client;
use confab_core::i18n::use_texts;

/// The dialog's view.
pub fn view(props: NewRoomFormProps) -> Html {
    confab_core::i18n::catalog::add_part_strings(include_str!(concat!(env!("OUT_DIR"), "/parts/new_room_form.json")));
    html! { <>{ crate::parts::ui_stylesheet() }<NewRoomForm ..props /></> }
}

#[function_component(NewRoomForm)]
fn new_room_form(props: &NewRoomFormProps) -> Html {
    let form = match props.kind {
        Some(RoomKind::Channel) => html! { <ChannelOrDirectory on_done={props.on_done.clone()} /> },
        Some(RoomKind::Direct) => html! { <DirectForm on_done={props.on_done.clone()} /> },
        None => Html::default(),
    };
    html! {
        <>
            if props.support { { crate::parts::support::section(()) } }
            { form }
        </>
    }
}

#[derive(Properties, PartialEq)]
struct DoneProps {
    on_done: Callback<()>,
}

/// "+ Channel" makes a new one, or, a click away, finds one to join.
#[function_component(ChannelOrDirectory)]
fn channel_or_directory(props: &DoneProps) -> Html {
    let browsing = use_state(|| false);
    let on_browse = {
        let browsing = browsing.clone();
        Callback::from(move |()| browsing.set(true))
    };
    if *browsing {
        html! { <directory::Directory on_done={props.on_done.clone()} /> }
    } else {
        html! { <channel_form::ChannelForm on_done={props.on_done.clone()} {on_browse} /> }
    }
}

/// A person to write to, found as their name is typed; picking one opens the conversation.
#[function_component(DirectForm)]
fn direct_form(props: &DoneProps) -> Html {
    let client = use_client();
    let texts = use_texts();
    let on_pick = {
        let on_done = props.on_done.clone();
        Callback::from(move |user: confab_protocol::User| {
            client.start_direct(&user.username);
            on_done.emit(());
        })
    };
    html! {
        <Dialog class="new-room-dialog new-direct-dialog" label={texts.get("newRoom.directTitle")} heading=true close_label={texts.get("newRoom.close")}
                on_close={props.on_done.clone()}>
            <PersonSearch label={texts.get("newRoom.whom")} {on_pick} exclude={Vec::new()} take_focus=true />
        </Dialog>
    }
}
