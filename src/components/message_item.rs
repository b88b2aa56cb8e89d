//! One message: avatar, author, time, text, and its delivery state with a retry when it failed.
//! The text is a Yew text node, so whatever it contains is shown, never run.

use yew::prelude::*;

use confab_protocol::Message;

use super::markup::{self, Reader};
use crate::services::browser::clock_time;
use crate::state::{Delivery, Entry};

#[derive(Properties, PartialEq)]
pub struct MessageItemProps {
    pub entry: Entry,
    /// The reader's username, whose mentions stand out.
    pub me: AttrValue,
    /// Sends a failed message again.
    pub on_retry: Callback<Message>,
}

#[function_component(MessageItem)]
pub fn message_item(props: &MessageItemProps) -> Html {
    let message = &props.entry.message;
    let author = message.u.display_name().to_owned();
    // The server's tree when there is one; the sender's own pending text is parsed here.
    let tree = use_memo((message.id.clone(), message.updated_at, message.md.is_some()), {
        let message = message.clone();
        move |_| {
            message.md.clone().or_else(|| {
                confab_protocol::markup::parse(&message.msg, &confab_protocol::markup::Options::confab(now_seconds()))
            })
        }
    });
    let body = match tree.as_ref() {
        Some(tree) => markup::render(tree, Reader { username: &props.me }),
        None => html! { { message.msg.clone() } },
    };
    let (delivery, status) = match &props.entry.delivery {
        Delivery::Pending => ("pending", html! { <span class="delivery">{ "Sending…" }</span> }),
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
                        { format!("Not sent: {error} ") }
                        <button type="button" class="retry" onclick={retry}>{ "Retry" }</button>
                    </p>
                },
            )
        }
    };
    html! {
        <li class="message" data-message-id={message.id.clone()} data-delivery={delivery}>
            <span class="avatar" aria-hidden="true">{ initials(&author) }</span>
            <div class="message-body">
                <div class="message-meta">
                    <span class="author">{ author }</span>
                    <time datetime={message.ts.to_iso()}>{ clock_time(message.ts) }</time>
                    if delivery == "pending" { { status.clone() } }
                </div>
                <div class="message-text">{ body }</div>
                if delivery == "failed" { { status } }
            </div>
        </li>
    }
}

fn now_seconds() -> i64 {
    crate::services::browser::now().millis() / 1000
}

/// Up to two initials from a display name, for the avatar.
pub fn initials(name: &str) -> String {
    name.split_whitespace().filter_map(|word| word.chars().next()).take(2).flat_map(char::to_uppercase).collect()
}

#[cfg(test)]
mod tests {
    use super::initials;

    #[test]
    fn initials_take_the_first_letters_of_up_to_two_words() {
        assert_eq!(initials("Alice Liddell"), "AL");
        assert_eq!(initials("bob"), "B");
        assert_eq!(initials("Jean Luc Picard"), "JL");
        assert_eq!(initials("élodie durand"), "ÉD");
        assert_eq!(initials(""), "");
    }
}
