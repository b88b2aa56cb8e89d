//! How link previews went, counted for the operator's `statistics`: kept apart from the
//! previews' work, so the state every handler shares names only this.

use std::sync::atomic::{AtomicU64, Ordering};

use confab_protocol::rest::PreviewCounts;

use crate::outbound::FetchError;

/// How many previews were read, refused and failed: the operator's view of what users link to,
/// in `statistics`.
#[derive(Debug, Default)]
pub struct Counts {
    read: AtomicU64,
    refused: AtomicU64,
    failed: AtomicU64,
}

impl Counts {
    pub fn snapshot(&self) -> PreviewCounts {
        PreviewCounts {
            read: self.read.load(Ordering::Relaxed),
            refused: self.refused.load(Ordering::Relaxed),
            failed: self.failed.load(Ordering::Relaxed),
        }
    }

    pub(super) fn count(&self, outcome: Result<(), &FetchError>) {
        let counter = match outcome {
            Ok(()) => &self.read,
            Err(FetchError::Blocked | FetchError::NotHttp) => &self.refused,
            Err(_) => &self.failed,
        };
        counter.fetch_add(1, Ordering::Relaxed);
    }
}
