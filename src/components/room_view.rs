//! One room: its header, its messages (kept scrolled to the newest while the reader is at the
//! bottom) and the composer.

use std::rc::Rc;

use yew::prelude::*;

use super::composer::Composer;
use super::message_actions;
use super::timeline_view::TimelineView;
use super::typing_indicator::TypingIndicator;
use super::{use_chat_state, use_client, use_client_handler};
use crate::state::{Entry, Load};

#[derive(Properties, PartialEq)]
pub struct RoomViewProps {
    pub rid: AttrValue,
}

#[function_component(RoomView)]
pub fn room_view(props: &RoomViewProps) -> Html {
    let state = use_chat_state();
    let client = use_client();
    let me = AttrValue::from(client.me().username.clone());
    let on_retry = use_client_handler((), |client, _| Callback::from(move |message| client.retry(&message)));
    let on_action = use_client_handler((), |client, _| message_actions::perform(client, false));
    let can_moderate =
        use_client_handler((), |client, _| Callback::from(move |entry: Rc<Entry>| client.may_moderate(&entry.message)));
    let on_load_older = use_client_handler(props.rid.clone(), |client, rid| {
        let rid = rid.clone();
        Callback::from(move |oldest| client.load_older(&rid, oldest))
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
    let entry = state.room(&props.rid);
    // When the reader last saw the room, as it was on opening it: the "new messages" line stays put.
    let last_seen = use_memo(props.rid.clone(), {
        let seen = entry.and_then(|e| e.subscription.ls);
        move |_| seen
    });
    let title = entry.map(|r| r.subscription.display_name().to_owned()).unwrap_or_default();
    let topic = entry.and_then(|r| r.room.as_ref()).and_then(|r| r.topic.clone());
    let members = entry.and_then(|r| r.room.as_ref()).map(|r| r.users_count);
    let unread = entry.is_some_and(|r| r.subscription.unread > 0 || r.subscription.alert);
    let direct = entry.is_some_and(|r| r.subscription.t == confab_protocol::RoomType::Direct);
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
            html! { <p class="timeline-status" role="status">{ "Loading messages…" }</p> }
        }
        Some(Load::Failed(error)) if count == 0 => {
            html! { <p class="timeline-status error" role="alert">{ error.clone() }</p> }
        }
        Some(Load::Ready) if count == 0 => html! { <p class="timeline-status">{ "No messages yet. Say hello!" }</p> },
        _ => {
            let entries = entries.clone();
            html! {
                <TimelineView rid={props.rid.clone()} {entries} complete={timeline.is_some_and(|t| t.complete)}
                              last_seen={*last_seen} me={me.clone()} me_id={AttrValue::from(client.me().id.clone())} {direct}
                              {can_moderate} on_retry={on_retry.clone()} on_action={on_action.clone()} {on_load_older} {on_at_bottom} />
            }
        }
    };
    html! {
        <section class="room-view" aria-label={title.clone()} data-room-id={props.rid.clone()}>
            <header class="room-header">
                <h1>{ title }</h1>
                if let Some(topic) = topic {
                    <p class="room-topic">{ topic }</p>
                }
                if let Some(members) = members {
                    <p class="room-members">{ if members == 1 { "1 member".to_owned() } else { format!("{members} members") } }</p>
                }
            </header>
            { body }
            <TypingIndicator rid={props.rid.clone()} />
            <Composer rid={props.rid.clone()} />
        </section>
    }
}
