//! The events a framing page hears (see `services::frame`): `room-opened` when a room is shown
//! (which the host page of a mounted app hears too, see `services::host`),
//! `new-message` for each new message in it, and `notification` for each new message that
//! mentions the user or comes in a direct room. A message counts as new once: edits and
//! reactions re-deliver it on the same stream, later updated than sent, or sent no later than
//! the newest message already announced in its room.

use confab_protocol::frame::Event;
use confab_protocol::{Message, RoomType};
use serde_json::json;

use super::shared::Shared;
use crate::services::frame::to_js;
use crate::state::RoomEntry;

/// A new message's update time is its sending time, give or take the server's own steps.
const UPDATED_WHEN_SENT_MS: i64 = 1_000;

impl Shared {
    pub(super) fn announce_room(&self, room: &RoomEntry) {
        let subscription = &room.subscription;
        *self.shown_room.borrow_mut() = Some(subscription.rid.clone());
        let data =
            json!({"_id": subscription.rid, "rid": subscription.rid, "name": subscription.name, "t": subscription.t});
        if let Some(room) = to_js(&data) {
            self.session.hooks().room_opened(&room);
        }
        self.frame.post(&Event::new("room-opened", data));
    }

    pub(super) fn announce_message(&self, message: &Message) {
        let updated_later = message.updated_at.millis() - message.ts.millis() > UPDATED_WHEN_SENT_MS;
        if message.u.id == self.session.user_id() || message.t.is_some() || updated_later {
            return;
        }
        let mut announced = self.announced.borrow_mut();
        if announced.get(&message.rid).is_some_and(|newest| message.ts <= *newest) {
            return;
        }
        announced.insert(message.rid.clone(), message.ts);
        drop(announced);
        if self.shown_room.borrow().as_deref() == Some(message.rid.as_str()) {
            self.frame.post(&Event::new("new-message", message));
        }
        let me = self.session.user_id();
        let mentioned = message.mentions.iter().flatten().any(|m| m.id == me || m.id == "all" || m.id == "here");
        let kind = self.known_rooms.borrow().get(&message.rid).copied();
        if mentioned || kind == Some(RoomType::Direct) {
            let sender = json!({"_id": message.u.id, "username": message.u.username, "name": message.u.name});
            let payload =
                json!({"_id": message.id, "rid": message.rid, "tmid": message.tmid, "sender": sender, "type": kind});
            let title = message.u.name.clone().unwrap_or_else(|| message.u.username.clone());
            let notification = json!({"title": title, "text": message.plain_text(), "payload": payload});
            self.frame.post(&Event::new("notification", json!({ "notification": notification })));
        }
    }
}
