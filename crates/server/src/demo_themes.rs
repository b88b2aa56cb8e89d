//! The demo's three looks, to show that every colour, font and label is the client's: Confab's
//! default, a dark brand of its own, and a high-contrast one. The demo page switches between
//! them with a cookie; the config endpoint answers with the chosen one.

use confab_protocol::config::{Setting, Theme};
use serde_json::json;

/// The cookie holding the demo's chosen look.
pub const THEME_COOKIE: &str = "confab_demo_theme";

/// The looks, by name, with the label the demo page shows.
pub const NAMES: [(&str, &str); 3] =
    [("default", "Confab default"), ("dark-brand", "Nightjar (a dark brand)"), ("high-contrast", "High contrast")];

/// The theme the config carries for a demo look; the default is no theme at all.
pub fn theme(name: &str) -> Setting<Theme> {
    let value = match name {
        "dark-brand" => json!({
            "mode": "dark",
            "title": "Nightjar",
            "logoUrl": "/demo/nightjar.svg",
            "fontFamily": "\"Trebuchet MS\", \"Segoe UI\", sans-serif",
            "radius": 14,
            "dark": {
                "primary": "#b69cff", "onPrimary": "#1a1033", "background": "#15121f", "surface": "#1f1a2e",
                "text": "#ece8f7", "mutedText": "#b3aac9", "border": "#3a3350", "danger": "#ff8f8f",
                "success": "#6ee7a8", "mention": "#3d2f63"
            },
            "light": {
                "primary": "#5b3cc4", "onPrimary": "#ffffff", "background": "#ffffff", "surface": "#f5f2fc",
                "text": "#1d1630", "mutedText": "#5d5475", "border": "#ddd5f0", "danger": "#b3261e",
                "success": "#1b7a46", "mention": "#ece4ff"
            }
        }),
        "high-contrast" => json!({
            "mode": "light",
            "title": "Confab — high contrast",
            "fontScale": 1.125,
            "radius": 0,
            "density": "comfortable",
            "light": {
                "primary": "#0000b3", "onPrimary": "#ffffff", "background": "#ffffff", "surface": "#ffffff",
                "text": "#000000", "mutedText": "#222222", "border": "#000000", "danger": "#9e0000",
                "success": "#005c00", "mention": "#ffff66"
            },
            "dark": {
                "primary": "#ffff00", "onPrimary": "#000000", "background": "#000000", "surface": "#000000",
                "text": "#ffffff", "mutedText": "#e6e6e6", "border": "#ffffff", "danger": "#ff8080",
                "success": "#80ff80", "mention": "#4d4d00"
            }
        }),
        _ => return Setting::Unset,
    };
    serde_json::from_value(value).unwrap_or_default()
}

/// The Nightjar brand's logo: a crescent, as an SVG the demo serves itself.
pub const NIGHTJAR_LOGO: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><circle cx="16" cy="16" r="15" fill="#b69cff"/><circle cx="21" cy="12" r="11" fill="#15121f"/></svg>"##;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_demo_look_is_complete_and_readable() {
        for (name, _) in NAMES {
            let theme = theme(name);
            let mut warnings = Vec::new();
            if let Setting::Set(theme) = &theme {
                let resolved = theme.resolve(&mut warnings);
                assert_eq!(resolved.title.is_some(), name != "default");
            } else {
                assert_eq!(name, "default", "{name} did not parse");
            }
            assert_eq!(warnings, Vec::<String>::new(), "{name}");
        }
    }
}
