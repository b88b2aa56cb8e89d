//! The client's look: colours for a light and a dark mode, type, corners and density, logo and
//! title. Every key is optional and checked on its own; what is missing or invalid falls back to
//! Confab's default and only that key is warned about. Colours are `#rgb`/`#rrggbb` and font
//! names a plain list, so no config value can ever carry CSS of its own into the page.

use serde::Serialize;
use serde_json::Value;

use super::contrast::{MIN_TEXT_CONTRAST, contrast_ratio};
use super::setting::{FromJson, Setting, field};

/// How the light and dark colours are chosen.
#[derive(Serialize, Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum ThemeMode {
    #[default]
    Light,
    Dark,
    /// Follow the reader's system setting (`prefers-color-scheme`), live.
    Auto,
}

/// Space around rooms and messages.
#[derive(Serialize, Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Density {
    #[default]
    Comfortable,
    Compact,
}

#[derive(Serialize, Clone, Debug, Default, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct Theme {
    /// `light` (the default), `dark`, or `auto` to follow the reader's system.
    #[serde(skip_serializing_if = "Setting::is_unset")]
    pub mode: Setting<ThemeMode>,
    /// Colours in light mode; each one missing is Confab's light default.
    #[serde(skip_serializing_if = "Setting::is_unset")]
    pub light: Setting<Palette>,
    /// Colours in dark mode; each one missing is Confab's dark default.
    #[serde(skip_serializing_if = "Setting::is_unset")]
    pub dark: Setting<Palette>,
    /// A CSS font-family list of names, e.g. `"Inter", system-ui, sans-serif`.
    #[serde(skip_serializing_if = "Setting::is_unset")]
    #[cfg_attr(feature = "schema", schemars(pattern(r#"^[\p{L}\p{N} ,'"._-]{1,200}$"#)))]
    pub font_family: Setting<String>,
    /// Text size relative to Confab's default, from 0.75 to 1.5.
    #[serde(skip_serializing_if = "Setting::is_unset")]
    #[cfg_attr(feature = "schema", schemars(range(min = 0.75, max = 1.5)))]
    pub font_scale: Setting<f64>,
    /// Corner radius of buttons, fields and panels, in CSS pixels, from 0 to 24.
    #[serde(skip_serializing_if = "Setting::is_unset")]
    #[cfg_attr(feature = "schema", schemars(range(max = 24)))]
    pub radius: Setting<u32>,
    /// `comfortable` (the default) or `compact`.
    #[serde(skip_serializing_if = "Setting::is_unset")]
    pub density: Setting<Density>,
    /// The brand's logo above the room list: an `https:`/`http:` URL or a path on the page's origin.
    #[serde(skip_serializing_if = "Setting::is_unset")]
    pub logo_url: Setting<String>,
    /// The heading above the room list and the document title; up to 80 characters.
    #[serde(skip_serializing_if = "Setting::is_unset")]
    #[cfg_attr(feature = "schema", schemars(length(max = 80)))]
    pub title: Setting<String>,
}

/// `#rgb` or `#rrggbb`, as the schema states it.
#[cfg(feature = "schema")]
const COLOUR_PATTERN: &str = "^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$";

/// One mode's colours, each `#rgb` or `#rrggbb`.
#[derive(Serialize, Clone, Debug, Default, PartialEq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", default)]
pub struct Palette {
    /// Buttons, links, the selected room.
    #[serde(skip_serializing_if = "Setting::is_unset")]
    #[cfg_attr(feature = "schema", schemars(pattern(COLOUR_PATTERN)))]
    pub primary: Setting<String>,
    /// Text on the primary colour.
    #[serde(skip_serializing_if = "Setting::is_unset")]
    #[cfg_attr(feature = "schema", schemars(pattern(COLOUR_PATTERN)))]
    pub on_primary: Setting<String>,
    /// The page behind messages.
    #[serde(skip_serializing_if = "Setting::is_unset")]
    #[cfg_attr(feature = "schema", schemars(pattern(COLOUR_PATTERN)))]
    pub background: Setting<String>,
    /// The room list, the composer and dialogs.
    #[serde(skip_serializing_if = "Setting::is_unset")]
    #[cfg_attr(feature = "schema", schemars(pattern(COLOUR_PATTERN)))]
    pub surface: Setting<String>,
    #[serde(skip_serializing_if = "Setting::is_unset")]
    #[cfg_attr(feature = "schema", schemars(pattern(COLOUR_PATTERN)))]
    pub text: Setting<String>,
    /// Times, hints and secondary text.
    #[serde(skip_serializing_if = "Setting::is_unset")]
    #[cfg_attr(feature = "schema", schemars(pattern(COLOUR_PATTERN)))]
    pub muted_text: Setting<String>,
    #[serde(skip_serializing_if = "Setting::is_unset")]
    #[cfg_attr(feature = "schema", schemars(pattern(COLOUR_PATTERN)))]
    pub border: Setting<String>,
    /// Errors and destructive actions.
    #[serde(skip_serializing_if = "Setting::is_unset")]
    #[cfg_attr(feature = "schema", schemars(pattern(COLOUR_PATTERN)))]
    pub danger: Setting<String>,
    /// Confirmations.
    #[serde(skip_serializing_if = "Setting::is_unset")]
    #[cfg_attr(feature = "schema", schemars(pattern(COLOUR_PATTERN)))]
    pub success: Setting<String>,
    /// The background of a message that mentions the reader.
    #[serde(skip_serializing_if = "Setting::is_unset")]
    #[cfg_attr(feature = "schema", schemars(pattern(COLOUR_PATTERN)))]
    pub mention: Setting<String>,
}

impl FromJson for ThemeMode {
    fn from_json(value: &Value) -> Option<Self> {
        match value.as_str()? {
            "light" => Some(Self::Light),
            "dark" => Some(Self::Dark),
            "auto" => Some(Self::Auto),
            _ => None,
        }
    }
}

impl FromJson for Density {
    fn from_json(value: &Value) -> Option<Self> {
        match value.as_str()? {
            "comfortable" => Some(Self::Comfortable),
            "compact" => Some(Self::Compact),
            _ => None,
        }
    }
}

impl FromJson for Theme {
    fn from_json(value: &Value) -> Option<Self> {
        let object = value.as_object()?;
        Some(Self {
            mode: field(object, "mode"),
            light: field(object, "light"),
            dark: field(object, "dark"),
            font_family: field(object, "fontFamily"),
            font_scale: field(object, "fontScale"),
            radius: field(object, "radius"),
            density: field(object, "density"),
            logo_url: field(object, "logoUrl"),
            title: field(object, "title"),
        })
    }
}

impl FromJson for Palette {
    fn from_json(value: &Value) -> Option<Self> {
        let object = value.as_object()?;
        let colour = |i: usize| field(object, KEYS[i]);
        Some(Self {
            primary: colour(0),
            on_primary: colour(1),
            background: colour(2),
            surface: colour(3),
            text: colour(4),
            muted_text: colour(5),
            border: colour(6),
            danger: colour(7),
            success: colour(8),
            mention: colour(9),
        })
    }
}

/// The colour tokens, in the order `Colours` holds them: each is published on the app's root as
/// the CSS custom property `--confab-<token>`.
pub const TOKENS: [&str; 10] =
    ["primary", "on-primary", "background", "surface", "text", "muted-text", "border", "danger", "success", "mention"];
const KEYS: [&str; 10] =
    ["primary", "onPrimary", "background", "surface", "text", "mutedText", "border", "danger", "success", "mention"];

pub const LIGHT: [&str; 10] =
    ["#1a6ae0", "#ffffff", "#ffffff", "#f4f5f7", "#1f2329", "#5c6370", "#dde1e6", "#c4231c", "#1f7a3d", "#fff3c4"];
pub const DARK: [&str; 10] =
    ["#4c8df6", "#0b0d10", "#16181d", "#1f232a", "#e8eaed", "#a3a9b3", "#343a44", "#f27a72", "#5cc98a", "#4a3f14"];

pub const DEFAULT_FONT: &str = r#"system-ui, -apple-system, "Segoe UI", Roboto, sans-serif"#;
pub const DEFAULT_RADIUS_PX: u32 = 8;
const MAX_RADIUS_PX: u32 = 24;
const FONT_SCALE: std::ops::RangeInclusive<f64> = 0.75..=1.5;
const MAX_TITLE_CHARS: usize = 80;

impl Palette {
    fn fields(&self) -> [&Setting<String>; 10] {
        [
            &self.primary,
            &self.on_primary,
            &self.background,
            &self.surface,
            &self.text,
            &self.muted_text,
            &self.border,
            &self.danger,
            &self.success,
            &self.mention,
        ]
    }
}

/// One mode's colours after checking, in the order of `TOKENS`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Colours(pub [String; 10]);

impl Colours {
    /// `(token, colour)` pairs, in the order of `TOKENS`.
    pub fn tokens(&self) -> impl Iterator<Item = (&'static str, &str)> {
        TOKENS.into_iter().zip(self.0.iter().map(String::as_str))
    }

    fn get(&self, token: &str) -> &str {
        TOKENS.iter().position(|t| *t == token).map_or("", |i| &self.0[i])
    }
}

/// The theme after checking: what the app renders with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResolvedTheme {
    pub mode: ThemeMode,
    pub light: Colours,
    pub dark: Colours,
    pub font_family: String,
    /// Text size in thousandths of the default (1125 for a scale of 1.125).
    pub font_permille: u32,
    pub radius_px: u32,
    pub density: Density,
    pub logo_url: Option<String>,
    pub title: Option<String>,
}

impl Default for ResolvedTheme {
    fn default() -> Self {
        Theme::default().resolve(&mut Vec::new())
    }
}

impl Theme {
    /// The theme to render, with a warning for every value that was given but not used and for
    /// every text colour that is hard to read on its background.
    pub fn resolve(&self, warnings: &mut Vec<String>) -> ResolvedTheme {
        let light = self.light.get("theme.light", "an object of colours", warnings);
        let dark = self.dark.get("theme.dark", "an object of colours", warnings);
        let font_scale = self.font_scale.get("theme.fontScale", "a number", warnings).copied();
        let font_permille = match font_scale {
            Some(scale) if FONT_SCALE.contains(&scale) => (scale * 1000.0).round() as u32,
            Some(_) => {
                warnings.push(super::setting::invalid("theme.fontScale", "the number given", "from 0.75 to 1.5"));
                1000
            }
            None => 1000,
        };
        let radius_px = match self.radius.get("theme.radius", "a whole number of pixels", warnings) {
            Some(px) if *px <= MAX_RADIUS_PX => *px,
            Some(px) => {
                warnings.push(super::setting::invalid("theme.radius", &px.to_string(), "from 0 to 24"));
                DEFAULT_RADIUS_PX
            }
            None => DEFAULT_RADIUS_PX,
        };
        ResolvedTheme {
            mode: self.mode.get("theme.mode", "light, dark or auto", warnings).copied().unwrap_or_default(),
            light: colours(light, "theme.light", &LIGHT, warnings),
            dark: colours(dark, "theme.dark", &DARK, warnings),
            font_family: self
                .font_family
                .checked("theme.fontFamily", "a list of font names", is_font_list, warnings)
                .unwrap_or(DEFAULT_FONT)
                .to_owned(),
            font_permille,
            radius_px,
            density: self.density.get("theme.density", "comfortable or compact", warnings).copied().unwrap_or_default(),
            logo_url: self
                .logo_url
                .checked("theme.logoUrl", "an http(s) URL or a path", is_image_url, warnings)
                .map(str::to_owned),
            title: self
                .title
                .checked(
                    "theme.title",
                    "a text of up to 80 characters",
                    |t| t.chars().count() <= MAX_TITLE_CHARS,
                    warnings,
                )
                .map(str::to_owned),
        }
    }
}

fn colours(palette: Option<&Palette>, section: &str, defaults: &[&str; 10], warnings: &mut Vec<String>) -> Colours {
    let values = std::array::from_fn(|i| {
        palette
            .and_then(|p| {
                let key = format!("{section}.{}", KEYS[i]);
                p.fields()[i].checked(&key, "a #rgb or #rrggbb colour", is_hex_color, warnings)
            })
            .unwrap_or(defaults[i])
            .to_owned()
    });
    let colours = Colours(values);
    for (fore, back) in
        [("text", "background"), ("text", "surface"), ("muted-text", "background"), ("on-primary", "primary")]
    {
        if let Some(ratio) = contrast_ratio(colours.get(fore), colours.get(back))
            && ratio < MIN_TEXT_CONTRAST
        {
            let tenths = (ratio * 10.0).round() as u32;
            warnings.push(format!(
                "config {section}: {fore} {} on {back} {} has a contrast of {}.{}:1, below the 4.5:1 that text needs to be readable",
                colours.get(fore),
                colours.get(back),
                tenths / 10,
                tenths % 10,
            ));
        }
    }
    colours
}

/// `#rgb` or `#rrggbb`: the only colour syntax accepted, so a config value can never carry CSS.
pub fn is_hex_color(value: &str) -> bool {
    let Some(digits) = value.strip_prefix('#') else { return false };
    matches!(digits.len(), 3 | 6) && digits.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Font names, quoted or not, separated by commas: nothing that could end a CSS declaration.
/// Every character CSS gives a meaning is ASCII, so letters of any script are allowed as they
/// are (without Unicode's tables of letters, which would weigh on the wasm app), and of ASCII
/// only letters, digits and the punctuation of a font list.
fn is_font_list(value: &str) -> bool {
    let allowed = |c: char| {
        c.is_ascii_alphanumeric()
            || matches!(c, ' ' | ',' | '-' | '_' | '\'' | '"' | '.')
            || (!c.is_ascii() && !c.is_control())
    };
    !value.trim().is_empty() && value.len() <= 200 && value.chars().all(allowed)
}

fn is_image_url(value: &str) -> bool {
    let lower = value.to_ascii_lowercase();
    let allowed = lower.starts_with("https://")
        || lower.starts_with("http://")
        || (value.starts_with('/') && !value.starts_with("//"));
    allowed && value.len() <= 2048 && !value.chars().any(|c| c.is_whitespace() || c.is_control())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolve(json: &str) -> (ResolvedTheme, Vec<String>) {
        let theme = Theme::from_json(&serde_json::from_str(json).unwrap()).unwrap();
        let mut warnings = Vec::new();
        (theme.resolve(&mut warnings), warnings)
    }

    #[test]
    fn an_empty_theme_is_the_default_and_readable() {
        let (theme, warnings) = resolve("{}");
        assert_eq!(warnings, Vec::<String>::new());
        assert_eq!(theme.mode, ThemeMode::Light);
        assert_eq!(theme.light.0, LIGHT.map(str::to_owned));
        assert_eq!(theme.dark.0, DARK.map(str::to_owned));
        assert_eq!((theme.font_permille, theme.radius_px, theme.density), (1000, 8, Density::Comfortable));
    }

    #[test]
    fn every_given_value_is_used() {
        let (theme, warnings) = resolve(
            r##"{"mode": "auto", "light": {"primary": "#060", "mention": "#ffeeaa"}, "dark": {"text": "#fff"},
                "fontFamily": "\"Inter\", sans-serif", "fontScale": 1.25, "radius": 0, "density": "compact",
                "logoUrl": "https://cdn.example.com/logo.svg", "title": "Acme chat", "unknownKey": 1}"##,
        );
        assert_eq!(warnings, Vec::<String>::new());
        assert_eq!(theme.mode, ThemeMode::Auto);
        assert_eq!(theme.light.get("primary"), "#060");
        assert_eq!(theme.light.get("mention"), "#ffeeaa");
        assert_eq!(theme.light.get("text"), LIGHT[4]);
        assert_eq!(theme.dark.get("text"), "#fff");
        assert_eq!(theme.font_family, "\"Inter\", sans-serif");
        assert_eq!((theme.font_permille, theme.radius_px, theme.density), (1250, 0, Density::Compact));
        assert_eq!(theme.logo_url.as_deref(), Some("https://cdn.example.com/logo.svg"));
        assert_eq!(theme.title.as_deref(), Some("Acme chat"));
    }

    #[test]
    fn each_invalid_value_falls_back_alone_and_is_named() {
        let (theme, warnings) = resolve(
            r##"{"mode": "purple", "light": {"primary": "red;}body{display:none", "surface": 7, "text": "#222"},
                "dark": "black", "fontFamily": "x;}*{color:red", "fontScale": 9, "radius": -1, "density": true,
                "logoUrl": "javascript:alert(1)", "title": 42}"##,
        );
        assert_eq!(theme.mode, ThemeMode::Light);
        assert_eq!(theme.light.get("primary"), LIGHT[0]);
        assert_eq!(theme.light.get("surface"), LIGHT[3]);
        assert_eq!(theme.light.get("text"), "#222", "a valid neighbour is still used");
        assert_eq!(theme.dark.0, DARK.map(str::to_owned));
        assert_eq!((theme.font_family.as_str(), theme.font_permille, theme.radius_px), (DEFAULT_FONT, 1000, 8));
        assert_eq!((theme.logo_url, theme.title), (None, None));
        let mut named: Vec<&str> =
            warnings.iter().map(|w| w.strip_prefix("config ").unwrap().split(':').next().unwrap()).collect();
        named.sort_unstable();
        let mut expected = [
            "theme.light.primary",
            "theme.light.surface",
            "theme.dark",
            "theme.fontScale",
            "theme.radius",
            "theme.mode",
            "theme.fontFamily",
            "theme.density",
            "theme.logoUrl",
            "theme.title",
        ];
        expected.sort_unstable();
        assert_eq!(named, expected);
    }

    #[test]
    fn low_contrast_is_warned_about_but_kept() {
        let (theme, warnings) = resolve(r##"{"dark": {"text": "#555", "background": "#444"}}"##);
        assert_eq!(theme.dark.get("text"), "#555");
        assert!(
            warnings[0].starts_with("config theme.dark: text #555 on background #444 has a contrast of 1.3:1"),
            "{warnings:?}"
        );
        assert!(warnings[1].starts_with("config theme.dark: text #555 on surface #1f232a"), "{warnings:?}");
        assert!(warnings[2].starts_with("config theme.dark: muted-text #a3a9b3 on background #444"), "{warnings:?}");
        assert_eq!(warnings.len(), 3, "the light defaults are readable: {warnings:?}");
    }

    #[test]
    fn a_font_list_takes_names_in_any_script_and_nothing_css_could_act_on() {
        for good in ["Inter, sans-serif", "\"Segoe UI\", Roboto", "微软雅黑, sans-serif", "Noto Sans JP", "Frütiger"]
        {
            assert!(is_font_list(good), "{good}");
        }
        for bad in ["a; color: red", "x} body {", "url(evil)", "a\\b", "<style>", "a\u{0}b", "a\nb", "", "  "] {
            assert!(!is_font_list(bad), "{bad:?}");
        }
    }
}
