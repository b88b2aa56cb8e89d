//! A modal dialog: the page dimmed behind it, a title, and what it holds. It is a layer (see
//! [`use_layer`]): the focus moves into it, Tab stays inside, Escape or a click on the dimmed page
//! closes it, and the focus returns to what opened it.

use yew::prelude::*;

use super::{IconButton, use_layer};
use crate::icons::{Icon, icon};

#[derive(Properties, PartialEq)]
pub struct DialogProps {
    /// The dialog's own class, by which tests and the host's CSS find it.
    pub class: Classes,
    /// Its name, for assistive technology (and its heading, where `heading` is set).
    pub label: AttrValue,
    #[prop_or_default]
    pub heading: bool,
    pub on_close: Callback<()>,
    /// The name of a close button in its corner, for a dialog with no other way out than
    /// Escape and the backdrop (which a phone's reader may not think of).
    #[prop_or_default]
    pub close_label: Option<AttrValue>,
    pub children: Html,
}

#[function_component(Dialog)]
pub fn dialog(props: &DialogProps) -> Html {
    let layer = use_layer(props.on_close.clone());
    // A click on the backdrop itself, not one inside the dialog that reached it.
    let onclick = {
        let on_close = props.on_close.clone();
        Callback::from(move |event: MouseEvent| {
            if event.target() == event.current_target() {
                on_close.emit(());
            }
        })
    };
    html! {
        <div class="dialog-backdrop" {onclick}>
            <div class={classes!("dialog", props.class.clone())} role="dialog" aria-modal="true" aria-label={props.label.clone()}
                 ref={layer.node} onkeydown={layer.onkeydown} tabindex="-1">
                if props.heading {
                    <h2>{ props.label.clone() }</h2>
                }
                { props.children.clone() }
                // Last in the Tab order, so that the dialog's first field still takes the focus.
                if let Some(label) = props.close_label.clone() {
                    <IconButton class="dialog-close" icon={icon(Icon::Close)} {label}
                                onclick={props.on_close.reform(|_: MouseEvent| ())} />
                }
            </div>
        </div>
    }
}
