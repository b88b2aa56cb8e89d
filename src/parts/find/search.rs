//! Searching messages as one types (after a short pause): in the open room, a page at a time, or
//! in every room of the user's, grouped by room. Rocket.Chat's `from:` and `has:` work in both.

use std::rc::Rc;

use confab_protocol::Message;
use confab_protocol::rest::SearchText;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::found::{Found, move_focus};
use confab_core::components::{use_chat_state, use_client};
use confab_core::i18n::use_texts;
use confab_core::state::Problem;

/// Results per page in one room.
const PAGE: u32 = 20;
/// Results per room when searching them all.
const PER_ROOM: u32 = 5;
/// The pause in typing after which the search runs.
const PAUSE_MS: u64 = 250;

#[derive(Properties, Clone, PartialEq)]
pub struct SearchProps {
    pub rid: AttrValue,
    pub on_open: Callback<(String, String)>,
}

/// What a search found: per room (one group when searching the open room), and whether the open
/// room has more.
#[derive(Clone, Default, PartialEq)]
struct Results {
    groups: Vec<(String, Rc<Vec<Message>>)>,
    more: bool,
    loading: bool,
    failed: Option<Problem>,
}

#[function_component(Search)]
pub fn search(props: &SearchProps) -> Html {
    let client = use_client();
    let state = use_chat_state();
    let texts = use_texts();
    let text = use_state(String::new);
    let everywhere = use_state(|| false);
    let results = use_state(Results::default);
    let asked = use_mut_ref(|| 0_u32);
    let input = use_node_ref();
    {
        let input = input.clone();
        use_effect_with((), move |_| {
            if let Some(input) = input.cast::<HtmlInputElement>() {
                let _ = input.focus();
            }
        });
    }
    // Which rooms to search, and under what name each group shows.
    let rooms: Vec<(String, String)> = if *everywhere {
        state.rooms.entries.iter().map(|e| (e.rid().to_owned(), e.subscription.display_name().to_owned())).collect()
    } else {
        vec![(props.rid.to_string(), String::new())]
    };
    let run = {
        let (client, results, asked) = (client.clone(), results.clone(), asked.clone());
        Rc::new(move |text: String, rooms: Vec<(String, String)>, before: Results, pause: bool| {
            let ticket = {
                let mut asked = asked.borrow_mut();
                *asked += 1;
                *asked
            };
            if text.trim().is_empty() {
                results.set(Results::default());
                return;
            }
            results.set(Results { loading: true, ..before.clone() });
            let (rest, results, asked) = (client.rest(), results.clone(), asked.clone());
            wasm_bindgen_futures::spawn_local(async move {
                if pause {
                    yew::platform::time::sleep(std::time::Duration::from_millis(PAUSE_MS)).await;
                }
                if *asked.borrow() != ticket {
                    return;
                }
                let single = rooms.len() == 1;
                let (count, offset) = if single {
                    (PAGE, before.groups.first().map_or(0, |(_, found)| found.len() as u32))
                } else {
                    (PER_ROOM, 0)
                };
                let asks = rooms.iter().map(|(rid, _)| rest.search(rid, &text, count, offset));
                let answers = futures::future::join_all(asks).await;
                if *asked.borrow() != ticket {
                    return;
                }
                let mut found = Results::default();
                for ((_, name), answer) in rooms.into_iter().zip(answers) {
                    match answer {
                        Ok(messages) if single => {
                            found.more = messages.len() as u32 == PAGE;
                            let mut all = before.groups.first().map(|(_, m)| (**m).clone()).unwrap_or_default();
                            all.extend(messages);
                            found.groups.push((name, Rc::new(all)));
                        }
                        Ok(messages) if !messages.is_empty() => found.groups.push((name, Rc::new(messages))),
                        Ok(_) => {}
                        Err(error) => found.failed = Some(error.problem()),
                    }
                }
                results.set(found);
            });
        })
    };
    {
        let (run, rooms) = (run.clone(), rooms.clone());
        use_effect_with(((*text).clone(), *everywhere, props.rid.clone()), move |(text, _, _)| {
            run(text.clone(), rooms, Results::default(), true)
        });
    }
    let oninput = {
        let text = text.clone();
        Callback::from(move |event: InputEvent| text.set(event.target_unchecked_into::<HtmlInputElement>().value()))
    };
    let onkeydown = Callback::from(|event: KeyboardEvent| {
        if event.key() == "ArrowDown" {
            event.prevent_default();
            move_focus(&event, 1);
        }
    });
    let more = {
        let (run, text, rooms, results) = (run.clone(), text.clone(), rooms.clone(), results.clone());
        Callback::from(move |_: MouseEvent| run((*text).clone(), rooms.clone(), (*results).clone(), false))
    };
    let scope = |all: bool, key: &'static str| {
        let everywhere = everywhere.clone();
        html! {
            <button type="button" class="find-scope" aria-pressed={(*everywhere == all).to_string()}
                    onclick={Callback::from(move |_: MouseEvent| everywhere.set(all))}>{ texts.get(key) }</button>
        }
    };
    let words: Rc<Vec<String>> = Rc::new(SearchText::parse(&text).words.iter().map(|w| w.to_lowercase()).collect());
    let found_any = results.groups.iter().any(|(_, found)| !found.is_empty());
    html! {
        <div class="find-search">
            <input ref={input} class="find-input" type="search" value={(*text).clone()} {oninput} {onkeydown}
                   placeholder={texts.get("find.placeholder")} aria-label={texts.get("find.placeholder")} />
            <div class="find-scopes" role="group" aria-label={texts.get("find.where")}>
                { scope(false, "find.thisRoom") }{ scope(true, "find.allRooms") }
            </div>
            <p class="find-status" role="status">
                if results.loading {
                    { texts.get("find.searching") }
                } else if let Some(error) = &results.failed {
                    { texts.get("find.failed") }{ " " }{ texts.say(error) }
                } else if !text.trim().is_empty() && !found_any {
                    { texts.fill("find.none", &[("term", text.trim())]) }
                }
            </p>
            <div class="find-groups">
                { for results.groups.iter().map(|(name, found)| html! {
                    <section class="find-group" key={name.clone()}>
                        if !name.is_empty() {
                            <h3>{ name.clone() }</h3>
                        }
                        <Found messages={found.clone()} words={words.clone()} on_open={props.on_open.clone()} />
                    </section>
                }) }
            </div>
            if results.more && !results.loading {
                <button type="button" class="find-more" onclick={more}>{ texts.get("find.more") }</button>
            }
        </div>
    }
}
