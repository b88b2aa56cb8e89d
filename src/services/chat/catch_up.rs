//! Catching up after a lost connection. The client remembers the newest change it has seen in
//! the room list and in each opened room; when the streams resume it asks for everything since
//! (`updatedSince`, `chat.syncMessages`) and applies it — the reducer drops what it already has,
//! so a generous overlap costs nothing and a gap is never left.

use std::rc::Rc;

use confab_protocol::{Message, Timestamp};
use wasm_bindgen_futures::spawn_local;

use confab_protocol::rest::{RoomsResponse, SubscriptionsResponse};

use super::shared::Shared;
use crate::state::Action;

impl Shared {
    pub(super) fn saw_list_change(&self, at: Option<Timestamp>) {
        if at > self.list_synced.get() {
            self.list_synced.set(at);
        }
    }

    /// A page of the room list arrived: its newest change is where the next catch-up starts.
    pub(super) fn saw_list(&self, subscriptions: &SubscriptionsResponse, rooms: &RoomsResponse) {
        let subscribed = subscriptions.update.iter().map(|s| s.updated_at);
        self.saw_list_change(subscribed.chain(rooms.update.iter().map(|r| r.updated_at)).max());
    }

    pub(super) fn saw_messages<'a>(&self, rid: &str, messages: impl IntoIterator<Item = &'a Message>) {
        if let Some(newest) = messages.into_iter().map(|m| m.updated_at).max() {
            let mut synced = self.room_synced.borrow_mut();
            let entry = synced.entry(rid.to_owned()).or_insert(newest);
            *entry = (*entry).max(newest);
        }
    }

    /// After a lost connection: what changed in the room list and in every opened room. Where
    /// each catch-up starts is taken now, when the streams have just resumed: what they deliver
    /// from here on must not move it past what was missed. A millisecond of overlap guards
    /// changes stored in the same millisecond; the reducer drops what it already has. A catch-up
    /// that fails (the connection lost again) is remembered, so the next one starts early enough.
    pub(super) fn catch_up(self: &Rc<Self>) {
        let earlier = |at: Timestamp, gap: Option<Timestamp>| {
            let at = Timestamp((at.millis() - 1).max(0));
            gap.map_or(at, |gap| gap.min(at))
        };
        let list_since = self.list_synced.get().map(|at| earlier(at, self.list_gap.get()));
        self.list_gap.set(list_since);
        let rooms: Vec<(String, Timestamp)> = self
            .room_synced
            .borrow()
            .iter()
            .map(|(rid, at)| {
                (rid.clone(), earlier(Timestamp(at.millis() - 1), self.room_gaps.borrow().get(rid).copied()))
            })
            .collect();
        self.room_gaps.borrow_mut().extend(rooms.iter().cloned());
        let shared = self.clone();
        spawn_local(async move {
            if let Some(since) = list_since {
                let (subscriptions, rooms) =
                    futures::join!(shared.rest.subscriptions(Some(since)), shared.rest.rooms(Some(since)));
                if let (Ok(subscriptions), Ok(rooms)) = (subscriptions, rooms) {
                    shared.list_gap.set(None);
                    shared.saw_list(&subscriptions, &rooms);
                    for room in rooms.update {
                        shared.dispatch.dispatch(Action::RoomChanged(room));
                    }
                    for subscription in subscriptions.update {
                        shared.dispatch.dispatch(Action::SubscriptionChanged(subscription));
                    }
                    for gone in subscriptions.remove {
                        shared.dispatch.dispatch(Action::RoomRemoved(gone.rid.unwrap_or(gone.id)));
                    }
                }
            }
            for (rid, since) in rooms {
                if shared.sync_room(&rid, since).await {
                    shared.room_gaps.borrow_mut().remove(&rid);
                }
            }
        });
    }

    /// Applies every change to room `rid` since `since`, page after page (a server may cap a
    /// page) until one comes back empty; whether it got through.
    pub(super) async fn sync_room(&self, rid: &str, mut since: Timestamp) -> bool {
        loop {
            let Ok(changes) = self.rest.sync(rid, since).await else { return false };
            let newest =
                changes.updated.iter().map(|m| m.updated_at).chain(changes.deleted.iter().map(|d| d.deleted_at)).max();
            self.saw_messages(rid, &changes.updated);
            for message in changes.updated {
                self.dispatch.dispatch(Action::Received(message));
            }
            for gone in changes.deleted {
                self.dispatch.dispatch(Action::Deleted { rid: rid.to_owned(), id: gone.id });
            }
            match newest {
                Some(newest) if newest > since => since = newest,
                _ => return true,
            }
        }
    }
}
