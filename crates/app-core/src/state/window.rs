//! Which slice of a long timeline is rendered. A room of 10,000 messages keeps at most
//! [`WINDOW`] of them in the DOM: reaching the top of the slice moves it [`STEP`] messages back
//! (or loads the next older page once the slice starts at the oldest loaded message), reaching
//! the bottom moves it forward, and at the newest end it follows new messages.
//!
//! The slice is held by its last message, so messages arriving at either end leave it where it
//! is; an older page arriving while the slice is at the top must show up in it, so asking for
//! one first pins the slice's end low enough to leave room for the page.

/// Messages rendered at most.
pub const WINDOW: usize = 200;
/// How far the slice moves at once.
pub const STEP: usize = 50;

/// The rendered range of `len` messages: ending at `end`, or at the newest when `None`.
pub fn range(len: usize, end: Option<usize>) -> (usize, usize) {
    let end = end.map_or(len, |e| e.min(len));
    (end.saturating_sub(WINDOW), end)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Edge {
    Top,
    Bottom,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Move {
    /// Render up to this end instead (`None`: the newest end).
    Shift(Option<usize>),
    /// The slice starts at the oldest loaded message: fetch older ones, rendering up to this end
    /// meanwhile (`None`: the newest end) so that they land inside the slice.
    LoadOlder(Option<usize>),
    Stay,
}

/// What reaching `edge` of the rendered slice does.
pub fn at_edge(len: usize, end: Option<usize>, edge: Edge, complete: bool) -> Move {
    let (start, stop) = range(len, end);
    match edge {
        Edge::Top if start > 0 => Move::Shift(Some((stop - STEP.min(start)).max(WINDOW.min(len)))),
        Edge::Top if complete => Move::Stay,
        Edge::Top => Move::LoadOlder((stop > WINDOW - STEP).then_some(WINDOW - STEP)),
        Edge::Bottom if end.is_none() => Move::Stay,
        Edge::Bottom => {
            let next = stop + STEP;
            Move::Shift(if next >= len { None } else { Some(next) })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_timelines_render_whole_and_load_older_at_the_top() {
        assert_eq!(range(40, None), (0, 40));
        assert_eq!(at_edge(40, None, Edge::Top, false), Move::LoadOlder(None), "a short timeline keeps following");
        assert_eq!(at_edge(40, None, Edge::Top, true), Move::Stay);
        assert_eq!(at_edge(40, None, Edge::Bottom, false), Move::Stay);
    }

    #[test]
    fn long_timelines_render_a_bounded_slice_that_moves_by_steps() {
        let len = 10_000;
        assert_eq!(range(len, None), (len - WINDOW, len));
        let back = at_edge(len, None, Edge::Top, false);
        assert_eq!(back, Move::Shift(Some(len - STEP)));
        let Move::Shift(end) = back else { unreachable!() };
        assert_eq!(range(len, end), (len - STEP - WINDOW, len - STEP));
        assert_eq!(at_edge(len, end, Edge::Bottom, false), Move::Shift(None), "back at the newest end");
        // All the way back: the slice stops at the start, then older pages load.
        let mut end = None;
        while let Move::Shift(next) = at_edge(len, end, Edge::Top, false) {
            end = next;
            let (start, stop) = range(len, end);
            assert!(stop - start <= WINDOW);
        }
        assert_eq!(range(len, end).0, 0);
        assert_eq!(at_edge(len, end, Edge::Top, false), Move::LoadOlder(Some(WINDOW - STEP)));
    }

    #[test]
    fn an_older_page_lands_inside_the_slice() {
        // 150 loaded, all rendered, the reader at the top: the slice keeps its first 100 messages.
        let Move::LoadOlder(Some(end)) = at_edge(WINDOW, None, Edge::Top, false) else { panic!("loads older") };
        assert_eq!(range(WINDOW, Some(end)), (0, WINDOW - STEP));
        // A page of 100 arrives in front: those messages are now at 100 and later, and the slice
        // (still ending at the same message) takes in the newest 50 of the page.
        let page = 100;
        let (start, stop) = range(WINDOW + page, Some(end + page));
        assert_eq!((start, stop), (page + WINDOW - STEP - WINDOW, page + WINDOW - STEP));
        assert!(start < page, "part of the new page is rendered");
        assert_eq!(at_edge(WINDOW + page, Some(stop), Edge::Top, false), Move::Shift(Some(stop - STEP)));
    }
}
