//! The moment the first screen is up (the room list, or the room of an app embedded on one
//! room): what must not weigh on the first load waits for it, the Realtime client among them.
//! The first screen's components report it with [`shown`]; the first report is the one that
//! counts.

use std::cell::{Cell, RefCell};

thread_local! {
    static SHOWN: Cell<bool> = const { Cell::new(false) };
    static WAITING: RefCell<Vec<Box<dyn FnOnce()>>> = RefCell::default();
}

/// Runs `then` once the first screen is up: at once if it is already.
pub fn when_shown(then: impl FnOnce() + 'static) {
    if SHOWN.get() {
        then();
    } else {
        WAITING.with_borrow_mut(|waiting| waiting.push(Box::new(then)));
    }
}

/// The first screen is up (or has given up: a room list that could not load still needs the
/// connection that will bring it).
pub fn shown() {
    SHOWN.set(true);
    for then in WAITING.with_borrow_mut(std::mem::take) {
        then();
    }
}
