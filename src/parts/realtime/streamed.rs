//! A streamed answer's pieces, applied to the timeline as they arrive: each adds what the copy
//! shown lacks, in place, or nothing when the copy is behind (the stored text, which the finished
//! message brings, mends it) or already has it (it was loaded after the append).

use std::rc::Rc;

use confab_core::state::{Entry, TimelineChange};
use confab_protocol::streaming::Piece;

/// The change that adds `piece` to its message, wherever the room's timeline holds it.
pub(super) fn append(piece: Piece) -> TimelineChange {
    TimelineChange::new(move |timeline| {
        let Some(entry) = timeline.entries.iter_mut().find(|entry| entry.message.id == piece.id) else { return };
        let Some(missing) = piece.missing_from(&entry.message.msg) else { return };
        let mut message = entry.message.clone();
        message.msg.push_str(missing);
        // The server's tree is of the text before: the view parses the text as it grows.
        message.md = None;
        *entry = Rc::new(Entry { message, delivery: entry.delivery.clone() });
    })
}
