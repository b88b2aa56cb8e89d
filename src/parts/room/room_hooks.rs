//! What an open room keeps track of beside its messages, one hook each: the message quoted, the
//! host's actions offered, paging through history, files picked or dropped, the images its
//! viewer steps through, the newest message read out to screen readers, and the message a
//! permalink asked for.

use std::rc::Rc;

use confab_protocol::attachment::Attachment;
use yew::prelude::*;

use confab_protocol::permission::names::PIN_MESSAGE;
use confab_protocol::{Message, Timestamp};

use super::attachments;
use super::composer_tools::files_of;
use super::host_actions::RoomActions;
use super::message_actions::{self, MessageAction};
use confab_core::components::{use_client, use_client_handler};
use confab_core::i18n::use_texts;
use confab_core::services::chat::ChatClient;
use confab_core::state::{ChatState, Delivery, Entry};

/// The message being quoted in the composer (chosen with a message's Quote action, and
/// belonging to the room it was chosen in), the message actions' handler, and the callback that
/// stops quoting.
#[hook]
pub fn use_quoting(rid: AttrValue) -> (Option<Message>, Callback<MessageAction>, Callback<()>) {
    let quoting = use_state(|| None::<Message>);
    let on_action = use_client_handler(quoting.setter(), |client, quote| {
        let quote = quote.clone();
        message_actions::perform(client, false, Callback::from(move |message| quote.set(Some(message))))
    });
    let on_unquote = {
        let quoting = quoting.setter();
        Callback::from(move |()| quoting.set(None))
    };
    {
        let quoting = quoting.setter();
        use_effect_with(rid, move |_| quoting.set(None));
    }
    ((*quoting).clone(), on_action, on_unquote)
}

/// The host's actions the user may use in room `rid`, and whether they may pin: worked out again
/// when their rights or roles change.
#[hook]
pub fn use_room_actions(state: &ChatState, rid: &str) -> Rc<RoomActions> {
    let client = use_client();
    let declared = use_memo((), |()| client.host_actions());
    let entry = state.room(rid);
    let roles = entry.map(|r| r.subscription.roles.clone()).unwrap_or_default();
    let name = entry.map(|r| AttrValue::from(r.subscription.name.clone())).unwrap_or_default();
    let t = entry.map(|r| r.subscription.t);
    use_memo((state.rights.clone(), roles, name, t), |(rights, roles, name, t)| {
        let rights = rights.as_ref().map(|held| &*held.0);
        let actions = RoomActions::offered(&declared, |action| client.may_use(action, rights, roles), name.clone(), *t);
        RoomActions { may_pin: client.holds(rights, roles, PIN_MESSAGE), ..actions }
    })
}

/// Paging through room `rid`'s history: older messages before a time, newer ones after a time,
/// and back to the newest.
#[hook]
pub fn use_paging(rid: AttrValue) -> (Callback<Timestamp>, Callback<Timestamp>, Callback<()>) {
    let older = use_client_handler(rid.clone(), |client, rid| {
        let rid = rid.clone();
        Callback::from(move |oldest| client.load_older(&rid, oldest))
    });
    let newer = use_client_handler(rid.clone(), |client, rid| {
        let rid = rid.clone();
        Callback::from(move |newest| client.load_newer(&rid, newest))
    });
    let latest = use_client_handler(rid, |client, rid| {
        let rid = rid.clone();
        Callback::from(move |()| client.back_to_latest(&rid))
    });
    (older, newer, latest)
}

type Files = Vec<web_sys::File>;

/// Files attached, dropped or pasted, which the upload dialog shows; the callback that picks
/// them, and the one that closes the dialog.
#[hook]
pub fn use_upload() -> (Option<Rc<Files>>, Callback<Files>, Callback<()>) {
    let picked = use_state(|| None::<Rc<Vec<web_sys::File>>>);
    let on_files = (*use_memo((), {
        let picked = picked.setter();
        move |()| {
            Callback::from(move |files: Vec<web_sys::File>| picked.set((!files.is_empty()).then(|| Rc::new(files))))
        }
    }))
    .clone();
    let close = {
        let picked = picked.setter();
        Callback::from(move |()| picked.set(None))
    };
    ((*picked).clone(), on_files, close)
}

/// Files dragged over the room: whether they are over it now, and the drag handlers, which hand
/// dropped files to `on_files`.
pub struct Dropping {
    pub over: bool,
    pub ondragover: Callback<DragEvent>,
    pub ondragleave: Callback<DragEvent>,
    pub ondrop: Callback<DragEvent>,
}

#[hook]
pub fn use_dropping(on_files: Callback<Vec<web_sys::File>>) -> Dropping {
    let dropping = use_state(|| false);
    let ondragover = {
        let dropping = dropping.clone();
        Callback::from(move |event: DragEvent| {
            if carries_files(&event) {
                event.prevent_default();
                dropping.set(true);
            }
        })
    };
    let ondragleave = {
        let dropping = dropping.clone();
        Callback::from(move |event: DragEvent| {
            // Leaving for a child of the room is not leaving the room.
            if confab_core::components::focus::leaves(event.current_target(), event.related_target()) {
                dropping.set(false);
            }
        })
    };
    let ondrop = {
        let dropping = dropping.clone();
        Callback::from(move |event: DragEvent| {
            dropping.set(false);
            let files = event.data_transfer().and_then(|d| d.files()).map(files_of).unwrap_or_default();
            if !files.is_empty() {
                event.prevent_default();
                on_files.emit(files);
            }
        })
    };
    Dropping { over: *dropping, ondragover, ondragleave, ondrop }
}

/// Whether a drag brings files (rather than text or a link).
fn carries_files(event: &DragEvent) -> bool {
    event.data_transfer().is_some_and(|data| data.types().includes(&"Files".into(), 0))
}

/// The image viewer's state: the room's images and the one open, as they were when it opened;
/// the callback that opens it on an image's link, and the one that closes it.
pub type Viewing = Option<(Rc<Vec<Attachment>>, usize)>;

#[hook]
pub fn use_image_viewer(entries: Rc<Vec<Rc<Entry>>>) -> (Viewing, Callback<AttrValue>, Callback<()>) {
    let latest = use_mut_ref(Rc::default);
    *latest.borrow_mut() = entries;
    let viewing = use_state(|| None);
    let on_view = (*use_memo((), {
        let (latest, viewing) = (latest.clone(), viewing.setter());
        move |()| {
            Callback::from(move |link: AttrValue| {
                let entries: Rc<Vec<Rc<Entry>>> = latest.borrow().clone();
                let images = attachments::images(entries.iter().cloned());
                let at = images.iter().position(|a| a.title_link.as_deref() == Some(link.as_str())).unwrap_or(0);
                viewing.set(Some((Rc::new(images), at)));
            })
        }
    }))
    .clone();
    let close = {
        let viewing = viewing.setter();
        Callback::from(move |()| viewing.set(None))
    };
    ((*viewing).clone(), on_view, close)
}

/// What the room's live region (`region`) reads out: the newest message, once it is someone
/// else's and stored; not the history shown on opening the room. Each such message is also told
/// to the page, once, as a `confab:new-message` event (its detail the room's id) from the region,
/// bubbling out of the app: the launcher counts them on its bubble while its panel is closed.
#[hook]
pub fn use_announcement(rid: AttrValue, entries: Rc<Vec<Rc<Entry>>>, me: AttrValue, region: NodeRef) -> String {
    let texts = use_texts();
    let announcement = use_state(String::new);
    let newest = entries.last().filter(|e| e.delivery == Delivery::Sent).cloned();
    let opened = use_mut_ref(|| None::<AttrValue>);
    let told = use_mut_ref(|| None::<String>);
    {
        let announcement = announcement.clone();
        // A streamed answer is announced twice: when it starts, and whole when it ends.
        let key = newest.as_ref().map(|e| (e.message.id.clone(), e.message.stream));
        use_effect_with((rid, key), move |(rid, _)| {
            let first_look = opened.borrow().as_ref() != Some(rid);
            *opened.borrow_mut() = Some(rid.clone());
            if let Some(entry) = newest.filter(|e| !first_look && e.message.u.username != me.as_str()) {
                let message = &entry.message;
                if told.replace(Some(message.id.clone())).as_ref() != Some(&message.id) {
                    tell_page(&region, rid);
                }
                let author = message.alias.as_deref().unwrap_or_else(|| message.u.display_name());
                announcement.set(if super::streamed_answer::writing(message) {
                    texts.fill("message.answerWriting", &[("author", author)])
                } else {
                    texts.fill("message.announce", &[("author", author), ("text", &message.plain_text())])
                });
            }
        });
    }
    (*announcement).clone()
}

/// Dispatches `confab:new-message` from `region`, out of the app's shadow root if it has one.
fn tell_page(region: &NodeRef, rid: &str) {
    let Some(region) = region.cast::<web_sys::Element>() else { return };
    let init = web_sys::CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    init.set_detail(&rid.into());
    if let Ok(event) = web_sys::CustomEvent::new_with_event_init_dict("confab:new-message", &init) {
        let _ = region.dispatch_event(&event);
    }
}

/// Shows the message the start options asked for, in the room they open; and a message asked
/// for since (a permalink's, `target` with whether it is still to be shown), loaded with those
/// around it unless it is among the loaded ones already.
#[hook]
pub fn use_message_target(
    client: Rc<ChatClient>,
    rid: AttrValue,
    target: Option<(String, bool)>,
    entries: Rc<Vec<Rc<Entry>>>,
) {
    {
        let client = client.clone();
        use_effect_with(rid.clone(), move |rid| {
            if let Some(id) = client.take_wanted_message() {
                client.show_message(rid, &id, false);
            }
        });
    }
    use_effect_with(target, move |target| {
        if let Some((id, true)) = target {
            client.show_message(&rid, id, entries.iter().any(|e| &e.message.id == id));
        }
    });
}

/// The room is read while it is open, scrolled to its end and the page is visible: marked read
/// when it has `unread` messages and `count` changes. The callback says whether the reader is at
/// the end.
#[hook]
pub fn use_reading(rid: AttrValue, unread: bool, count: usize) -> Callback<bool> {
    let client = use_client();
    let at_bottom = use_mut_ref(|| true);
    let on_at_bottom = (*use_memo((), {
        let at_bottom = at_bottom.clone();
        move |_| Callback::from(move |bottom| *at_bottom.borrow_mut() = bottom)
    }))
    .clone();
    use_effect_with((unread, count), move |(unread, _)| {
        let visible = web_sys::window().and_then(|w| w.document()).is_some_and(|d| !d.hidden());
        if *unread && *at_bottom.borrow() && visible {
            client.mark_read(&rid);
        }
    });
    on_at_bottom
}
