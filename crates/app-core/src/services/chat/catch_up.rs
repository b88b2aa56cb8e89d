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

/// How far before the newest change seen a catch-up starts. A change stamped before another can
/// reach the client after it: two senders at once, each published when its own write is done, or
/// a server that publishes from a change stream as Rocket.Chat does. Seeing the later one must
/// not move the catch-up past the earlier one if the connection drops in between.
pub const CATCH_UP_OVERLAP_MS: i64 = 10_000;

/// Where a catch-up starts for changes seen up to `newest`, when an earlier one that failed
/// started at `gap`.
fn catch_up_start(newest: Timestamp, gap: Option<Timestamp>) -> Timestamp {
    let start = Timestamp((newest.millis() - CATCH_UP_OVERLAP_MS).max(0));
    gap.map_or(start, |gap| gap.min(start))
}

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
    /// from here on must not move it past what was missed. It starts [`CATCH_UP_OVERLAP_MS`]
    /// before the newest change seen, because changes are not always published in the order they
    /// are stamped; the reducer drops what it already has. A catch-up that fails (the connection
    /// lost again) is remembered, so the next one starts early enough.
    pub(super) fn catch_up(self: &Rc<Self>) {
        self.catch_up_list();
        let rooms = self.room_synced.borrow().keys().cloned().collect();
        self.catch_up_rooms(rooms);
    }

    /// What changed in each of `rooms` (those whose history was read) since the newest change
    /// seen there, less the overlap.
    pub(super) fn catch_up_rooms(self: &Rc<Self>, rooms: Vec<String>) {
        let rooms: Vec<(String, Timestamp)> = rooms
            .into_iter()
            .filter_map(|rid| {
                let at = *self.room_synced.borrow().get(&rid)?;
                let since = catch_up_start(at, self.room_gaps.borrow().get(&rid).copied());
                Some((rid, since))
            })
            .collect();
        self.room_gaps.borrow_mut().extend(rooms.iter().cloned());
        let shared = self.clone();
        spawn_local(async move {
            for (rid, since) in rooms {
                if shared.sync_room(&rid, since).await {
                    shared.room_gaps.borrow_mut().remove(&rid);
                }
            }
        });
    }

    /// What changed in the room list since the newest change seen (less the overlap): after a lost
    /// connection, or when a message names a room the list does not have yet.
    pub(super) fn catch_up_list(self: &Rc<Self>) {
        let Some(since) = self.list_synced.get().map(|at| catch_up_start(at, self.list_gap.get())) else { return };
        self.list_gap.set(Some(since));
        let shared = self.clone();
        spawn_local(async move {
            let (subscriptions, rooms) = {
                let since = confab_protocol::rest::query_date(since);
                futures::join!(shared.rest.subscriptions(Some(&since)), shared.rest.rooms(Some(&since)))
            };
            if let (Ok(subscriptions), Ok(rooms)) = (subscriptions, rooms) {
                shared.list_gap.set(None);
                shared.saw_list(&subscriptions, &rooms);
                // Subscriptions first: a room new to the list is added by its subscription, and
                // its room document then fills it in.
                for subscription in subscriptions.update {
                    shared.known_rooms.borrow_mut().insert(subscription.rid.clone(), subscription.t);
                    shared.dispatch.dispatch(Action::SubscriptionChanged(subscription));
                }
                for room in rooms.update {
                    shared.dispatch.dispatch(Action::RoomChanged(room));
                }
                for gone in subscriptions.remove {
                    let rid = gone.rid.unwrap_or(gone.id);
                    shared.known_rooms.borrow_mut().remove(&rid);
                    shared.dispatch.dispatch(Action::RoomRemoved(rid));
                }
            }
        });
    }

    /// Applies every change to room `rid` since `since`, page after page (a server may cap a
    /// page) until one comes back empty; whether it got through.
    async fn sync_room(&self, rid: &str, mut since: Timestamp) -> bool {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_catch_up_starts_well_before_the_newest_change_seen_and_never_after_a_failed_one() {
        let newest = Timestamp(1_000_000);
        assert_eq!(catch_up_start(newest, None), Timestamp(1_000_000 - CATCH_UP_OVERLAP_MS));
        // A message stamped 3 s before the newest seen, published after it, is still fetched.
        assert!(catch_up_start(newest, None) < Timestamp(1_000_000 - 3_000));
        assert_eq!(catch_up_start(newest, Some(Timestamp(5))), Timestamp(5), "a failed catch-up's start is kept");
        assert_eq!(catch_up_start(Timestamp(3), None), Timestamp(0));
    }
}
