//! Link previews: after a message is stored, each address it links to is fetched (through the
//! guarded client, `outbound`) and the page's Open Graph, Twitter and plain tags are read into
//! its `urls[].meta`; the message is then stored and sent again as changed, as Rocket.Chat does.
//!
//! Only the start of a page is read (its head is there), with a real HTML parser; only the tags
//! a card shows are kept, trimmed to a sensible length; an image address is made absolute and
//! kept only if it is `http(s)`, and the picture itself is kept by the server
//! ([`super::pictures`]). A page that cannot be fetched gets no preview, and the message is not
//! touched, unless the address is one the server refuses to read (a private network): that
//! address is marked `ignoreParse`, so the author's app can say why.

use std::collections::BTreeMap;

use confab_protocol::attachment::{MessageUrl, UrlHeaders};
use confab_protocol::json::Lazy;
use confab_protocol::{Message, Timestamp};
use scraper::{Html, Selector};

use crate::outbound::FetchError;
use crate::state::AppState;

/// How much of a page is read.
pub const MAX_PAGE_BYTES: usize = 512 * 1024;
/// The longest value kept, in characters.
const MAX_VALUE_CHARS: usize = 500;

/// The tags kept, as Rocket.Chat names them in `meta`.
const KEPT: &[&str] = &[
    "ogTitle",
    "ogDescription",
    "ogImage",
    "ogUrl",
    "ogSiteName",
    "ogType",
    "twitterCard",
    "twitterTitle",
    "twitterDescription",
    "twitterImage",
    "twitterSite",
    "pageTitle",
    "description",
];

/// `og:site_name` → `ogSiteName`.
fn meta_key(tag: &str) -> String {
    let mut key = String::new();
    let mut upper = false;
    for c in tag.trim().chars() {
        if matches!(c, ':' | '_' | '-') {
            upper = true;
        } else if upper {
            key.extend(c.to_uppercase());
            upper = false;
        } else {
            key.extend(c.to_lowercase());
        }
    }
    key
}

fn clean(value: &str) -> String {
    let value: String = value.chars().filter(|c| !c.is_control()).collect();
    let value = value.split_whitespace().collect::<Vec<_>>().join(" ");
    value.chars().take(MAX_VALUE_CHARS).collect()
}

/// The preview tags of the page at `page`.
pub fn read_meta(html: &str, page: &url::Url) -> BTreeMap<String, String> {
    let document = Html::parse_document(html);
    let mut meta = BTreeMap::new();
    let tags = Selector::parse("meta").expect("a valid selector");
    for tag in document.select(&tags) {
        let element = tag.value();
        let (Some(name), Some(content)) = (element.attr("property").or(element.attr("name")), element.attr("content"))
        else {
            continue;
        };
        let key = meta_key(name);
        if KEPT.contains(&key.as_str()) && !meta.contains_key(&key) {
            let value = clean(content);
            if !value.is_empty() {
                meta.insert(key, value);
            }
        }
    }
    let title = Selector::parse("title").expect("a valid selector");
    if let Some(title) = document.select(&title).next() {
        let text = clean(&title.text().collect::<String>());
        if !text.is_empty() {
            meta.insert("pageTitle".into(), text);
        }
    }
    for key in ["ogImage", "twitterImage", "ogUrl"] {
        let absolute = meta.get(key).and_then(|address| page.join(address).ok());
        match absolute.filter(|url| matches!(url.scheme(), "http" | "https")) {
            Some(url) => meta.insert(key.into(), url.to_string()),
            None => meta.remove(key),
        };
    }
    meta
}

/// Reads the previews of `message`'s addresses in the background, then stores and announces
/// the message again.
pub fn spawn(state: &AppState, message: &Message) {
    if !state.settings.link_previews || !super::wants_previews(message) {
        return;
    }
    let (state, message) = (state.clone(), message.clone());
    tokio::spawn(async move {
        let mut urls: Vec<MessageUrl> = message.urls.as_ref().and_then(Lazy::read).unwrap_or_default();
        let mut found = false;
        for url in urls.iter_mut().filter(|url| url.ignore_parse != Some(true)) {
            let fetched = state.fetcher.get(&url.url, MAX_PAGE_BYTES, true).await;
            state.preview_counts.count(fetched.as_ref().map(|_| ()));
            match fetched {
                Ok(fetched) => {
                    let html = fetched.content_type.as_deref().is_some_and(|t| t.contains("html"));
                    if html {
                        url.meta = read_meta(&String::from_utf8_lossy(&fetched.body), &fetched.url);
                        if let Some(picture) = url.image() {
                            url.picture = super::pictures::keep(&state, &message, picture).await;
                        }
                    }
                    url.headers = Some(UrlHeaders { content_length: None, content_type: fetched.content_type });
                    found = true;
                }
                // An address the server will not read is marked so (Rocket.Chat's
                // `ignoreParse`), and the author's app says why there is no card.
                Err(FetchError::Blocked) => {
                    url.ignore_parse = Some(true);
                    found = true;
                }
                Err(error) => tracing::debug!(%error, url = %url.url, "no preview"),
            }
        }
        if !found {
            return;
        }
        match state.store.set_urls(&message, &urls, Timestamp::now()).await {
            Ok(Some(updated)) => state.events.message_changed(&updated).await,
            Ok(None) => {}
            Err(error) => tracing::warn!(%error, message = %message.id, "could not store link previews"),
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn open_graph_twitter_and_page_tags_are_read_and_made_safe() {
        let page = url::Url::parse("https://example.com/blog/post").unwrap();
        let html = r#"<!doctype html><html><head>
            <title> A  post
            </title>
            <meta property="og:title" content="The post">
            <meta property="og:title" content="A second title is ignored">
            <meta property="og:image" content="/img/cover.png">
            <meta name="twitter:card" content="summary_large_image">
            <meta name="twitter:image" content="javascript:alert(1)">
            <meta name="description" content="What it is about">
            <meta property="og:secret" content="not kept">
            <meta name="og:description" content="">
            </head><body><meta property="og:site_name" content="Example"></body></html>"#;
        let meta = read_meta(html, &page);
        assert_eq!(meta["ogTitle"], "The post");
        assert_eq!(meta["pageTitle"], "A post");
        assert_eq!(meta["ogImage"], "https://example.com/img/cover.png");
        assert_eq!(meta["twitterCard"], "summary_large_image");
        assert_eq!(meta["description"], "What it is about");
        assert_eq!(meta["ogSiteName"], "Example");
        assert!(!meta.contains_key("twitterImage"), "only http(s) images");
        assert!(!meta.contains_key("ogSecret") && !meta.contains_key("ogDescription"));
        let long = format!("<meta property='og:title' content='{}'>", "x".repeat(5000));
        assert_eq!(read_meta(&long, &page)["ogTitle"].len(), MAX_VALUE_CHARS);
    }

    #[test]
    fn tag_names_become_rocket_chats_keys() {
        assert_eq!(meta_key("og:site_name"), "ogSiteName");
        assert_eq!(meta_key("twitter:card"), "twitterCard");
        assert_eq!(meta_key("Description"), "description");
    }
}
