//! The icons only parts draw: their outlines, drawn with `confab_core::icons::drawn`. The core's
//! own (`confab_core::icons::Icon`) are those of the first screen; these stay out of its load.

use yew::Html;

use confab_core::icons::drawn;

pub const TRASH: &str = "M4 7h16M9 7V4h6v3M6 7l1 13h10l1-13M10 11v6M14 11v6";
pub const PENCIL: &str = "M4 20l4-1L19 8l-3-3L5 16zM14 7l3 3";
pub const REPLY: &str = "M4 5h16v11H10l-6 4z";
pub const REACT: &str = "M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18zM9 10h.01M15 10h.01M8.5 14.5a4 4 0 0 0 7 0";
pub const QUOTE: &str = "M5 7h5v5c0 3-2 5-5 6M14 7h5v5c0 3-2 5-5 6";
pub const CHECK: &str = "M5 12l4 4L19 6";
pub const CHECK_DOUBLE: &str = "M2 12l4 4L16 6M12 15l1 1L23 6";
pub const ATTACH: &str = "M20 11l-8 8a5 5 0 0 1-7-7l8.5-8.5a3.5 3.5 0 0 1 5 5L10 17a2 2 0 0 1-3-3l7-7";
pub const DOWNLOAD: &str = "M12 4v11M7 10l5 5 5-5M5 20h14";
pub const PLAY: &str = "M8 5v14l11-7z";
pub const FILE: &str = "M6 3h8l4 4v14H6zM14 3v4h4";
pub const PREVIOUS: &str = "M15 5l-7 7 7 7";
pub const NEXT: &str = "M9 5l7 7-7 7";

/// An icon drawn as its outline.
pub fn outline(path: &str) -> Html {
    drawn(path, false)
}

/// An icon drawn filled (a play button's triangle).
pub fn filled(path: &str) -> Html {
    drawn(path, true)
}
