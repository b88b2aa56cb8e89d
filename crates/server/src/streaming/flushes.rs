//! The streamed answers whose stored text this instance will soon tell the room's message stream
//! (see `streaming::schedule_flush`): kept in the shared state, so every request schedules into
//! one set and an answer is told once however many pieces came meanwhile.

use std::collections::HashSet;
use std::sync::Mutex;

#[derive(Default)]
pub struct Flushes(pub(super) Mutex<HashSet<String>>);
