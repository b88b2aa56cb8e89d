//! News of the support queue, from the Realtime part (which reads the queue's stream) to the
//! team's section (which reads the queue again). Both are parts: this is what they share, and
//! neither imports the other's views.

use std::cell::RefCell;

use yew::Callback;

thread_local! {
    static LISTENER: RefCell<Option<Callback<()>>> = const { RefCell::new(None) };
}

/// The queue changed: a conversation entered it, left it, or its visitor wrote.
pub fn changed() {
    if let Some(listener) = LISTENER.with_borrow(Clone::clone) {
        listener.emit(());
    }
}

/// Who hears the queue's news; `None` when the section is gone.
pub fn listen(listener: Option<Callback<()>>) {
    LISTENER.set(listener);
}
