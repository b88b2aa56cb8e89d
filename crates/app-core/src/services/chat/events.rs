//! What the Realtime connection reports, turned into reducer actions, session steps and the
//! catch-ups after a resumed connection (`catch_up`). All of it runs only on the connection's
//! events, so the core reaches it only through the realtime part ([`LIVE`], handed over in
//! `chat::RealtimeCode`), and its code, with the catch-ups it calls, is the part's.

use std::rc::Rc;

use wasm_bindgen_futures::spawn_local;
use yew::Callback;

use super::MY_MESSAGES;
use super::shared::Shared;
use crate::services::browser;
use crate::services::realtime::RealtimeEvent;
use crate::state::{Action, Connection};

/// What of the chat client runs on the live connection: the handling of its events.
#[derive(Clone, Copy)]
pub struct Live {
    pub(super) events: fn(&Rc<Shared>) -> Callback<RealtimeEvent>,
}

pub const LIVE: Live = Live { events: handler };

/// Turns Realtime events into actions.
fn handler(shared: &Rc<Shared>) -> Callback<RealtimeEvent> {
    let shared = Rc::downgrade(shared);
    Callback::from(move |event| {
        let Some(shared) = shared.upgrade() else { return };
        let dispatch = &shared.dispatch;
        match event {
            RealtimeEvent::Connecting => dispatch.dispatch(Action::Connection(Connection::Connecting)),
            RealtimeEvent::LoggedIn { token_expires } => {
                shared.session.expires_at(token_expires);
                dispatch.dispatch(Action::Connection(Connection::Online))
            }
            RealtimeEvent::LoginFailed { generation, .. } => {
                // The token was refused: refresh it (once, shared) and reconnect with the new one.
                let shared = shared.clone();
                spawn_local(async move {
                    if shared.session.recover(generation).await
                        && let Some(realtime) = shared.realtime.borrow().as_ref()
                    {
                        realtime.retry_now();
                    }
                });
            }
            RealtimeEvent::Disconnected { reason, retry_at } => {
                shared.live.set(false);
                dispatch.dispatch(Action::Connection(Connection::Reconnecting { retry_at: Some(retry_at), reason }))
            }
            RealtimeEvent::ForceLogout if shared.logging_out.get() => {}
            RealtimeEvent::ForceLogout => shared.session.close("end.signedOutElsewhere"),
            RealtimeEvent::Following(stream) if stream.event == MY_MESSAGES => {
                shared.live.set(true);
                let waiting: Vec<String> = shared.waiting.borrow_mut().drain(..).collect();
                if shared.was_live.replace(true) {
                    shared.catch_up();
                } else {
                    // The list, and the rooms opened meanwhile, were read before the stream
                    // flowed: what changed in between.
                    shared.catch_up_list();
                    shared.catch_up_rooms(waiting);
                }
                shared.flush();
            }
            RealtimeEvent::Following(_) | RealtimeEvent::Unfollowed { .. } => {}
            RealtimeEvent::Message(message) => {
                if shared.room_types.borrow().contains_key(&message.rid) {
                    shared.saw_messages(&message.rid, [&*message]);
                }
                let listed =
                    shared.list_synced.get().is_none() || shared.known_rooms.borrow().contains_key(&message.rid);
                if !listed {
                    shared.catch_up_list();
                }
                shared.announce_message(&message);
                dispatch.dispatch(Action::Received(*message))
            }
            RealtimeEvent::RoomChanged { removed: true, room } => {
                shared.known_rooms.borrow_mut().remove(&room.id);
                dispatch.dispatch(Action::RoomRemoved(room.id))
            }
            RealtimeEvent::RoomChanged { room, .. } => {
                shared.saw_list_change(Some(room.updated_at));
                dispatch.dispatch(Action::RoomChanged(*room))
            }
            RealtimeEvent::SubscriptionChanged { removed: true, subscription } => {
                shared.known_rooms.borrow_mut().remove(&subscription.rid);
                dispatch.dispatch(Action::RoomRemoved(subscription.rid))
            }
            RealtimeEvent::SubscriptionChanged { subscription, .. } => {
                shared.saw_list_change(Some(subscription.updated_at));
                shared.known_rooms.borrow_mut().insert(subscription.rid.clone(), subscription.t);
                dispatch.dispatch(Action::SubscriptionChanged(*subscription))
            }
            RealtimeEvent::Deleted { rid, id } => dispatch.dispatch(Action::Deleted { rid, id }),
            RealtimeEvent::Typing { rid, username, typing } => {
                dispatch.dispatch(Action::Typing { rid, username, typing, at: browser::now() })
            }
            RealtimeEvent::Timeline { rid, change } => dispatch.dispatch(Action::ChangeTimeline { rid, change }),
            RealtimeEvent::Read { rid, uid, until } => dispatch.dispatch(Action::ReadBy { rid, reader: uid, until }),
            RealtimeEvent::Rights(rights) => dispatch.dispatch(Action::Rights(rights)),
            RealtimeEvent::Presence(changes) => dispatch.dispatch(Action::Presence(changes)),
            RealtimeEvent::Notification(notification) => super::notify::show(&shared, &notification),
            RealtimeEvent::AvatarChanged { username, etag } => {
                dispatch.dispatch(Action::AvatarChanged { username, etag })
            }
        }
    })
}
