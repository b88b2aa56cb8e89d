//! The app's own icons, drawn as inline SVG in the colour of the text around them
//! (`currentColor`), so they follow the theme and look the same on every machine. Unicode
//! symbols depend on the fonts installed: a browser without a colour-emoji font (headless
//! Chromium among them) shows a lock, a bin or a speech bubble as an empty box.
//!
//! An icon is decoration: the button or link it is in carries the name (`aria-label`, or its
//! text), and the icon is hidden from assistive technology. Emoji inside messages stay Unicode.

use yew::{AttrValue, Html};

/// Each icon, as its outline on a 24-unit grid (stroked, round ends), or filled where it says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Icon {
    Lock,
    Gear,
    Close,
    Trash,
    Pencil,
    Reply,
    React,
    Quote,
    Check,
    CheckDouble,
    Attach,
    Download,
    Play,
    File,
    Previous,
    Next,
}

impl Icon {
    fn path(self) -> &'static str {
        match self {
            Self::Lock => "M6 11h12v9H6zM8 11V8a4 4 0 0 1 8 0v3",
            Self::Gear => {
                "M12 2v3M12 19v3M2 12h3M19 12h3M5 5l2 2M17 17l2 2M5 19l2-2M17 7l2-2M12 8a4 4 0 1 0 0 8 4 4 0 0 0 0-8z"
            }
            Self::Close => "M6 6l12 12M18 6 6 18",
            Self::Trash => "M4 7h16M9 7V4h6v3M6 7l1 13h10l1-13M10 11v6M14 11v6",
            Self::Pencil => "M4 20l4-1L19 8l-3-3L5 16zM14 7l3 3",
            Self::Reply => "M4 5h16v11H10l-6 4z",
            Self::React => "M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18zM9 10h.01M15 10h.01M8.5 14.5a4 4 0 0 0 7 0",
            Self::Quote => "M5 7h5v5c0 3-2 5-5 6M14 7h5v5c0 3-2 5-5 6",
            Self::Check => "M5 12l4 4L19 6",
            Self::CheckDouble => "M2 12l4 4L16 6M12 15l1 1L23 6",
            Self::Attach => "M20 11l-8 8a5 5 0 0 1-7-7l8.5-8.5a3.5 3.5 0 0 1 5 5L10 17a2 2 0 0 1-3-3l7-7",
            Self::Download => "M12 4v11M7 10l5 5 5-5M5 20h14",
            Self::Play => "M8 5v14l11-7z",
            Self::File => "M6 3h8l4 4v14H6zM14 3v4h4",
            Self::Previous => "M15 5l-7 7 7 7",
            Self::Next => "M9 5l7 7-7 7",
        }
    }

    fn filled(self) -> bool {
        matches!(self, Self::Play)
    }
}

/// An icon inside something that names it (a button's `aria-label`, a link's text): hidden from
/// assistive technology. The markup is the app's own, never anything a user wrote, so it is
/// handed to the browser whole, which costs the app far less code than building the element.
pub fn icon(icon: Icon) -> Html {
    drawn(icon.path(), icon.filled())
}

/// An icon of the app's own from its outline (`d` of a path on the 24-unit grid), for the
/// icons only a part draws, which then stay out of the first load.
pub fn drawn(path: &str, filled: bool) -> Html {
    let paint = if filled { r#"fill="currentColor""# } else { r#"fill="none" stroke="currentColor""# };
    Html::from_html_unchecked(AttrValue::from(format!(
        r#"<svg class="icon" viewBox="0 0 24 24" width="1em" height="1em" {paint} stroke-width="2" stroke-linecap="round" stroke-linejoin="round" focusable="false" aria-hidden="true"><path d="{path}"/></svg>"#
    )))
}
