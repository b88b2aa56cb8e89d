//! A layer over or beside the room (a dialog, a side panel, a card, a viewer) and the focus, as
//! the WAI-ARIA dialog pattern and Radix's `FocusScope` have it: when it opens, the focus moves
//! into it (to its `[data-autofocus]` element, which may be itself, else its first control); Tab
//! and Shift+Tab stay inside it; Escape closes it, and only it, however many layers are open; when it closes, the
//! focus goes back to what had it before, the button that opened it.

use wasm_bindgen::JsCast;
use web_sys::HtmlElement;
use yew::prelude::*;

use crate::components::focus;

/// What a layer's element needs: its ref, and the key handler to put on it.
pub struct Layer {
    pub node: NodeRef,
    pub onkeydown: Callback<KeyboardEvent>,
}

/// The focus of a layer that `on_close` closes. Put `node` and `onkeydown` on the layer's outer
/// element, which needs `tabindex="-1"` if nothing inside it can take the focus.
#[hook]
pub fn use_layer(on_close: Callback<()>) -> Layer {
    let node = use_node_ref();
    // What has the focus as the layer first renders: its opener. (Its children's effects run
    // before its own, and one of them may have taken the focus already.)
    let before = use_memo((), |_| focus::focused_in_page());
    {
        let (node, before) = (node.clone(), before.clone());
        use_effect_with((), move |_| {
            let element = node.cast::<HtmlElement>();
            if let Some(element) = element.filter(|e| !e.contains(focus::focused(e).as_deref().map(AsRef::as_ref))) {
                // The layer itself when it is marked, else what inside it is marked, else its first control.
                let first = if element.has_attribute("data-autofocus") {
                    None
                } else {
                    element
                        .query_selector("[data-autofocus]")
                        .ok()
                        .flatten()
                        .or_else(|| focus::first_focusable(&element))
                };
                let first = first.and_then(|e| e.dyn_into::<HtmlElement>().ok());
                let _ = first.as_ref().unwrap_or(&element).focus();
            }
            move || {
                if let Some(before) = before.as_ref().as_ref().filter(|b| b.is_connected()) {
                    let _ = before.focus();
                }
            }
        });
    }
    let onkeydown = {
        let node = node.clone();
        Callback::from(move |event: KeyboardEvent| {
            if event.key() == "Escape" {
                event.prevent_default();
                event.stop_propagation();
                on_close.emit(());
            } else if let Some(element) = node.cast::<web_sys::Element>() {
                focus::trap_tab(&event, &element);
            }
        })
    };
    Layer { node, onkeydown }
}
