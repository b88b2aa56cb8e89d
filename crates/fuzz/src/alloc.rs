//! The allocator of every binary that links the fuzz targets, counting the bytes live and their
//! peak, so a target can hold work to what it produces: the picture target fails when reading a
//! picture allocates more than its bound.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

#[global_allocator]
static COUNTING: Counting = Counting;

/// Counts `bytes` more live, when `pointer` says the allocation succeeded.
fn grown(pointer: *mut u8, bytes: usize) -> *mut u8 {
    if !pointer.is_null() {
        let live = LIVE.fetch_add(bytes, Ordering::Relaxed) + bytes;
        PEAK.fetch_max(live, Ordering::Relaxed);
    }
    pointer
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the layout is passed on unchanged to the system allocator.
        grown(unsafe { System.alloc(layout) }, layout.size())
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as for `alloc`.
        grown(unsafe { System.alloc_zeroed(layout) }, layout.size())
    }

    unsafe fn realloc(&self, pointer: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: `pointer` came from this allocator with `layout`; the caller keeps realloc's rules.
        let moved = unsafe { System.realloc(pointer, layout, new_size) };
        if new_size >= layout.size() {
            grown(moved, new_size - layout.size())
        } else {
            if !moved.is_null() {
                LIVE.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
            }
            moved
        }
    }

    unsafe fn dealloc(&self, pointer: *mut u8, layout: Layout) {
        // SAFETY: `pointer` came from `alloc` above with this layout.
        unsafe { System.dealloc(pointer, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }
}

/// The most bytes live at once while `work` ran, beyond those live when it started. Other
/// threads' allocations count too: callers measure work on one thread at a time.
pub fn peak_during<T>(work: impl FnOnce() -> T) -> (T, usize) {
    let before = LIVE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    let made = work();
    (made, PEAK.load(Ordering::Relaxed).saturating_sub(before))
}
