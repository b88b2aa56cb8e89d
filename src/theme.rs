//! The client's theme, applied through stylist: the config's colours become CSS custom
//! properties (`--confab-…`) on the app's root, which `styles/app.css` uses throughout, so a host
//! can also override any of them with plain CSS.

use confab_protocol::config::Theme;
use stylist::yew::Global;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ThemeStyleProps {
    pub theme: Theme,
}

#[function_component(ThemeStyle)]
pub fn theme_style(props: &ThemeStyleProps) -> Html {
    let (primary, warning) = props.theme.primary_color();
    if let Some(warning) = warning {
        web_sys::console::warn_1(&warning.into());
    }
    // `primary` is a validated hex colour, so nothing from the config can escape the declaration.
    let css = stylist::css!(".confab { --confab-primary: ${primary}; }", primary = primary);
    html! { <Global css={css} /> }
}
