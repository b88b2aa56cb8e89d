//! The events a framing page hears (see `services::page_api`): `room-opened` when a room is shown
//! (which the host page of a mounted app hears too, see `services::host_page`),
//! `new-message` for each new message in it, and `notification` for each new message that
//! mentions the user or comes in a direct room. A message counts as new once: edits and
//! reactions re-deliver it on the same stream, later updated than sent, or sent no later than
//! the newest message already announced in its room.

use confab_protocol::{Message, RoomType};

use super::shared::Shared;
use crate::services::page_api::PageEvent;
use crate::state::RoomEntry;

/// A new message's update time is its sending time, give or take the server's own steps.
const UPDATED_WHEN_SENT_MS: i64 = 1_000;

impl Shared {
    pub(super) fn announce_room(&self, room: &RoomEntry) {
        let subscription = &room.subscription;
        *self.shown_room.borrow_mut() = Some(subscription.rid.clone());
        let (rid, name, t) = (subscription.rid.clone(), subscription.name.clone(), subscription.t);
        self.session.hooks().room_opened(&rid, &name, t);
        self.page.post(PageEvent::RoomOpened { rid, name, t });
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
            self.page.post(PageEvent::NewMessage(message.clone()));
        }
        let me = self.session.user_id();
        let mentioned = message.mentions.iter().flatten().any(|m| m.id == me || m.id == "all" || m.id == "here");
        let kind = self.known_rooms.borrow().get(&message.rid).copied();
        if mentioned || kind == Some(RoomType::Direct) {
            self.page.post(PageEvent::Notification { message: message.clone(), t: kind });
        }
    }
}
