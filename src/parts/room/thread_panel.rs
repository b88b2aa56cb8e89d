//! A thread beside the room: its first message, the replies as they come, and a composer that
//! answers in the thread, which takes the focus when the thread opens (Escape closes it).

use std::rc::Rc;

use yew::prelude::*;

use super::composer::Composer;
use super::message_actions;
use super::message_item::MessageItem;
use confab_core::components::avatar::Pictures;
use confab_core::components::{use_chat_state, use_client, use_client_handler};
use confab_core::i18n::use_texts;
use confab_core::state::Load;
use confab_core::ui::SidePanel;

#[function_component(ThreadPanel)]
pub fn thread_panel() -> Html {
    let state = use_chat_state();
    let client = use_client();
    let texts = use_texts();
    let quoting = use_state(|| None::<confab_protocol::Message>);
    let on_action = use_client_handler(quoting.setter(), |client, quote| {
        let quote = quote.clone();
        message_actions::perform(client, true, Callback::from(move |message| quote.set(Some(message))))
    });
    let on_unquote = {
        let quoting = quoting.setter();
        Callback::from(move |()| quoting.set(None))
    };
    let pictures = use_memo((state.avatars.clone(), state.presence.clone()), |_| client.pictures(&state));
    let on_retry = use_client_handler((), |client, _| Callback::from(move |message| client.retry(&message)));
    let Some(thread) = state.thread.clone() else { return html! {} };
    let me = AttrValue::from(client.me().username.clone());
    let parent =
        state.timeline(&thread.rid).and_then(|t| t.entries.iter().find(|e| e.message.id == thread.parent)).cloned();
    let close = {
        let client = client.clone();
        Callback::from(move |()| client.close_thread())
    };
    let replies = &thread.replies;
    let room_roles = state.room(&thread.rid).map(|r| r.subscription.roles.as_slice()).unwrap_or_default();
    let rights = state.rights.as_ref().map(|held| &*held.0);
    let silenced = state
        .room(&thread.rid)
        .and_then(|r| r.room.as_ref())
        .is_some_and(|room| client.post_refusal(rights, room_roles, room).is_some());
    let may = |message: &confab_protocol::Message| client.may_change(rights, room_roles, silenced, message);
    html! {
        <ContextProvider<Rc<Pictures>> context={pictures}>
        // Keyed by the thread: another thread opened takes the focus as the first did.
        <SidePanel key={thread.parent.clone()} class="thread-panel" title={texts.get("thread.label")}
                   close_label={texts.get("thread.close")} close_class="close-thread" on_close={close} top_heading=true>
            <ol class="messages thread-messages">
                if let Some(parent) = parent {
                    <MessageItem key={parent.message.id.clone()} entry={parent.clone()} me={me.clone()} on_retry={on_retry.clone()}
                                 may={may(&parent.message)} on_action={on_action.clone()} />
                    <li class="day-separator"><span>{ texts.get("thread.replies") }</span></li>
                }
                { for replies.entries.iter().map(|entry| html! {
                    <MessageItem key={entry.message.id.clone()} entry={entry.clone()} me={me.clone()} on_retry={on_retry.clone()}
                                 may={may(&entry.message)} on_action={on_action.clone()} />
                }) }
            </ol>
            if replies.status == Load::Loading && replies.entries.is_empty() {
                <p class="timeline-status" role="status">{ texts.get("thread.loading") }</p>
            }
            <Composer rid={AttrValue::from(thread.rid.clone())} thread={Some(AttrValue::from(thread.parent.clone()))}
                      quoting={(*quoting).clone()} {on_unquote} />
        </SidePanel>
        </ContextProvider<Rc<Pictures>>>
    }
}
