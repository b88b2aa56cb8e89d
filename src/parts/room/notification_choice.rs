//! What in this room notifies the reader, chosen in its header: the default (direct messages
//! and mentions), all messages, mentions only, nothing, or the room muted. Read from the
//! subscription when the room opens and stored with `rooms.saveNotification`; the server
//! notifies by it.

use confab_protocol::notification::{DesktopNotifications, NotificationPrefs};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use confab_core::components::use_client;
use confab_core::i18n::use_texts;

/// The choices, as the select offers them: a value, the choices it stands for, and its words.
const CHOICES: [(&str, DesktopNotifications, bool, &str); 5] = [
    ("default", DesktopNotifications::Default, false, "room.notifyDefault"),
    ("all", DesktopNotifications::All, false, "room.notifyAll"),
    ("mentions", DesktopNotifications::Mentions, false, "room.notifyMentions"),
    ("nothing", DesktopNotifications::Nothing, false, "room.notifyNothing"),
    ("muted", DesktopNotifications::Default, true, "room.notifyMuted"),
];

#[derive(Properties, PartialEq)]
pub struct NotificationChoiceProps {
    pub rid: AttrValue,
}

#[function_component(NotificationChoice)]
pub fn notification_choice(props: &NotificationChoiceProps) -> Html {
    let client = use_client();
    let texts = use_texts();
    let prefs = use_state(|| None::<NotificationPrefs>);
    {
        let (client, prefs) = (client.clone(), prefs.clone());
        use_effect_with(props.rid.clone(), move |rid| {
            prefs.set(None);
            let (rest, rid) = (client.rest(), rid.clone());
            wasm_bindgen_futures::spawn_local(async move {
                if let Ok(read) = rest.notification_prefs(&rid).await {
                    prefs.set(Some(read));
                }
            });
        });
    }
    let onchange = {
        let (client, prefs, rid) = (client.clone(), prefs.clone(), props.rid.clone());
        Callback::from(move |event: Event| {
            let value = event.target_unchecked_into::<HtmlSelectElement>().value();
            let Some(&(_, desktop, disabled, _)) = CHOICES.iter().find(|c| c.0 == value) else { return };
            let chosen = NotificationPrefs { desktop, disabled, ..(*prefs).unwrap_or_default() };
            prefs.set(Some(chosen));
            client.save_notification_prefs(&rid, chosen);
        })
    };
    let current = (*prefs).map(|p| if p.disabled { "muted" } else { p.desktop.as_str() });
    html! {
        <label class="room-notifications">
            <span class="visually-hidden">{ texts.get("room.notifications") }</span>
            <select {onchange} disabled={current.is_none()} title={texts.get("room.notifications")}>
                { for CHOICES.iter().map(|(value, _, _, key)| html! {
                    <option value={*value} selected={current == Some(*value)}>{ texts.get(key) }</option>
                }) }
            </select>
        </label>
    }
}
