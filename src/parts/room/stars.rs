//! Which messages the reader starred. Only what the server sends the reader carries their star
//! (their reads, and the star's own event), and a message changed by someone else arrives
//! without it: the last word heard of each message is kept here, so such an update does not
//! take the star away.

use std::cell::RefCell;
use std::collections::HashMap;

use confab_protocol::Message;

thread_local! {
    static HEARD: RefCell<HashMap<String, bool>> = RefCell::default();
}

/// Whether the reader starred `message`, by what it says or, if it says nothing, what was heard.
pub fn starred(message: &Message) -> bool {
    HEARD.with_borrow_mut(|heard| match &message.starred {
        Some(_) => *heard.entry(message.id.clone()).insert_entry(message.is_starred()).get(),
        None => heard.get(&message.id).copied().unwrap_or(false),
    })
}

/// Icon outlines of the room part's own.
pub const STAR: &str = "M12 3l2.7 5.6 6.1.9-4.4 4.3 1 6.1L12 17l-5.4 2.9 1-6.1-4.4-4.3 6.1-.9z";
pub const PIN: &str = "M9 3h6l-1 7 4 3H6l4-3zM12 13v8";
