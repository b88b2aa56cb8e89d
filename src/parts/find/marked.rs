//! A room's pinned messages, or the reader's starred ones, the latest first, a page at a time.
//! The pinned list follows pins live: it is read again whenever the room's loaded messages
//! show a pin or an unpin (the changed message, or a pin's notice, arrives on the stream).

use std::rc::Rc;

use confab_protocol::Message;
use confab_protocol::rest::MESSAGE_PINNED;
use yew::prelude::*;

use super::found::Found;
use confab_core::components::{use_chat_state, use_client};
use confab_core::i18n::use_texts;
use confab_core::state::Problem;

#[derive(Properties, Clone, PartialEq)]
pub struct MarkedProps {
    pub rid: AttrValue,
    /// The reader's starred messages, not the room's pinned ones.
    pub starred: bool,
    pub on_open: Callback<(String, String)>,
}

#[derive(Clone, Default, PartialEq)]
struct Listed {
    messages: Rc<Vec<Message>>,
    total: u32,
    loading: bool,
    failed: Option<Problem>,
}

#[function_component(Marked)]
pub fn marked(props: &MarkedProps) -> Html {
    let client = use_client();
    let state = use_chat_state();
    let texts = use_texts();
    let listed = use_state(|| Listed { loading: true, ..Listed::default() });
    // What the loaded messages say is pinned or starred, and the pins' notices: when it
    // changes, the list is read again.
    let starred = props.starred;
    let marks = use_memo((state.shared_timeline(&props.rid), starred), |(timeline, starred)| {
        timeline
            .iter()
            .flat_map(|t| t.entries.iter())
            .filter(|e| {
                let m = &e.message;
                if *starred {
                    crate::parts::room::stars::starred(m)
                } else {
                    m.pinned == Some(true) || m.t.as_deref() == Some(MESSAGE_PINNED)
                }
            })
            .map(|e| e.message.id.clone())
            .collect::<Vec<_>>()
    });
    let fetch = {
        let (client, rid, listed) = (client.clone(), props.rid.clone(), listed.clone());
        Rc::new(move |before: Rc<Vec<Message>>| {
            let (rest, rid, listed) = (client.rest(), rid.clone(), listed.clone());
            wasm_bindgen_futures::spawn_local(async move {
                listed.set(match rest.marked(&rid, starred, before.len() as u32).await {
                    Ok(page) => {
                        let mut messages = (*before).clone();
                        messages.extend(page.messages);
                        Listed { messages: Rc::new(messages), total: page.total, loading: false, failed: None }
                    }
                    Err(error) => Listed { messages: before, failed: Some(error.problem()), ..Listed::default() },
                });
            });
        })
    };
    {
        let fetch = fetch.clone();
        use_effect_with((props.rid.clone(), marks), move |_| fetch(Rc::default()));
    }
    let more = {
        let (fetch, listed) = (fetch.clone(), listed.clone());
        Callback::from(move |_: MouseEvent| fetch(listed.messages.clone()))
    };
    let empty = if starred { "find.noStarred" } else { "find.noPinned" };
    html! {
        <div class="find-marked">
            <p class="find-status" role="status">
                if let Some(error) = &listed.failed {
                    { texts.get("find.failed") }{ " " }{ texts.say(error) }
                } else if !listed.loading && listed.messages.is_empty() {
                    { texts.get(empty) }
                }
            </p>
            <Found messages={listed.messages.clone()} on_open={props.on_open.clone()} />
            if (listed.messages.len() as u32) < listed.total {
                <button type="button" class="find-more" onclick={more}>{ texts.get("find.more") }</button>
            }
        </div>
    }
}
