//! The client's theme, applied through stylist: every token of the resolved theme becomes a CSS
//! custom property (`--confab-…`) that `styles/app.css` uses throughout.
//!
//! The rules use `:where(.confab)`, which weighs nothing in the cascade, so a host page overrides
//! any token with plain CSS (`.confab { --confab-primary: #c00 }`) whatever the order of the
//! stylesheets. The app's root carries `data-mode` (`light`, `dark` or `auto`); in `auto` the dark
//! colours apply while the reader's system prefers a dark scheme, switching live with it.

use std::rc::Rc;

use confab_protocol::config::{Density, Presentation, ThemeMode};
use stylist::yew::Global;
use yew::prelude::*;

/// The app's stylesheet (`styles/app.css`), added where the app is: beside it in the page, or
/// inside the shadow root of a `<confab-chat>` element, which no page stylesheet reaches.
#[function_component(Stylesheet)]
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

#[function_component(ThemeStyle)]
pub fn theme_style(props: &ThemeStyleProps) -> Html {
    let theme = &props.presentation.theme;
    let light = |i: usize| theme.light.0[i].clone();
    let dark = |i: usize| theme.dark.0[i].clone();
    let (light_at, dark_at, auto_at) = if props.on_host {
        (":host", r#":host([data-mode="dark"])"#, r#":host([data-mode="auto"])"#)
    } else {
        (":where(.confab)", r#":where(.confab[data-mode="dark"])"#, r#":where(.confab[data-mode="auto"])"#)
    };
    let space = match theme.density {
        Density::Comfortable => "1",
        Density::Compact => "0.6",
    };
    // Every value was checked when the config was read: colours are hex, the font list has no
    // character that could end a declaration, the numbers are numbers.
    let css = stylist::css!(
        r#"
        ${light_at} {
            color-scheme: light;
            --confab-primary: ${l0}; --confab-on-primary: ${l1}; --confab-background: ${l2};
            --confab-surface: ${l3}; --confab-text: ${l4}; --confab-muted-text: ${l5};
            --confab-border: ${l6}; --confab-danger: ${l7}; --confab-success: ${l8}; --confab-mention: ${l9};
            --confab-font: ${font}; --confab-font-size: ${size}; --confab-radius: ${radius}; --confab-space: ${space};
        }
        ${dark_at} {
            color-scheme: dark;
            --confab-primary: ${d0}; --confab-on-primary: ${d1}; --confab-background: ${d2};
            --confab-surface: ${d3}; --confab-text: ${d4}; --confab-muted-text: ${d5};
            --confab-border: ${d6}; --confab-danger: ${d7}; --confab-success: ${d8}; --confab-mention: ${d9};
        }
        @media (prefers-color-scheme: dark) {
            ${auto_at} {
                color-scheme: dark;
                --confab-primary: ${d0}; --confab-on-primary: ${d1}; --confab-background: ${d2};
                --confab-surface: ${d3}; --confab-text: ${d4}; --confab-muted-text: ${d5};
                --confab-border: ${d6}; --confab-danger: ${d7}; --confab-success: ${d8}; --confab-mention: ${d9};
            }
        }
        "#,
        l0 = light(0),
        l1 = light(1),
        l2 = light(2),
        l3 = light(3),
        l4 = light(4),
        l5 = light(5),
        l6 = light(6),
        l7 = light(7),
        l8 = light(8),
        l9 = light(9),
        d0 = dark(0),
        d1 = dark(1),
        d2 = dark(2),
        d3 = dark(3),
        d4 = dark(4),
        d5 = dark(5),
        d6 = dark(6),
        d7 = dark(7),
        d8 = dark(8),
        d9 = dark(9),
        font = theme.font_family.clone(),
        size = format!("{}.{}%", theme.font_permille / 10, theme.font_permille % 10),
        radius = format!("{}px", theme.radius_px),
        space = space,
        light_at = light_at,
        dark_at = dark_at,
        auto_at = auto_at,
    );
    html! { <Global css={css} /> }
}
