//! Keyboard focus for dialogs and grids: Tab cycles inside an open dialog instead of leaving it,
//! and arrow keys move between the items of a grid. Elements are looked up within the dialog's
//! own element, so this works the same inside a shadow root and with several apps on a page.

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, KeyboardEvent};

/// What the keyboard reaches: enabled controls and links, less what is taken out of the Tab order.
const FOCUSABLE: &str = ":is(button:not([disabled]), input:not([disabled]), select:not([disabled]), \
                         textarea:not([disabled]), [href], [tabindex]):not([tabindex='-1'])";

/// The element that has the focus in `inside`'s document or shadow root.
pub fn focused(inside: &Element) -> Option<Element> {
    // Both a document and a shadow root have `activeElement` (their shared mixin has no binding).
    js_sys::Reflect::get(&inside.get_root_node(), &"activeElement".into()).ok()?.dyn_into().ok()
}

/// The elements of `container` that match `selector`, in document order.
pub fn all(container: &Element, selector: &str) -> Vec<HtmlElement> {
    let Ok(list) = container.query_selector_all(selector) else { return Vec::new() };
    (0..list.length()).filter_map(|i| list.get(i)?.dyn_into().ok()).collect()
}

/// The element with the focus in the whole page, inside shadow roots too (where a
/// `<confab-chat>` element's document sees only the element).
pub fn focused_in_page() -> Option<HtmlElement> {
    let mut found = web_sys::window()?.document()?.active_element()?;
    while let Some(inner) = found.shadow_root().and_then(|root| root.active_element()) {
        found = inner;
    }
    found.dyn_into().ok()
}

/// Whether a focus or pointer moving from `from` (the listening element, an event's
/// `currentTarget`) to `to` (its `relatedTarget`) leaves it: going to a child does not.
pub fn leaves(from: Option<web_sys::EventTarget>, to: Option<web_sys::EventTarget>) -> bool {
    let from = from.and_then(|from| from.dyn_into::<web_sys::Node>().ok());
    let to = to.and_then(|to| to.dyn_into::<web_sys::Node>().ok());
    !from.is_some_and(|from| from.contains(to.as_ref()))
}

/// The first element of `container` the keyboard can reach.
pub fn first_focusable(container: &Element) -> Option<Element> {
    container.query_selector(FOCUSABLE).ok().flatten()
}

/// Keeps Tab and Shift+Tab cycling through the focusable elements of `container`.
pub fn trap_tab(event: &KeyboardEvent, container: &Element) {
    if event.key() != "Tab" {
        return;
    }
    let items = all(container, FOCUSABLE);
    let (Some(first), Some(last)) = (items.first(), items.last()) else { return };
    let current = focused(container);
    let at = |item: &HtmlElement| current.as_ref().is_some_and(|c| c == item.as_ref());
    if event.shift_key() && at(first) {
        event.prevent_default();
        let _ = last.focus();
    } else if !event.shift_key() && at(last) {
        event.prevent_default();
        let _ = first.focus();
    }
}

/// Moves the focus among the `selector` items of `container`, a list: ↑ and ↓ by one (round the
/// ends when `wrap`), Home and End to either end; from outside the list, an arrow enters it at
/// its first item.
pub fn move_in_list(event: &KeyboardEvent, container: &Element, selector: &str, wrap: bool) {
    let items = all(container, selector);
    let Some(last) = items.len().checked_sub(1) else { return };
    let current = focused(container);
    let at = items.iter().position(|item| current.as_ref().is_some_and(|c| c == item.as_ref()));
    let to = match (event.key().as_str(), at) {
        ("Home", _) | ("ArrowDown" | "ArrowUp", None) => 0,
        ("End", _) => last,
        ("ArrowDown", Some(at)) if at == last => {
            if wrap {
                0
            } else {
                last
            }
        }
        ("ArrowDown", Some(at)) => at + 1,
        ("ArrowUp", Some(0)) => {
            if wrap {
                last
            } else {
                0
            }
        }
        ("ArrowUp", Some(at)) => at - 1,
        _ => return,
    };
    event.prevent_default();
    let _ = items[to].focus();
}

/// Moves the focus among the `selector` items of `container` laid out `columns` to a row:
/// left/right by one, up/down by a row.
pub fn move_in_grid(event: &KeyboardEvent, container: &Element, selector: &str, columns: isize) {
    let step = match event.key().as_str() {
        "ArrowRight" => 1,
        "ArrowLeft" => -1,
        "ArrowDown" => columns,
        "ArrowUp" => -columns,
        _ => return,
    };
    let items = all(container, selector);
    if items.is_empty() {
        return;
    }
    let current = focused(container);
    let at = items.iter().position(|item| current.as_ref().is_some_and(|c| c == item.as_ref()));
    let target = match at {
        Some(at) => (at as isize + step).clamp(0, items.len() as isize - 1),
        // From outside the grid (the search box above it), down enters it at the first item.
        None if step == columns => 0,
        None => return,
    };
    event.prevent_default();
    let _ = items[target as usize].focus();
}

/// Gives the focus back to `opener` when `open` goes from true to false — a popup or dialog
/// closing returns the reader to where they were — and never otherwise: a component appearing
/// must not take the focus from where the reader is.
#[yew::hook]
pub fn use_focus_return(open: bool, opener: yew::NodeRef) {
    let was_open = yew::use_mut_ref(|| false);
    yew::use_effect_with(open, move |open| {
        if std::mem::replace(&mut *was_open.borrow_mut(), *open)
            && !*open
            && let Some(opener) = opener.cast::<HtmlElement>()
        {
            let _ = opener.focus();
        }
    });
}

/// Gives `node` the focus when `when` turns true: a form that opens, or what takes the place of
/// one that went, so the focus is never left on nothing.
#[yew::hook]
pub fn use_focus_when(when: bool, node: yew::NodeRef) {
    yew::use_effect_with(when, move |when| {
        if *when && let Some(element) = node.cast::<HtmlElement>() {
            let _ = element.focus();
        }
    });
}
