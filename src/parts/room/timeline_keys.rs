//! The timeline from the keyboard, as the WAI-ARIA feed and toolbar patterns have it: the
//! timeline is one Tab stop, however many messages it holds. One message, the one last focused
//! (else the newest), is in the Tab order; what is inside the messages (the author, links,
//! reactions, the actions) is taken out of it through [`use_control_tabindex`]. ↑/↓, Home and
//! End move between messages; → and ← go round the focused message's controls and back to it;
//! Escape goes back to the message.

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, KeyboardEvent};
use yew::prelude::*;

use confab_core::components::focus;

/// The tab index of the controls inside a message: `-1` in the timeline, where the message is
/// the stop; none elsewhere (a thread), where each control keeps its own.
#[derive(Clone, PartialEq, Default)]
pub struct ControlTabIndex(pub Option<&'static str>);

/// What a control inside a message renders as its `tabindex`.
#[hook]
pub fn use_control_tabindex() -> Option<&'static str> {
    use_context::<ControlTabIndex>().and_then(|inside| inside.0)
}

/// What the keyboard could reach inside a message (the delete confirmation, a dialog of its
/// own, keeps its buttons).
const CONTROLS: &str = ":is(button, [href], audio, video):not(.confirm *)";

/// Where a key leaves the timeline alone: a field, or a popup (the emoji picker) of its own.
const OWN_KEYS: &str = "input, textarea, [role=dialog], [role=alertdialog]";

/// The message `from` is, or is in, within the timeline.
pub fn message_of(from: &Element) -> Option<Element> {
    from.closest(".messages > .message").ok().flatten()
}

/// Handles a key pressed in the timeline's list.
pub fn on_keydown(event: KeyboardEvent) {
    // Keys with modifiers are the app's (Alt+↑/↓ between rooms); a popup or the delete
    // confirmation handles its own keys and stops them.
    if ["Alt", "Control", "Meta"].iter().any(|key| event.get_modifier_state(key)) {
        return;
    }
    let Some(target) = event.target().and_then(|t| t.dyn_into::<Element>().ok()) else { return };
    if target.closest(OWN_KEYS).ok().flatten().is_some() {
        return;
    }
    let Some(message) = message_of(&target) else { return };
    let messages = message.parent_element().map(|list| focus::all(&list, ":scope > .message")).unwrap_or_default();
    let at = messages.iter().position(|m| **m == message).unwrap_or(0);
    let to_message = |index: Option<usize>| index.and_then(|i| messages.get(i)).map(|m| Element::from(m.clone()));
    let next = match event.key().as_str() {
        "ArrowDown" => to_message(Some(at + 1)),
        "ArrowUp" => to_message(at.checked_sub(1)),
        "Home" => to_message(Some(0)),
        "End" => to_message(messages.len().checked_sub(1)),
        key @ ("ArrowRight" | "ArrowLeft") => round_controls(&message, &target, key == "ArrowRight"),
        "Escape" if target != message => Some(message),
        _ => return,
    };
    event.prevent_default();
    event.stop_propagation();
    if let Some(next) = next.and_then(|e| e.dyn_into::<HtmlElement>().ok()) {
        let _ = next.focus();
    }
}

/// The message and its visible controls as a ring: the one after (or before) `from`.
fn round_controls(message: &Element, from: &Element, forward: bool) -> Option<Element> {
    let mut ring: Vec<Element> = vec![message.clone()];
    let shown = focus::all(message, CONTROLS).into_iter().filter(|control| control.offset_height() > 0);
    ring.extend(shown.map(Element::from));
    let at = ring.iter().position(|e| e == from).unwrap_or(0);
    let to = if forward { (at + 1) % ring.len() } else { (at + ring.len() - 1) % ring.len() };
    ring.get(to).cloned()
}
