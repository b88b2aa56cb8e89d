//! The app's own icons, drawn as inline SVG in the colour of the text around them
//! (`currentColor`), so they follow the theme and look the same on every machine. Unicode
//! symbols depend on the fonts installed: a browser without a colour-emoji font (headless
//! Chromium among them) shows a lock, a bin or a speech bubble as an empty box.
//!
//! An icon is decoration: the button or link it is in carries the name (`aria-label`, or its
//! text), and the icon is hidden from assistive technology. Emoji inside messages stay Unicode.

use yew::{AttrValue, Html};

/// The first screen's icons, as their outline on a 24-unit grid (stroked, round ends). The parts'
/// own are theirs (`src/parts/icons.rs`), drawn with [`drawn`], and cost the first load nothing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Icon {
    Lock,
    Gear,
    Close,
}

impl Icon {
    fn path(self) -> &'static str {
        match self {
            Self::Lock => "M6 11h12v9H6zM8 11V8a4 4 0 0 1 8 0v3",
            Self::Gear => {
                "M12 2v3M12 19v3M2 12h3M19 12h3M5 5l2 2M17 17l2 2M5 19l2-2M17 7l2-2M12 8a4 4 0 1 0 0 8 4 4 0 0 0 0-8z"
            }
            Self::Close => "M6 6l12 12M18 6 6 18",
        }
    }
}

/// An icon inside something that names it (a button's `aria-label`, a link's text): hidden from
/// assistive technology. The markup is the app's own, never anything a user wrote, so it is
/// handed to the browser whole, which costs the app far less code than building the element.
pub fn icon(icon: Icon) -> Html {
    drawn(icon.path(), false)
}

/// An icon of the app's own from its outline (`d` of a path on the 24-unit grid), for the
/// icons only a part draws, which then stay out of the first load.
pub fn drawn(path: &str, filled: bool) -> Html {
    let paint = if filled { r#"fill="currentColor""# } else { r#"fill="none" stroke="currentColor""# };
    Html::from_html_unchecked(AttrValue::from(format!(
        r#"<svg class="icon" viewBox="0 0 24 24" width="1em" height="1em" {paint} stroke-width="2" stroke-linecap="round" stroke-linejoin="round" focusable="false" aria-hidden="true"><path d="{path}"/></svg>"#
    )))
}
