//! Link previews: a card for each address of a message whose page the server has read (title,
//! description, site, picture), once the server sends the message again with them. The reader
//! can hide a message's cards.
//!
//! The page's tags are the page's to write, so every one is a text node and the card's link goes
//! only to `http(s)` addresses. The picture is the one the server kept (`picture`, a file of the
//! room, fetched like an attachment); against a server that keeps none, only an `https` one is
//! shown, loaded lazily and without a referrer.

use confab_protocol::Message;
use confab_protocol::attachment::{LinkPicture, MessageUrl};
use yew::prelude::*;

use super::markup::safe_href;
use super::stored_file::{Fetched, use_stored_file};
use confab_core::i18n::use_texts;
use confab_core::icons::{Icon, icon};
use confab_core::services::rest::is_server_path;

/// The addresses of a message that have a preview to show.
pub fn previews(message: &Message) -> Vec<MessageUrl> {
    let urls: Vec<MessageUrl> = message.urls.as_ref().and_then(|urls| urls.read()).unwrap_or_default();
    urls.into_iter().filter(|url| url.has_preview() && safe_href(&url.url) && !url.url.starts_with("mailto:")).collect()
}

/// The hosts of a message's addresses that the server refused to read (marked `ignoreParse`,
/// with nothing read), less its quotes' links, which are marked so too and show as quotes.
pub fn refused_hosts(message: &Message) -> Vec<String> {
    let urls: Vec<MessageUrl> = message.urls.as_ref().and_then(|urls| urls.read()).unwrap_or_default();
    let quoted = super::attachments::of(message);
    let is_quote = |url: &str| quoted.iter().any(|a| a.message_link.as_deref() == Some(url));
    urls.into_iter()
        .filter(|url| url.ignore_parse == Some(true) && url.meta.is_empty() && !is_quote(&url.url))
        .filter_map(|url| host_of(&url.url).map(str::to_owned))
        .collect()
}

/// The host (and port) of an address: what is between its scheme and its path.
fn host_of(address: &str) -> Option<&str> {
    let rest = address.split_once("://")?.1;
    let authority = &rest[..rest.find(['/', '?', '#']).unwrap_or(rest.len())];
    authority.rsplit('@').next().filter(|host| !host.is_empty())
}

#[derive(Properties, PartialEq)]
pub struct LinkPreviewsProps {
    pub message: Message,
    /// The reader's username: an author is told why a link has no card.
    pub me: AttrValue,
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
    let refused = use_memo((props.message.id.clone(), props.message.updated_at), {
        let message = props.message.clone();
        move |_| refused_hosts(&message)
    });
    let author = props.message.u.username == props.me.as_str();
    let word = (author && !refused.is_empty()).then(|| {
        html! { <p class="link-refused">{ texts.fill("preview.refused", &[("host", &refused.join(", "))]) }</p> }
    });
    if cards.is_empty() || *hidden {
        return html! { { for word } };
    }
    let hide = {
        let hidden = hidden.clone();
        Callback::from(move |_: MouseEvent| hidden.set(true))
    };
    html! {
        <>
        <div class="link-previews">
            { for cards.iter().map(|card| {
                let title = card.title().unwrap_or(&card.url).to_owned();
                let kept = card.picture.clone().filter(|picture| is_server_path(&picture.url));
                let linked = card.image().filter(|src| kept.is_none() && src.starts_with("https://")).map(str::to_owned);
                html! {
                    <article class="link-preview">
                        if let Some(picture) = kept {
                            <KeptPicture {picture} />
                        } else if let Some(src) = linked {
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
        { for word }
        </>
    }
}

#[derive(Properties, PartialEq)]
struct KeptPictureProps {
    picture: LinkPicture,
}

/// The picture the server kept for a card, fetched with the session; the space it will take is
/// held while it loads.
#[function_component(KeptPicture)]
fn kept_picture(props: &KeptPictureProps) -> Html {
    let LinkPicture { url, width, height } = &props.picture;
    let fetched = use_stored_file(Some(AttrValue::from(url.clone())), true);
    let (width, height) = (width.to_string(), height.to_string());
    match fetched {
        Fetched::Ready(src) => html! { <img class="link-image" {src} alt="" {width} {height} /> },
        Fetched::Loading => {
            html! { <span class="link-image" style={format!("aspect-ratio:{width}/{height};width:{width}px")} /> }
        }
        Fetched::Failed => html! {},
    }
}
