//! The message box: Enter sends, Shift+Enter breaks the line.

use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use super::use_client;

/// The server's default limit on a message's length, in characters.
const MAX_MESSAGE_CHARS: usize = 5000;
/// After this long without a keystroke the user no longer counts as typing.
const IDLE_MS: u64 = 6_000;

#[derive(Properties, PartialEq)]
pub struct ComposerProps {
    pub rid: AttrValue,
}

#[function_component(Composer)]
pub fn composer(props: &ComposerProps) -> Html {
    let client = use_client();
    let draft = use_state(String::new);
    // Bumped on every keystroke: an idle timer that finds it unchanged ends the typing signal.
    let keystrokes = use_mut_ref(|| 0u64);
    let oninput = {
        let (draft, client, rid, keystrokes) = (draft.clone(), client.clone(), props.rid.clone(), keystrokes.clone());
        Callback::from(move |event: InputEvent| {
            let area: HtmlTextAreaElement = event.target_unchecked_into();
            let text = area.value();
            if text.trim().is_empty() {
                client.stop_typing(&rid);
            } else {
                client.typing(&rid);
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
            draft.set(text);
        })
    };
    let send = {
        let (draft, rid) = (draft.clone(), props.rid.clone());
        move || {
            let text = draft.trim();
            if !text.is_empty() {
                client.send(&rid, text);
                draft.set(String::new());
            }
        }
    };
    let onkeydown = {
        let send = send.clone();
        Callback::from(move |event: KeyboardEvent| {
            if event.key() == "Enter" && !event.shift_key() && !event.is_composing() {
                event.prevent_default();
                send();
            }
        })
    };
    let onsubmit = Callback::from(move |event: SubmitEvent| {
        event.prevent_default();
        send();
    });
    html! {
        <form class="composer" {onsubmit}>
            <textarea class="composer-input" rows="1" aria-label="Message" placeholder="Write a message"
                      maxlength={MAX_MESSAGE_CHARS.to_string()} value={(*draft).clone()} {oninput} {onkeydown} />
            <button type="submit" class="send" disabled={draft.trim().is_empty()}>{ "Send" }</button>
        </form>
    }
}
