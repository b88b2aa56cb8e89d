//! Thumbs up or down under a bot's answer, with an optional comment after a thumbs down. One
//! vote per reader, which they may change or take back (pressing their vote again); the room
//! view reads the reader's earlier votes once (see [`Votes`]).

use std::collections::HashMap;
use std::rc::Rc;

use yew::prelude::*;

use confab_core::components::focus::use_focus_when;
use confab_core::components::use_client;
use confab_core::i18n::use_texts;
use confab_core::icons::drawn;
use confab_core::services::chat::ChatClient;
use confab_core::ui::{Button, Variant};
use confab_protocol::interactions::{MyVote, Vote};

/// The reader's votes in the open room, by message, as the server had them when it opened.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Votes(pub Rc<HashMap<String, Vote>>);

/// The reader's votes in room `rid`, read when it opens.
#[hook]
pub fn use_votes(client: &Rc<ChatClient>, rid: AttrValue) -> Votes {
    let votes = use_state(Votes::default);
    {
        let (client, votes) = (client.clone(), votes.clone());
        use_effect_with(rid, move |rid| {
            votes.set(Votes::default());
            let loaded = Callback::from(move |read: Vec<MyVote>| {
                votes.set(Votes(Rc::new(read.into_iter().map(|v| (v.mid, v.vote)).collect())));
            });
            client.my_votes(rid, loaded);
        });
    }
    (*votes).clone()
}

const THUMB_UP: &str = "M7 10v10H4V10zM7 10l4-7a2 2 0 0 1 3 2l-1 4h5a2 2 0 0 1 2 2l-2 7a2 2 0 0 1-2 1H7";
const THUMB_DOWN: &str = "M17 14V4h3v10zM17 14l-4 7a2 2 0 0 1-3-2l1-4H6a2 2 0 0 1-2-2l2-7a2 2 0 0 1 2-1h9";

#[derive(Properties, PartialEq)]
pub struct FeedbackProps {
    pub mid: AttrValue,
    pub tabindex: Option<&'static str>,
}

#[function_component(Feedback)]
pub fn feedback(props: &FeedbackProps) -> Html {
    let client = use_client();
    let texts = use_texts();
    let earlier = use_context::<Votes>().and_then(|votes| votes.0.get(props.mid.as_str()).copied());
    // The reader's vote here, once they voted in this view; the earlier one until then.
    let mine = use_state(|| None::<Option<Vote>>);
    let vote = (*mine).unwrap_or(earlier);
    let commenting = use_state(|| false);
    let comment = use_node_ref();
    let down = use_node_ref();
    let comment_sent = use_state(|| false);
    let press = |pressed: Vote| {
        let (client, mid, mine, commenting, comment_sent) =
            (client.clone(), props.mid.clone(), mine.clone(), commenting.clone(), comment_sent.clone());
        Callback::from(move |_: MouseEvent| {
            let next = if vote == Some(pressed) { None } else { Some(pressed) };
            mine.set(Some(next));
            commenting.set(next == Some(Vote::Down));
            comment_sent.set(false);
            client.give_feedback(&mid, next, None);
        })
    };
    // Sending or dropping the comment closes its field, and the focus goes back to the thumb.
    let close_comment = {
        let (commenting, down) = (commenting.clone(), down.clone());
        move || {
            commenting.set(false);
            if let Some(button) = down.cast::<web_sys::HtmlElement>() {
                let _ = button.focus();
            }
        }
    };
    let send_comment = {
        let (client, mid, comment, comment_sent, close) =
            (client.clone(), props.mid.clone(), comment.clone(), comment_sent.clone(), close_comment.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let text = comment.cast::<web_sys::HtmlInputElement>().map(|input| input.value()).unwrap_or_default();
            client.give_feedback(&mid, Some(Vote::Down), Some(text));
            comment_sent.set(true);
            close();
        })
    };
    let on_comment_key = Callback::from(move |event: KeyboardEvent| {
        if event.key() == "Escape" {
            event.stop_propagation();
            close_comment();
        }
    });
    // The comment field takes the focus when it opens.
    use_focus_when(*commenting, comment.clone());
    let thumb = |which: Vote, path: &'static str, label: &'static str| {
        let pressed = vote == Some(which);
        let node = if which == Vote::Down { down.clone() } else { NodeRef::default() };
        html! {
            <button type="button" ref={node} class={classes!("feedback-thumb", pressed.then_some("pressed"))}
                    aria-pressed={pressed.to_string()} aria-label={texts.get(label)} title={texts.get(label)}
                    tabindex={props.tabindex} onclick={press(which)}>
                { drawn(path, pressed) }
            </button>
        }
    };
    html! {
        <div class="feedback" role="group" aria-label={texts.get("message.feedbackLabel")}>
            { thumb(Vote::Up, THUMB_UP, "message.feedbackHelpful") }
            { thumb(Vote::Down, THUMB_DOWN, "message.feedbackNotHelpful") }
            if *commenting {
                <form class="feedback-comment" onsubmit={send_comment}>
                    <input ref={comment} type="text" maxlength="500" aria-label={texts.get("message.feedbackComment")}
                           placeholder={texts.get("message.feedbackComment")} onkeydown={on_comment_key} />
                    <Button variant={Variant::Secondary} submit=true>{ texts.get("message.feedbackSend") }</Button>
                </form>
            }
            if *comment_sent || (vote.is_some() && (*mine).is_some() && !*commenting) {
                <span class="feedback-thanks" role="status">{ texts.get("message.feedbackThanks") }</span>
            }
        </div>
    }
}
