//! Telling the server what the user has read. A room open at its newest message is read as
//! messages arrive; marking it on every one would cost a request per message per reader, so the
//! first mark goes at once and then at most one every [`READ_EVERY_MS`] covers the rest.

use gloo_timers::future::TimeoutFuture;
use wasm_bindgen_futures::spawn_local;

use super::ChatClient;
use crate::services::browser;
use crate::state::Action;

/// The least time between two read marks of one room.
pub const READ_EVERY_MS: i64 = 1_000;

/// Where a room's read marks stand: when the last was sent, and whether one is on its way.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct ReadMark {
    sent_at: i64,
    pending: bool,
}

impl ReadMark {
    /// A mark is asked for at `now`: how long to wait before sending it, or `None` when one is
    /// already on its way (it will cover this one).
    pub(super) fn ask(&mut self, now: i64) -> Option<i64> {
        if std::mem::replace(&mut self.pending, true) {
            return None;
        }
        Some((self.sent_at + READ_EVERY_MS - now).clamp(0, READ_EVERY_MS))
    }

    /// The mark asked for was sent at `at` (or given up).
    pub(super) fn sent(&mut self, at: i64) {
        *self = Self { sent_at: at, pending: false };
    }
}

impl ChatClient {
    /// Tells the server the user has read room `rid` to its end: at once, or, when the room was
    /// marked less than [`READ_EVERY_MS`] ago, once that time is up (one request then covers
    /// every message read meanwhile). One mark per room is on its way at a time.
    pub fn mark_read(&self, rid: &str) {
        let asked = self.shared.reads.borrow_mut().entry(rid.to_owned()).or_default().ask(browser::now().millis());
        let Some(wait) = asked else { return };
        let (shared, rid) = (self.shared.clone(), rid.to_owned());
        spawn_local(async move {
            if wait > 0 {
                TimeoutFuture::new(wait as u32).await;
            }
            let sent_at = browser::now().millis();
            let read = !shared.session.is_closed() && shared.rest.mark_read(&rid).await.is_ok();
            if read {
                shared.dispatch.dispatch(Action::MarkedRead(rid.clone()));
            }
            if let Some(mark) = shared.reads.borrow_mut().get_mut(&rid) {
                mark.sent(sent_at);
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn read_marks_go_at_once_then_at_most_one_per_interval() {
        let mut mark = ReadMark::default();
        assert_eq!(mark.ask(10_000), Some(0), "the first mark goes at once");
        assert_eq!(mark.ask(10_050), None, "one on its way covers the next");
        mark.sent(10_000);
        assert_eq!(mark.ask(10_300), Some(READ_EVERY_MS - 300), "soon after, it waits out the interval");
        assert_eq!(mark.ask(10_400), None);
        mark.sent(11_000);
        assert_eq!(mark.ask(15_000), Some(0), "after a quiet spell, at once again");
        mark.sent(15_000);
        assert_eq!(mark.ask(14_000), Some(READ_EVERY_MS), "a clock that went back waits one interval at most");
    }
}
