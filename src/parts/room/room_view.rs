//! One room: its header, its messages (kept scrolled to the newest while the reader is at the
//! bottom) and the composer. A polite live region reads out each message others send to the
//! open room, so a screen-reader user hears the conversation without leaving the composer.

use std::rc::Rc;

use confab_core::slots::RoomViewProps;
use yew::prelude::*;

use wasm_bindgen::JsCast;

use super::composer::Composer;
use super::feedback::{Votes, use_votes};
use super::host_actions::RoomActions;
use super::room_header::{Beside, RoomHeader};
use super::room_hooks::{
    use_announcement, use_dropping, use_image_viewer, use_message_target, use_paging, use_quoting, use_reading,
    use_room_actions, use_upload,
};
use super::support_bar::{Standing, SupportBar};
use super::timeline_view::TimelineView;
use super::typing_indicator::TypingIndicator;
use crate::parts::{
    FIND_PANEL, FindProps, IMAGE_VIEWER, ImageViewerProps, MEMBER_LIST, MemberListProps, RoomOf, UPLOAD_DIALOG,
    USER_CARD, UploadDialogProps, UserCardProps,
};
use confab_core::components::avatar::Pictures;
use confab_core::components::{use_chat_state, use_client, use_client_handler};
use confab_core::i18n::use_texts;
use confab_core::state::{Entry, Load};

/// How long after a room first shows the find part is fetched, the browser being idle by then.
const FIND_PREFETCH_AFTER_MS: u64 = 2_000;

#[function_component(RoomView)]
pub fn room_view(props: &RoomViewProps) -> Html {
    let state = use_chat_state();
    let client = use_client();
    let texts = use_texts();
    let me = AttrValue::from(client.me().username.clone());
    let on_retry = use_client_handler((), |client, _| Callback::from(move |message| client.retry(&message)));
    let (quoting, on_action, on_unquote) = use_quoting(props.rid.clone());
    let pictures = use_memo((state.avatars.clone(), state.presence.clone()), |_| client.pictures(&state));
    let entry = state.room(&props.rid);
    let room_roles = entry.map(|r| r.subscription.roles.clone()).unwrap_or_default();
    // Muted, or a read-only room: the composer gives way to the reason, and nothing that posts
    // (an edit, a reaction) is offered.
    let refusal = entry.and_then(|r| {
        let room = r.room.as_ref()?;
        client.post_refusal(state.rights.as_ref().map(|held| &*held.0), &r.subscription.roles, room)
    });
    let silenced = refusal.is_some();
    let may_change = use_client_handler(
        (state.rights.clone(), room_roles.clone(), silenced),
        |client, (rights, roles, silenced)| {
            let (rights, roles, silenced) = (rights.clone(), roles.clone(), *silenced);
            Callback::from(move |entry: Rc<Entry>| {
                client.may_change(rights.as_ref().map(|held| &*held.0), &roles, silenced, &entry.message)
            })
        },
    );
    let room_actions = use_room_actions(&state, &props.rid);
    let (on_load_older, on_load_newer, on_latest) = use_paging(props.rid.clone());
    let timeline = state.timeline(&props.rid);
    // Thread replies live in their thread, not in the room's timeline. Worked out again only
    // when the timeline changes, not on every render of the room.
    let entries = use_memo(state.shared_timeline(&props.rid), |timeline| {
        timeline.iter().flat_map(|t| t.entries.iter()).filter(|e| e.message.tmid.is_none()).cloned().collect::<Vec<_>>()
    });
    let count = timeline.map_or(0, |t| t.entries.len());
    // A message asked for (a permalink's) and not loaded yet: it is loaded with those around it,
    // unless it is among the loaded ones already.
    let target = timeline.and_then(|t| t.target.clone());
    use_message_target(client.clone(), props.rid.clone(), target.clone(), entries.clone());
    let highlight = target.and_then(|(id, pending)| (!pending).then(|| AttrValue::from(id)));
    let gap_after = timeline.is_some_and(|t| t.gap_after);
    // The viewer steps through the room's images as they are when it opens.
    let (viewing, on_view, close_viewer) = use_image_viewer(entries.clone());
    // Files attached, dropped or pasted: the upload dialog shows them.
    let (picked, on_files, close_upload) = use_upload();
    let dropping = use_dropping(on_files.clone());
    let region = use_node_ref();
    let announcement = use_announcement(props.rid.clone(), entries.clone(), me.clone(), region.clone());
    // When the reader last saw the room, as it was on opening it: the "new messages" line stays put.
    let last_seen = use_memo(props.rid.clone(), {
        let seen = entry.and_then(|e| e.subscription.ls);
        move |_| seen
    });
    let title = entry.map(|r| r.subscription.display_name().to_owned()).unwrap_or_default();
    let kind = entry.map_or(confab_protocol::RoomType::Channel, |r| r.subscription.t);
    let room_of = RoomOf { rid: props.rid.clone(), kind };
    // Search, pinned, starred or the members beside the room, one at a time; search stays open
    // when a result opens another room. The find part is fetched once a room is shown (and the
    // first screen's parts have had their turn). The card of someone chosen by name or picture.
    let beside = use_state(|| None::<Beside>);
    let card = use_state(|| None::<AttrValue>);
    use_effect_with((), |_| prefetch_find());
    {
        let client = client.clone();
        use_effect_with((props.rid.clone(), kind), move |(rid, kind)| client.load_members(rid, *kind));
    }
    let on_find_open = {
        let (client, rid, entries) = (client.clone(), props.rid.clone(), entries.clone());
        Callback::from(move |(room, id): (String, String)| {
            let loaded = room == rid.as_str() && entries.iter().any(|e| e.message.id == id);
            client.open_message(&room, &id, &rid, loaded);
        })
    };
    {
        let (beside, card) = (beside.setter(), card.setter());
        use_effect_with(props.rid.clone(), move |_| {
            beside.set(None);
            card.set(None);
        });
    }
    let votes = use_votes(&client, props.rid.clone());
    let on_person = person_chosen(card.setter());
    let close_beside = {
        let beside = beside.setter();
        Callback::from(move |()| beside.set(None))
    };
    let unread = entry.is_some_and(|r| r.subscription.unread > 0 || r.subscription.alert);
    let direct = entry.is_some_and(|r| r.subscription.t == confab_protocol::RoomType::Direct);
    let on_at_bottom = use_reading(props.rid.clone(), unread, count);
    let composer = match refusal {
        Some(why) => html! { <p class="composer-refused" role="status">{ texts.get(why) }</p> },
        None => html! { <Composer rid={props.rid.clone()} {quoting} {on_unquote} on_files={Some(on_files.clone())} /> },
    };
    let standing = Standing::of(entries.iter().map(|e| e.message.t.as_deref()));
    let body = match timeline.map(|t| &t.status) {
        None | Some(Load::Loading) if count == 0 => {
            html! { <p class="timeline-status" role="status">{ texts.get("room.loading") }</p> }
        }
        Some(Load::Failed(error)) if count == 0 => {
            html! { <p class="timeline-status error" role="alert">{ texts.say(error) }</p> }
        }
        Some(Load::Ready) if count == 0 => html! { <p class="timeline-status">{ texts.get("room.empty") }</p> },
        _ => {
            let entries = entries.clone();
            html! {
                <TimelineView rid={props.rid.clone()} {entries} complete={timeline.is_some_and(|t| t.complete)}
                              last_seen={*last_seen} me={me.clone()} me_id={AttrValue::from(client.me().id.clone())} {direct}
                              {may_change} on_retry={on_retry.clone()} on_action={on_action.clone()} {on_load_older} {on_at_bottom}
                              on_view={on_view.clone()} {gap_after} {highlight} {on_load_newer} {on_latest} />
            }
        }
    };
    html! {
        <ContextProvider<Rc<Pictures>> context={pictures}>
        <ContextProvider<Votes> context={votes}>
        <ContextProvider<RoomActions> context={(*room_actions).clone()}>
        <section class={classes!("room-view", dropping.over.then_some("dropping"))} aria-label={title}
                 data-room-id={props.rid.clone()} ondragover={dropping.ondragover} ondragleave={dropping.ondragleave}
                 ondrop={dropping.ondrop} onclick={on_person} onkeydown={super::shortcuts::on_keydown(client.clone())}>
            <RoomHeader rid={props.rid.clone()} beside={beside.clone()} />
            { body }
            <p ref={region} class="visually-hidden" aria-live="polite" data-announce="messages">{ announcement }</p>
            <TypingIndicator rid={props.rid.clone()} />
            if kind == confab_protocol::RoomType::Livechat {
                <SupportBar rid={props.rid.clone()} {standing}>{ composer }</SupportBar>
            } else {
                { composer }
            }
            if dropping.over {
                <div class="drop-hint" aria-hidden="true">{ texts.get("files.dropHere") }</div>
            }
            { match *beside {
                Some(Beside::Find(finding)) => FIND_PANEL.show(FindProps {
                    rid: props.rid.clone(),
                    finding,
                    on_close: close_beside,
                    on_switch: { let beside = beside.setter(); Callback::from(move |what| beside.set(Some(Beside::Find(what)))) },
                    on_open: on_find_open,
                }),
                Some(Beside::Members) => MEMBER_LIST.show(MemberListProps { room: room_of.clone(), on_close: close_beside }),
                None => Html::default(),
            } }
        </section>
        if let Some(username) = (*card).clone() {
            { USER_CARD.show(UserCardProps {
                username,
                room: Some(room_of),
                on_close: { let card = card.setter(); Callback::from(move |()| card.set(None)) },
                on_changed: Callback::noop(),
            }) }
        }
        if let Some(files) = picked {
            { UPLOAD_DIALOG.show(UploadDialogProps { rid: props.rid.clone(), tmid: None, files, on_close: close_upload }) }
        }
        if let Some((images, start)) = viewing {
            { IMAGE_VIEWER.show(ImageViewerProps { images, start, on_close: close_viewer }) }
        }
        </ContextProvider<RoomActions>>
        </ContextProvider<Votes>>
        </ContextProvider<Rc<Pictures>>>
    }
}

/// Fetches the find part once a room has shown for a while (the first screen's parts have had
/// their turn by then).
fn prefetch_find() {
    wasm_bindgen_futures::spawn_local(async {
        yew::platform::time::sleep(std::time::Duration::from_millis(FIND_PREFETCH_AFTER_MS)).await;
        confab_core::slots::Prefetch::prefetch(&FIND_PANEL).await;
    })
}

/// Opens the card of the person whose name or picture was clicked (`data-person`).
fn person_chosen(card: UseStateSetter<Option<AttrValue>>) -> Callback<MouseEvent> {
    Callback::from(move |event: MouseEvent| {
        let chosen = event
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|t| t.closest("[data-person]").ok().flatten())
            .and_then(|t| t.get_attribute("data-person"));
        if let Some(username) = chosen {
            card.set(Some(username.into()));
        }
    })
}
