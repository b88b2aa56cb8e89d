//! The client's theme: every token of the resolved theme becomes a CSS custom property
//! (`--confab-…`) that `styles/app.css` uses throughout, written as the text of a `<style>`
//! element (a runtime CSS library would parse what is already plain text, and cost the first
//! load 8 kB of brotli for it).
//!
//! The rules use `:where(.confab)`, which weighs nothing in the cascade, so a host page overrides
//! any token with plain CSS (`.confab { --confab-primary: #c00 }`) whatever the order of the
//! stylesheets. The app's root carries `data-mode` (`light`, `dark` or `auto`); in `auto` the dark
//! colours apply while the reader's system prefers a dark scheme, switching live with it.

use std::rc::Rc;

use confab_protocol::config::{Density, Presentation, ThemeMode};
use yew::prelude::*;

/// The app's stylesheet (`styles/app.css`), added where the app is: beside it in the page, or
/// inside the shadow root of a `<confab-chat>` element, which no page stylesheet reaches.
pub fn stylesheet() -> Html {
    html! { <style>{ include_str!(concat!(env!("OUT_DIR"), "/app.css")) }</style> }
}

#[derive(Properties, PartialEq)]
pub struct ThemeStyleProps {
    /// The config's presentation, of which the theme is used.
    pub presentation: Rc<Presentation>,
    /// In the shadow root of a `<confab-chat>` element: the tokens go on the element (`:host`),
    /// which the page's own CSS can then override (`confab-chat { --confab-primary: … }`).
    #[prop_or_default]
    pub on_host: bool,
}

/// The value of the root's `data-mode`.
pub fn mode_name(mode: ThemeMode) -> &'static str {
    match mode {
        ThemeMode::Light => "light",
        ThemeMode::Dark => "dark",
        ThemeMode::Auto => "auto",
    }
}

/// The theme's tokens as CSS: the light colours with the type, corners and spacing, the dark
/// colours for `data-mode="dark"`, and again for `auto` while the system prefers dark. Every value
/// was checked when the config was read (colours are hex, the font list has no character that
/// could end a declaration, the numbers are numbers), so none can carry CSS of its own.
pub fn theme_css(theme: &confab_protocol::config::ResolvedTheme, on_host: bool) -> String {
    let (light_at, dark_at, auto_at) = if on_host {
        (":host", r#":host([data-mode="dark"])"#, r#":host([data-mode="auto"])"#)
    } else {
        (":where(.confab)", r#":where(.confab[data-mode="dark"])"#, r#":where(.confab[data-mode="auto"])"#)
    };
    let space = match theme.density {
        Density::Comfortable => "1",
        Density::Compact => "0.6",
    };
    let colours = |colours: &confab_protocol::config::Colours| -> String {
        colours.tokens().map(|(token, colour)| format!("--confab-{token}:{colour};")).collect()
    };
    let (light, dark) = (colours(&theme.light), colours(&theme.dark));
    format!(
        "{light_at}{{color-scheme:light;{light}--confab-font:{font};--confab-font-size:{whole}.{tenth}%;\
         --confab-radius:{radius}px;--confab-space:{space}}}\
         {dark_at}{{color-scheme:dark;{dark}}}\
         @media (prefers-color-scheme:dark){{{auto_at}{{color-scheme:dark;{dark}}}}}",
        font = theme.font_family,
        whole = theme.font_permille / 10,
        tenth = theme.font_permille % 10,
        radius = theme.radius_px,
    )
}

/// The theme's tokens, as a `<style>` where the app is (see [`stylesheet`]).
#[function_component(ThemeStyle)]
pub fn theme_style(props: &ThemeStyleProps) -> Html {
    let css = use_memo((props.presentation.clone(), props.on_host), |(presentation, on_host)| {
        theme_css(&presentation.theme, *on_host)
    });
    html! { <style>{ (*css).clone() }</style> }
}

#[cfg(test)]
mod tests {
    use confab_protocol::config::ResolvedTheme;

    use super::*;

    #[test]
    fn every_token_is_set_for_light_dark_and_auto_on_the_page_or_on_the_host() {
        let theme = ResolvedTheme::default();
        let page = theme_css(&theme, false);
        assert!(page.starts_with(":where(.confab){color-scheme:light;--confab-primary:#1a6ae0;"), "{page}");
        assert!(page.contains(r#":where(.confab[data-mode="dark"]){color-scheme:dark;--confab-primary:#4c8df6;"#));
        assert!(page.contains(r#"@media (prefers-color-scheme:dark){:where(.confab[data-mode="auto"]){"#));
        assert!(page.contains("--confab-font-size:100.0%;--confab-radius:8px;--confab-space:1}"), "{page}");
        for token in confab_protocol::config::TOKENS {
            assert_eq!(page.matches(&format!("--confab-{token}:")).count(), 3, "{token}");
        }
        let host = theme_css(&theme, true);
        assert!(host.starts_with(":host{") && host.contains(r#":host([data-mode="auto"])"#), "{host}");
    }
}
