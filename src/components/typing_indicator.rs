//! "alice is typing…" under the timeline, announced politely to screen readers. Signals lapse
//! on their own, so the line re-checks itself while anyone is listed.

use std::time::Duration;

use yew::prelude::*;

use super::use_chat_state;
use crate::services::browser;
use crate::state::typing_sentence;

#[derive(Properties, PartialEq)]
pub struct TypingIndicatorProps {
    pub rid: AttrValue,
}

#[function_component(TypingIndicator)]
pub fn typing_indicator(props: &TypingIndicatorProps) -> Html {
    let state = use_chat_state();
    let tick = use_state(|| 0u32);
    let typists = state.typists(&props.rid, browser::now());
    let sentence = typing_sentence(&typists);
    {
        let (tick, active) = (tick.clone(), sentence.is_some());
        use_effect_with((active, *tick), move |(active, _)| {
            if *active {
                yew::platform::spawn_local(async move {
                    yew::platform::time::sleep(Duration::from_secs(2)).await;
                    tick.set(tick.wrapping_add(1));
                });
            }
        });
    }
    html! { <p class="typing" aria-live="polite">{ sentence.unwrap_or_default() }</p> }
}
