//! The support team's section of the sidebar (a part: only the team fetches it): the
//! conversations waiting for someone, with a button to take each; those the reader serves; and
//! those they closed. Taking a conversation opens it.
//!
//! The lists are read from the server when the section shows, after each action, whenever the
//! reader's own rooms change (a conversation handed to them, a message in one), and when the
//! queue's stream says it changed: at most once per [`SETTLE_MS`], however busy the queue.

pub mod queue_news;

use std::cell::Cell;
use std::rc::Rc;

use serde_json::Value;
use yew::prelude::*;

use confab_core::components::avatar::avatar;
use confab_core::components::{use_chat_state, use_client};
use confab_core::i18n::use_texts;
use confab_core::ui::{Button, Variant};
use confab_protocol::RoomType;

/// How long the queue's news is gathered before the lists are read again.
const SETTLE_MS: u32 = 500;

/// The section's view.
pub fn section((): ()) -> Html {
    confab_core::i18n::catalog::add_part_strings(include_str!(concat!(env!("OUT_DIR"), "/parts/support.json")));
    html! { <>{ crate::parts::ui_stylesheet() }<style>{ include_str!(concat!(env!("OUT_DIR"), "/support.css")) }</style><SupportSection /></> }
}

/// Which list shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(usize)]
enum Tab {
    Waiting,
    Mine,
    Closed,
}

/// The three lists, as last read.
#[derive(Clone, Debug, Default, PartialEq)]
struct Lists {
    waiting: Rc<Vec<Value>>,
    mine: Rc<Vec<Value>>,
    closed: Rc<Vec<Value>>,
}

fn text<'a>(value: &'a Value, key: &str) -> &'a str {
    value.get(key).and_then(Value::as_str).unwrap_or_default()
}

#[function_component(SupportSection)]
fn support_section() -> Html {
    let client = use_client();
    let state = use_chat_state();
    let texts = use_texts();
    let tab = use_state(|| Tab::Waiting);
    let lists = use_state(Lists::default);
    let failed = use_state(|| false);
    // A conversation taken, opened once its subscription has arrived.
    let opening = use_state(|| None::<String>);
    let reload = {
        let (client, lists, failed) = (client.clone(), lists.clone(), failed.clone());
        Callback::from(move |()| {
            let (rest, lists, failed) = (client.rest(), lists.clone(), failed.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let read = async {
                    Ok::<_, confab_core::services::rest::error::ApiError>((
                        rest.waiting().await?,
                        rest.served(true).await?,
                        rest.served(false).await?,
                    ))
                };
                match read.await {
                    Ok((waiting, mine, closed)) => {
                        failed.set(false);
                        lists.set(Lists { waiting: Rc::new(waiting), mine: Rc::new(mine), closed: Rc::new(closed) });
                    }
                    Err(_) => failed.set(true),
                }
            });
        })
    };
    // The reader's support rooms as the list knows them: when one changes, the lists are read again.
    let changes: Vec<(String, i64)> = state
        .rooms
        .entries
        .iter()
        .filter(|r| r.subscription.t == RoomType::Livechat)
        .map(|r| (r.subscription.rid.clone(), r.room.as_ref().map_or(0, |room| room.updated_at.millis())))
        .collect();
    {
        let reload = reload.clone();
        use_effect_with(changes, move |_| reload.emit(()));
    }
    {
        let (client, reload) = (client.clone(), reload.clone());
        use_effect_with((), move |_| {
            client.follow_support_queue();
            // News that comes while a reading is due joins it.
            let due = Rc::new(Cell::new(false));
            queue_news::listen(Some(Callback::from(move |()| {
                if due.replace(true) {
                    return;
                }
                let (due, reload) = (due.clone(), reload.clone());
                gloo_timers::callback::Timeout::new(SETTLE_MS, move || {
                    due.set(false);
                    reload.emit(());
                })
                .forget();
            })));
            || queue_news::listen(None)
        });
    }
    {
        let (client, opening) = (client.clone(), opening.clone());
        let arrived = opening.as_ref().and_then(|rid| state.room(rid)).cloned();
        use_effect_with(arrived, move |arrived| {
            if let Some(entry) = arrived {
                client.open_room(entry);
                opening.set(None);
            }
        });
    }
    // A conversation taken is the reader's: it opens, and the list of theirs shows.
    let take = {
        let (client, reload, opening, tab) = (client.clone(), reload.clone(), opening.clone(), tab.clone());
        move |rid: String| {
            let (rest, reload, opening, tab) = (client.rest(), reload.clone(), opening.clone(), tab.clone());
            Callback::from(move |_: MouseEvent| {
                let (rest, reload, opening, tab, rid) =
                    (rest.clone(), reload.clone(), opening.clone(), tab.clone(), rid.clone());
                wasm_bindgen_futures::spawn_local(async move {
                    if rest.take(&rid).await.is_ok() {
                        opening.set(Some(rid));
                        tab.set(Tab::Mine);
                    }
                    reload.emit(());
                });
            })
        }
    };
    let open = {
        let client = client.clone();
        let state = state.clone();
        move |rid: &str| {
            let entry = state.room(rid).cloned();
            let client = client.clone();
            Callback::from(move |_: MouseEvent| {
                if let Some(entry) = &entry {
                    client.open_room(entry);
                }
            })
        }
    };
    let tab_refs = [use_node_ref(), use_node_ref(), use_node_ref()];
    let tab_button = |which: Tab, key: &'static str, count: usize| {
        let selected = *tab == which;
        // Choosing a tab reads its list again.
        let onclick = {
            let (tab, reload) = (tab.clone(), reload.clone());
            Callback::from(move |_: MouseEvent| {
                tab.set(which);
                reload.emit(());
            })
        };
        html! {
            <button type="button" role="tab" ref={tab_refs[which as usize].clone()} class={classes!("support-tab", selected.then_some("selected"))}
                    aria-selected={if selected { "true" } else { "false" }} tabindex={if selected { "0" } else { "-1" }} {onclick}>
                { texts.get(key) }
                if count > 0 { <span class="support-count">{ count.to_string() }</span> }
            </button>
        }
    };
    // Left and right move between the tabs and choose the one reached, as a tab list does.
    let on_tab_key = {
        let (tab, tab_refs) = (tab.clone(), tab_refs.clone());
        Callback::from(move |event: KeyboardEvent| {
            let step = match event.key().as_str() {
                "ArrowRight" => 1,
                "ArrowLeft" => 2,
                _ => return,
            };
            event.prevent_default();
            let next = [Tab::Waiting, Tab::Mine, Tab::Closed][(*tab as usize + step) % 3];
            tab.set(next);
            if let Some(button) = tab_refs[next as usize].cast::<web_sys::HtmlElement>() {
                let _ = button.focus();
            }
        })
    };
    let visitor_name = |value: &Value| {
        let name = text(value, "fname");
        let name = if name.is_empty() { text(value, "name") } else { name };
        let name = if name.is_empty() { value.get("v").map(|v| text(v, "username")).unwrap_or_default() } else { name };
        name.to_owned()
    };
    let body = match *tab {
        Tab::Waiting if lists.waiting.is_empty() => {
            html! { <p class="support-empty">{ texts.get("newRoom.supportNoneWaiting") }</p> }
        }
        Tab::Waiting => html! {
            <ul class="support-list">
                { for lists.waiting.iter().map(|inquiry| {
                    let rid = text(inquiry, "rid").to_owned();
                    let name = visitor_name(inquiry);
                    html! {
                        <li key={rid.clone()} class="support-waiting" data-room-id={rid.clone()}>
                            { avatar(&name, None) }
                            <span class="room-text">
                                <span class="room-name">{ name.clone() }</span>
                                <span class="room-preview">{ text(inquiry, "message").to_owned() }</span>
                            </span>
                            <Button variant={Variant::Primary} class="support-take" onclick={take(rid.clone())}>
                                { texts.get("newRoom.supportTake") }<span class="visually-hidden">{ format!(": {name}") }</span>
                            </Button>
                        </li>
                    }
                }) }
            </ul>
        },
        Tab::Mine | Tab::Closed => {
            let rooms = if *tab == Tab::Mine { &lists.mine } else { &lists.closed };
            let empty = if *tab == Tab::Mine { "newRoom.supportNoneMine" } else { "newRoom.supportNoneClosed" };
            if rooms.is_empty() {
                html! { <p class="support-empty">{ texts.get(empty) }</p> }
            } else {
                html! {
                    <ul class="support-list">
                        { for rooms.iter().map(|room| {
                            let rid = text(room, "_id").to_owned();
                            let name = visitor_name(room);
                            let entry = state.room(&rid);
                            let unread = entry.map_or(0, |e| e.subscription.unread);
                            let selected = state.open_room.as_deref() == Some(rid.as_str());
                            let preview = room.get("lastMessage").map(|m| text(m, "msg").to_owned()).unwrap_or_default();
                            html! {
                                <li key={rid.clone()}>
                                    <button type="button" class={classes!("room-entry", selected.then_some("selected"), (unread > 0).then_some("unread"))}
                                            data-room-id={rid.clone()} aria-current={selected.then_some("page")} onclick={open(&rid)}>
                                        { avatar(&name, None) }
                                        <span class="room-text">
                                            <span class="room-name">{ name }</span>
                                            <span class="room-preview">{ preview }</span>
                                        </span>
                                        if unread > 0 && !selected {
                                            <span class="room-meta"><span class="unread-badge" aria-label={texts.count("rooms.unread", u64::from(unread), &[])}>{ unread.to_string() }</span></span>
                                        }
                                    </button>
                                </li>
                            }
                        }) }
                    </ul>
                }
            }
        }
    };
    html! {
        <section class="support-section" aria-labelledby="confab-support-heading">
            <h2 id="confab-support-heading">{ texts.get("newRoom.support") }</h2>
            <div class="support-tabs" role="tablist" aria-label={texts.get("newRoom.support")} onkeydown={on_tab_key}>
                { tab_button(Tab::Waiting, "newRoom.supportWaiting", lists.waiting.len()) }
                { tab_button(Tab::Mine, "newRoom.supportMine", lists.mine.len()) }
                { tab_button(Tab::Closed, "newRoom.supportClosed", 0) }
            </div>
            <div role="tabpanel" class="support-panel" aria-live="polite">
                if *failed { <p class="support-empty error" role="alert">{ texts.get("newRoom.supportFailed") }</p> }
                { body }
            </div>
        </section>
    }
}
