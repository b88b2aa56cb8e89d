//! Keys that work wherever the focus is in the open room (and only in the app, so that a host
//! page keeps its own): Alt+↑/↓ opens the room above or below it in the list (as filtered),
//! and Ctrl+K (⌘K on a Mac) goes to the room search. Rooms are found in the app's own element,
//! as choosing one there would find them.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, KeyboardEvent};
use yew::Callback;

use confab_core::components::focus;
use confab_core::services::chat::ChatClient;

/// What a key asks of the app, if anything.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Shortcut {
    Next,
    Previous,
    Search,
}

impl Shortcut {
    fn of(event: &KeyboardEvent) -> Option<Self> {
        match event.key().as_str() {
            "ArrowDown" if event.get_modifier_state("Alt") => Some(Self::Next),
            "ArrowUp" if event.get_modifier_state("Alt") => Some(Self::Previous),
            "k" | "K" if event.get_modifier_state("Control") || event.get_modifier_state("Meta") => Some(Self::Search),
            _ => None,
        }
    }
}

/// The room view's handler of these keys.
pub fn on_keydown(client: Rc<ChatClient>) -> Callback<KeyboardEvent> {
    Callback::from(move |event: KeyboardEvent| {
        let Some(shortcut) = Shortcut::of(&event) else { return };
        let target = event.target().and_then(|t| t.dyn_into::<Element>().ok());
        let Some(app) = target.and_then(|t| t.closest(".chat-layout").ok().flatten()) else { return };
        event.prevent_default();
        match shortcut {
            Shortcut::Next | Shortcut::Previous => open_next_room(&app, shortcut == Shortcut::Next),
            // A phone's room hides the list: back to it, then to its search once it shows.
            Shortcut::Search if !find_room(&app) => {
                client.close_room();
                // After the list is back: the app renders in a task queued before this one.
                wasm_bindgen_futures::spawn_local(async move {
                    find_room(&app);
                });
            }
            Shortcut::Search => {}
        }
    })
}

/// Opens the room next to the open one in `app`'s list, as choosing it there does (the focus
/// then goes to its composer).
fn open_next_room(app: &Element, forward: bool) {
    let rooms = focus::all(app, ".room-entry");
    let open = rooms.iter().position(|room| room.has_attribute("aria-current"));
    let next = match open {
        Some(at) if forward => at + 1,
        Some(at) => at.wrapping_sub(1),
        None => return,
    };
    if let Some(room) = rooms.get(next) {
        let _ = room.focus();
        room.click();
    }
}

/// Puts the focus in `app`'s room search; false when the search is not on show.
fn find_room(app: &Element) -> bool {
    let search = app.query_selector(".room-filter").ok().flatten().and_then(|s| s.dyn_into::<HtmlElement>().ok());
    let Some(search) = search.filter(|search| search.offset_height() > 0) else { return false };
    search.focus().is_ok()
}
