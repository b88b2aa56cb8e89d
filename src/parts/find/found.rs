//! A list of found messages: each an entry that opens the message, its author, time and text with
//! the searched words marked; the arrow keys move between entries.

use confab_protocol::Message;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use confab_core::i18n::use_texts;

#[derive(Properties, Clone, PartialEq)]
pub struct FoundProps {
    pub messages: std::rc::Rc<Vec<Message>>,
    /// Words to mark in each text (lower case).
    #[prop_or_default]
    pub words: std::rc::Rc<Vec<String>>,
    pub on_open: Callback<(String, String)>,
}

#[function_component(Found)]
pub fn found(props: &FoundProps) -> Html {
    let texts = use_texts();
    let onkeydown = Callback::from(|event: KeyboardEvent| {
        let step = match event.key().as_str() {
            "ArrowDown" => 1,
            "ArrowUp" => -1,
            _ => return,
        };
        event.prevent_default();
        move_focus(&event, step);
    });
    html! {
        <ol class="found" {onkeydown}>
            { for props.messages.iter().map(|message| {
                let open = props.on_open.reform({
                    let (rid, id) = (message.rid.clone(), message.id.clone());
                    move |_: MouseEvent| (rid.clone(), id.clone())
                });
                html! {
                    <li key={message.id.clone()}>
                        <button type="button" class="found-message" data-message-id={message.id.clone()} onclick={open}>
                            <span class="found-meta">
                                <span class="found-author">{ message.u.display_name().to_owned() }</span>
                                <time datetime={message.ts.to_iso()}>{ texts.day(message.ts) }{ " " }{ texts.time(message.ts) }</time>
                            </span>
                            <span class="found-text">{ marked(&message.plain_text(), &props.words) }</span>
                        </button>
                    </li>
                }
            }) }
        </ol>
    }
}

/// Moves the focus `step` entries on from the focused one, within the panel.
pub fn move_focus(event: &KeyboardEvent, step: i32) {
    let Some(panel) = event
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|e| e.closest(".find-panel").ok().flatten())
    else {
        return;
    };
    let Ok(entries) = panel.query_selector_all(".found-message") else { return };
    let active = web_sys::window().and_then(|w| w.document()).and_then(|d| d.active_element());
    let entries: Vec<web_sys::HtmlElement> =
        (0..entries.length()).filter_map(|i| entries.get(i)?.dyn_into().ok()).collect();
    let at = entries.iter().position(|e| active.as_ref().is_some_and(|a| a == &**e));
    let next = match at {
        Some(at) => at as i32 + step,
        None if step > 0 => 0,
        None => return,
    };
    if let Some(entry) = usize::try_from(next).ok().and_then(|next| entries.get(next)) {
        let _ = entry.focus();
    }
}

/// `text` with every word that starts with one of `words` (any case) in a `<mark>`.
fn marked(text: &str, words: &[String]) -> Html {
    let mut parts = Vec::new();
    let mut plain = String::new();
    let mut rest = text;
    // Runs of letters and digits, and the runs between them.
    while let Some(first) = rest.chars().next() {
        let word = first.is_alphanumeric();
        let (run, after) = rest.split_at(rest.find(|c: char| c.is_alphanumeric() != word).unwrap_or(rest.len()));
        let lower = run.to_lowercase();
        if word && words.iter().any(|w| lower.starts_with(w.as_str())) {
            if !plain.is_empty() {
                parts.push(html! { { std::mem::take(&mut plain) } });
            }
            parts.push(html! { <mark>{ run.to_owned() }</mark> });
        } else {
            plain.push_str(run);
        }
        rest = after;
    }
    if !plain.is_empty() {
        parts.push(html! { { plain } });
    }
    html! { <>{ for parts }</> }
}
