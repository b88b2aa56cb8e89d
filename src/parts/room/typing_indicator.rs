//! "Alice Liddell is typing…" under the timeline, announced politely to screen readers, and
//! where an agent is at work, what it is doing ("Guide is looking up the docs…"). Signals lapse
//! on their own, so the line re-checks itself while anyone is listed.

use std::time::Duration;

use yew::prelude::*;

use confab_core::components::{use_chat_state, use_client, use_features};
use confab_core::i18n::{Catalog, use_texts};
use confab_core::services::browser;
use confab_protocol::streaming::{SEARCHING, WRITING};

#[derive(Properties, PartialEq)]
pub struct TypingIndicatorProps {
    pub rid: AttrValue,
}

#[function_component(TypingIndicator)]
pub fn typing_indicator(props: &TypingIndicatorProps) -> Html {
    let state = use_chat_state();
    let client = use_client();
    let texts = use_texts();
    let shown = use_features().typing;
    let tick = use_state(|| 0u32);
    // Named as everywhere else: "Bob Marley is typing…", not "bob is typing…", or as the room's
    // member list names them (an agent that has not spoken yet). An agent says what it does.
    let listed = if shown { state.typists(&props.rid, browser::now()) } else { Vec::new() };
    let members = if listed.is_empty() { Vec::new() } else { client.members(&props.rid) };
    let name = |username: &str| -> String {
        let named = super::names::name_of(&state, &props.rid, username);
        let member = || members.iter().find(|m| m.username == username).and_then(|m| m.name.clone());
        if named == username { member().unwrap_or_else(|| username.to_owned()) } else { named.to_owned() }
    };
    let mut sentences = Vec::new();
    let mut people = Vec::new();
    for typist in listed {
        let (username, activity) = typist.split_once('\n').unwrap_or((typist, ""));
        if activity.is_empty() {
            people.push(name(username));
        } else {
            sentences.push(agent_sentence(&texts, &name(username), activity));
        }
    }
    let people: Vec<&str> = people.iter().map(String::as_str).collect();
    sentences.extend(typing_sentence(&texts, &people));
    let sentence = (!sentences.is_empty()).then(|| sentences.join(" "));
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

/// What an agent is doing: "Guide is thinking…", "Guide is looking up the docs…", where its
/// activity is `agent-…` and the label it gave follows a line break (see `ChatState::typing`).
pub fn agent_sentence(texts: &Catalog, name: &str, activity: &str) -> String {
    let (state, label) = activity.split_once('\n').unwrap_or((activity, ""));
    match state {
        SEARCHING if !label.is_empty() => texts.fill("typing.agentSearching", &[("name", name), ("label", label)]),
        SEARCHING => texts.fill("typing.agentSearchingAnything", &[("name", name)]),
        WRITING => texts.fill("typing.agentWriting", &[("name", name)]),
        _ => texts.fill("typing.agentThinking", &[("name", name)]),
    }
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
    use super::{agent_sentence, typing_sentence};
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

    #[test]
    fn an_agent_says_what_it_is_doing() {
        crate::parts::room::strings();
        let english = Catalog::new("en", None, &mut Vec::new());
        let say = |activity: &str| agent_sentence(&english, "Guide", activity);
        assert_eq!(say("agent-thinking"), "Guide is thinking…");
        assert_eq!(say("agent-searching\nthe docs"), "Guide is looking up the docs…");
        assert_eq!(say("agent-searching"), "Guide is looking something up…");
        assert_eq!(say("agent-writing"), "Guide is writing an answer…");
        let german = Catalog::new("de", None, &mut Vec::new());
        assert_eq!(agent_sentence(&german, "Guide", "agent-searching\nHilfe"), "Guide sucht nach Hilfe…");
    }
}
