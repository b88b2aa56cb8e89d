//! One's own status, on one's own card: the status others see (online follows the connections;
//! away, busy and offline, which is invisible, hold until changed, across reconnects) and what
//! one says of it, saved with `users.setStatus`.

use std::rc::Rc;

use confab_protocol::presence::{MAX_STATUS_TEXT, UserStatus};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use confab_core::components::avatar::presence_key;
use confab_core::components::use_client;
use confab_core::i18n::use_texts;
use confab_core::state::Problem;
use confab_core::ui::{Menu, MenuItem};

const CHOICES: [UserStatus; 4] = [UserStatus::Online, UserStatus::Away, UserStatus::Busy, UserStatus::Offline];

#[derive(Properties, PartialEq)]
pub struct OwnStatusProps {
    /// The status was saved: the card shows it anew.
    pub on_saved: Callback<()>,
}

#[function_component(OwnStatus)]
pub fn own_status(props: &OwnStatusProps) -> Html {
    let client = use_client();
    let texts = use_texts();
    // The status chosen and its text, as the server has them (and as saved since).
    let chosen = use_state(|| None::<(UserStatus, String)>);
    // The status picked in the menu, to be saved.
    let picked = use_state(|| None::<UserStatus>);
    let failure = use_state(|| None::<Problem>);
    let input = use_node_ref();
    {
        let (client, chosen) = (client.clone(), chosen.clone());
        use_effect_with((), move |()| {
            let rest = client.rest();
            wasm_bindgen_futures::spawn_local(async move {
                if let Ok(me) = rest.me().await {
                    let status = me.status_default.as_deref().and_then(UserStatus::parse).unwrap_or(UserStatus::Online);
                    chosen.set(Some((status, me.user.status_text.unwrap_or_default())));
                }
            });
        });
    }
    let Some((saved, text)) = (*chosen).clone() else { return html! {} };
    let status = picked.unwrap_or(saved);
    let onsubmit = {
        let (client, input, failure, on_saved, chosen) =
            (client.clone(), input.clone(), failure.clone(), props.on_saved.clone(), chosen.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let text = input.cast::<HtmlInputElement>().map(|i| i.value()).unwrap_or_default();
            let (rest, failure, on_saved, chosen) = (client.rest(), failure.clone(), on_saved.clone(), chosen.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match rest.set_status(status, Some(&text)).await {
                    Ok(()) => {
                        failure.set(None);
                        // The form goes on showing what was saved, the text too.
                        chosen.set(Some((status, text)));
                        on_saved.emit(());
                    }
                    Err(error) => failure.set(Some(error.problem())),
                }
            });
        })
    };
    let items: Rc<[MenuItem]> = CHOICES
        .iter()
        .map(|choice| MenuItem::radio(choice.as_str(), texts.get(presence_key(*choice)), *choice == status))
        .collect();
    let on_pick = {
        let picked = picked.clone();
        Callback::from(move |key: AttrValue| picked.set(UserStatus::parse(&key)))
    };
    html! {
        <form class="own-status" {onsubmit}>
            <div class="field">
                <span>{ texts.get("people.status") }</span>
                <Menu class="status-choice" label={texts.get("people.status")} current={texts.get(presence_key(status))}
                      {items} {on_pick} />
            </div>
            <label>
                { texts.get("people.statusText") }
                <input class="status-text" type="text" maxlength={MAX_STATUS_TEXT.to_string()} value={text} ref={input} />
            </label>
            <button type="submit" class="card-action" data-action="set-status">{ texts.get("people.saveStatus") }</button>
            if let Some(problem) = &*failure {
                <p class="card-status error" role="alert">{ texts.say(problem) }</p>
            }
        </form>
    }
}
