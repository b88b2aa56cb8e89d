//! One room: its header, its messages (kept scrolled to the newest while the reader is at the
//! bottom) and the composer. A polite live region reads out each message others send to the
//! open room, so a screen-reader user hears the conversation without leaving the composer.

use std::rc::Rc;

use confab_core::slots::RoomViewProps;
use yew::prelude::*;

use confab_protocol::Message;
use confab_protocol::attachment::Attachment;
use wasm_bindgen::JsCast;

use super::attachments;
use super::composer::{Composer, files_of};
use super::host_actions::{HostActionButton, RoomActions};
use super::message_actions;
use super::notification_choice::NotificationChoice;
use super::timeline_view::TimelineView;
use super::typing_indicator::TypingIndicator;
use crate::parts::{
    FIND_PANEL, FindProps, Finding, IMAGE_VIEWER, ImageViewerProps, MEMBER_LIST, MemberListProps, RoomOf,
    UPLOAD_DIALOG, USER_CARD, UploadDialogProps, UserCardProps,
};
use confab_core::components::avatar::{Pictures, avatar, person};
use confab_core::components::{use_chat_state, use_client, use_client_handler};
use confab_core::i18n::use_texts;
use confab_core::state::{Delivery, Entry, Load};
use confab_protocol::permission::names::PIN_MESSAGE;

/// How long after a room first shows the find part is fetched, the browser being idle by then.
const FIND_PREFETCH_AFTER_MS: u64 = 2_000;

#[function_component(RoomView)]
pub fn room_view(props: &RoomViewProps) -> Html {
    let state = use_chat_state();
    let client = use_client();
    let texts = use_texts();
    let me = AttrValue::from(client.me().username.clone());
    let on_retry = use_client_handler((), |client, _| Callback::from(move |message| client.retry(&message)));
    let quoting = use_state(|| None::<Message>);
    let on_action = use_client_handler(quoting.setter(), |client, quote| {
        let quote = quote.clone();
        message_actions::perform(client, false, Callback::from(move |message| quote.set(Some(message))))
    });
    let on_unquote = {
        let quoting = quoting.setter();
        Callback::from(move |()| quoting.set(None))
    };
    // A quote belongs to the room it was chosen in.
    {
        let quoting = quoting.setter();
        use_effect_with(props.rid.clone(), move |_| quoting.set(None));
    }
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
    // The host's actions the user may use here: worked out again when their rights or roles change.
    let declared = use_memo((), |()| client.host_actions());
    let room_actions = {
        let name = entry.map(|r| AttrValue::from(r.subscription.name.clone())).unwrap_or_default();
        let t = entry.map(|r| r.subscription.t);
        use_memo((state.rights.clone(), room_roles, name, t), |(rights, roles, name, t)| {
            let rights = rights.as_ref().map(|held| &*held.0);
            let actions =
                RoomActions::offered(&declared, |action| client.may_use(action, rights, roles), name.clone(), *t);
            RoomActions { may_pin: client.holds(rights, roles, PIN_MESSAGE), ..actions }
        })
    };
    let on_load_older = use_client_handler(props.rid.clone(), |client, rid| {
        let rid = rid.clone();
        Callback::from(move |oldest| client.load_older(&rid, oldest))
    });
    let on_load_newer = use_client_handler(props.rid.clone(), |client, rid| {
        let rid = rid.clone();
        Callback::from(move |newest| client.load_newer(&rid, newest))
    });
    let on_latest = use_client_handler(props.rid.clone(), |client, rid| {
        let rid = rid.clone();
        Callback::from(move |()| client.back_to_latest(&rid))
    });
    let at_bottom = use_mut_ref(|| true);
    let on_at_bottom = (*use_memo((), {
        let at_bottom = at_bottom.clone();
        move |_| Callback::from(move |bottom| *at_bottom.borrow_mut() = bottom)
    }))
    .clone();
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
    {
        // The start options' message, in the room they open.
        let (client, rid) = (client.clone(), props.rid.clone());
        use_effect_with(rid, move |rid| {
            if let Some(id) = client.take_wanted_message() {
                client.show_message(rid, &id, false);
            }
        });
    }
    {
        let (client, rid, entries) = (client.clone(), props.rid.clone(), entries.clone());
        use_effect_with(target.clone(), move |target| {
            if let Some((id, true)) = target {
                client.show_message(&rid, id, entries.iter().any(|e| &e.message.id == id));
            }
        });
    }
    let highlight = target.and_then(|(id, pending)| (!pending).then(|| AttrValue::from(id)));
    let gap_after = timeline.is_some_and(|t| t.gap_after);
    // The viewer steps through the room's images as they are when it opens.
    let latest = use_mut_ref(Rc::default);
    *latest.borrow_mut() = entries.clone();
    let viewing = use_state(|| None::<(Rc<Vec<Attachment>>, usize)>);
    let on_view = (*use_memo((), {
        let (latest, viewing) = (latest.clone(), viewing.setter());
        move |()| {
            Callback::from(move |link: AttrValue| {
                let entries: Rc<Vec<Rc<Entry>>> = latest.borrow().clone();
                let images = attachments::images(entries.iter().cloned());
                let at = images.iter().position(|a| a.title_link.as_deref() == Some(link.as_str())).unwrap_or(0);
                viewing.set(Some((Rc::new(images), at)));
            })
        }
    }))
    .clone();
    let close_viewer = {
        let viewing = viewing.setter();
        Callback::from(move |()| viewing.set(None))
    };
    // Files attached, dropped or pasted: the upload dialog shows them.
    let picked = use_state(|| None::<Rc<Vec<web_sys::File>>>);
    let on_files = (*use_memo((), {
        let picked = picked.setter();
        move |()| {
            Callback::from(move |files: Vec<web_sys::File>| picked.set((!files.is_empty()).then(|| Rc::new(files))))
        }
    }))
    .clone();
    let close_upload = {
        let picked = picked.setter();
        Callback::from(move |()| picked.set(None))
    };
    let dropping = use_state(|| false);
    let ondragover = {
        let dropping = dropping.clone();
        Callback::from(move |event: DragEvent| {
            if carries_files(&event) {
                event.prevent_default();
                dropping.set(true);
            }
        })
    };
    let ondragleave = {
        let dropping = dropping.clone();
        Callback::from(move |event: DragEvent| {
            // Leaving for a child of the room is not leaving the room.
            let inside = event.related_target().and_then(|t| t.dyn_into::<web_sys::Node>().ok());
            let room = event.current_target().and_then(|t| t.dyn_into::<web_sys::Node>().ok());
            if !room.is_some_and(|room| room.contains(inside.as_ref())) {
                dropping.set(false);
            }
        })
    };
    let ondrop = {
        let (dropping, on_files) = (dropping.clone(), on_files.clone());
        Callback::from(move |event: DragEvent| {
            dropping.set(false);
            let files = event.data_transfer().and_then(|d| d.files()).map(files_of).unwrap_or_default();
            if !files.is_empty() {
                event.prevent_default();
                on_files.emit(files);
            }
        })
    };
    let announcement = use_state(String::new);
    {
        // The newest message, once it is someone else's and stored, is announced — not the history
        // shown on opening the room.
        let newest = entries.last().filter(|e| e.delivery == Delivery::Sent).cloned();
        let (announcement, texts, me) = (announcement.clone(), texts.clone(), me.clone());
        let opened = use_mut_ref(|| None::<AttrValue>);
        use_effect_with((props.rid.clone(), newest.as_ref().map(|e| e.message.id.clone())), move |(rid, _)| {
            let first_look = opened.borrow().as_ref() != Some(rid);
            *opened.borrow_mut() = Some(rid.clone());
            if let Some(entry) = newest.filter(|e| !first_look && e.message.u.username != me.as_str()) {
                let message = &entry.message;
                let text = message.plain_text();
                let author = message.u.display_name();
                announcement.set(texts.fill("message.announce", &[("author", author), ("text", &text)]));
            }
        });
    }
    // When the reader last saw the room, as it was on opening it: the "new messages" line stays put.
    let last_seen = use_memo(props.rid.clone(), {
        let seen = entry.and_then(|e| e.subscription.ls);
        move |_| seen
    });
    let title = entry.map(|r| r.subscription.display_name().to_owned()).unwrap_or_default();
    let topic = entry.and_then(|r| r.room.as_ref()).and_then(|r| r.topic.clone());
    let members = entry.and_then(|r| r.room.as_ref()).map(|r| r.users_count);
    let kind = entry.map_or(confab_protocol::RoomType::Channel, |r| r.subscription.t);
    let room_of = RoomOf { rid: props.rid.clone(), kind };
    // The member list beside the room, and the card of someone chosen by name or picture.
    let listing = use_state(|| false);
    let card = use_state(|| None::<AttrValue>);
    // Search, pinned or starred beside the room; it stays open when a result opens another room.
    // Its part is fetched once a room is shown (and the first screen's parts have had their turn).
    let finding = use_state(|| None::<Finding>);
    use_effect_with((), |_| {
        wasm_bindgen_futures::spawn_local(async {
            yew::platform::time::sleep(std::time::Duration::from_millis(FIND_PREFETCH_AFTER_MS)).await;
            confab_core::slots::Prefetch::prefetch(&FIND_PANEL).await;
        })
    });
    let find_button = |what: Finding, class: &'static str, key: &'static str| {
        let finding = finding.clone();
        let shown = *finding == Some(what);
        html! {
            <button type="button" {class} aria-expanded={shown.to_string()}
                    onclick={Callback::from(move |_: MouseEvent| finding.set((!shown).then_some(what)))}>{ texts.get(key) }</button>
        }
    };
    let on_find_open = {
        let (client, rid, entries) = (client.clone(), props.rid.clone(), entries.clone());
        Callback::from(move |(room, id): (String, String)| {
            let loaded = room == rid.as_str() && entries.iter().any(|e| e.message.id == id);
            client.open_message(&room, &id, &rid, loaded);
        })
    };
    {
        let (listing, card) = (listing.setter(), card.setter());
        use_effect_with(props.rid.clone(), move |_| {
            listing.set(false);
            card.set(None);
        });
    }
    let on_person = {
        let card = card.setter();
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
    };
    let unread = entry.is_some_and(|r| r.subscription.unread > 0 || r.subscription.alert);
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
    {
        // The room is read while it is open, scrolled to its end and the page is visible.
        let (client, rid, at_bottom) = (client.clone(), props.rid.clone(), at_bottom.clone());
        use_effect_with((unread, count), move |(unread, _)| {
            let visible = web_sys::window().and_then(|w| w.document()).is_some_and(|d| !d.hidden());
            if *unread && *at_bottom.borrow() && visible {
                client.mark_read(&rid);
            }
        });
    }
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
        <ContextProvider<RoomActions> context={(*room_actions).clone()}>
        <section class={classes!("room-view", dropping.then_some("dropping"))} aria-label={title.clone()}
                 data-room-id={props.rid.clone()} {ondragover} {ondragleave} {ondrop} onclick={on_person}>
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
                    <button type="button" class="show-members" aria-expanded={(*listing).to_string()} onclick={
                        let listing = listing.clone();
                        Callback::from(move |_: MouseEvent| listing.set(!*listing))
                    }>{ texts.get("room.showMembers") }</button>
                }
            </header>
            { body }
            <p class="visually-hidden" aria-live="polite" data-announce="messages">{ (*announcement).clone() }</p>
            <TypingIndicator rid={props.rid.clone()} />
            if let Some(why) = refusal {
                <p class="composer-refused" role="status">{ texts.get(why) }</p>
            } else {
                <Composer rid={props.rid.clone()} quoting={(*quoting).clone()} {on_unquote} on_files={Some(on_files)} />
            }
            if *dropping {
                <div class="drop-hint" aria-hidden="true">{ texts.get("files.dropHere") }</div>
            }
            if let Some(what) = *finding {
                { FIND_PANEL.show(FindProps {
                    rid: props.rid.clone(),
                    finding: what,
                    on_close: { let finding = finding.setter(); Callback::from(move |()| finding.set(None)) },
                    on_switch: { let finding = finding.setter(); Callback::from(move |what| finding.set(Some(what))) },
                    on_open: on_find_open,
                }) }
            }
            if *listing {
                { MEMBER_LIST.show(MemberListProps { room: room_of.clone(), on_close: { let listing = listing.setter(); Callback::from(move |()| listing.set(false)) } }) }
            }
        </section>
        if let Some(username) = (*card).clone() {
            { USER_CARD.show(UserCardProps {
                username,
                room: Some(room_of),
                on_close: { let card = card.setter(); Callback::from(move |()| card.set(None)) },
                on_changed: Callback::noop(),
            }) }
        }
        if let Some(files) = (*picked).clone() {
            { UPLOAD_DIALOG.show(UploadDialogProps { rid: props.rid.clone(), tmid: None, files, on_close: close_upload }) }
        }
        if let Some((images, start)) = (*viewing).clone() {
            { IMAGE_VIEWER.show(ImageViewerProps { images, start, on_close: close_viewer }) }
        }
        </ContextProvider<RoomActions>>
        </ContextProvider<Rc<Pictures>>>
    }
}

/// Whether a drag brings files (rather than text or a link).
fn carries_files(event: &DragEvent) -> bool {
    event.data_transfer().is_some_and(|data| data.types().includes(&"Files".into(), 0))
}
