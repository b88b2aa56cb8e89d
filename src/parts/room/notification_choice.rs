//! What in this room notifies the reader, chosen from a menu in its header: the default (direct
//! messages and mentions), all messages, mentions only, nothing, or the room muted. Read from the
//! subscription when the room opens and stored with `rooms.saveNotification`; the server
//! notifies by it.

use std::rc::Rc;

use confab_protocol::notification::{DesktopNotifications, NotificationPrefs};
use yew::prelude::*;

use confab_core::components::use_client;
use confab_core::i18n::use_texts;
use confab_core::icons::drawn;
use confab_core::ui::{Menu, MenuItem};

/// The choices, as the menu offers them: a key, the choices it stands for, and its words.
const CHOICES: [(&str, DesktopNotifications, bool, &str); 5] = [
    ("default", DesktopNotifications::Default, false, "room.notifyDefault"),
    ("all", DesktopNotifications::All, false, "room.notifyAll"),
    ("mentions", DesktopNotifications::Mentions, false, "room.notifyMentions"),
    ("nothing", DesktopNotifications::Nothing, false, "room.notifyNothing"),
    ("muted", DesktopNotifications::Default, true, "room.notifyMuted"),
];

const BELL: &str = "M6 16v-5a6 6 0 0 1 12 0v5l2 2H4zM10 21h4";
const BELL_OFF: &str = "M6 16v-5a6 6 0 0 1 9-5.2M18 11v5l2 2H6M10 21h4M3 3l18 18";

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
    let on_pick = {
        let (client, prefs, rid) = (client.clone(), prefs.clone(), props.rid.clone());
        Callback::from(move |key: AttrValue| {
            let Some(&(_, desktop, disabled, _)) = CHOICES.iter().find(|c| c.0 == key.as_str()) else { return };
            let chosen = NotificationPrefs { desktop, disabled, ..(*prefs).unwrap_or_default() };
            prefs.set(Some(chosen));
            client.save_notification_prefs(&rid, chosen);
        })
    };
    let current = (*prefs).map(|p| if p.disabled { "muted" } else { p.desktop.as_str() });
    let items: Rc<[MenuItem]> = CHOICES
        .iter()
        .map(|(key, _, _, words)| MenuItem::radio(*key, texts.get(words), current == Some(*key)))
        .collect();
    let icon = if current == Some("muted") { drawn(BELL_OFF, false) } else { drawn(BELL, false) };
    html! {
        <Menu class="room-notifications" {icon} label={texts.get("room.notifications")} {items} {on_pick}
              disabled={current.is_none()} />
    }
}
