//! What the user should know about the connection: that it was lost and when the next attempt
//! is (with a way to try at once), or that the browser is offline — in which case what they
//! write waits in the outbox.

use gloo_timers::callback::Interval;
use yew::prelude::*;

use super::{use_chat_state, use_client};
use crate::i18n::use_texts;
use crate::services::browser;
use crate::state::Connection;

fn browser_online() -> bool {
    web_sys::window().is_none_or(|w| w.navigator().on_line())
}

#[function_component(ConnectionBanner)]
pub fn connection_banner() -> Html {
    let state = use_chat_state();
    let client = use_client();
    let texts = use_texts();
    // Re-render every second while a countdown is shown.
    let tick = use_state(|| 0u32);
    let counting = matches!(state.connection, Connection::Reconnecting { retry_at: Some(_), .. });
    {
        let tick = tick.clone();
        use_effect_with(counting, move |counting| {
            let interval = counting.then(|| Interval::new(1_000, move || tick.set(tick.wrapping_add(1))));
            move || drop(interval)
        });
    }
    let retry = Callback::from(move |_: MouseEvent| client.retry_now());
    match &state.connection {
        // The first connection is made while the reader reads the list, which needs none (nor does
        // sending): there is nothing to say until one is lost, and a line shown for a moment
        // would move the list under the reader's pointer as it went.
        Connection::Online | Connection::Connecting => html! {},
        Connection::Reconnecting { .. } if !browser_online() => html! {
            <p class="connection offline" role="status">
                { texts.get("connection.offline") }
            </p>
        },
        Connection::Reconnecting { retry_at: None, .. } => {
            html! { <p class="connection reconnecting" role="status">{ texts.get("connection.reconnecting") }</p> }
        }
        Connection::Reconnecting { retry_at: Some(at), .. } => {
            let seconds = ((at.millis() - browser::now().millis()).max(0) + 999) / 1000;
            html! {
                <p class="connection reconnecting" role="status">
                    <span>{ texts.fill("connection.lost", &[("seconds", &seconds.to_string())]) }</span>
                    <button type="button" class="retry-now" onclick={retry}>{ texts.get("connection.retryNow") }</button>
                </p>
            }
        }
    }
}
