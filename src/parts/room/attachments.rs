//! What a message carries below its text: images (laid out at their final size from the first
//! render, the blurred preview standing in until the picture loads, so the timeline never
//! jumps), files as cards to download, sound and video in the browser's own players, and quotes
//! as a compact block naming their author.
//!
//! An attachment is the sender's to shape (a real Rocket.Chat server stores what clients
//! post), so nothing in it is trusted: only server-relative addresses are fetched (with the
//! session's credentials, which must never go elsewhere), a preview is used only if it is plain
//! base64, sizes are clamped, and every text is a text node.

use std::rc::Rc;

use confab_protocol::Message;
use confab_protocol::attachment::{Attachment, AttachmentKind};
use yew::prelude::*;

use super::markup::{self, Reader};
use super::stored_file::{Fetched, use_stored_file};
use crate::parts::EMOJI_TABLE;
use crate::parts::icons::{self, filled, outline};
use confab_core::components::avatar::{Pictures, avatar};
use confab_core::components::use_client;
use confab_core::i18n::use_texts;

use confab_core::services::rest::is_server_path as server_path;
use confab_core::ui::{Button, Variant};

/// The largest an image is shown inline, in CSS pixels.
const MAX_WIDTH: f64 = 360.0;
const MAX_HEIGHT: f64 = 280.0;

/// The size an image of `width`×`height` is shown at: as it is, or scaled down to fit.
pub fn shown_size(width: u32, height: u32) -> (u32, u32) {
    let (width, height) = (f64::from(width.max(1)), f64::from(height.max(1)));
    let scale = (MAX_WIDTH / width).min(MAX_HEIGHT / height).min(1.0);
    ((width * scale).round().max(1.0) as u32, (height * scale).round().max(1.0) as u32)
}

/// A file's size as people read it: `900 B`, `12.5 kB`, `3.1 MB`.
pub fn human_size(bytes: u64) -> String {
    match bytes {
        0..1_000 => format!("{bytes} B"),
        1_000..1_000_000 => format!("{:.1} kB", bytes as f64 / 1e3),
        1_000_000..1_000_000_000 => format!("{:.1} MB", bytes as f64 / 1e6),
        _ => format!("{:.1} GB", bytes as f64 / 1e9),
    }
}

/// The attachments of a message, read from it.
pub fn of(message: &Message) -> Vec<Attachment> {
    message.attachments.as_ref().and_then(|list| list.read()).unwrap_or_default()
}

#[derive(Properties, PartialEq)]
pub struct AttachmentsProps {
    pub message: Message,
    pub me: AttrValue,
    /// Opens the image viewer on the image whose file is at this address.
    pub on_view: Callback<AttrValue>,
}

#[function_component(Attachments)]
pub fn attachments(props: &AttachmentsProps) -> Html {
    let list = use_memo((props.message.id.clone(), props.message.updated_at), {
        let message = props.message.clone();
        move |_| of(&message)
    });
    if list.is_empty() {
        return html! {};
    }
    html! {
        <div class="attachments">
            { for list.iter().map(|attachment| match attachment.kind() {
                AttachmentKind::Image => html! { <ImageAttachment attachment={attachment.clone()} on_view={props.on_view.clone()} /> },
                AttachmentKind::Audio => html! { <MediaAttachment attachment={attachment.clone()} video={false} /> },
                AttachmentKind::Video => html! { <MediaAttachment attachment={attachment.clone()} video={true} /> },
                AttachmentKind::File => html! { <FileCard attachment={attachment.clone()} /> },
                AttachmentKind::Quote => html! { <QuoteBlock attachment={attachment.clone()} me={props.me.clone()} /> },
                AttachmentKind::Other => other(attachment),
            }) }
        </div>
    }
}

/// An integration's card: its title and text, plainly.
fn other(attachment: &Attachment) -> Html {
    if attachment.title.is_none() && attachment.text.is_none() {
        return html! {};
    }
    html! {
        <div class="attachment other">
            if let Some(title) = &attachment.title { <strong>{ title.clone() }</strong> }
            if let Some(text) = &attachment.text { <p>{ text.clone() }</p> }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct ImageProps {
    attachment: Attachment,
    on_view: Callback<AttrValue>,
}

#[function_component(ImageAttachment)]
fn image_attachment(props: &ImageProps) -> Html {
    let texts = use_texts();
    let tabindex = super::timeline_keys::use_control_tabindex();
    let attachment = &props.attachment;
    let source = attachment.image_url.clone().filter(|path| server_path(path)).map(AttrValue::from);
    let fetched = use_stored_file(source, true);
    let dimensions = attachment.image_dimensions.map_or((MAX_WIDTH as u32, 200), |d| (d.width, d.height));
    let (width, height) = shown_size(dimensions.0, dimensions.1);
    let preview = attachment
        .image_preview
        .as_deref()
        .filter(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_alphanumeric() || b"+/=".contains(&b)))
        .map(|p| format!(";background-image:url(data:image/jpeg;base64,{p})"))
        .unwrap_or_default();
    // As wide as it is shown, never wider than the message: on a phone it shrinks, keeping its shape.
    let style = format!("width:{width}px;aspect-ratio:{width}/{height}{preview}");
    let title = attachment.title.clone().unwrap_or_default();
    let original = attachment.title_link.clone().or_else(|| attachment.image_url.clone()).unwrap_or_default();
    let onclick = props.on_view.reform(move |_: MouseEvent| AttrValue::from(original.clone()));
    let loaded = matches!(fetched, Fetched::Ready(_));
    html! {
        <figure class="attachment image">
            <button type="button" class={classes!("image-open", loaded.then_some("loaded"))} {style} {tabindex}
                    aria-label={texts.fill("files.open", &[("name", &title)])} {onclick}>
                if let Fetched::Ready(src) = fetched {
                    <img {src} alt={title.clone()} width={width.to_string()} height={height.to_string()} />
                }
            </button>
            if let Some(description) = &attachment.description {
                <figcaption>{ description.clone() }</figcaption>
            }
        </figure>
    }
}

#[derive(Properties, PartialEq)]
struct MediaProps {
    attachment: Attachment,
    video: bool,
}

#[function_component(MediaAttachment)]
fn media_attachment(props: &MediaProps) -> Html {
    let texts = use_texts();
    let tabindex = super::timeline_keys::use_control_tabindex();
    let attachment = &props.attachment;
    let path = if props.video { &attachment.video_url } else { &attachment.audio_url };
    let fetched = use_stored_file(path.clone().filter(|p| server_path(p)).map(AttrValue::from), true);
    let title = attachment.title.clone().unwrap_or_default();
    let player = match fetched {
        Fetched::Ready(src) if props.video => {
            html! { <video controls=true preload="metadata" {src} tabindex={tabindex} /> }
        }
        Fetched::Ready(src) => html! { <audio controls=true preload="metadata" {src} {tabindex} /> },
        Fetched::Loading => html! { <p class="media-status" role="status">{ texts.get("files.loading") }</p> },
        Fetched::Failed => html! { <p class="media-status error">{ texts.get("files.notLoaded") }</p> },
    };
    html! {
        <figure class={classes!("attachment", if props.video { "video" } else { "audio" })}>
            <figcaption>{ filled(icons::PLAY) }{ title }</figcaption>
            { player }
            if let Some(description) = &attachment.description {
                <p class="attachment-description">{ description.clone() }</p>
            }
        </figure>
    }
}

#[derive(Properties, PartialEq)]
struct FileProps {
    attachment: Attachment,
}

/// Saves the file at `path` as `name`: fetched with the credentials, then handed to the
/// browser's download through a link to the blob.
pub fn download(client: &confab_core::services::chat::ChatClient, path: String, name: String) {
    let rest = client.rest();
    wasm_bindgen_futures::spawn_local(async move {
        let Ok(blob) = rest.file(&path).await else { return };
        let Ok(address) = web_sys::Url::create_object_url_with_blob(&blob) else { return };
        let document = web_sys::window().and_then(|w| w.document());
        if let Some(link) = document.and_then(|d| d.create_element("a").ok()) {
            use wasm_bindgen::JsCast;
            let link: web_sys::HtmlAnchorElement = link.unchecked_into();
            link.set_href(&address);
            link.set_download(&name);
            link.click();
        }
        let _ = web_sys::Url::revoke_object_url(&address);
    });
}

#[function_component(FileCard)]
fn file_card(props: &FileProps) -> Html {
    let texts = use_texts();
    let tabindex = super::timeline_keys::use_control_tabindex();
    let client = use_client();
    let attachment = &props.attachment;
    let name = attachment.title.clone().unwrap_or_default();
    let kind = attachment.format.clone().filter(|f| !f.is_empty()).map(|f| f.to_uppercase());
    let size = attachment.size.map(human_size);
    let details = [kind, size].into_iter().flatten().collect::<Vec<_>>().join(" · ");
    let path = attachment.title_link.clone().filter(|p| server_path(p));
    let onclick = {
        let (path, name) = (path.clone(), name.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some(path) = &path {
                download(&client, path.clone(), name.clone());
            }
        })
    };
    html! {
        <div class="attachment file-card">
            <span class="file-icon">{ outline(icons::FILE) }</span>
            <span class="file-text">
                <span class="file-name">{ name.clone() }</span>
                <span class="file-details">{ details }</span>
                if let Some(description) = &attachment.description {
                    <span class="attachment-description">{ description.clone() }</span>
                }
            </span>
            if path.is_some() {
                <button type="button" class="file-download" {tabindex} aria-label={texts.fill("files.download", &[("name", &name)])}
                        title={texts.fill("files.download", &[("name", &name)])} {onclick}>{ outline(icons::DOWNLOAD) }</button>
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct QuoteProps {
    attachment: Attachment,
    me: AttrValue,
}

#[function_component(QuoteBlock)]
fn quote_block(props: &QuoteProps) -> Html {
    let texts = use_texts();
    let tabindex = super::timeline_keys::use_control_tabindex();
    let pictures = use_context::<Rc<Pictures>>().unwrap_or_default();
    let attachment = &props.attachment;
    let author = attachment.author_name.clone().unwrap_or_default();
    // The name is the author's as shown everywhere; the picture is found by the username in
    // the avatar's address (`/avatar/<username>`), or by the name where there is none.
    let username = attachment
        .author_icon
        .as_deref()
        .and_then(|icon| icon.strip_prefix("/avatar/"))
        .map(percent_decoded)
        .unwrap_or_else(|| author.clone());
    let missing_emoji = std::cell::Cell::new(false);
    let reader = Reader {
        username: &props.me,
        texts: &texts,
        emoji: EMOJI_TABLE.get(),
        missing_emoji: &missing_emoji,
        tabindex,
    };
    let body = match &attachment.md {
        Some(tree) => markup::render(tree, reader),
        None => html! { { attachment.text.clone().unwrap_or_default() } },
    };
    // A quote of a message (its permalink's `msg`) opens it in its room, however old.
    let quoted = attachment.message_link.as_deref().and_then(quoted_id);
    let client = confab_core::components::use_client();
    let open = quoted.map(|id| {
        let client = client.clone();
        Callback::from(move |_: MouseEvent| client.open_linked_message(&id))
    });
    html! {
        <blockquote class="attachment quote">
            <div class="quote-meta">
                { avatar(&username, (!username.is_empty()).then(|| pictures.of(&username)).flatten()) }
                <span class="author">{ author.clone() }</span>
                if let Some(ts) = attachment.ts {
                    <time datetime={ts.to_iso()}>{ texts.time(ts) }</time>
                }
                if let Some(onclick) = open {
                    <Button variant={Variant::Quiet} class="open-quoted" {onclick} {tabindex}>{ texts.get("message.openQuoted") }</Button>
                }
            </div>
            <div class="quote-text">{ body }</div>
        </blockquote>
    }
}

/// A username as written in an address (`%40` for `@`, and so on).
fn percent_decoded(text: &str) -> String {
    js_sys::decode_uri_component(text).ok().and_then(|s| s.as_string()).unwrap_or_else(|| text.to_owned())
}

/// The message id a permalink names (`…?msg=ID`).
fn quoted_id(link: &str) -> Option<String> {
    let (_, query) = link.split_once('?')?;
    let id = query.split('&').find_map(|pair| pair.strip_prefix("msg="))?;
    let id = id.split('#').next().unwrap_or_default();
    confab_protocol::ids::is_plausible_id(id).then(|| id.to_owned())
}

/// The images of a room's messages, in order: what the viewer steps through.
pub fn images(messages: impl Iterator<Item = Rc<confab_core::state::Entry>>) -> Vec<Attachment> {
    messages
        .flat_map(|entry| of(&entry.message))
        .filter(|a| a.kind() == AttachmentKind::Image && a.title_link.as_deref().is_some_and(server_path))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_fit_the_inline_box_keeping_their_shape() {
        assert_eq!(shown_size(200, 100), (200, 100));
        assert_eq!(shown_size(1200, 800), (360, 240));
        assert_eq!(shown_size(400, 4000), (28, 280));
        assert_eq!(shown_size(0, 0), (1, 1));
    }

    #[test]
    fn only_the_servers_own_addresses_are_fetched_with_credentials() {
        assert!(server_path("/file-upload/abc/cat.png"));
        for elsewhere in ["https://evil.example/x", "//evil.example/x", "file-upload/x", "/\\evil.example", ""] {
            assert!(!server_path(elsewhere), "{elsewhere}");
        }
    }

    #[test]
    fn sizes_read_as_people_say_them() {
        assert_eq!(human_size(900), "900 B");
        assert_eq!(human_size(12_500), "12.5 kB");
        assert_eq!(human_size(3_100_000), "3.1 MB");
    }
}
