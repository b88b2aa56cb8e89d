//! Buttons: a labelled button in one of four variants, and a button that is one icon. An icon
//! button is named by `aria-label` and shows the same words as a tooltip on hover and on
//! keyboard focus (`data-tip`, drawn by `styles/ui.css`), as Primer's and Fuselage's do.

use yew::prelude::*;

/// How much a button asks for attention.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Variant {
    /// The one action a view is for (Send, Create): filled in the brand colour.
    Primary,
    /// Any other action: outlined.
    #[default]
    Secondary,
    /// An action among many, or inside a list: no outline until hovered.
    Quiet,
    /// An action that destroys: filled in the danger colour.
    Danger,
}

impl Variant {
    fn class(self) -> &'static str {
        match self {
            Self::Primary => "btn-primary",
            Self::Secondary => "btn-secondary",
            Self::Quiet => "btn-quiet",
            Self::Danger => "btn-danger",
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct ButtonProps {
    #[prop_or_default]
    pub variant: Variant,
    /// The view's own class, by which tests and the host's CSS find it.
    #[prop_or_default]
    pub class: Classes,
    #[prop_or_default]
    pub onclick: Callback<MouseEvent>,
    #[prop_or_default]
    pub disabled: bool,
    /// A form's submit button rather than a plain one.
    #[prop_or_default]
    pub submit: bool,
    /// Out of the Tab order (`-1`) inside a list that is one stop itself.
    #[prop_or_default]
    pub tabindex: Option<&'static str>,
    pub children: Html,
}

#[function_component(Button)]
pub fn button(props: &ButtonProps) -> Html {
    html! {
        <button type={if props.submit { "submit" } else { "button" }} class={classes!("btn", props.variant.class(), props.class.clone())}
                onclick={props.onclick.clone()} disabled={props.disabled} tabindex={props.tabindex}>
            { props.children.clone() }
        </button>
    }
}

#[derive(Properties, PartialEq)]
pub struct IconButtonProps {
    /// The icon (see `icons`), which is decoration: `label` names the button.
    pub icon: Html,
    pub label: AttrValue,
    #[prop_or_default]
    pub class: Classes,
    #[prop_or_default]
    pub onclick: Callback<MouseEvent>,
    /// Whether what the button opens is open (`aria-expanded`), for a button that opens something.
    #[prop_or_default]
    pub expanded: Option<bool>,
    #[prop_or_default]
    pub disabled: bool,
    #[prop_or_default]
    pub node_ref: NodeRef,
}

#[function_component(IconButton)]
pub fn icon_button(props: &IconButtonProps) -> Html {
    html! {
        <button type="button" ref={props.node_ref.clone()} class={classes!("icon-btn", props.class.clone())}
                aria-label={props.label.clone()} data-tip={props.label.clone()}
                aria-expanded={props.expanded.map(|open| AttrValue::from(open.to_string()))}
                onclick={props.onclick.clone()} disabled={props.disabled}>
            { props.icon.clone() }
        </button>
    }
}
