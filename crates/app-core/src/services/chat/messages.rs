//! What the user does to messages: send (through the outbox), retry, edit, delete, react, and
//! open threads.

use confab_protocol::{Message, Room};
use wasm_bindgen_futures::spawn_local;

use super::ChatClient;
use crate::services::browser;
use crate::state::rights::{Asker, MayChange, Rights};
use crate::state::{Action, Notice};

impl ChatClient {
    /// What the user may do to `message`, by `rights` (with `room_roles`, their roles in its
    /// room, and `silenced` when they may not post there: an edit is a post); before the rights
    /// are read, change their own messages, or anyone's for an admin.
    pub fn may_change(
        &self,
        rights: Option<&Rights>,
        room_roles: &[String],
        silenced: bool,
        message: &Message,
    ) -> MayChange {
        let Some(rights) = rights else {
            let allowed = message.t.is_none() && (message.u.id == self.me.id || self.admin);
            return MayChange { edit: allowed && !silenced, delete: allowed, react: !silenced };
        };
        let asker = Asker { user_id: &self.me.id, roles: &self.roles, room_roles, now_ms: browser::now().millis() };
        MayChange {
            edit: rights.may_edit(&asker, message) && !silenced,
            delete: rights.may_delete(&asker, message),
            react: !silenced,
        }
    }

    /// Whether the user holds `permission` in a room where their roles are `room_roles` (before
    /// the rights are read: only an admin).
    pub fn holds(&self, rights: Option<&Rights>, room_roles: &[String], permission: &str) -> bool {
        let asker = Asker { user_id: &self.me.id, roles: &self.roles, room_roles, now_ms: 0 };
        rights.map_or(self.admin, |rights| rights.holds(&asker, permission))
    }

    /// Why the user may not post to `room` (a text's key), if they may not.
    pub fn post_refusal(&self, rights: Option<&Rights>, room_roles: &[String], room: &Room) -> Option<&'static str> {
        let asker = Asker { user_id: &self.me.id, roles: &self.roles, room_roles, now_ms: 0 };
        Rights::post_refusal(rights, &asker, &self.me.username, room)
    }

    /// Puts `message` in the composer for editing (`None` goes back to writing).
    pub fn edit(&self, message: Option<Message>) {
        self.shared.dispatch.dispatch(Action::Edit(message));
    }

    /// Saves an edit; the stored version replaces the shown one.
    pub fn save_edit(&self, message: &Message, text: &str) {
        self.shared.dispatch.dispatch(Action::Edit(None));
        let (shared, rid, id, text) = (self.shared.clone(), message.rid.clone(), message.id.clone(), text.to_owned());
        spawn_local(async move {
            match shared.rest.update_message(&rid, &id, &text).await {
                Ok(stored) => shared.dispatch.dispatch(Action::Received(stored)),
                Err(error) => shared
                    .dispatch
                    .dispatch(Action::Notice(Some(Notice { what: "notice.notChanged", why: error.problem() }))),
            }
        });
    }

    pub fn delete(&self, message: &Message) {
        let (shared, rid, id) = (self.shared.clone(), message.rid.clone(), message.id.clone());
        spawn_local(async move {
            match shared.rest.delete_message(&rid, &id).await {
                Ok(()) => shared.dispatch.dispatch(Action::Deleted { rid, id }),
                Err(error) => shared
                    .dispatch
                    .dispatch(Action::Notice(Some(Notice { what: "notice.notDeleted", why: error.problem() }))),
            }
        });
    }

    /// Toggles the user's reaction; the updated message arrives on the stream.
    pub fn react(&self, message: &Message, short_code: &str) {
        let (shared, id, emoji) =
            (self.shared.clone(), message.id.clone(), format!(":{}:", short_code.trim_matches(':')));
        spawn_local(async move {
            if let Err(error) = shared.rest.react(&id, &emoji).await {
                shared
                    .dispatch
                    .dispatch(Action::Notice(Some(Notice { what: "notice.reactionNotSaved", why: error.problem() })));
            }
        });
    }

    /// Sends `text` to room `rid` (as a reply in thread `tmid` when given): shown at once as
    /// pending, keyed by a client-chosen `_id`.
    pub fn send(&self, rid: &str, tmid: Option<&str>, text: &str) {
        self.stop_typing(rid);
        let mut message = Message::new(browser::new_id(), rid, text, self.me.clone(), browser::now());
        message.tmid = tmid.map(str::to_owned);
        self.deliver(message);
    }

    /// Opens the thread of `parent` beside the room and loads its replies.
    pub fn open_thread(&self, parent: &Message) {
        let (rid, id) = (parent.rid.clone(), parent.tmid.clone().unwrap_or_else(|| parent.id.clone()));
        self.shared.dispatch.dispatch(Action::OpenThread { rid, parent: id.clone() });
        let shared = self.shared.clone();
        spawn_local(async move {
            match shared.rest.thread(&id).await {
                Ok(replies) => shared.dispatch.dispatch(Action::ThreadLoaded { parent: id, replies }),
                Err(error) => shared
                    .dispatch
                    .dispatch(Action::Notice(Some(Notice { what: "notice.threadNotLoaded", why: error.problem() }))),
            }
        });
    }

    pub fn close_room(&self) {
        self.shared.shown_room.borrow_mut().take();
        self.shared.dispatch.dispatch(Action::CloseRoom);
    }

    pub fn close_thread(&self) {
        self.shared.dispatch.dispatch(Action::CloseThread);
    }

    /// Sends a failed message again, under its original `_id` so the server stores it once.
    pub fn retry(&self, message: &Message) {
        self.deliver(message.clone());
    }

    /// Queues `message` and shows it as pending; it is sent as soon as the connection allows.
    /// The send is queued first: both run as microtasks in order, so the request leaves before
    /// the pending message is rendered rather than after.
    fn deliver(&self, message: Message) {
        self.shared.outbox.push(message.clone());
        self.shared.flush();
        self.shared.dispatch.dispatch(Action::SendStarted(message));
    }
}
