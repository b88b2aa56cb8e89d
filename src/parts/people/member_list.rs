//! A room's members beside it: a search box, members a page at a time (the server pages past a
//! hundred), each with their presence and roles; choosing one opens their card.

use std::rc::Rc;

use confab_protocol::User;
use confab_protocol::rest::RoomMemberRoles;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::user_card::{UserCard, UserCardProps};
use super::{RoomOf, role_keys, room_roles_of};
use crate::parts::person_search::PersonSearch;
use confab_core::components::avatar::person;
use confab_core::components::{use_chat_state, use_client};
use confab_core::i18n::use_texts;
use confab_core::state::Problem;
use confab_core::ui::{Button, SidePanel, Variant};

/// Members asked for at a time.
const PAGE: u32 = 50;

#[derive(Properties, Clone, PartialEq)]
pub struct MemberListProps {
    pub room: RoomOf,
    pub on_close: Callback<()>,
}

#[derive(Clone, Default, PartialEq)]
struct Loaded {
    members: Vec<User>,
    total: u32,
    failed: Option<Problem>,
    loading: bool,
}

#[function_component(MemberList)]
pub fn member_list(props: &MemberListProps) -> Html {
    let client = use_client();
    let texts = use_texts();
    let state = use_chat_state();
    let filter = use_state(String::new);
    let loaded = use_state(|| Loaded { loading: true, ..Loaded::default() });
    let holders = use_state(|| Rc::new(Vec::<RoomMemberRoles>::new()));
    let card = use_state(|| None::<AttrValue>);
    let adding = use_state(|| false);
    let add_refused = use_state(|| None::<Problem>);
    // Answers to an older search are dropped: only the latest one is shown.
    let asked = use_mut_ref(|| 0_u32);
    let fetch = {
        let (client, room, loaded, asked) = (client.clone(), props.room.clone(), loaded.clone(), asked.clone());
        Rc::new(move |term: String, before: Vec<User>| {
            let ticket = {
                let mut asked = asked.borrow_mut();
                *asked += 1;
                *asked
            };
            loaded.set(Loaded { members: before.clone(), loading: true, ..(*loaded).clone() });
            let (rest, room, loaded, asked) = (client.rest(), room.clone(), loaded.clone(), asked.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let answer = rest.member_page(&room.rid, room.kind, &term, before.len() as u32, PAGE).await;
                if *asked.borrow() != ticket {
                    return;
                }
                loaded.set(match answer {
                    Ok(page) => {
                        let mut members = before;
                        members.extend(page.members);
                        Loaded { members, total: page.total, failed: None, loading: false }
                    }
                    Err(error) => Loaded { members: before, total: 0, failed: Some(error.problem()), loading: false },
                });
            });
        })
    };
    {
        let fetch = fetch.clone();
        use_effect_with(((*filter).clone(), props.room.clone()), move |(term, _)| fetch(term.clone(), Vec::new()));
    }
    let reload_roles = {
        let (client, room, holders) = (client.clone(), props.room.clone(), holders.clone());
        Callback::from(move |()| {
            let (rest, room, holders) = (client.rest(), room.clone(), holders.clone());
            wasm_bindgen_futures::spawn_local(async move {
                if let Ok(found) = rest.room_roles(&room.rid, room.kind).await {
                    holders.set(Rc::new(found));
                }
            });
        })
    };
    {
        let reload_roles = reload_roles.clone();
        use_effect_with(props.room.clone(), move |_| reload_roles.emit(()));
    }
    let oninput = {
        let filter = filter.clone();
        Callback::from(move |event: InputEvent| filter.set(event.target_unchecked_into::<HtmlInputElement>().value()))
    };
    let more = {
        let (fetch, filter, loaded) = (fetch.clone(), filter.clone(), loaded.clone());
        Callback::from(move |_: MouseEvent| fetch((*filter).clone(), loaded.members.clone()))
    };
    // Adding people, for holders of `add-user-to-joined-room` in a channel or group: each one
    // picked is invited, and the list read again.
    let entry = state.room(&props.room.rid);
    let may_add = props.room.kind != confab_protocol::RoomType::Direct
        && client.holds(
            state.rights.as_ref().map(|held| &*held.0),
            entry.map(|e| e.subscription.roles.as_slice()).unwrap_or_default(),
            confab_protocol::permission::names::ADD_USER_TO_JOINED_ROOM,
        );
    let on_add = {
        let (client, room, fetch, filter, refused) =
            (client.clone(), props.room.clone(), fetch.clone(), filter.clone(), add_refused.clone());
        Callback::from(move |user: User| {
            let (rest, room, fetch, filter, refused) =
                (client.rest(), room.clone(), fetch.clone(), filter.clone(), refused.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match rest.invite(&room.rid, room.kind, &user.id).await {
                    Ok(()) => {
                        refused.set(None);
                        fetch((*filter).clone(), Vec::new());
                    }
                    Err(error) => refused.set(Some(error.problem())),
                }
            });
        })
    };
    let shown = loaded.members.len() as u32;
    let rows = loaded.members.iter().map(|member| {
        let status = state
            .presence_of(&member.username)
            .or_else(|| member.status.as_deref().and_then(confab_protocol::presence::UserStatus::parse));
        let picture = Some(client.avatar_url(&member.username, state.avatar_etag(&member.username)));
        let roles = role_keys(room_roles_of(&holders, &member.id), &member.roles).map(|key| {
            html! {
                <span class="role-badge">{ texts.get(key) }</span>
            }
        });
        let open = {
            let (card, username) = (card.clone(), AttrValue::from(member.username.clone()));
            Callback::from(move |_: MouseEvent| card.set(Some(username.clone())))
        };
        let name = member.name.clone().filter(|n| !n.trim().is_empty()).unwrap_or_else(|| member.username.clone());
        html! {
            <li key={member.id.clone()}>
                <button type="button" class="member" data-username={member.username.clone()} onclick={open}>
                    { person(&member.username, picture, status, &texts) }
                    <span class="member-names">
                        <span class="member-name">{ name }</span>
                        <span class="member-username">{ format!("@{}", member.username) }</span>
                    </span>
                    <span class="member-roles">{ for roles }</span>
                </button>
            </li>
        }
    });
    let term = (*filter).clone();
    html! {
        <SidePanel class="member-list" title={texts.get("people.members")} close_label={texts.get("people.close")}
                   close_class="close-members" on_close={props.on_close.clone()}>
            if may_add {
                <div class="add-members">
                    <Button class="add-members-toggle" variant={if *adding { Variant::Secondary } else { Variant::Quiet }}
                            onclick={{ let adding = adding.clone(); Callback::from(move |_: MouseEvent| adding.set(!*adding)) }}>
                        { texts.get("people.add") }
                    </Button>
                    if *adding {
                        <PersonSearch label={texts.get("people.addWhom")} on_pick={on_add} take_focus=true
                                      exclude={loaded.members.iter().map(|m| m.username.clone()).collect::<Vec<_>>()} />
                    }
                    if let Some(problem) = &*add_refused {
                        <p class="member-status error" role="alert">{ texts.get("people.addFailed") }{ " " }{ texts.say(problem) }</p>
                    }
                </div>
            }
            <input class="member-search" type="search" data-autofocus="true" value={term.clone()} {oninput}
                   placeholder={texts.get("people.search")} aria-label={texts.get("people.search")} />
            if let Some(error) = &loaded.failed {
                <p class="member-status error" role="alert">{ texts.get("people.failed") }{ " " }{ texts.say(error) }</p>
            } else if !loaded.loading && shown == 0 && !term.is_empty() {
                <p class="member-status" role="status">{ texts.fill("people.none", &[("term", &term)]) }</p>
            } else {
                <p class="member-status" role="status" data-shown={shown.to_string()} data-total={loaded.total.to_string()}>
                    if loaded.loading && shown == 0 { { texts.get("people.loading") } }
                    else { { texts.fill("people.shown", &[("shown", &shown.to_string()), ("total", &loaded.total.to_string())]) } }
                </p>
            }
            <ul class="members">{ for rows }</ul>
            if shown < loaded.total && loaded.failed.is_none() {
                <button type="button" class="more-members" onclick={more} disabled={loaded.loading}>{ texts.get("people.more") }</button>
            }
            if let Some(username) = (*card).clone() {
                <UserCard ..UserCardProps {
                    username,
                    room: Some(props.room.clone()),
                    on_close: { let card = card.clone(); Callback::from(move |()| card.set(None)) },
                    on_changed: reload_roles.clone(),
                } />
            }
        </SidePanel>
    }
}
