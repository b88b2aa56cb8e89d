//! One message: avatar, author, time, text, and its delivery state with a retry when it failed.
//! The text is a Yew text node, so whatever it contains is shown, never run.

use std::cell::Cell;
use std::rc::Rc;

use yew::prelude::*;

use crate::parts::icons::{self, outline};
use confab_core::state::rights::MayChange;

use confab_protocol::Message;

use super::attachments::Attachments;
use super::blocks::Blocks;
use super::feedback::Feedback;
use super::link_previews::LinkPreviews;
use super::markup::{self, Reader};
use super::message_actions::{Engagement, MessageAction, MessageActions, Reactions, use_engagement};
use super::stars::{PIN, STAR};
use super::streamed_answer::AnswerStatus;
use crate::parts::{EMOJI_TABLE, MARKUP_PARSER, use_part};
use confab_core::components::avatar::{Pictures, person};
use confab_core::components::use_features;
use confab_core::i18n::{Catalog, use_texts};
use confab_core::icons::drawn;
use confab_core::state::{Delivery, Entry};

#[derive(Properties, PartialEq, Clone)]
pub struct MessageItemProps {
    pub entry: Rc<Entry>,
    /// The reader's username, whose mentions stand out.
    pub me: AttrValue,
    /// Shown under the previous message of the same author: no avatar or name of its own.
    #[prop_or_default]
    pub continued: bool,
    /// Sends a failed message again.
    pub on_retry: Callback<Message>,
    /// In a direct room, the reader's own messages say whether the other member has read them.
    #[prop_or_default]
    pub direct: bool,
    /// Whether the reader may edit and delete this message.
    #[prop_or_default]
    /// What the reader may do to it.
    pub may: MayChange,
    /// Reactions, edits and deletions the reader asks for.
    #[prop_or_default]
    pub on_action: Callback<MessageAction>,
    /// Opens the image viewer on an image's file.
    #[prop_or_default]
    pub on_view: Callback<AttrValue>,
    /// In the timeline, whether this message is its one Tab stop (see `timeline_keys`).
    #[prop_or_default]
    pub tab_stop: Option<bool>,
}

#[function_component(MessageItem)]
pub fn message_item(props: &MessageItemProps) -> Html {
    let message = &props.entry.message;
    let texts = use_texts();
    let features = use_features();
    let control_tabindex = super::timeline_keys::use_control_tabindex();
    let tabindex = props.tab_stop.map(|stop| AttrValue::Static(if stop { "0" } else { "-1" }));
    let pictures = use_context::<Rc<Pictures>>().unwrap_or_default();
    let Engagement { engaged, onpointerenter, onpointerleave, onfocusin, onfocusout } = use_engagement();
    // An integration posts under its alias; a bot's message says it is one.
    let author = message.alias.clone().unwrap_or_else(|| message.u.display_name().to_owned());
    let bot = message.bot.is_some().then(|| html! { <span class="bot-tag">{ texts.get("message.bot") }</span> });
    // The server's tree when there is one. The reader's own pending message is parsed here once
    // the parser (a part) is there, and shown as written until then.
    let parser = MARKUP_PARSER.get();
    use_part(&MARKUP_PARSER, message.md.is_none());
    // A streamed answer grows without a new `_updatedAt`: its length tells a new piece.
    let key = (message.id.clone(), message.updated_at, message.msg.len(), message.md.is_some(), parser.is_some());
    let tree = use_memo(key, {
        let message = message.clone();
        move |_| {
            let tree =
                message.md.as_deref().cloned().or_else(|| parser.and_then(|parse| parse(&message.msg, now_seconds())));
            tree.map(confab_protocol::markup::without_quote_links)
        }
    });
    let writing = super::streamed_answer::writing(message);
    // A bot's finished answer takes the reader's feedback.
    let answered = message.bot.is_some() && message.stream.is_some() && !writing;
    let missing_emoji = Cell::new(false);
    let reader = Reader {
        username: &props.me,
        texts: &texts,
        emoji: EMOJI_TABLE.get(),
        missing_emoji: &missing_emoji,
        tabindex: control_tabindex,
    };
    let body = match tree.as_ref() {
        Some(tree) => markup::render(tree, reader),
        None => html! { { message.msg.clone() } },
    };
    // A shortcode shown as written fetches the table; the message then renders with it.
    use_part(&EMOJI_TABLE, missing_emoji.get());
    let (delivery, status) = match &props.entry.delivery {
        Delivery::Pending => ("pending", html! { <span class="delivery">{ texts.get("message.sending") }</span> }),
        Delivery::Sent => ("sent", html! {}),
        Delivery::Failed(error) => {
            let retry = props.on_retry.reform({
                let message = message.clone();
                move |_: MouseEvent| message.clone()
            });
            (
                "failed",
                html! {
                    <p class="send-failed" role="alert">
                        { texts.fill("message.notSent", &[("error", &texts.say(error))]) }{ " " }
                        <button type="button" class="retry" tabindex={control_tabindex} onclick={retry}>{ texts.get("message.retry") }</button>
                    </p>
                },
            )
        }
    };
    if let Some(kind) = &message.t {
        let line = system_line(&texts, kind, &author, &message.msg);
        // A pin's notice quotes what was pinned.
        let quoted =
            message.attachments.as_ref().and_then(|a| Some(a.json().get(0)?.get("text")?.as_str()?.to_owned()));
        return html! {
            <li class="message system-message" data-message-id={message.id.clone()} data-delivery={delivery} {tabindex}>
                <div class="system-line">
                    <span class="message-text">{ line }</span>
                    <time datetime={message.ts.to_iso()}>{ texts.time(message.ts) }</time>
                </div>
                if let Some(quoted) = quoted.filter(|_| kind == confab_protocol::rest::MESSAGE_PINNED) {
                    <blockquote class="pinned-quote">{ quoted }</blockquote>
                }
            </li>
        };
    }
    let marks = html! {
        <>
            if message.pinned == Some(true) {
                <span class="message-mark pinned" title={texts.get("message.pinned")}>
                    { drawn(PIN, true) }<span class="visually-hidden">{ texts.get("message.pinned") }</span>
                </span>
            }
            if super::stars::starred(message) {
                <span class="message-mark starred" title={texts.get("message.starred")}>
                    { drawn(STAR, true) }<span class="visually-hidden">{ texts.get("message.starred") }</span>
                </span>
            }
        </>
    };
    let edited = message
        .edited_at
        .map(|at| html! { <span class="edited" title={at.to_iso()}>{ texts.get("message.edited") }</span> });
    html! {
        <li class={classes!("message", props.continued.then_some("continued"))} data-message-id={message.id.clone()} data-delivery={delivery} {tabindex}
            {onpointerenter} {onpointerleave} {onfocusin} {onfocusout}>
            if props.continued {
                <time class="gutter-time" datetime={message.ts.to_iso()}>{ texts.time(message.ts) }</time>
            } else {
                <span class="message-face" data-person={message.u.username.clone()}>
                    { person(&message.u.username, pictures.of(&message.u.username), pictures.presence_of(&message.u.username), &texts) }
                </span>
            }
            <div class="message-body">
                if !props.continued {
                    <div class="message-meta">
                        <button type="button" class="author" data-person={message.u.username.clone()} tabindex={control_tabindex}>{ author }</button>
                        { for bot }
                        <time datetime={message.ts.to_iso()}>{ texts.time(message.ts) }</time>
                        { marks.clone() }
                    </div>
                }
                // "(edited)", and a continued message's marks, follow its last line.
                <div class="message-text" aria-busy={writing.then_some("true")}>
                    { body }
                    { for edited }if props.continued { { marks } }
                </div>
                if message.stream.is_some() {
                    <AnswerStatus message={message.clone()} tabindex={control_tabindex.map(AttrValue::from)} />
                }
                <Attachments message={message.clone()} me={props.me.clone()} on_view={props.on_view.clone()} />
                <LinkPreviews message={message.clone()} me={props.me.clone()} />
                if message.blocks.is_some() {
                    <Blocks message={message.clone()} me={props.me.clone()} tabindex={control_tabindex} />
                }
                if answered && message.u.username != props.me.as_str() {
                    <Feedback mid={AttrValue::from(message.id.clone())} tabindex={control_tabindex} />
                }
                <Reactions message={message.clone()} me={props.me.clone()} may_react={props.may.react} on_action={props.on_action.clone()} />
                if let Some(count) = message.tcount.filter(|&n| n > 0 && features.threads) {
                    <button type="button" class="thread-summary" tabindex={control_tabindex} onclick={props.on_action.reform({
                        let message = message.clone();
                        move |_: MouseEvent| MessageAction::Reply(message.clone())
                    })}>
                        { texts.count("message.replies", u64::from(count), &[]) }
                        if let Some(last) = message.tlm {
                            <span class="thread-last">{ " · " }{ texts.fill("message.lastReply", &[("time", &texts.time(last))]) }</span>
                        }
                    </button>
                }
                if delivery == "pending" { { status.clone() } }
                if delivery == "failed" { { status } }
                if props.direct && features.read_receipts && delivery == "sent" && message.u.username == props.me.as_str() {
                    if message.unread == Some(true) {
                        <span class="receipt" data-receipt="sent">{ outline(icons::CHECK) }{ texts.get("message.sent") }</span>
                    } else {
                        <span class="receipt" data-receipt="read">{ outline(icons::CHECK_DOUBLE) }{ texts.get("message.read") }</span>
                    }
                }
            </div>
            if delivery == "sent" && engaged {
                <MessageActions message={message.clone()} may={props.may} on_action={props.on_action.clone()} />
            }
        </li>
    }
}

/// The sentence a system message stands for.
pub fn system_line(texts: &Catalog, kind: &str, author: &str, text: &str) -> String {
    let key = match kind {
        "uj" => "system.joined",
        "ul" => "system.left",
        "au" => "system.added",
        "ru" => "system.removed",
        "r" => "system.renamed",
        "room_changed_topic" => "system.topic",
        "message_pinned" => "system.pinned",
        "livechat-queued" => "system.queued",
        "livechat_transfer_history" if text.is_empty() => "system.requeued",
        "livechat_transfer_history" => "system.transferred",
        "livechat-close" if text.is_empty() => "system.closed",
        "livechat-close" => "system.closedWith",
        _ if text.is_empty() => "system.updated",
        _ => return text.to_owned(),
    };
    texts.fill(key, &[("author", author), ("text", text)])
}

fn now_seconds() -> i64 {
    confab_core::services::browser::now().millis() / 1000
}

#[cfg(test)]
mod tests {
    use super::system_line;
    use confab_core::i18n::Catalog;

    #[test]
    fn system_messages_read_as_sentences() {
        crate::parts::room::strings();
        let english = Catalog::new("en", None, &mut Vec::new());
        assert_eq!(system_line(&english, "uj", "Alice", ""), "Alice joined the room");
        assert_eq!(system_line(&english, "r", "Alice", "lobby"), "Alice renamed the room to lobby");
        assert_eq!(system_line(&english, "something-new", "Alice", ""), "Alice updated the room");
        assert_eq!(system_line(&english, "something-new", "Alice", "as sent"), "as sent");
        let german = Catalog::new("de", None, &mut Vec::new());
        assert_eq!(system_line(&german, "r", "Alice", "lobby"), "Alice hat den Raum in lobby umbenannt");
    }
}
