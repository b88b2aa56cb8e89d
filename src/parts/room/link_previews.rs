//! Link previews: a card for each address of a message whose page the server has read (title,
//! description, site, picture), once the server sends the message again with them. The reader
//! can hide a message's cards.
//!
//! The page's tags are the page's to write, so every one is a text node, the card's link goes
//! only to `http(s)` addresses, and only an `https` picture is shown (loaded lazily, without a
//! referrer).

use confab_protocol::Message;
use confab_protocol::attachment::MessageUrl;
use yew::prelude::*;

use super::markup::safe_href;
use confab_core::i18n::use_texts;
use confab_core::icons::{Icon, icon};

/// The addresses of a message that have a preview to show.
pub fn previews(message: &Message) -> Vec<MessageUrl> {
    let urls: Vec<MessageUrl> = message.urls.as_ref().and_then(|urls| urls.read()).unwrap_or_default();
    urls.into_iter().filter(|url| url.has_preview() && safe_href(&url.url) && !url.url.starts_with("mailto:")).collect()
}

#[derive(Properties, PartialEq)]
pub struct LinkPreviewsProps {
    pub message: Message,
}

#[function_component(LinkPreviews)]
pub fn link_previews(props: &LinkPreviewsProps) -> Html {
    let texts = use_texts();
    let tabindex = super::timeline_keys::use_control_tabindex();
    let hidden = use_state(|| false);
    let cards = use_memo((props.message.id.clone(), props.message.updated_at), {
        let message = props.message.clone();
        move |_| previews(&message)
    });
    if cards.is_empty() || *hidden {
        return html! {};
    }
    let hide = {
        let hidden = hidden.clone();
        Callback::from(move |_: MouseEvent| hidden.set(true))
    };
    html! {
        <div class="link-previews">
            { for cards.iter().map(|card| {
                let title = card.title().unwrap_or(&card.url).to_owned();
                let picture = card.image().filter(|src| src.starts_with("https://")).map(str::to_owned);
                html! {
                    <article class="link-preview">
                        if let Some(src) = picture {
                            <img class="link-image" {src} alt="" loading="lazy" referrerpolicy="no-referrer" />
                        }
                        <div class="link-text">
                            if let Some(site) = card.site_name() { <span class="link-site">{ site.to_owned() }</span> }
                            <a class="link-title" href={card.url.clone()} target="_blank" rel="noopener noreferrer nofollow" tabindex={tabindex}>{ title }</a>
                            if let Some(description) = card.description() { <p class="link-description">{ description.to_owned() }</p> }
                        </div>
                    </article>
                }
            }) }
            <button type="button" class="hide-previews" {tabindex} aria-label={texts.get("preview.hide")} title={texts.get("preview.hide")}
                    onclick={hide}>{ icon(Icon::Close) }</button>
        </div>
    }
}
