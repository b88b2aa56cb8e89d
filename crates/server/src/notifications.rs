//! Who a new message notifies: each other member whose choices in the room say it should (a
//! direct message and a mention by default), sent Rocket.Chat's `notification` event with the
//! message's room, sender and a short text. Whether the reader is looking at the room already
//! is for their client to tell.

use confab_protocol::message::mentioned_usernames;
use confab_protocol::notification::{Concern, Notification, NotificationPayload};
use confab_protocol::{Message, Room, RoomType};

use crate::state::AppState;

/// Characters of the message's text a notification carries at most.
const TEXT_CHARS: usize = 200;

/// Notifies the members `message` (new, in `room`) should notify.
pub async fn notify(state: &AppState, room: &Room, message: &Message) {
    if message.t.is_some() {
        return;
    }
    let members = match state.store.notification_prefs(&room.id, &message.u.id).await {
        Ok(members) => members,
        Err(error) => {
            tracing::error!(%error, room = %room.id, "cannot read notification choices");
            return;
        }
    };
    let named: Vec<&str> = message.mentions.iter().flatten().map(|m| m.id.as_str()).collect();
    let group_mentioned = mentioned_usernames(&message.msg).iter().any(|&name| name == "all" || name == "here");
    let direct_room = room.t == RoomType::Direct;
    let sender = message.u.display_name().to_owned();
    let text: String = message.plain_text().chars().take(TEXT_CHARS).collect();
    let (title, text) = match (&room.name, direct_room) {
        (Some(name), false) => (format!("#{}", room.fname.as_deref().unwrap_or(name)), format!("{sender}: {text}")),
        _ => (sender, text),
    };
    let notification = Notification {
        title,
        text,
        payload: NotificationPayload {
            id: message.id.clone(),
            rid: message.rid.clone(),
            tmid: message.tmid.clone(),
            sender: message.u.clone(),
            t: room.t,
            name: room.name.clone().filter(|_| !direct_room),
        },
    };
    for (user_id, prefs) in members {
        let concern = Concern { direct_room, mentioned: named.contains(&user_id.as_str()), group_mentioned };
        if prefs.notifies(concern) {
            state.events.notification(&user_id, &notification);
        }
    }
}
