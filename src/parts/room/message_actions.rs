//! What can be done to a message, offered only where allowed: react (with the picker), edit and
//! delete (after a confirmation) for its author or an admin, and the host's own actions the
//! user may use. Plus the row of reactions under it,
//! each a toggle.
//!
//! The actions are shown only on the message under the pointer or holding the focus, so they
//! exist only there too ([`use_engagement`]): in every message they were about three elements
//! in four of a long timeline, built and laid out again at each move of its slice.

use std::rc::Rc;

use confab_protocol::config::actions::HostAction;
use confab_protocol::{Message, RoomType};
use yew::prelude::*;

use super::host_actions::{HostActionButton, RoomActions};
use crate::parts::icons::{self, outline};
use confab_core::state::rights::MayChange;

use super::stars::{PIN, STAR};
use crate::parts::{EMOJI_PICKER, EMOJI_TABLE, EmojiPickerProps, use_part};
use confab_core::components::focus::{use_focus_return, use_focus_when};
use confab_core::components::use_features;
use confab_core::i18n::use_texts;
use confab_core::icons::drawn;

/// Something the user asked to do to a message.
#[derive(Clone, Debug, PartialEq)]
pub enum MessageAction {
    React {
        message: Message,
        short_code: String,
    },
    Edit(Message),
    Delete(Message),
    /// Open the message's thread.
    Reply(Message),
    /// Quote the message in the composer.
    Quote(Message),
    /// Pin it to the room (`true`) or unpin it.
    Pin(Message, bool),
    /// Star it for oneself (`true`) or take the star back.
    Star(Message, bool),
    /// One of the host's own actions, on the message, in room `room_name` of type `t`.
    Host {
        action: Rc<HostAction>,
        message: Message,
        room_name: AttrValue,
        t: RoomType,
    },
}

/// Carries out the actions chosen on messages through `client`; a quote goes to `quote` (the
/// composer of the view). Inside a thread (`in_thread`) there is no thread to open, so Reply
/// does nothing.
pub fn perform(
    client: Rc<confab_core::services::chat::ChatClient>,
    in_thread: bool,
    quote: Callback<Message>,
) -> Callback<MessageAction> {
    Callback::from(move |action| match action {
        MessageAction::React { message, short_code } => client.react(&message, &short_code),
        MessageAction::Edit(message) => client.edit(Some(message)),
        MessageAction::Delete(message) => client.delete(&message),
        MessageAction::Reply(message) if !in_thread => client.open_thread(&message),
        MessageAction::Reply(_) => {}
        MessageAction::Quote(message) => quote.emit(message),
        MessageAction::Pin(message, pinned) => client.pin(&message, pinned),
        MessageAction::Star(message, starred) => client.star(&message, starred),
        MessageAction::Host { action, message, room_name, t } => {
            client.choose_host_action(&action, &message.rid, &room_name, t, Some(&message))
        }
    })
}

/// Whether a message is under the pointer or holds the focus, and the listeners its element
/// needs to know it.
pub struct Engagement {
    pub engaged: bool,
    pub onpointerenter: Callback<PointerEvent>,
    pub onpointerleave: Callback<PointerEvent>,
    pub onfocusin: Callback<FocusEvent>,
    pub onfocusout: Callback<FocusEvent>,
}

#[hook]
pub fn use_engagement() -> Engagement {
    let hovered = use_state_eq(|| false);
    let focused = use_state_eq(|| false);
    let onfocusout = {
        let focused = focused.clone();
        Callback::from(move |event: FocusEvent| {
            // Focus going nowhere (a focused picker or confirmation removed, the window left)
            // keeps the actions, so that the focus can come back to the button that opened them.
            let to = event.related_target();
            if to.is_some() && confab_core::components::focus::leaves(event.current_target(), to) {
                focused.set(false);
            }
        })
    };
    Engagement {
        engaged: *hovered || *focused,
        onpointerenter: setter(&hovered, true),
        onpointerleave: setter(&hovered, false),
        onfocusin: setter(&focused, true),
        onfocusout,
    }
}

/// A listener setting `state` to `to`, whatever the event.
fn setter<E>(state: &UseStateHandle<bool>, to: bool) -> Callback<E> {
    let state = state.clone();
    Callback::from(move |_| state.set(to))
}

#[derive(Properties, PartialEq)]
pub struct MessageActionsProps {
    pub message: Message,
    pub may: MayChange,
    pub on_action: Callback<MessageAction>,
}

#[function_component(MessageActions)]
pub fn message_actions(props: &MessageActionsProps) -> Html {
    let texts = use_texts();
    let features = use_features();
    let tabindex = super::timeline_keys::use_control_tabindex();
    let room_actions = use_context::<RoomActions>().unwrap_or_default();
    let picking = use_state(|| false);
    let confirming = use_state(|| false);
    let cancel_button = use_node_ref();
    let delete_button = use_node_ref();
    let react_button = use_node_ref();
    // The confirmation and the picker take the focus; closing them gives it back to the button
    // that opened them.
    use_focus_when(*confirming, cancel_button.clone());
    use_focus_return(*confirming, delete_button.clone());
    use_focus_return(*picking, react_button.clone());
    let message = props.message.clone();
    let open_picker = {
        let picking = picking.clone();
        Callback::from(move |_: MouseEvent| picking.set(!*picking))
    };
    let on_pick = {
        let (picking, on_action, message) = (picking.clone(), props.on_action.clone(), message.clone());
        Callback::from(move |short_code: String| {
            picking.set(false);
            on_action.emit(MessageAction::React { message: message.clone(), short_code });
        })
    };
    let close_picker = {
        let picking = picking.clone();
        Callback::from(move |_| picking.set(false))
    };
    let reply = props.on_action.reform({
        let message = message.clone();
        move |_: MouseEvent| MessageAction::Reply(message.clone())
    });
    let edit = props.on_action.reform({
        let message = message.clone();
        move |_: MouseEvent| MessageAction::Edit(message.clone())
    });
    let quote = props.on_action.reform({
        let message = message.clone();
        move |_: MouseEvent| MessageAction::Quote(message.clone())
    });
    let starred = super::stars::starred(&message);
    let star = props.on_action.reform({
        let message = message.clone();
        move |_: MouseEvent| MessageAction::Star(message.clone(), !starred)
    });
    let pinned = message.pinned == Some(true);
    let pin = props.on_action.reform({
        let message = message.clone();
        move |_: MouseEvent| MessageAction::Pin(message.clone(), !pinned)
    });
    let (star_label, pin_label) = (
        texts.get(if starred { "actions.unstar" } else { "actions.star" }),
        texts.get(if pinned { "actions.unpin" } else { "actions.pin" }),
    );
    let ask = {
        let confirming = confirming.clone();
        Callback::from(move |_: MouseEvent| confirming.set(true))
    };
    let cancel = {
        let confirming = confirming.clone();
        Callback::from(move |_: MouseEvent| confirming.set(false))
    };
    let delete = {
        let (confirming, on_action, message) = (confirming.clone(), props.on_action.clone(), message.clone());
        Callback::from(move |_: MouseEvent| {
            confirming.set(false);
            on_action.emit(MessageAction::Delete(message.clone()));
        })
    };
    html! {
        <div class={classes!("message-actions", (*picking || *confirming).then_some("open"))}>
            if *confirming {
                <div class="confirm" role="alertdialog" aria-label={texts.get("actions.confirmDelete")} onkeydown={
                    let confirming = confirming.clone();
                    Callback::from(move |event: KeyboardEvent| if event.key() == "Escape" {
                        // Handled: the timeline leaves this Escape alone.
                        event.stop_propagation();
                        confirming.set(false)
                    })
                }>
                    <span>{ texts.get("actions.confirmDelete") }</span>
                    <button type="button" class="danger" onclick={delete}>{ texts.get("actions.confirm") }</button>
                    <button type="button" ref={cancel_button} onclick={cancel}>{ texts.get("actions.cancel") }</button>
                </div>
            } else {
                <div class="toolbar" role="toolbar" aria-label={texts.get("actions.label")}>
                    if features.reactions && props.may.react {
                        <button type="button" class="action-react" tabindex={tabindex} ref={react_button} aria-label={texts.get("actions.react")} title={texts.get("actions.react")}
                                aria-expanded={picking.to_string()} onclick={open_picker}>{ outline(icons::REACT) }</button>
                    }
                    <button type="button" class="action-quote" tabindex={tabindex} aria-label={texts.get("actions.quote")} title={texts.get("actions.quote")}
                            onclick={quote}>{ outline(icons::QUOTE) }</button>
                    <button type="button" class="action-star" tabindex={tabindex} aria-label={star_label.clone()} title={star_label}
                            aria-pressed={starred.to_string()} onclick={star}>{ drawn(STAR, starred) }</button>
                    if room_actions.may_pin {
                        <button type="button" class="action-pin" tabindex={tabindex} aria-label={pin_label.clone()} title={pin_label}
                                aria-pressed={pinned.to_string()} onclick={pin}>{ drawn(PIN, pinned) }</button>
                    }
                    if features.threads {
                        <button type="button" class="action-reply" tabindex={tabindex} aria-label={texts.get("actions.reply")} title={texts.get("actions.reply")}
                                onclick={reply}>{ outline(icons::REPLY) }</button>
                    }
                    if props.may.edit && features.editing {
                        <button type="button" class="action-edit" tabindex={tabindex} aria-label={texts.get("actions.edit")} title={texts.get("actions.edit")}
                                onclick={edit}>{ outline(icons::PENCIL) }</button>
                    }
                    if props.may.delete && features.deleting {
                        <button type="button" class="action-delete" tabindex={tabindex} ref={delete_button} aria-label={texts.get("actions.delete")}
                                title={texts.get("actions.delete")} onclick={ask}>{ outline(icons::TRASH) }</button>
                    }
                    if let Some(t) = room_actions.t {
                        { for room_actions.on_messages.iter().map(|action| {
                            let onclick = props.on_action.reform({
                                let (action, message, room_name) = (action.clone(), message.clone(), room_actions.room_name.clone());
                                move |_: MouseEvent| MessageAction::Host { action: action.clone(), message: message.clone(), room_name: room_name.clone(), t }
                            });
                            html! { <HostActionButton key={action.id.clone()} action={action.clone()} {onclick} /> }
                        }) }
                    }
                </div>
            }
            if *picking {
                { EMOJI_PICKER.show(EmojiPickerProps { on_pick, on_close: close_picker }) }
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct ReactionsProps {
    pub message: Message,
    pub me: AttrValue,
    /// Whether the reader may react here; if not, the reactions are shown but are not toggles.
    pub may_react: bool,
    pub on_action: Callback<MessageAction>,
}

#[function_component(Reactions)]
pub fn reactions(props: &ReactionsProps) -> Html {
    let texts = use_texts();
    let tabindex = super::timeline_keys::use_control_tabindex();
    // Outside the app (a message rendered alone), people are named by their usernames.
    let state = use_context::<confab_core::components::SharedState>().map(|shared| shared.handle());
    let features = use_features();
    let reactions = props.message.reactions.as_ref().filter(|r| !r.is_empty() && features.reactions);
    // Each reaction shows its shortcode until the emoji table is there.
    let table = EMOJI_TABLE.get();
    use_part(&EMOJI_TABLE, reactions.is_some());
    let Some(reactions) = reactions else { return html! {} };
    html! {
        <div class="reactions">
            { for reactions.iter().map(|(key, reaction)| {
                let short_code = key.trim_matches(':').to_owned();
                let mine = reaction.usernames.iter().any(|u| u.as_str() == props.me.as_str());
                let shown = table.and_then(|table| (table.character)(&short_code)).unwrap_or_else(|| key.clone());
                let names: Vec<&str> = reaction.usernames.iter().map(|u| state.as_ref().map_or(u.as_str(), |state| super::names::name_of(state, &props.message.rid, u))).collect();
                let label = texts.fill("reaction.by", &[("emoji", key), ("names", &names.join(", "))]);
                let onclick = props.on_action.reform({
                    let (message, short_code) = (props.message.clone(), short_code.clone());
                    move |_: MouseEvent| MessageAction::React { message: message.clone(), short_code: short_code.clone() }
                });
                if !props.may_react {
                    return html! {
                        <span class={classes!("reaction", mine.then_some("mine"))} data-emoji={short_code} role="img"
                              aria-label={label.clone()} title={label}>
                            { shown }{ " " }<span class="count">{ reaction.usernames.len() }</span>
                        </span>
                    };
                }
                html! {
                    <button type="button" class={classes!("reaction", mine.then_some("mine"))} tabindex={tabindex} data-emoji={short_code}
                            aria-pressed={mine.to_string()} aria-label={label.clone()} title={label} {onclick}>
                        { shown }{ " " }<span class="count">{ reaction.usernames.len() }</span>
                    </button>
                }
            }) }
        </div>
    }
}
