//! "Alice Liddell is typing…" under the timeline, announced politely to screen readers. Signals lapse
//! on their own, so the line re-checks itself while anyone is listed.

use std::time::Duration;

use yew::prelude::*;

use confab_core::components::{use_chat_state, use_features};
use confab_core::i18n::{Catalog, use_texts};
use confab_core::services::browser;

#[derive(Properties, PartialEq)]
pub struct TypingIndicatorProps {
    pub rid: AttrValue,
}

#[function_component(TypingIndicator)]
pub fn typing_indicator(props: &TypingIndicatorProps) -> Html {
    let state = use_chat_state();
    let texts = use_texts();
    let shown = use_features().typing;
    let tick = use_state(|| 0u32);
    // Named as everywhere else: "Bob Marley is typing…", not "bob is typing…".
    let typists: Vec<&str> = if shown {
        state
            .typists(&props.rid, browser::now())
            .into_iter()
            .map(|username| super::names::name_of(&state, &props.rid, username))
            .collect()
    } else {
        Vec::new()
    };
    let sentence = typing_sentence(&texts, &typists);
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

/// "alice is typing…", "alice and bob are typing…", "several people are typing…".
pub fn typing_sentence(texts: &Catalog, names: &[&str]) -> Option<String> {
    match names {
        [] => None,
        [one] => Some(texts.fill("typing.one", &[("name", one)])),
        [first, second] => Some(texts.fill("typing.two", &[("first", first), ("second", second)])),
        _ => Some(texts.get("typing.several").to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::typing_sentence;
    use confab_core::i18n::Catalog;

    #[test]
    fn typing_reads_naturally_in_each_language() {
        crate::parts::room::strings();
        let english = Catalog::new("en", None, &mut Vec::new());
        assert_eq!(typing_sentence(&english, &[]), None);
        assert_eq!(typing_sentence(&english, &["alice"]).as_deref(), Some("alice is typing…"));
        assert_eq!(typing_sentence(&english, &["alice", "bob"]).as_deref(), Some("alice and bob are typing…"));
        assert_eq!(typing_sentence(&english, &["a", "b", "c"]).as_deref(), Some("Several people are typing…"));
        let french = Catalog::new("fr", None, &mut Vec::new());
        assert_eq!(typing_sentence(&french, &["alice", "bob"]).as_deref(), Some("alice et bob écrivent…"));
    }
}
