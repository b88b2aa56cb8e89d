//! One's own status, on one's own card: the status others see (online follows the connections;
//! away, busy and offline, which is invisible, hold until changed, across reconnects) and what
//! one says of it, saved with `users.setStatus`.

use confab_protocol::presence::{MAX_STATUS_TEXT, UserStatus};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use confab_core::components::avatar::presence_key;
use confab_core::components::use_client;
use confab_core::i18n::use_texts;
use confab_core::state::Problem;

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
    // The status chosen and its text, as the server has them.
    let chosen = use_state(|| None::<(UserStatus, String)>);
    let failure = use_state(|| None::<Problem>);
    let select = use_node_ref();
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
    let Some((status, text)) = (*chosen).clone() else { return html! {} };
    let onsubmit = {
        let (client, select, input, failure, on_saved) =
            (client.clone(), select.clone(), input.clone(), failure.clone(), props.on_saved.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let status = select.cast::<HtmlSelectElement>().and_then(|s| UserStatus::parse(&s.value()));
            let text = input.cast::<HtmlInputElement>().map(|i| i.value()).unwrap_or_default();
            let Some(status) = status else { return };
            let (rest, failure, on_saved) = (client.rest(), failure.clone(), on_saved.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match rest.set_status(status, Some(&text)).await {
                    Ok(()) => {
                        failure.set(None);
                        on_saved.emit(());
                    }
                    Err(error) => failure.set(Some(error.problem())),
                }
            });
        })
    };
    html! {
        <form class="own-status" {onsubmit}>
            <label>
                { texts.get("people.status") }
                <select class="status-choice" ref={select}>
                    { for CHOICES.iter().map(|choice| html! {
                        <option value={choice.as_str()} selected={*choice == status}>{ texts.get(presence_key(*choice)) }</option>
                    }) }
                </select>
            </label>
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
