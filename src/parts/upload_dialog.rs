//! The upload dialog (a part, fetched the first time files are attached, dropped or pasted):
//! each file with a preview and an optional description, checked against the server's limits
//! before a byte is sent, then sent with its own progress bar and a way to cancel it. Each file
//! that is stored becomes a message of its own (`rooms.media`, then `rooms.mediaConfirm`).

use std::rc::Rc;

use confab_protocol::rest::{UploadLimits, UploadRefusal};
use wasm_bindgen_futures::spawn_local;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::room::attachments::human_size;
use crate::parts::icons::{self, outline};
use confab_core::components::use_client;
use confab_core::i18n::{Texts, use_texts};
use confab_core::icons::{Icon, icon};
use confab_core::services::uploads::{Upload, UploadEvent};
use confab_core::ui::{Button, Dialog, Variant};

#[derive(Properties, Clone, PartialEq)]
pub struct UploadDialogProps {
    pub rid: AttrValue,
    /// Sent into this thread.
    pub tmid: Option<AttrValue>,
    pub files: Rc<Vec<web_sys::File>>,
    pub on_close: Callback<()>,
}

/// Where one file stands.
#[derive(Clone, PartialEq)]
enum Step {
    /// The limits are being read.
    Checking,
    Ready,
    /// The server would refuse it: why, said.
    Refused(String),
    Sending {
        sent: f64,
        total: f64,
        upload: Upload,
    },
    /// Stored, its message waiting for those of the files before it: messages go out in the
    /// order the files were given, whichever upload ends first.
    Stored(String),
    /// Stored; its message is being posted.
    Posting,
    Sent,
    Failed(String),
    Cancelled,
}

#[derive(Clone, PartialEq)]
struct Item {
    /// Its place in the files given, kept when others are removed.
    id: usize,
    file: web_sys::File,
    description: String,
    step: Step,
}

enum Change {
    Limits(Result<UploadLimits, String>),
    Describe(usize, String),
    Remove(usize),
    Step(usize, Step),
    Progress(usize, f64, f64),
}

#[derive(Clone, PartialEq)]
struct Items {
    items: Vec<Item>,
    texts: Rc<Texts>,
}

impl Items {
    fn item(&mut self, id: usize) -> Option<&mut Item> {
        self.items.iter_mut().find(|item| item.id == id)
    }
}

impl Reducible for Items {
    type Action = Change;

    fn reduce(self: Rc<Self>, change: Change) -> Rc<Self> {
        let mut next = (*self).clone();
        match change {
            Change::Limits(limits) => {
                for item in next.items.iter_mut().filter(|item| item.step == Step::Checking) {
                    item.step = match &limits {
                        Ok(limits) => match limits.check(&item.file.type_(), item.file.size() as u64) {
                            Ok(()) => Step::Ready,
                            Err(refusal) => Step::Refused(refused(&self.texts, &item.file.name(), refusal)),
                        },
                        // Without the limits the server still decides: the file may go.
                        Err(_) => Step::Ready,
                    };
                }
            }
            Change::Describe(id, text) => {
                if let Some(item) = next.item(id) {
                    item.description = text;
                }
            }
            Change::Remove(id) => next.items.retain(|item| item.id != id),
            Change::Step(id, step) => {
                if let Some(item) = next.item(id).filter(|item| item.step != Step::Cancelled) {
                    item.step = step;
                }
            }
            Change::Progress(id, sent, total) => {
                if let Some(Item { step: Step::Sending { sent: s, total: t, .. }, .. }) = next.item(id) {
                    (*s, *t) = (sent, total);
                }
            }
        }
        Rc::new(next)
    }
}

fn refused(texts: &Texts, name: &str, refusal: UploadRefusal) -> String {
    match refusal {
        UploadRefusal::Disabled => texts.get("files.disabled").to_string(),
        UploadRefusal::TooLarge { max } => texts.fill("files.tooLarge", &[("name", name), ("max", &human_size(max))]),
        UploadRefusal::TypeNotAccepted => texts.fill("files.notAccepted", &[("name", name)]),
    }
}

/// The dialog's view.
pub fn view(props: UploadDialogProps) -> Html {
    confab_core::i18n::catalog::add_part_strings(include_str!(concat!(env!("OUT_DIR"), "/parts/upload_dialog.json")));
    html! { <UploadDialog ..props /> }
}

#[function_component(UploadDialog)]
fn upload_dialog(props: &UploadDialogProps) -> Html {
    let client = use_client();
    let texts = use_texts();
    let items = use_reducer({
        let (files, texts) = (props.files.clone(), texts.clone());
        move || Items {
            items: files
                .iter()
                .enumerate()
                .map(|(id, file)| Item { id, file: file.clone(), description: String::new(), step: Step::Checking })
                .collect(),
            texts,
        }
    });
    {
        let (items, rest) = (items.dispatcher(), client.rest());
        use_effect_with((), move |()| {
            spawn_local(async move {
                items.dispatch(Change::Limits(rest.upload_limits().await.map_err(|e| e.to_string())));
            });
        });
    }
    let sending = items.items.iter().any(|i| matches!(i.step, Step::Sending { .. } | Step::Stored(_) | Step::Posting));
    let finished =
        !items.items.is_empty() && items.items.iter().all(|i| matches!(i.step, Step::Sent | Step::Cancelled));
    {
        // Every file went: the dialog has done its work.
        let on_close = props.on_close.clone();
        use_effect_with(finished, move |finished| {
            if *finished {
                on_close.emit(());
            }
        });
    }
    {
        // The first file still on its way, once stored, is posted; the next waits for it.
        let next =
            items.items.iter().find(|i| matches!(i.step, Step::Sending { .. } | Step::Stored(_) | Step::Posting));
        let to_post = next.and_then(|item| match &item.step {
            Step::Stored(file_id) => Some((item.id, file_id.clone(), item.description.trim().to_owned())),
            _ => None,
        });
        let (dispatcher, rest, room, tmid) =
            (items.dispatcher(), client.rest(), props.rid.to_string(), props.tmid.as_ref().map(|t| t.to_string()));
        use_effect_with(to_post, move |to_post| {
            if let Some((at, file_id, description)) = to_post.clone() {
                dispatcher.dispatch(Change::Step(at, Step::Posting));
                spawn_local(async move {
                    let description = Some(description).filter(|d| !d.is_empty());
                    let step = match rest.confirm_upload(&room, &file_id, description, tmid).await {
                        Ok(_) => Step::Sent,
                        Err(error) => Step::Failed(error.to_string()),
                    };
                    dispatcher.dispatch(Change::Step(at, step));
                });
            }
        });
    }
    let send = {
        let (items, client, rid) = (items.clone(), client.clone(), props.rid.clone());
        Callback::from(move |_: MouseEvent| {
            for item in &items.items {
                if !matches!(item.step, Step::Ready | Step::Failed(_)) {
                    continue;
                }
                let at = item.id;
                let dispatcher = items.dispatcher();
                let on_event = Callback::from(move |event| match event {
                    UploadEvent::Progress { sent, total } => dispatcher.dispatch(Change::Progress(at, sent, total)),
                    UploadEvent::Failed(error) => {
                        dispatcher.dispatch(Change::Step(at, Step::Failed(error.to_string())))
                    }
                    UploadEvent::Stored(file_id) => dispatcher.dispatch(Change::Step(at, Step::Stored(file_id))),
                });
                let upload = Upload::start(client.rest(), &rid, item.file.clone(), on_event);
                let total = item.file.size();
                items.dispatch(Change::Step(at, Step::Sending { sent: 0.0, total, upload }));
            }
        })
    };
    // Closing stops what is being sent: the server keeps nothing of it.
    let cancel_all = {
        let (items, on_close) = (items.clone(), props.on_close.clone());
        move || {
            for item in &items.items {
                if let Step::Sending { upload, .. } = &item.step {
                    upload.cancel();
                }
            }
            on_close.emit(());
        }
    };
    let close = {
        let cancel_all = cancel_all.clone();
        Callback::from(move |_: MouseEvent| cancel_all())
    };
    let on_close = Callback::from(move |()| cancel_all());
    let ready = items.items.iter().any(|i| matches!(i.step, Step::Ready | Step::Failed(_)));
    html! {
        <Dialog class="upload-dialog" label={texts.get("files.dialogTitle")} heading=true {on_close}>
                <ul class="upload-list">
                    { for items.items.iter().map(|item| html! {
                        <UploadRow key={item.id} item={item.clone()} dispatch={items.dispatcher()} />
                    }) }
                </ul>
                <div class="dialog-actions">
                    <Button class="upload-cancel" onclick={close}>{ texts.get("files.cancel") }</Button>
                    <Button variant={Variant::Primary} class="upload-send" disabled={!ready || sending} onclick={send}>
                        { texts.get("files.send") }
                    </Button>
                </div>
        </Dialog>
    }
}

#[derive(Properties, PartialEq)]
struct RowProps {
    item: Item,
    dispatch: UseReducerDispatcher<Items>,
}

#[function_component(UploadRow)]
fn upload_row(props: &RowProps) -> Html {
    let texts = use_texts();
    let item = &props.item;
    let name = item.file.name();
    let image = item.file.type_().starts_with("image/");
    // A picture shows as itself, from the file on this computer.
    let preview = use_memo((), {
        let file = item.file.clone();
        move |()| image.then(|| web_sys::Url::create_object_url_with_blob(&file).ok()).flatten()
    });
    {
        let preview = preview.clone();
        use_effect_with((), move |()| {
            move || {
                if let Some(address) = preview.as_ref() {
                    let _ = web_sys::Url::revoke_object_url(address);
                }
            }
        });
    }
    let at = item.id;
    let describe = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |event: InputEvent| {
            let field: HtmlInputElement = event.target_unchecked_into();
            dispatch.dispatch(Change::Describe(at, field.value()));
        })
    };
    let remove = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.dispatch(Change::Remove(at)))
    };
    let cancel = {
        let (dispatch, step) = (props.dispatch.clone(), item.step.clone());
        Callback::from(move |_: MouseEvent| {
            if let Step::Sending { upload, .. } = &step {
                upload.cancel();
            }
            dispatch.dispatch(Change::Step(at, Step::Cancelled));
        })
    };
    let status = match &item.step {
        Step::Checking | Step::Ready | Step::Cancelled => html! {},
        Step::Refused(why) | Step::Failed(why) => html! { <p class="upload-error" role="alert">{ why.clone() }</p> },
        Step::Sending { sent, total, .. } => html! {
            <progress class="upload-progress" max={total.max(1.0).to_string()} value={sent.to_string()}
                      aria-label={texts.fill("files.sending", &[("name", &name)])} />
        },
        Step::Stored(_) | Step::Posting | Step::Sent => {
            html! { <progress class="upload-progress" max="1" value="1" /> }
        }
    };
    let editable = matches!(item.step, Step::Checking | Step::Ready | Step::Failed(_));
    html! {
        <li class="upload-item" data-step={step_name(&item.step)}>
            if let Some(src) = (*preview).clone() {
                <img class="upload-preview" {src} alt="" />
            } else {
                <span class="upload-preview file-icon">{ outline(icons::FILE) }</span>
            }
            <div class="upload-text">
                <span class="file-name">{ name.clone() }</span>
                <span class="file-details">{ human_size(item.file.size() as u64) }</span>
                <input type="text" class="upload-description" aria-label={texts.fill("files.description", &[("name", &name)])}
                       placeholder={texts.get("files.descriptionPlaceholder")} value={item.description.clone()}
                       disabled={!editable} oninput={describe} />
                { status }
            </div>
            if matches!(item.step, Step::Sending { .. }) {
                <button type="button" class="upload-stop" aria-label={texts.fill("files.stop", &[("name", &name)])}
                        title={texts.fill("files.stop", &[("name", &name)])} onclick={cancel}>{ icon(Icon::Close) }</button>
            } else if editable || matches!(item.step, Step::Refused(_)) {
                <button type="button" class="upload-remove" aria-label={texts.fill("files.remove", &[("name", &name)])}
                        title={texts.fill("files.remove", &[("name", &name)])} onclick={remove}>{ outline(icons::TRASH) }</button>
            }
        </li>
    }
}

fn step_name(step: &Step) -> &'static str {
    match step {
        Step::Checking => "checking",
        Step::Ready => "ready",
        Step::Refused(_) => "refused",
        Step::Sending { .. } => "sending",
        Step::Stored(_) | Step::Posting => "posting",
        Step::Sent => "sent",
        Step::Failed(_) => "failed",
        Step::Cancelled => "cancelled",
    }
}
