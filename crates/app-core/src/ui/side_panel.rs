//! A panel in the column beside the room (search, pinned, starred, members): a title, a close
//! button, and what it holds. It is a layer (see [`use_layer`]): the focus moves into it, Tab stays
//! inside, Escape closes it and the focus returns to the button that opened it.

use yew::prelude::*;

use super::{IconButton, use_layer};
use crate::icons::{Icon, icon};

#[derive(Properties, PartialEq)]
pub struct SidePanelProps {
    /// The panel's own class, by which tests and the host's CSS find it.
    pub class: Classes,
    pub title: AttrValue,
    /// The close button's name.
    pub close_label: AttrValue,
    /// The close button's own class.
    #[prop_or_default]
    pub close_class: Classes,
    pub on_close: Callback<()>,
    /// Its title is a first-level heading: the panel is what a phone shows alone (a thread).
    #[prop_or_default]
    pub top_heading: bool,
    pub children: Html,
}

#[function_component(SidePanel)]
pub fn side_panel(props: &SidePanelProps) -> Html {
    let layer = use_layer(props.on_close.clone());
    html! {
        <aside class={classes!("side-panel", props.class.clone())} aria-label={props.title.clone()}
               ref={layer.node} onkeydown={layer.onkeydown} tabindex="-1">
            <header class="side-panel-header">
                if props.top_heading {
                    <h1>{ props.title.clone() }</h1>
                } else {
                    <h2>{ props.title.clone() }</h2>
                }
                <IconButton class={props.close_class.clone()} icon={icon(Icon::Close)} label={props.close_label.clone()}
                            onclick={props.on_close.reform(|_: MouseEvent| ())} />
            </header>
            { props.children.clone() }
        </aside>
    }
}
