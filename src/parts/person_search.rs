//! A person, found as their name is typed (`users.autocomplete`): suggestions below the box,
//! ↑/↓ to move among them and Enter to pick, as the WAI-ARIA combobox pattern has it. The reader
//! and those already chosen are not offered. Used wherever someone is picked: a direct message,
//! the people invited to a new room, the people added to a room.

use std::rc::Rc;

use confab_protocol::User;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use confab_core::components::avatar::avatar;
use confab_core::components::use_client;
use confab_core::i18n::use_texts;

#[derive(Properties, PartialEq)]
pub struct PersonSearchProps {
    pub label: AttrValue,
    pub on_pick: Callback<User>,
    /// Usernames not to offer (those already chosen).
    pub exclude: Vec<String>,
    /// Whether the box takes the focus when it appears (where nothing else is to have it).
    #[prop_or_default]
    pub take_focus: bool,
}

#[function_component(PersonSearch)]
pub fn person_search(props: &PersonSearchProps) -> Html {
    confab_core::i18n::catalog::add_part_strings(include_str!(concat!(env!("OUT_DIR"), "/parts/person_search.json")));
    let client = use_client();
    let texts = use_texts();
    let term = use_state(String::new);
    let input = use_node_ref();
    {
        let (input, take_focus) = (input.clone(), props.take_focus);
        use_effect_with((), move |_| {
            if let Some(input) = input.cast::<HtmlInputElement>().filter(|_| take_focus) {
                let _ = input.focus();
            }
        });
    }
    let found = use_state(|| Rc::new(Vec::<User>::new()));
    let selected = use_state(|| 0usize);
    // Answers to an older term are dropped: only the latest is shown.
    let asked = use_mut_ref(|| 0u32);
    let me = client.me().username.clone();
    let offered: Vec<&User> =
        found.iter().filter(|u| u.username != me && !props.exclude.contains(&u.username)).collect();
    let oninput = {
        let (term, found, selected, client) = (term.clone(), found.clone(), selected.clone(), client.clone());
        Callback::from(move |event: InputEvent| {
            let typed = event.target_unchecked_into::<HtmlInputElement>().value();
            term.set(typed.clone());
            selected.set(0);
            let ticket = {
                let mut asked = asked.borrow_mut();
                *asked += 1;
                *asked
            };
            if typed.trim().is_empty() {
                found.set(Rc::default());
                return;
            }
            let (rest, found, asked) = (client.rest(), found.clone(), asked.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let people = rest.people_matching(typed.trim()).await.unwrap_or_default();
                if *asked.borrow() == ticket {
                    found.set(Rc::new(people));
                }
            });
        })
    };
    let pick = {
        let (on_pick, term, found) = (props.on_pick.clone(), term.clone(), found.clone());
        Callback::from(move |user: User| {
            term.set(String::new());
            found.set(Rc::default());
            on_pick.emit(user);
        })
    };
    let onkeydown = {
        let (pick, selected, count) = (pick.clone(), selected.clone(), offered.len());
        let chosen = offered.get((*selected).min(count.saturating_sub(1))).map(|u| (*u).clone());
        Callback::from(move |event: KeyboardEvent| match event.key().as_str() {
            "ArrowDown" | "ArrowUp" if count > 0 => {
                event.prevent_default();
                let step = if event.key() == "ArrowDown" { 1 } else { count - 1 };
                selected.set((*selected + step) % count);
            }
            "Enter" => {
                event.prevent_default();
                if let Some(user) = chosen.clone() {
                    pick.emit(user);
                }
            }
            _ => {}
        })
    };
    let shown = !term.trim().is_empty();
    html! {
        <div class="person-search">
            <input ref={input} class="person-input" type="search" role="combobox" aria-label={props.label.clone()}
                   placeholder={texts.get("people.searchPeople")} aria-expanded={(shown && !offered.is_empty()).to_string()}
                   aria-controls="person-suggestions" aria-autocomplete="list" value={(*term).clone()} {oninput} {onkeydown} />
            if shown && offered.is_empty() {
                <p class="person-none" role="status">{ texts.fill("people.noPeople", &[("term", term.trim())]) }</p>
            }
            if shown && !offered.is_empty() {
                <ul class="person-suggestions" id="person-suggestions" role="listbox" aria-label={props.label.clone()}>
                    { for offered.iter().enumerate().map(|(at, user)| {
                        let onclick = { let (pick, user) = (pick.clone(), (*user).clone()); Callback::from(move |_: MouseEvent| pick.emit(user.clone())) };
                        let picture = Some(client.avatar_url(&user.username, None));
                        html! {
                            <li role="option" class={classes!("person-option", (at == *selected).then_some("selected"))}
                                aria-selected={(at == *selected).to_string()} data-username={user.username.clone()} {onclick}>
                                { avatar(&user.username, picture) }
                                <span class="person-name">{ user.name.clone().unwrap_or_else(|| user.username.clone()) }</span>
                                <span class="person-username">{ format!("@{}", user.username) }</span>
                            </li>
                        }
                    }) }
                </ul>
            }
        </div>
    }
}
