//! Pinning a message for the room and starring it for oneself (the changed message comes back
//! on the stream: a pin to every member, a star to the user alone), and the room's notification
//! choices; a refusal becomes a notice. Reached from the room part only.

use confab_protocol::Message;
use wasm_bindgen_futures::spawn_local;

use super::ChatClient;
use crate::state::{Action, Notice};

impl ChatClient {
    pub fn pin(&self, message: &Message, pinned: bool) {
        let (shared, id) = (self.shared.clone(), message.id.clone());
        spawn_local(async move {
            if let Err(error) = shared.rest.pin(&id, pinned).await {
                shared
                    .dispatch
                    .dispatch(Action::Notice(Some(Notice { what: "notice.pinNotSaved", why: error.problem() })));
            }
        });
    }

    pub fn star(&self, message: &Message, starred: bool) {
        let (shared, id) = (self.shared.clone(), message.id.clone());
        spawn_local(async move {
            if let Err(error) = shared.rest.star(&id, starred).await {
                shared
                    .dispatch
                    .dispatch(Action::Notice(Some(Notice { what: "notice.starNotSaved", why: error.problem() })));
            }
        });
    }

    /// Stores what notifies the user in room `rid`.
    pub fn save_notification_prefs(&self, rid: &str, prefs: confab_protocol::notification::NotificationPrefs) {
        let (shared, rid) = (self.shared.clone(), rid.to_owned());
        spawn_local(async move {
            if let Err(error) = shared.rest.save_notification_prefs(&rid, prefs).await {
                let notice = Notice { what: "notice.notificationsNotSaved", why: error.problem() };
                shared.dispatch.dispatch(Action::Notice(Some(notice)));
            }
        });
    }

    /// Opens message `id` of room `rid`, opening the room first when another is shown.
    pub fn open_message(self: &std::rc::Rc<Self>, rid: &str, id: &str, shown_rid: &str, loaded: bool) {
        if rid == shown_rid {
            self.show_message(rid, id, loaded);
        } else {
            *self.shared.wanted_message.borrow_mut() = Some(id.to_owned());
            self.go_to_room(rid.to_owned());
        }
    }
}
