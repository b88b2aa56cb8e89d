//! Idleness, reported as Rocket.Chat's clients do: after the server's idle time without input the
//! connection calls `UserPresence:away`, and at the next input `UserPresence:online`. A new
//! connection starts active on the server, so an idle user is reported away again after a login.

use std::cell::Cell;
use std::rc::Rc;

use confab_protocol::presence::{AWAY_METHOD, ONLINE_METHOD};
use gloo_events::{EventListener, EventListenerOptions};

use confab_core::services::browser;

/// What counts as the user being there.
const INPUTS: [&str; 5] = ["pointerdown", "pointermove", "keydown", "wheel", "touchstart"];

pub(super) struct Idle {
    /// Milliseconds without input before the user is away; 0 until the server has said.
    limit_ms: Cell<i64>,
    last_input: Cell<i64>,
    away: Cell<bool>,
}

impl Idle {
    pub(super) fn new() -> Rc<Self> {
        Rc::new(Self { limit_ms: Cell::new(0), last_input: Cell::new(browser::now().millis()), away: Cell::new(false) })
    }

    pub(super) fn set_limit(&self, seconds: u32) {
        self.limit_ms.set(i64::from(seconds) * 1_000);
    }

    /// Listens for input on the page; `report` calls a presence method.
    pub(super) fn listen(self: &Rc<Self>, report: Rc<dyn Fn(&str)>) -> Vec<EventListener> {
        let Some(document) = web_sys::window().and_then(|w| w.document()) else { return Vec::new() };
        let options = EventListenerOptions { passive: true, ..EventListenerOptions::default() };
        INPUTS
            .iter()
            .map(|kind| {
                let (idle, report) = (self.clone(), report.clone());
                EventListener::new_with_options(&document, *kind, options, move |_| {
                    idle.last_input.set(browser::now().millis());
                    if idle.away.replace(false) {
                        report(ONLINE_METHOD);
                    }
                })
            })
            .collect()
    }

    /// The method to call now, if any: checked every second.
    pub(super) fn check(&self) -> Option<&'static str> {
        let limit = self.limit_ms.get();
        let quiet = browser::now().millis() - self.last_input.get();
        (limit > 0 && !self.away.get() && quiet >= limit).then(|| {
            self.away.set(true);
            AWAY_METHOD
        })
    }

    /// After a login: what the new connection must be told.
    pub(super) fn on_login(&self) -> Option<&'static str> {
        self.away.get().then_some(AWAY_METHOD)
    }
}
