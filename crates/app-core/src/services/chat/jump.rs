//! Opening any message of a room, however old: the messages around it replace the room's
//! timeline (`loadSurroundingMessages`), which then grows backwards by history pages and
//! forwards by `loadNextMessages` until it meets the newest again, or goes back to the latest at
//! once. Reached from the room part only, so none of it is in the first load.

use wasm_bindgen_futures::spawn_local;

use super::ChatClient;
use super::shared::Shared;
use crate::state::{Action, Notice, Problem, Timeline, TimelineChange};

/// Messages loaded around a message (half on each side).
const AROUND: u32 = 100;
/// Messages per newer page.
const NEWER_PAGE: u32 = 50;

impl ChatClient {
    /// Shows message `id` of room `rid` highlighted, loading it first unless `loaded`.
    pub fn show_message(&self, rid: &str, id: &str, loaded: bool) {
        let (rid, id) = (rid.to_owned(), id.to_owned());
        let target = |shared: &Shared, rid: &str, id: &str, load: bool| {
            let id = id.to_owned();
            change(shared, rid, move |t| t.set_target(id.clone(), load));
        };
        target(&self.shared, &rid, &id, !loaded);
        if loaded {
            return;
        }
        let shared = self.shared.clone();
        spawn_local(async move {
            let unavailable = |why: Problem| Action::Notice(Some(Notice { what: "timeline.messageUnavailable", why }));
            match shared.rest.surrounding(&id, AROUND).await {
                Ok(around) if around.messages.iter().any(|m| m.id == id && m.rid == rid) => {
                    let (more_before, more_after) = (around.more_before, around.more_after);
                    change(&shared, &rid, move |t| t.surround(around.messages.clone(), more_before, more_after));
                }
                Ok(_) => {
                    target(&shared, &rid, &id, false);
                    shared.dispatch.dispatch(unavailable(Problem::Said("timeline.notInRoom")));
                }
                Err(error) => {
                    target(&shared, &rid, &id, false);
                    shared.dispatch.dispatch(unavailable(error.problem()));
                }
            }
        });
    }

    /// Opens message `id` wherever it is (a quote's): its room is asked of the server first.
    pub fn open_linked_message(self: &std::rc::Rc<Self>, id: &str) {
        let (client, id) = (self.clone(), id.to_owned());
        spawn_local(async move {
            match client.shared.rest.message(&id).await {
                Ok(message) => {
                    let shown = client.shared.shown_room.borrow().clone().unwrap_or_default();
                    client.open_message(&message.rid, &id, &shown, false);
                }
                Err(error) => client.shared.dispatch.dispatch(Action::Notice(Some(Notice {
                    what: "timeline.messageUnavailable",
                    why: error.problem(),
                }))),
            }
        });
    }

    /// Loads the messages after `newest` in a timeline with a gap after it.
    pub fn load_newer(&self, rid: &str, newest: confab_protocol::Timestamp) {
        if !self.shared.loading_newer.borrow_mut().insert(rid.to_owned()) {
            return;
        }
        let (shared, rid) = (self.shared.clone(), rid.to_owned());
        spawn_local(async move {
            match shared.rest.newer(&rid, newest, NEWER_PAGE).await {
                Ok(messages) => {
                    let more = messages.len() as u32 == NEWER_PAGE;
                    change(&shared, &rid, move |t| t.extend_newer(messages.clone(), more));
                }
                Err(error) => shared
                    .dispatch
                    .dispatch(Action::Notice(Some(Notice { what: "timeline.newerNotLoaded", why: error.problem() }))),
            }
            shared.loading_newer.borrow_mut().remove(&rid);
        });
    }

    /// Starts room `rid`'s timeline again from its newest messages.
    pub fn back_to_latest(&self, rid: &str) {
        change(&self.shared, rid, |t| *t = Timeline::default());
        self.shared.load_history(rid.to_owned());
    }
}

fn change(shared: &Shared, rid: &str, change: impl Fn(&mut Timeline) + 'static) {
    shared.dispatch.dispatch(Action::ChangeTimeline { rid: rid.to_owned(), change: TimelineChange::new(change) });
}
