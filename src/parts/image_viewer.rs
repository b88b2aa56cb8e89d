//! The image viewer (a part, fetched the first time an image is opened): the original picture
//! over the room, the arrow keys stepping through the room's images, Escape closing it, and a
//! download of the file as it was sent.

use std::rc::Rc;

use confab_protocol::attachment::Attachment;
use yew::prelude::*;

use super::room::attachments::download;
use super::room::stored_file::{Fetched, use_stored_file};
use crate::parts::icons::{self, outline};
use confab_core::components::use_client;
use confab_core::i18n::use_texts;
use confab_core::icons::{Icon, icon};
use confab_core::ui::use_layer;

#[derive(Properties, Clone, PartialEq)]
pub struct ImageViewerProps {
    /// The room's images, in order.
    pub images: Rc<Vec<Attachment>>,
    /// The one opened.
    pub start: usize,
    pub on_close: Callback<()>,
}

/// The viewer's view.
/// The viewer's view (its strings first: they came with it).
pub fn view(props: ImageViewerProps) -> Html {
    confab_core::i18n::catalog::add_part_strings(include_str!(concat!(env!("OUT_DIR"), "/parts/image_viewer.json")));
    html! { <ImageViewer ..props /> }
}

#[function_component(ImageViewer)]
fn image_viewer(props: &ImageViewerProps) -> Html {
    let client = use_client();
    let texts = use_texts();
    let shown = use_state(|| props.start.min(props.images.len().saturating_sub(1)));
    // The viewer takes the keyboard while it is open, and gives it back to the picture opened.
    let layer = use_layer(props.on_close.clone());
    let image = props.images.get(*shown).cloned().unwrap_or_default();
    let original = image.title_link.clone().map(AttrValue::from);
    let fetched = use_stored_file(original.clone(), true);
    let count = props.images.len();
    let step = {
        let shown = shown.clone();
        move |by: isize| {
            let next = (*shown as isize + by).clamp(0, count as isize - 1) as usize;
            shown.set(next);
        }
    };
    let onkeydown = {
        let (step, keys) = (step.clone(), layer.onkeydown.clone());
        Callback::from(move |event: KeyboardEvent| match event.key().as_str() {
            "ArrowLeft" => {
                event.prevent_default();
                step(-1);
            }
            "ArrowRight" => {
                event.prevent_default();
                step(1);
            }
            _ => keys.emit(event),
        })
    };
    let title = image.title.clone().unwrap_or_default();
    let save = {
        let (path, name) = (image.title_link.clone(), title.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some(path) = &path {
                download(&client, path.clone(), name.clone());
            }
        })
    };
    let previous = {
        let step = step.clone();
        Callback::from(move |_: MouseEvent| step(-1))
    };
    let next = Callback::from(move |_: MouseEvent| step(1));
    let close = props.on_close.reform(|_: MouseEvent| ());
    html! {
        <div class="dialog-backdrop viewer-backdrop">
            <div class="image-viewer" role="dialog" aria-modal="true" aria-label={texts.get("viewer.label")} tabindex="-1" data-autofocus="true"
                 ref={layer.node} {onkeydown}>
                <header class="viewer-header">
                    <span class="viewer-title">{ title.clone() }</span>
                    <span class="viewer-count">{ format!("{} / {count}", *shown + 1) }</span>
                    <button type="button" class="viewer-download" aria-label={texts.fill("files.download", &[("name", &title)])}
                            title={texts.fill("files.download", &[("name", &title)])} onclick={save}>{ outline(icons::DOWNLOAD) }</button>
                    <button type="button" class="viewer-close" aria-label={texts.get("viewer.close")} title={texts.get("viewer.close")}
                            onclick={close}>{ icon(Icon::Close) }</button>
                </header>
                <div class="viewer-stage">
                    <button type="button" class="viewer-previous" aria-label={texts.get("viewer.previous")} disabled={*shown == 0}
                            onclick={previous}>{ outline(icons::PREVIOUS) }</button>
                    { match fetched {
                        Fetched::Ready(src) => html! { <img class="viewer-image" {src} alt={title.clone()} /> },
                        Fetched::Loading => html! { <p class="viewer-status" role="status">{ texts.get("files.loading") }</p> },
                        Fetched::Failed => html! { <p class="viewer-status error" role="alert">{ texts.get("files.notLoaded") }</p> },
                    } }
                    <button type="button" class="viewer-next" aria-label={texts.get("viewer.next")} disabled={*shown + 1 >= count}
                            onclick={next}>{ outline(icons::NEXT) }</button>
                </div>
                if let Some(description) = &image.description {
                    <p class="viewer-description">{ description.clone() }</p>
                }
            </div>
        </div>
    }
}
