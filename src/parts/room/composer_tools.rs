//! The composer's controls beside its box, and how the box behaves: the attach and emoji
//! buttons, the box growing with its text, and the focus going into it when a quote or an edit
//! starts, or the room is opened from the list.

use yew::prelude::*;

use crate::parts::icons::{self, outline};
use crate::parts::{EMOJI_PICKER, EmojiPickerProps};
use confab_core::i18n::use_texts;

use confab_core::ui::IconButton;

/// `text` with `insert` put in at byte offset `at` (on a character boundary at or before it),
/// and the offset just after what was put in.
pub fn insert_at(text: &str, at: usize, insert: &str) -> (String, usize) {
    let at = (0..=at.min(text.len())).rev().find(|i| text.is_char_boundary(*i)).unwrap_or(0);
    (format!("{}{insert}{}", &text[..at], &text[at..]), at + insert.len())
}

/// Puts the focus in the box when a quote or an edit starts (`quote` and `edit` are the ids of
/// the messages quoted and edited), so that what is typed next goes into it.
#[hook]
pub fn use_focus_on_start(area: NodeRef, quote: Option<String>, edit: Option<String>) {
    use_effect_with((quote, edit), move |(quote, edit)| {
        if (quote.is_some() || edit.is_some())
            && let Some(area) = area.cast::<web_sys::HtmlElement>()
        {
            let _ = area.focus();
        }
    });
}

/// Puts the focus in the box when room `rid` (none for a thread's box) opens from the room list (by Enter or a click), or
/// with the focus nowhere (a phone hides the list as the room opens): the reader writes next. A
/// room opened otherwise (a link, a search result, the page's API) leaves the focus where it is.
#[hook]
pub fn use_focus_on_open(area: NodeRef, rid: Option<AttrValue>) {
    use_effect_with(rid, move |rid| {
        if rid.is_none() {
            return;
        }
        let focused = confab_core::components::focus::focused_in_page();
        // In the list, or outside the app (the page's body, once a phone has hidden the list).
        let within = |f: &web_sys::HtmlElement, css: &str| f.closest(css).ok().flatten().is_some();
        let from_list = focused.as_ref().is_none_or(|f| within(f, ".room-list") || !within(f, ".confab"));
        if from_list && let Some(area) = area.cast::<web_sys::HtmlElement>() {
            let _ = area.focus();
        }
    });
}

/// The share of its pane the box may grow to before it scrolls.
const MOST_OF_PANE: f64 = 0.4;

/// Makes the box as tall as its text (`shown`), up to [`MOST_OF_PANE`] of the room or thread it
/// is in, beyond which it scrolls.
#[hook]
pub fn use_grows_with_text(area: NodeRef, shown: String) {
    use_effect_with(shown, move |_| {
        let Some(field) = area.cast::<web_sys::HtmlElement>() else { return };
        let _ = field.set_attribute("style", "height:auto");
        let pane = field.closest(".thread-panel, .room-view").ok().flatten().map_or(0, |p| p.client_height());
        let most = (f64::from(pane) * MOST_OF_PANE).max(40.0);
        // The border is outside the scrolled height.
        let wanted = f64::from(field.scroll_height() + field.offset_height() - field.client_height());
        let overflow = if wanted > most { "auto" } else { "hidden" };
        let _ = field.set_attribute("style", &format!("height:{}px;overflow-y:{overflow}", wanted.min(most)));
    });
}

#[derive(Properties, PartialEq)]
pub struct EmojiButtonProps {
    pub on_pick: Callback<String>,
    /// The box, which has the focus back once an emoji is picked or the picker closes.
    pub area: NodeRef,
}

/// The button that opens the emoji picker above the box, to put an emoji where the caret is.
#[function_component(EmojiButton)]
pub fn emoji_button(props: &EmojiButtonProps) -> Html {
    let texts = use_texts();
    let open = use_state(|| false);
    let close = {
        let (open, area) = (open.clone(), props.area.clone());
        Callback::from(move |()| {
            open.set(false);
            if let Some(area) = area.cast::<web_sys::HtmlElement>() {
                let _ = area.focus();
            }
        })
    };
    let on_pick = {
        let (on_pick, close) = (props.on_pick.clone(), close.clone());
        Callback::from(move |code: String| {
            on_pick.emit(code);
            close.emit(());
        })
    };
    let toggle = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(!*open))
    };
    html! {
        <div class="composer-emoji">
            <IconButton class="insert-emoji" icon={outline(icons::REACT)} label={texts.get("composer.emoji")}
                        expanded={Some(*open)} onclick={toggle} />
            if *open {
                { EMOJI_PICKER.show(EmojiPickerProps { on_pick, on_close: close }) }
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct AttachButtonProps {
    pub on_files: Callback<Vec<web_sys::File>>,
}

/// The button that picks files to send, through a hidden file input.
#[function_component(AttachButton)]
pub fn attach_button(props: &AttachButtonProps) -> Html {
    let texts = use_texts();
    let picker = use_node_ref();
    let attach = {
        let picker = picker.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(input) = picker.cast::<web_sys::HtmlInputElement>() {
                input.click();
            }
        })
    };
    let on_files = props.on_files.clone();
    let onchange = Callback::from(move |event: Event| {
        let input: web_sys::HtmlInputElement = event.target_unchecked_into();
        let files = input.files().map(files_of).unwrap_or_default();
        // Cleared, so choosing the same file again is a change too.
        input.set_value("");
        on_files.emit(files);
    });
    html! {
        <>
            <input type="file" multiple=true class="file-picker" ref={picker} tabindex="-1" aria-hidden="true" {onchange} />
            <IconButton class="attach" icon={outline(icons::ATTACH)} label={texts.get("files.attach")} onclick={attach} />
        </>
    }
}

/// The files of a file list.
pub fn files_of(list: web_sys::FileList) -> Vec<web_sys::File> {
    (0..list.length()).filter_map(|at| list.get(at)).collect()
}
