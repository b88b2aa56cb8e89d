//! The page's title counts what waits for the reader, `(3) Chat`: unread direct messages and
//! unread mentions elsewhere, going back to the plain title once they are read. Only when the
//! app owns the page; in a host's page the title is the host's.

use confab_protocol::RoomType;
use yew::prelude::*;

use crate::state::RoomList;

/// What the badge counts in `rooms`.
pub fn waiting(rooms: &RoomList) -> u32 {
    rooms
        .entries
        .iter()
        .map(|e| {
            let s = &e.subscription;
            if s.t == RoomType::Direct { s.unread } else { s.user_mentions + s.group_mentions }
        })
        .sum()
}

#[hook]
pub fn use_title_badge(count: Option<u32>) {
    // The title as the page had it, before any count.
    let plain = use_mut_ref(|| None::<String>);
    use_effect_with(count, move |count| {
        let (Some(count), Some(document)) = (*count, web_sys::window().and_then(|w| w.document())) else { return };
        // Through `Reflect`: a binding of its own would add its glue to the first load's script.
        let key = wasm_bindgen::JsValue::from_str("title");
        let plain = plain
            .borrow_mut()
            .get_or_insert_with(|| {
                js_sys::Reflect::get(&document, &key).ok().and_then(|t| t.as_string()).unwrap_or_default()
            })
            .clone();
        let shown = if count > 0 { format!("({count}) {plain}") } else { plain };
        let _ = js_sys::Reflect::set(&document, &key, &shown.into());
    });
}

#[cfg(test)]
mod tests {
    use confab_protocol::{Subscription, Timestamp, UserRef};

    use super::*;
    use crate::state::RoomEntry;

    fn entry(t: RoomType, unread: u32, user_mentions: u32, group_mentions: u32) -> RoomEntry {
        let u = UserRef { id: "u".into(), username: "u".into(), name: None };
        let subscription = Subscription {
            id: "s".into(),
            rid: "r".into(),
            u,
            name: "n".into(),
            fname: None,
            t,
            unread,
            user_mentions,
            group_mentions,
            alert: unread > 0,
            open: true,
            ls: None,
            ts: Timestamp(0),
            updated_at: Timestamp(0),
            roles: Vec::new(),
            notifications: Default::default(),
        };
        RoomEntry::new(subscription, None)
    }

    #[test]
    fn unread_direct_messages_and_mentions_elsewhere_count() {
        let rooms = RoomList {
            entries: vec![
                entry(RoomType::Direct, 2, 0, 0),
                entry(RoomType::Channel, 9, 1, 1),
                entry(RoomType::Group, 4, 0, 0),
            ],
        };
        assert_eq!(waiting(&rooms), 4, "two direct messages and two mentions; plain unread messages do not count");
        assert_eq!(waiting(&RoomList::default()), 0);
    }
}
