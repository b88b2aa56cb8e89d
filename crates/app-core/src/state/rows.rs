//! How a timeline is laid out for reading: a date line where the day changes, a "new messages"
//! line before the first unread message, and consecutive messages from one author within a few
//! minutes shown as one group (the avatar and name once).

use confab_protocol::Timestamp;

use std::rc::Rc;

use super::Entry;

/// Messages this close together (and from the same author) share one header.
pub const GROUP_WINDOW_MS: i64 = 5 * 60 * 1000;
const DAY_MS: i64 = 86_400_000;

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Row<'a> {
    /// The first message of a local day, with that day's midnight.
    Day(Timestamp),
    /// Messages after this line arrived since the reader last saw the room.
    Unread,
    Message {
        entry: &'a Rc<Entry>,
        continued: bool,
    },
}

/// Lays out `entries` (oldest first). `last_seen` is when the reader last read the room;
/// `offset_ms` is the local time zone's offset from UTC, so days break at local midnight.
pub fn rows<'a>(entries: &'a [Rc<Entry>], last_seen: Option<Timestamp>, me: &str, offset_ms: i64) -> Vec<Row<'a>> {
    let day = |ts: Timestamp| (ts.millis() + offset_ms).div_euclid(DAY_MS);
    let mut rows = Vec::with_capacity(entries.len() + 4);
    let mut unread_placed = false;
    let mut previous: Option<&Rc<Entry>> = None;
    for entry in entries {
        let message = &entry.message;
        let new_day = previous.is_none_or(|p| day(p.message.ts) != day(message.ts));
        if new_day {
            rows.push(Row::Day(Timestamp(day(message.ts) * DAY_MS - offset_ms)));
        }
        let unread = !unread_placed && message.u.id != me && last_seen.is_some_and(|seen| message.ts > seen);
        if unread {
            rows.push(Row::Unread);
            unread_placed = true;
        }
        let continued = !new_day
            && !unread
            && message.t.is_none()
            && previous.is_some_and(|p| {
                p.message.t.is_none()
                    && p.message.u.id == message.u.id
                    && message.ts.millis() - p.message.ts.millis() <= GROUP_WINDOW_MS
            });
        rows.push(Row::Message { entry, continued });
        previous = Some(entry);
    }
    rows
}

#[cfg(test)]
mod tests {
    use confab_protocol::{Message, UserRef};

    use super::*;
    use crate::state::Delivery;

    fn entry(id: &str, from: &str, ts: i64) -> Rc<Entry> {
        let user = UserRef { id: from.into(), username: from.into(), name: None };
        Rc::new(Entry { message: Message::new(id, "room", "text", user, Timestamp(ts)), delivery: Delivery::Sent })
    }

    fn shape(rows: &[Row]) -> Vec<String> {
        rows.iter()
            .map(|row| match row {
                Row::Day(_) => "day".to_owned(),
                Row::Unread => "unread".to_owned(),
                Row::Message { entry, continued } => {
                    format!("{}{}", entry.message.id, if *continued { "+" } else { "" })
                }
            })
            .collect()
    }

    const NOON: i64 = 1_714_564_800_000; // 2024-05-01T12:00:00Z

    #[test]
    fn one_authors_quick_messages_group_and_days_and_authors_break_groups() {
        let entries = [
            entry("a", "alice", NOON),
            entry("b", "alice", NOON + 60_000),
            entry("c", "bob", NOON + 120_000),
            entry("d", "bob", NOON + 120_000 + GROUP_WINDOW_MS + 1),
            entry("e", "bob", NOON + DAY_MS),
        ];
        assert_eq!(shape(&rows(&entries, None, "alice", 0)), ["day", "a", "b+", "c", "d", "day", "e"]);
    }

    #[test]
    fn days_break_at_local_midnight() {
        let entries = [entry("a", "alice", NOON), entry("b", "alice", NOON + 60_000)];
        // Twelve hours east of UTC, the local day begins at 12:00 UTC: both messages fall in it.
        let east = 12 * 3_600_000;
        let laid = rows(&entries, None, "alice", east);
        assert_eq!(shape(&laid), ["day", "a", "b+"]);
        assert_eq!(laid[0], Row::Day(Timestamp(NOON)));
    }

    #[test]
    fn the_unread_line_precedes_the_first_message_from_others_since_last_seen() {
        let entries = [
            entry("a", "bob", NOON),
            entry("b", "alice", NOON + 1000),
            entry("c", "bob", NOON + 2000),
            entry("d", "bob", NOON + 3000),
        ];
        let laid = rows(&entries, Some(Timestamp(NOON + 500)), "alice", 0);
        assert_eq!(shape(&laid), ["day", "a", "b", "unread", "c", "d+"]);
        assert_eq!(shape(&rows(&entries, None, "alice", 0)), ["day", "a", "b", "c", "d+"]);
    }

    #[test]
    fn system_messages_never_group() {
        let mut joined = entry("b", "alice", NOON + 1000);
        Rc::make_mut(&mut joined).message.t = Some("uj".into());
        let entries = [entry("a", "alice", NOON), joined, entry("c", "alice", NOON + 2000)];
        assert_eq!(shape(&rows(&entries, None, "alice", 0)), ["day", "a", "b", "c"]);
    }
}
