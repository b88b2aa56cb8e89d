//! The links in a message: each address becomes one of the message's `urls`, a permalink to
//! another message becomes a quote of it ([`quotes`]), and the rest get a preview read from the
//! page after the message is stored ([`previews`]), with the page's picture kept ([`pictures`]).

pub mod pictures;
pub mod preview_counts;
pub mod previews;
pub mod quotes;

use confab_protocol::attachment::{Attachment, LinkPicture, MessageUrl};
use confab_protocol::json::Lazy;
use confab_protocol::{Message, User};

use crate::error::ApiError;
use crate::state::AppState;

/// The most addresses of one message that are quoted or previewed.
pub const MAX_LINKS: usize = 5;

/// Fills `draft`'s `urls` from its markup tree and adds a quote attachment for each permalink
/// the author may quote; a quote's address is not previewed (`ignoreParse`).
pub async fn read_links(state: &AppState, author: &User, draft: &mut Message) -> Result<(), ApiError> {
    let addresses = draft.md.as_deref().map(|md| confab_protocol::markup::links(md)).unwrap_or_default();
    let mut urls = Vec::new();
    let mut quoted: Vec<Attachment> = Vec::new();
    for address in addresses.into_iter().take(MAX_LINKS) {
        let mut url =
            MessageUrl { url: address, meta: Default::default(), headers: None, ignore_parse: None, picture: None };
        if let Some(id) = quotes::permalink_message_id(&url.url) {
            url.ignore_parse = Some(true);
            if let Some(quote) = quotes::quote(state, author, &id, &url.url, &draft.rid).await? {
                quoted.push(quote);
            }
        }
        urls.push(url);
    }
    draft.urls = (!urls.is_empty()).then(|| Lazy::new(&urls));
    if !quoted.is_empty() {
        let mut attachments = draft.attachments.as_ref().and_then(Lazy::read).unwrap_or_default();
        attachments.extend(quoted);
        draft.attachments = Some(Lazy::new(&attachments));
    }
    Ok(())
}

/// Whether a stored message has addresses still waiting for their preview.
pub fn wants_previews(message: &Message) -> bool {
    let urls: Vec<MessageUrl> = message.urls.as_ref().and_then(Lazy::read).unwrap_or_default();
    urls.iter().any(|url| url.ignore_parse != Some(true) && url.meta.is_empty() && url.headers.is_none())
}

/// After an edit has read `edited`'s links anew from its text: an address it still has keeps the
/// preview read before (no second fetch, no second picture). Answers the kept pictures of the
/// addresses it no longer has, to remove once the edit is stored.
pub fn keep_read_previews(previous: &[MessageUrl], edited: &mut Message) -> Vec<LinkPicture> {
    let mut urls: Vec<MessageUrl> = edited.urls.as_ref().and_then(Lazy::read).unwrap_or_default();
    for url in urls.iter_mut().filter(|url| url.ignore_parse.is_none()) {
        if let Some(before) = previous.iter().find(|before| before.url == url.url) {
            *url = before.clone();
        }
    }
    let dropped = previous
        .iter()
        .filter_map(|before| before.picture.clone())
        .filter(|picture| !urls.iter().any(|url| url.picture.as_ref() == Some(picture)))
        .collect();
    edited.urls = (!urls.is_empty()).then(|| Lazy::new(&urls));
    dropped
}
