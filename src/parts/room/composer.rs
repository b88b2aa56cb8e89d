//! The message box: Enter sends, Shift+Enter breaks the line. Files come in by the attach
//! button or by pasting (an image from the clipboard, say); a quote chosen on a message shows
//! above the box and goes out with the next message as the quoted message's permalink.

use std::cell::RefCell;
use std::rc::Rc;

use confab_protocol::{Message, RoomType};
use wasm_bindgen::JsCast;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use super::autocomplete::{Suggestions, byte_offset, complete, suggestions_for, token_at};
use super::composer_tools::{
    AttachButton, EmojiButton, files_of, insert_at, use_focus_on_open, use_focus_on_start, use_grows_with_text,
};
use super::drafts;
use crate::parts::icons::{self, outline};
use crate::parts::{EMOJI_TABLE, use_part};
use confab_core::components::{use_chat_state, use_client, use_features};
use confab_core::i18n::{Texts, use_texts};
use confab_core::icons::{Icon, icon};
use confab_core::services::chat::ChatClient;
use confab_core::state::RoomEntry;
use confab_core::ui::IconButton;

/// The server's default limit on a message's length, in characters.
pub const MAX_MESSAGE_CHARS: usize = 5000;
/// After this long without a keystroke the user no longer counts as typing.
const IDLE_MS: u64 = 6_000;

#[derive(Properties, PartialEq)]
pub struct ComposerProps {
    pub rid: AttrValue,
    /// Replies go to this thread (the parent's id) instead of the room.
    #[prop_or_default]
    pub thread: Option<AttrValue>,
    /// The message being quoted, sent with the next message.
    #[prop_or_default]
    pub quoting: Option<Message>,
    #[prop_or_default]
    pub on_unquote: Callback<()>,
    /// Where attached and pasted files go (the upload dialog); without it there is no attaching.
    #[prop_or_default]
    pub on_files: Option<Callback<Vec<web_sys::File>>>,
}

/// The address of `message` in room `room`, as Rocket.Chat writes it (`…/channel/general?msg=ID`):
/// sent in front of a reply, it makes the server show the message quoted.
pub fn permalink(server: &str, room: Option<&RoomEntry>, message: &Message) -> String {
    let (kind, name) = match room.map(|r| (r.subscription.t, r.subscription.name.as_str())) {
        Some((RoomType::Group, name)) => ("group", name),
        Some((RoomType::Direct, _)) | None => ("direct", message.rid.as_str()),
        Some((RoomType::Channel, name)) => ("channel", name),
        Some((RoomType::Livechat, _)) => ("live", message.rid.as_str()),
    };
    format!("{server}/{kind}/{name}?msg={}", message.id)
}

#[function_component(Composer)]
pub fn composer(props: &ComposerProps) -> Html {
    let client = use_client();
    let state = use_chat_state();
    let texts = use_texts();
    let features = use_features();
    let draft = use_state(String::new);
    // Drafts are kept per room, and per thread within it.
    let draft_key = match &props.thread {
        Some(parent) => format!("{}#{parent}", props.rid),
        None => props.rid.to_string(),
    };
    // Bumped on every keystroke: an idle timer that finds it unchanged ends the typing signal.
    let keystrokes = use_mut_ref(|| 0u64);
    // Where the caret is (a byte offset), which suggestion is picked, and whether Escape hid them.
    let caret = use_state(|| 0usize);
    let selected = use_state(|| 0usize);
    let dismissed = use_state(|| false);
    let oninput = {
        let (draft, client, rid, keystrokes, key, signal) =
            (draft.clone(), client.clone(), props.rid.clone(), keystrokes.clone(), draft_key.clone(), features.typing);
        let (caret, selected, dismissed) = (caret.clone(), selected.clone(), dismissed.clone());
        Callback::from(move |event: InputEvent| {
            let area: HtmlTextAreaElement = event.target_unchecked_into();
            let text = area.value();
            let at = area.selection_start().ok().flatten().unwrap_or(0) as usize;
            caret.set(byte_offset(&text, at));
            selected.set(0);
            dismissed.set(false);
            // Unless the client turned typing off, the room hears of it.
            if signal {
                signal_typing(&client, &rid, &keystrokes, &text);
            }
            drafts::keep(&client, &key, &text);
            draft.set(text);
        })
    };
    // Editing (in the room's own composer): the message's text replaces the draft until saved or cancelled.
    let editing = state.editing.clone().filter(|m| m.rid == props.rid.as_str() && props.thread.is_none());
    use_draft_follows(draft.clone(), draft_key.clone(), editing.as_ref().map(|m| m.id.clone()));
    let area = use_node_ref();
    let quote = props
        .quoting
        .as_ref()
        .filter(|_| editing.is_none())
        .map(|message| permalink(client.rest().server(), state.room(&props.rid), message));
    let sending = Sending {
        area: area.clone(),
        draft: draft.clone(),
        rid: props.rid.clone(),
        thread: props.thread.clone(),
        client: client.clone(),
        editing: editing.clone(),
        quote,
        on_unquote: props.on_unquote.clone(),
        key: draft_key.clone(),
    };
    let send = move || sending.send();
    // While editing, the box shows the message's text until the user changes it.
    let shown = match (&editing, draft.is_empty()) {
        (Some(message), true) => message.msg.clone(),
        _ => (*draft).clone(),
    };
    let token = (!*dismissed).then(|| token_at(&shown, (*caret).min(shown.len()))).flatten();
    // Emoji suggestions need the emoji table: a `:` token fetches it.
    use_part(&EMOJI_TABLE, token.as_ref().is_some_and(|t| t.trigger == ':'));
    let items = token
        .as_ref()
        .map(|t| suggestions_for(t, &client.members(&props.rid), &state.rooms, EMOJI_TABLE.get()))
        .unwrap_or_default();
    let choose = {
        let (draft, caret, token, items, client, key, shown) = (
            draft.clone(),
            caret.clone(),
            token.clone(),
            items.clone(),
            client.clone(),
            draft_key.clone(),
            shown.clone(),
        );
        Callback::from(move |index: usize| {
            let (Some(token), Some(item)) = (token.as_ref(), items.get(index)) else { return };
            let (text, at) = complete(&shown, token, (*caret).min(shown.len()), &item.insert);
            drafts::keep(&client, &key, &text);
            caret.set(at);
            draft.set(text);
        })
    };
    let onkeydown = {
        let (choose, count, selected, dismissed) = (choose.clone(), items.len(), selected.clone(), dismissed.clone());
        let may_edit = features.editing;
        let (send, draft, rid, client, state, editing, in_thread) = (
            send.clone(),
            draft.clone(),
            props.rid.clone(),
            client.clone(),
            state.clone(),
            editing.is_some(),
            props.thread.is_some(),
        );
        Callback::from(move |event: KeyboardEvent| match event.key().as_str() {
            _ if count > 0 && suggestion_key(&event, count, &selected, &dismissed, &choose) => {}
            "Enter" if !event.shift_key() && !event.is_composing() => {
                event.prevent_default();
                send();
            }
            "ArrowUp" if draft.is_empty() && !editing && !in_thread && may_edit => {
                if let Some(message) = state.last_own_message(&rid) {
                    event.prevent_default();
                    client.edit(Some(message.clone()));
                }
            }
            "Escape" if editing => {
                event.prevent_default();
                client.edit(None);
                draft.set(String::new());
            }
            _ => {}
        })
    };
    let onsubmit = Callback::from(move |event: SubmitEvent| {
        event.prevent_default();
        send();
    });
    // A paste that carries files (a copied image) sends them; text pastes as text.
    let onpaste = props.on_files.clone().map(paste_files);
    let quoted =
        props.quoting.as_ref().filter(|_| editing.is_none()).map(|message| quoting(message, &texts, &props.on_unquote));
    use_focus_on_start(
        area.clone(),
        props.quoting.as_ref().map(|m| m.id.clone()),
        editing.as_ref().map(|m| m.id.clone()),
    );
    use_grows_with_text(area.clone(), shown.clone());
    // The room's own composer; a thread's takes the focus as its panel opens.
    use_focus_on_open(area.clone(), props.thread.is_none().then(|| props.rid.clone()));
    let on_emoji = {
        let (area, draft, caret, client, key) =
            (area.clone(), draft.clone(), caret.clone(), client.clone(), draft_key.clone());
        Callback::from(move |code: String| {
            let field = area.cast::<HtmlTextAreaElement>();
            let text = field.as_ref().map_or_else(|| (*draft).clone(), HtmlTextAreaElement::value);
            let at = field
                .as_ref()
                .and_then(|f| f.selection_start().ok().flatten())
                .map_or(text.len(), |at| byte_offset(&text, at as usize));
            let (text, at) = insert_at(&text, at, &format!(":{code}: "));
            drafts::keep(&client, &key, &text);
            caret.set(at);
            draft.set(text);
        })
    };
    html! {
        <form class={classes!("composer", editing.is_some().then_some("editing"))} {onsubmit}>
            if editing.is_some() {
                <p class="editing-note">{ texts.get("composer.editingNote") }</p>
            }
            { for quoted }
            if let Some(on_files) = props.on_files.clone() {
                <AttachButton {on_files} />
            }
            <Suggestions items={items.clone()} selected={(*selected).min(items.len().saturating_sub(1))} on_choose={choose.clone()} />
            <EmojiButton on_pick={on_emoji} area={area.clone()} />
            <textarea ref={area} class="composer-input" rows="1" data-autofocus={props.thread.is_some().then_some("true")} aria-label={texts.get(if editing.is_some() { "composer.editLabel" } else { "composer.label" })}
                      placeholder={texts.get("composer.placeholder")} maxlength={MAX_MESSAGE_CHARS.to_string()}
                      value={shown.clone()} {oninput} {onkeydown} {onpaste} />
            <button type="submit" class="send" disabled={shown.trim().is_empty()}>
                { texts.get(if editing.is_some() { "composer.save" } else { "composer.send" }) }
            </button>
        </form>
    }
}

/// Tells the room the user is typing, and that they stopped once the box is empty or a while
/// has passed without a keystroke (`keystrokes` is bumped on each).
fn signal_typing(client: &Rc<ChatClient>, rid: &AttrValue, keystrokes: &Rc<RefCell<u64>>, text: &str) {
    if text.trim().is_empty() {
        client.stop_typing(rid);
        return;
    }
    client.typing(rid);
    *keystrokes.borrow_mut() += 1;
    let stroke = *keystrokes.borrow();
    let (client, rid, keystrokes) = (client.clone(), rid.clone(), keystrokes.clone());
    yew::platform::spawn_local(async move {
        yew::platform::time::sleep(std::time::Duration::from_millis(IDLE_MS)).await;
        if *keystrokes.borrow() == stroke {
            client.stop_typing(&rid);
        }
    });
}

/// The keys that move through the `count` suggestions shown, pick one or hide them; whether
/// `event` was one.
fn suggestion_key(
    event: &KeyboardEvent,
    count: usize,
    selected: &UseStateHandle<usize>,
    dismissed: &UseStateHandle<bool>,
    choose: &Callback<usize>,
) -> bool {
    match event.key().as_str() {
        "ArrowDown" | "ArrowUp" => {
            let step = if event.key() == "ArrowDown" { 1 } else { count - 1 };
            selected.set((**selected + step) % count);
        }
        "Enter" | "Tab" if !event.shift_key() => choose.emit((**selected).min(count - 1)),
        "Escape" => dismissed.set(true),
        _ => return false,
    }
    event.prevent_default();
    true
}

/// A paste that carries files (a copied image) sends them; text pastes as text.
fn paste_files(on_files: Callback<Vec<web_sys::File>>) -> Callback<Event> {
    Callback::from(move |event: Event| {
        let Some(event) = event.dyn_ref::<web_sys::ClipboardEvent>() else { return };
        let files = event.clipboard_data().and_then(|data| data.files()).map(files_of).unwrap_or_default();
        if !files.is_empty() {
            event.prevent_default();
            on_files.emit(files);
        }
    })
}

/// The message being quoted above the box, with the button that stops quoting it.
fn quoting(message: &Message, texts: &Texts, on_unquote: &Callback<()>) -> Html {
    let unquote = on_unquote.reform(|_: MouseEvent| ());
    html! {
        <div class="quoting">
            { outline(icons::QUOTE) }
            <span class="quoting-text">
                { texts.fill("composer.quoting", &[("author", message.u.display_name())]) }{ ": " }
                <span class="quoting-excerpt">{ message.plain_text() }</span>
            </span>
            <IconButton class="stop-quoting" icon={icon(Icon::Close)} label={texts.get("composer.stopQuoting")} onclick={unquote} />
        </div>
    }
}

/// The draft of the room being left is kept and the draft of the room being entered comes back
/// (`key` names the room, or the thread in it); editing a message (`editing`, its id) starts
/// from an empty draft.
#[hook]
fn use_draft_follows(draft: UseStateHandle<String>, key: String, editing: Option<String>) {
    {
        let (draft, client) = (draft.clone(), use_client());
        use_effect_with(key, move |key| draft.set(drafts::get(&client, key)));
    }
    use_effect_with(editing, move |id| {
        if id.is_some() {
            draft.set(String::new());
        }
    });
}

/// What sending needs: the box, the draft, where it goes, and whether it edits or quotes.
#[derive(Clone)]
struct Sending {
    area: NodeRef,
    draft: UseStateHandle<String>,
    rid: AttrValue,
    thread: Option<AttrValue>,
    client: Rc<ChatClient>,
    editing: Option<Message>,
    /// The permalink of the message quoted, sent in front of the text.
    quote: Option<String>,
    on_unquote: Callback<()>,
    /// Where the draft is kept.
    key: String,
}

impl Sending {
    /// Sends (or saves the edit of) what the box holds now, read from the page: the draft state is
    /// as of the last render, so keys pressed since (a fast typist, or automation) would otherwise
    /// be lost, and the box not cleared, so the next message would run into this one.
    fn send(&self) {
        let field = self.area.cast::<HtmlTextAreaElement>();
        let written = field.as_ref().map_or_else(|| (*self.draft).clone(), HtmlTextAreaElement::value);
        let text = written.trim();
        if text.is_empty() {
            return;
        }
        let (client, thread) = (&self.client, self.thread.as_deref());
        match (&self.editing, &self.quote) {
            (Some(message), _) => client.save_edit(message, text),
            (None, Some(link)) => {
                client.send(&self.rid, thread, &format!("[ ]({link}) {text}"));
                self.on_unquote.emit(());
            }
            (None, None) => client.send(&self.rid, thread, text),
        }
        drafts::keep(client, &self.key, "");
        if let Some(field) = field {
            field.set_value("");
        }
        self.draft.set(String::new());
    }
}
