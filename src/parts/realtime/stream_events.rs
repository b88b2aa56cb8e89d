//! The app's reading of the Realtime streams it follows: which event on which collection means
//! what, as a [`RealtimeEvent`]. Events it does not use are ignored, not errors.

use confab_protocol::ddp::{StreamFields, streams};
use confab_protocol::json::FromJson;
use confab_protocol::notification::{NOTIFICATION_EVENT, Notification};
use confab_protocol::presence::{USER_STATUS_EVENT, UserPresence};
use confab_protocol::streaming::{PIECE_EVENT, Piece};
use confab_protocol::{Message, Room, Subscription, Timestamp};

use confab_core::services::realtime::RealtimeEvent;

thread_local! {
    /// Each agent's last state told, by room and username.
    static AGENT_STATES: std::cell::RefCell<std::collections::HashMap<(String, String), String>> =
        std::cell::RefCell::default();
}

/// What a stream event means to the app; `None` for events it does not use. An event that means
/// two things tells the first to `emit`.
pub(super) fn stream_event(
    collection: &str,
    fields: StreamFields,
    emit: &dyn Fn(RealtimeEvent),
) -> Option<RealtimeEvent> {
    if collection == streams::NOTIFY_LOGGED && fields.event_name == USER_STATUS_EVENT {
        return UserPresence::from_event_args(&fields.args).map(|presence| RealtimeEvent::Presence(vec![presence]));
    }
    if collection == streams::LIVECHAT_QUEUE {
        crate::parts::support::queue_news::changed();
        return None;
    }
    let mut args = fields.args.into_iter();
    match collection {
        streams::ROOM_MESSAGES => Message::from_json(&args.next()?).map(|m| RealtimeEvent::Message(Box::new(m))),
        streams::NOTIFY_USER => {
            let (_, kind) = fields.event_name.split_once('/')?;
            if kind == "force_logout" {
                return Some(RealtimeEvent::ForceLogout);
            }
            if kind == NOTIFICATION_EVENT {
                return Notification::from_json(&args.next()?).map(|n| RealtimeEvent::Notification(Box::new(n)));
            }
            let removed = args.next()?.as_str() == Some("removed");
            let doc = args.next()?;
            match kind {
                "rooms-changed" => {
                    Room::from_json(&doc).map(|room| RealtimeEvent::RoomChanged { removed, room: Box::new(room) })
                }
                "subscriptions-changed" => Subscription::from_json(&doc).map(|subscription| {
                    RealtimeEvent::SubscriptionChanged { removed, subscription: Box::new(subscription) }
                }),
                _ => None,
            }
        }
        streams::NOTIFY_ROOM => {
            let (rid, kind) = fields.event_name.split_once('/')?;
            let rid = rid.to_owned();
            match kind {
                "user-activity" => {
                    let username = args.next()?.as_str()?.to_owned();
                    let activities = args.next().and_then(|a| a.as_array().cloned()).unwrap_or_default();
                    let typing = !activities.is_empty();
                    // An agent's state rides after its name (see `ChatState::typing`).
                    let agent = activities.first().and_then(|a| a.as_str()).filter(|a| a.starts_with("agent-"));
                    let label = args.next().and_then(|extras| Some(extras.get("label")?.as_str()?.to_owned()));
                    let entry = match (agent, label) {
                        (Some(state), Some(label)) => format!("{username}\n{state}\n{label}"),
                        (Some(state), None) => format!("{username}\n{state}"),
                        (None, _) => username.clone(),
                    };
                    // The agent's last state is taken back before the new one is told.
                    let last = AGENT_STATES.with_borrow_mut(|told| {
                        let key = (rid.clone(), username);
                        if agent.is_some() && typing { told.insert(key, entry.clone()) } else { told.remove(&key) }
                    });
                    if let Some(last) = last.filter(|last| *last != entry) {
                        emit(RealtimeEvent::Typing { rid: rid.clone(), username: last, typing: false });
                    }
                    Some(RealtimeEvent::Typing { rid, username: entry, typing })
                }
                PIECE_EVENT => {
                    let piece = Piece::from_json(&args.next()?)?;
                    Some(RealtimeEvent::Timeline { rid, change: super::streamed::append(piece) })
                }
                "deleteMessage" => {
                    Some(RealtimeEvent::Deleted { rid, id: args.next()?.get("_id")?.as_str()?.to_owned() })
                }
                "messagesRead" => {
                    let data = args.next()?;
                    let until = Timestamp::from_json(data.get("until")?)?;
                    let uid = data.get("uid").and_then(|u| u.as_str()).map(str::to_owned);
                    Some(RealtimeEvent::Read { rid, uid, until })
                }
                _ => None,
            }
        }
        streams::NOTIFY_LOGGED if fields.event_name == "updateAvatar" => {
            let changed = args.next()?;
            let username = changed.get("username")?.as_str()?.to_owned();
            let etag = changed.get("etag").and_then(|e| e.as_str()).unwrap_or_default().to_owned();
            Some(RealtimeEvent::AvatarChanged { username, etag })
        }
        _ => None,
    }
}

/// The permission a `permissions-changed` event carries (`["updated", permission]`).
pub fn permission_changed(collection: &str, fields: &StreamFields) -> Option<confab_protocol::permission::Permission> {
    if collection != streams::NOTIFY_LOGGED || fields.event_name != "permissions-changed" {
        return None;
    }
    confab_protocol::permission::Permission::from_json(fields.args.get(1)?)
}
