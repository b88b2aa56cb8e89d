//! The scrolling list of a room's messages, rendering a bounded slice of it (see
//! `state::window`). It follows new messages while the reader is at the newest end, keeps the
//! message under the reader's eyes in place when the slice moves or older messages arrive, and
//! offers a way back to the latest with a count of what arrived meanwhile.

use std::cell::RefCell;
use std::rc::Rc;

use confab_protocol::Timestamp;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::HtmlElement;
use yew::prelude::*;

use confab_core::state::rights::MayChange;

use super::message_actions::MessageAction;
use super::message_item::MessageItem;
use super::timeline_keys::{self, ControlTabIndex};
use confab_core::i18n::use_texts;
use confab_core::services::browser;
use confab_core::state::Entry;
use confab_core::state::rows::{Row, rows};
use confab_core::state::window::{Edge, Move, WINDOW, at_edge, range};

/// How close to the bottom (in pixels) still counts as reading the newest messages.
const STICK_TO_BOTTOM_PX: i32 = 48;
/// How close to an edge of the slice (in pixels) moves it.
const EDGE_PX: i32 = 240;

#[derive(Properties, PartialEq)]
pub struct TimelineViewProps {
    pub rid: AttrValue,
    /// The room's messages (thread replies excluded), oldest first; the same pointer while
    /// they are unchanged, so comparing them is cheap.
    pub entries: Rc<Vec<Rc<Entry>>>,
    /// Nothing older remains to load.
    pub complete: bool,
    /// Newer messages remain to load: the timeline was opened around an older message.
    pub gap_after: bool,
    /// The message to bring into view highlighted (a permalink's, a search result's).
    pub highlight: Option<AttrValue>,
    pub last_seen: Option<Timestamp>,
    pub me: AttrValue,
    pub me_id: AttrValue,
    pub direct: bool,
    pub may_change: Callback<Rc<Entry>, MayChange>,
    pub on_retry: Callback<confab_protocol::Message>,
    pub on_action: Callback<MessageAction>,
    pub on_load_older: Callback<Timestamp>,
    /// Loads the messages after this time (with a gap after the timeline).
    pub on_load_newer: Callback<Timestamp>,
    /// Starts again from the newest messages (with a gap after the timeline).
    pub on_latest: Callback<()>,
    /// Told whether the reader is at the newest end (to mark the room read).
    pub on_at_bottom: Callback<bool>,
    /// Opens the image viewer on an image's file.
    pub on_view: Callback<AttrValue>,
}

/// The first message visible in `scroller` and how far below its top it sits.
fn anchor(scroller: &HtmlElement) -> Option<(String, i32)> {
    let messages = scroller.query_selector_all(".message").ok()?;
    let top = scroller.scroll_top();
    (0..messages.length()).filter_map(|i| messages.get(i)?.dyn_into::<HtmlElement>().ok()).find_map(|m| {
        (m.offset_top() + m.offset_height() > top)
            .then(|| (m.get_attribute("data-message-id").unwrap_or_default(), m.offset_top() - top))
    })
}

#[function_component(TimelineView)]
pub fn timeline_view(props: &TimelineViewProps) -> Html {
    let texts = use_texts();
    let scroller = use_node_ref();
    let rerender = use_force_update();
    // The last rendered message (`None`: follow the newest), by id so that messages arriving at
    // either end leave the slice in place. Held outside the render state so that pinning it
    // before an older page loads does not itself re-render; it is forgotten when the room changes.
    let window_end = use_mut_ref(|| (props.rid.clone(), None::<String>));
    if window_end.borrow().0 != props.rid {
        *window_end.borrow_mut() = (props.rid.clone(), None);
    }
    let at_bottom = use_mut_ref(|| true);
    // Set when the reader scrolled away from the newest end: since when, to count new messages.
    let away_since = use_state(|| None::<Timestamp>);
    let pending_anchor = use_mut_ref(|| None::<(String, i32)>);
    let current = use_state(|| None::<AttrValue>);
    let len = props.entries.len();
    // A new message to highlight: the slice moves to hold it in its middle, and the reader is
    // no longer at the newest end.
    let highlighted = use_mut_ref(|| None::<AttrValue>);
    let to_highlight = props.highlight.clone().filter(|id| highlighted.borrow().as_ref() != Some(id));
    if let Some(at) = to_highlight.as_ref().and_then(|id| props.entries.iter().position(|e| e.message.id == **id)) {
        let end = at + 1 + WINDOW / 2;
        window_end.borrow_mut().1 = (end < len).then(|| props.entries[end - 1].message.id.clone());
        *at_bottom.borrow_mut() = false;
    }
    let pinned = window_end.borrow().1.clone();
    let end_index =
        pinned.as_ref().and_then(|id| props.entries.iter().position(|e| &e.message.id == id)).map(|at| at + 1);
    let (start, end) = range(len, end_index);
    use_effect_with((props.rid.clone(), !props.entries.is_empty()), |(_, shown)| messages_shown(*shown));
    {
        // After each render: put the anchored message back where it was, or follow the newest.
        let (scroller, at_bottom, pending_anchor) = (scroller.clone(), at_bottom.clone(), pending_anchor.clone());
        let first = props.entries.get(start).map(|e| e.message.id.clone());
        let (to_highlight, highlighted) = (to_highlight.clone(), highlighted.clone());
        use_effect_with((props.rid.clone(), len, start, end, first, to_highlight), move |(_, _, _, _, _, target)| {
            if let Some(element) = scroller.cast::<HtmlElement>() {
                restore_position(&element, target.as_ref(), &highlighted, &pending_anchor, *at_bottom.borrow());
            }
        });
    }
    let onscroll = {
        let (scroller, at_bottom, pending_anchor) = (scroller.clone(), at_bottom.clone(), pending_anchor.clone());
        let (window_end, away_since, complete, rerender) =
            (window_end.clone(), away_since.clone(), props.complete, rerender.clone());
        // What reaching each edge would do, with the id of the slice's new last message, worked
        // out now: the handler then needs nothing of the (possibly 10,000) entries.
        let id_before =
            |end: Option<usize>| end.and_then(|end| props.entries.get(end - 1)).map(|e| e.message.id.clone());
        let target = |edge| {
            let step = at_edge(len, end_index, edge, complete);
            let id = match step {
                Move::Shift(next) | Move::LoadOlder(next) => id_before(next),
                Move::Stay => None,
            };
            (step, id)
        };
        let (at_top, at_foot) = (target(Edge::Top), target(Edge::Bottom));
        let oldest = props.entries.first().map(|e| e.message.ts);
        // With a gap after the timeline, its newest loaded message is no newest end.
        let newest = props.entries.last().map(|e| e.message.ts).filter(|_| props.gap_after);
        let on_load_newer = props.on_load_newer.clone();
        let (on_load_older, on_at_bottom) = (props.on_load_older.clone(), props.on_at_bottom.clone());
        Callback::from(move |_: Event| {
            let Some(element) = scroller.cast::<HtmlElement>() else { return };
            let from_bottom = element.scroll_height() - element.scroll_top() - element.client_height();
            let bottom = from_bottom <= STICK_TO_BOTTOM_PX && window_end.borrow().1.is_none() && newest.is_none();
            if bottom != *at_bottom.borrow() {
                *at_bottom.borrow_mut() = bottom;
                on_at_bottom.emit(bottom);
                away_since.set(if bottom { None } else { Some(browser::now()) });
            }
            let (step, id) = if element.scroll_top() < EDGE_PX {
                &at_top
            } else if from_bottom < EDGE_PX {
                &at_foot
            } else {
                return;
            };
            match step {
                Move::Shift(next) if *next != end_index => {
                    *pending_anchor.borrow_mut() = anchor(&element);
                    window_end.borrow_mut().1 = id.clone();
                    rerender.force_update();
                }
                Move::Stay if from_bottom < EDGE_PX && window_end.borrow().1.is_none() => {
                    if let Some(newest) = newest {
                        *pending_anchor.borrow_mut() = anchor(&element);
                        on_load_newer.emit(newest);
                    }
                }
                Move::LoadOlder(keep) => {
                    if let Some(oldest) = oldest {
                        *pending_anchor.borrow_mut() = anchor(&element);
                        if keep.is_some() {
                            window_end.borrow_mut().1 = id.clone();
                        }
                        on_load_older.emit(oldest);
                    }
                }
                _ => {}
            }
        })
    };
    use_scroll(scroller.clone(), props.rid.clone(), onscroll);
    use_end_kept_on_resize(scroller.clone(), props.rid.clone(), at_bottom.clone());
    let place = Place {
        scroller: scroller.clone(),
        at_bottom: at_bottom.clone(),
        window_end: window_end.clone(),
        away_since: away_since.clone(),
    };
    let jump = jump_to_newest(place, props.gap_after, props.on_latest.clone(), props.on_at_bottom.clone());
    let new_since_away = away_since.map(|since| props.entries.iter().filter(|e| e.message.ts > since).count());
    // The message in the Tab order: the one last focused while it is rendered, else the newest.
    let slice = &props.entries[start..end];
    let tab_stop = current
        .as_ref()
        .filter(|id| slice.iter().any(|e| e.message.id == ***id))
        .map(|id| id.to_string())
        .or_else(|| slice.last().map(|e| e.message.id.clone()));
    let onfocusin = {
        let current = current.clone();
        Callback::from(move |event: FocusEvent| {
            let focused = event.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok());
            let id =
                focused.as_ref().and_then(timeline_keys::message_of).and_then(|m| m.get_attribute("data-message-id"));
            if let Some(id) = id.filter(|id| current.as_deref() != Some(id.as_str())) {
                current.set(Some(AttrValue::from(id)));
            }
        })
    };
    let rows = rows(slice, props.last_seen, &props.me_id, browser::utc_offset_ms());
    html! {
        <div class="timeline-frame">
            <div class="timeline" ref={scroller}>
                if start == 0 && props.complete {
                    <p class="timeline-start">{ texts.get("timeline.start") }</p>
                }
                <ContextProvider<ControlTabIndex> context={ControlTabIndex(Some("-1"))}>
                <ol class="messages" onkeydown={Callback::from(timeline_keys::on_keydown)} {onfocusin}>
                    { for rows.into_iter().map(|row| match row {
                        Row::Day(midnight) => html! {
                            <li key={format!("day-{}", midnight.millis())} class="day-separator">
                                <span>{ texts.day(midnight) }</span>
                            </li>
                        },
                        Row::Unread => html! {
                            <li key="unread" class="unread-divider"><span>{ texts.get("timeline.newMessages") }</span></li>
                        },
                        Row::Message { entry, continued } => html! {
                            <MessageItem key={entry.message.id.clone()} entry={entry.clone()} {continued}
                                         tab_stop={Some(tab_stop.as_deref() == Some(entry.message.id.as_str()))}
                                         me={props.me.clone()} on_retry={props.on_retry.clone()} direct={props.direct}
                                         may={props.may_change.emit(Rc::clone(entry))}
                                         on_action={props.on_action.clone()} on_view={props.on_view.clone()} />
                        },
                    }) }
                </ol>
                </ContextProvider<ControlTabIndex>>
                <div class="timeline-end" aria-hidden="true"></div>
            </div>
            if away_since.is_some() || pinned.is_some() || props.gap_after {
                <button type="button" class="jump-latest" onclick={jump}>
                    { match new_since_away {
                        Some(n) if n > 0 => texts.count("timeline.jumpNew", n as u64, &[]),
                        _ => texts.get("timeline.jump").to_string(),
                    } }
                </button>
            }
        </div>
    }
}

/// After a render: the message to highlight in the middle of the view, else the anchored message
/// back where it was, else the newest at the bottom if the reader was there.
fn restore_position(
    element: &HtmlElement,
    target: Option<&AttrValue>,
    highlighted: &RefCell<Option<AttrValue>>,
    pending_anchor: &RefCell<Option<(String, i32)>>,
    at_bottom: bool,
) {
    if let Some(id) = target {
        let selector = format!(".message[data-message-id='{id}']");
        if let Ok(Some(message)) = element.query_selector(&selector)
            && let Ok(message) = message.dyn_into::<HtmlElement>()
        {
            if let Ok(Some(old)) = element.query_selector(".message[data-highlighted]") {
                let _ = old.remove_attribute("data-highlighted");
            }
            let _ = message.set_attribute("data-highlighted", "");
            // In the middle of the view.
            let middle = message.offset_top() + message.offset_height() / 2;
            element.set_scroll_top(middle - element.client_height() / 2);
            *highlighted.borrow_mut() = Some(id.clone());
            return;
        }
    }
    if let Some((id, offset)) = pending_anchor.borrow_mut().take() {
        let selector = format!(".message[data-message-id='{id}']");
        if let Ok(Some(message)) = element.query_selector(&selector)
            && let Ok(message) = message.dyn_into::<HtmlElement>()
        {
            element.set_scroll_top(message.offset_top() - offset);
            return;
        }
    }
    if at_bottom {
        element.set_scroll_top(element.scroll_height());
    }
}

/// Scroll events do not bubble, so they are listened to on the element itself (anew for each
/// room); the listener always runs the latest handler.
#[hook]
fn use_scroll(scroller: NodeRef, rid: AttrValue, onscroll: Callback<Event>) {
    let handler = use_mut_ref(Callback::<Event>::noop);
    *handler.borrow_mut() = onscroll;
    use_effect_with(rid, move |_| {
        let listener = scroller.cast::<HtmlElement>().map(|element| {
            gloo_events::EventListener::new(&element, "scroll", move |event| handler.borrow().emit(event.clone()))
        });
        move || drop(listener)
    });
}

/// The timeline made shorter from below (a smaller window, a phone turned, the composer growing
/// with its text; scroll anchoring keeps only its top): a reader at the newest end is kept there.
#[hook]
fn use_end_kept_on_resize(scroller: NodeRef, rid: AttrValue, at_bottom: Rc<RefCell<bool>>) {
    use_effect_with(rid, move |_| {
        let keep = Closure::<dyn FnMut()>::new({
            let scroller = scroller.clone();
            move || {
                if *at_bottom.borrow() {
                    to_bottom(&scroller);
                }
            }
        });
        let observer = web_sys::ResizeObserver::new(keep.as_ref().unchecked_ref()).ok();
        if let (Some(observer), Some(element)) = (&observer, scroller.cast::<web_sys::Element>()) {
            observer.observe(&element);
        }
        move || {
            if let Some(observer) = observer {
                observer.disconnect();
            }
            drop(keep);
        }
    });
}

/// A room's messages are on screen: marked once per room shown, for benchmarks. The first screen
/// is complete (the embedded layout has no room list): the parts may come now.
fn messages_shown(shown: bool) {
    if shown {
        browser::mark("confab:messages");
        confab_core::slots::prefetch_after_first_screen();
    }
}

fn to_bottom(scroller: &NodeRef) {
    if let Some(element) = scroller.cast::<HtmlElement>() {
        element.set_scroll_top(element.scroll_height());
    }
}

/// What the timeline scrolls, and where the reader is in it, kept between renders.
struct Place {
    scroller: NodeRef,
    at_bottom: Rc<RefCell<bool>>,
    /// The room, and the last rendered message (`None`: follow the newest).
    window_end: Rc<RefCell<(AttrValue, Option<String>)>>,
    /// Since when the reader has been away from the newest end.
    away_since: UseStateHandle<Option<Timestamp>>,
}

/// Back to the newest message, following it again (fetched anew with a gap after the timeline).
fn jump_to_newest(
    place: Place,
    gap_after: bool,
    on_latest: Callback<()>,
    on_at_bottom: Callback<bool>,
) -> Callback<MouseEvent> {
    Callback::from(move |_: MouseEvent| {
        if gap_after {
            on_latest.emit(());
        }
        *place.at_bottom.borrow_mut() = true;
        place.window_end.borrow_mut().1 = None;
        place.away_since.set(None);
        on_at_bottom.emit(true);
        to_bottom(&place.scroller);
    })
}
