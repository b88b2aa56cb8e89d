//! What a streamed answer shows below its text: a Stop button while it is being written, and
//! once it ended otherwise than done, that it was stopped or failed. The growing text itself is
//! the message's own (see `message_item`), with a cursor at its end.

use wasm_bindgen::JsCast;
use yew::prelude::*;

use confab_core::components::use_client;
use confab_core::i18n::use_texts;
use confab_core::icons::drawn;
use confab_protocol::Message;
use confab_protocol::streaming::StreamState;

/// The Stop button's square.
const STOP: &str = "M7 7h10v10H7z";

#[derive(Properties, PartialEq)]
pub struct AnswerStatusProps {
    pub message: Message,
    pub tabindex: Option<AttrValue>,
}

#[function_component(AnswerStatus)]
pub fn answer_status(props: &AnswerStatusProps) -> Html {
    let texts = use_texts();
    let client = use_client();
    match props.message.stream {
        Some(StreamState::Writing) => {
            let onclick = {
                let (client, id) = (client.clone(), props.message.id.clone());
                Callback::from(move |event: MouseEvent| {
                    // The button goes with the answer's end: the reader stays on the message (each
                    // message in the timeline takes the focus, see `timeline_keys`).
                    let item = event
                        .target()
                        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                        .and_then(|button| button.closest("[data-message-id]").ok().flatten())
                        .and_then(|item| item.dyn_into::<web_sys::HtmlElement>().ok());
                    if let Some(item) = item {
                        let _ = item.focus();
                    }
                    client.stop_answer(&id);
                })
            };
            html! {
                <button type="button" class="answer-stop" aria-label={texts.get("message.answerStopLabel")}
                        tabindex={props.tabindex.clone()} {onclick}>
                    { drawn(STOP, true) }{ texts.get("message.answerStop") }
                </button>
            }
        }
        Some(StreamState::Stopped) => html! { <p class="answer-note">{ texts.get("message.answerStopped") }</p> },
        Some(StreamState::Failed) => {
            html! { <p class="answer-note failed">{ texts.get("message.answerFailed") }</p> }
        }
        _ => html! {},
    }
}

/// Whether `message` is an answer still being written.
pub fn writing(message: &Message) -> bool {
    message.stream == Some(StreamState::Writing)
}
