//! What people are called in a room's views: their name, as everywhere else the app names them
//! ("Bob Marley is typing…", "👍 by Bob Marley"), found in what the app already holds.

use confab_core::state::ChatState;
use confab_protocol::{RoomType, UserRef};

/// What `username` is called in room `rid`: their name, as the reader's own account, a message
/// of theirs in the room or the direct room with them carries it; the username where none does.
pub fn name_of<'a>(state: &'a ChatState, rid: &str, username: &'a str) -> &'a str {
    let me = state.me.as_ref().filter(|me| me.username == username).map(UserRef::display_name);
    let spoke = || {
        let entries = state.timeline(rid)?.entries.iter().rev();
        entries.map(|e| &e.message.u).find(|u| u.username == username).map(UserRef::display_name)
    };
    let direct = || {
        let rooms = state.rooms.entries.iter();
        rooms.map(|r| &r.subscription).find(|s| s.t == RoomType::Direct && s.name == username).map(|s| s.display_name())
    };
    me.or_else(spoke).or_else(direct).unwrap_or(username)
}
