//! Who someone is: their picture and presence, name, username, status text and roles, with
//! "send a direct message" and the moderation actions the viewer holds in the room it was opened
//! from (mute, moderator, owner, removal); one's own card sets one's status. Actions the viewer does not hold are not shown.

use std::rc::Rc;

use confab_protocol::permission::{RoomRole, names, room_roles};
use confab_protocol::presence::UserStatus;
use confab_protocol::{RoomType, User};
use yew::prelude::*;

use super::own_status::OwnStatus;
use super::{RoomOf, role_keys, room_roles_of};
use confab_core::components::avatar::{person, presence_key};
use confab_core::components::{use_chat_state, use_client};
use confab_core::i18n::{Texts, use_texts};
use confab_core::icons::{Icon, icon};
use confab_core::services::rest::{ApiError, Rest};
use confab_core::ui::{IconButton, use_layer};

#[derive(Properties, Clone, PartialEq)]
pub struct UserCardProps {
    pub username: AttrValue,
    /// The room the card was opened from, whose moderation it offers.
    pub room: Option<RoomOf>,
    pub on_close: Callback<()>,
    /// Something about the person changed here (a role, a mute).
    pub on_changed: Callback<()>,
}

/// What the card can do to its person in the room.
#[derive(Clone, Copy, PartialEq)]
enum Moderation {
    Mute(bool),
    Role(RoomRole, bool),
    Kick,
}

impl Moderation {
    fn key(self) -> &'static str {
        match self {
            Self::Mute(true) => "people.mute",
            Self::Mute(false) => "people.unmute",
            Self::Role(RoomRole::Moderator, true) => "people.makeModerator",
            Self::Role(RoomRole::Moderator, false) => "people.removeModerator",
            Self::Role(RoomRole::Owner, true) => "people.makeOwner",
            Self::Role(RoomRole::Owner, false) => "people.removeOwner",
            Self::Kick => "people.kick",
        }
    }

    fn name(self) -> &'static str {
        match self {
            Self::Mute(true) => "mute",
            Self::Mute(false) => "unmute",
            Self::Role(RoomRole::Moderator, true) => "add-moderator",
            Self::Role(RoomRole::Moderator, false) => "remove-moderator",
            Self::Role(RoomRole::Owner, true) => "add-owner",
            Self::Role(RoomRole::Owner, false) => "remove-owner",
            Self::Kick => "kick",
        }
    }

    async fn run(self, rest: &Rest, room: &RoomOf, user: &User) -> Result<(), ApiError> {
        match self {
            Self::Mute(muted) => rest.set_muted(&room.rid, &user.username, muted).await,
            Self::Role(role, held) => rest.set_room_role(&room.rid, room.kind, &user.id, role, held).await,
            Self::Kick => rest.kick(&room.rid, room.kind, &user.id).await,
        }
    }
}

#[function_component(UserCard)]
pub fn user_card(props: &UserCardProps) -> Html {
    let client = use_client();
    let texts = use_texts();
    let state = use_chat_state();
    let user = use_state(|| None::<Result<User, confab_core::state::Problem>>);
    let holders = use_state(Rc::<Vec<confab_protocol::rest::RoomMemberRoles>>::default);
    let failure = use_state(|| None::<String>);
    let layer = use_layer(props.on_close.clone());
    let load = {
        let (client, username, room, user, holders) =
            (client.clone(), props.username.clone(), props.room.clone(), user.clone(), holders.clone());
        Callback::from(move |()| {
            let (rest, username, room, user, holders) =
                (client.rest(), username.clone(), room.clone(), user.clone(), holders.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let found = rest.user_info(&username).await.map_err(|e| e.problem());
                user.set(Some(found));
                if let Some(room) = room.filter(|r| r.kind != RoomType::Direct)
                    && let Ok(found) = rest.room_roles(&room.rid, room.kind).await
                {
                    holders.set(Rc::new(found));
                }
            });
        })
    };
    {
        let load = load.clone();
        use_effect_with(props.username.clone(), move |_| load.emit(()));
    }
    let close = props.on_close.reform(|_: MouseEvent| ());
    let body = match &*user {
        None => html! { <p class="card-status" role="status">{ texts.get("people.loading") }</p> },
        Some(Err(_)) => html! { <p class="card-status error" role="alert">{ texts.get("people.notFound") }</p> },
        Some(Ok(user)) => {
            let me = user.id == client.me().id;
            let status =
                state.presence_of(&user.username).or_else(|| user.status.as_deref().and_then(UserStatus::parse));
            let picture = Some(client.avatar_url(&user.username, state.avatar_etag(&user.username)));
            let entry = props.room.as_ref().and_then(|room| state.room(&room.rid));
            let their_room_roles = room_roles_of(&holders, &user.id);
            let muted = entry.and_then(|e| e.room.as_ref()).is_some_and(|r| r.muted.contains(&user.username));
            let rights = state.rights.as_ref().map(|held| &*held.0);
            let my_room_roles = entry.map(|e| e.subscription.roles.as_slice()).unwrap_or_default();
            let holds = |permission: &str| client.holds(rights, my_room_roles, permission);
            let has = |role: &str| their_room_roles.iter().any(|r| r == role);
            let in_a_room = props.room.as_ref().is_some_and(|r| r.kind != RoomType::Direct) && entry.is_some();
            let moderation: Vec<Moderation> = [
                (holds(names::MUTE_USER), Moderation::Mute(!muted)),
                (holds(names::SET_MODERATOR), Moderation::Role(RoomRole::Moderator, !has(room_roles::MODERATOR))),
                (holds(names::SET_OWNER), Moderation::Role(RoomRole::Owner, !has(room_roles::OWNER))),
                (holds(names::REMOVE_USER), Moderation::Kick),
            ]
            .into_iter()
            .filter(|(allowed, _)| *allowed && in_a_room && !me)
            .map(|(_, action)| action)
            .collect();
            let moderate = Moderate {
                rest: client.rest(),
                room: props.room.clone(),
                user: user.clone(),
                failure: failure.clone(),
                on_changed: props.on_changed.clone(),
                on_close: props.on_close.clone(),
                load: load.clone(),
                texts: texts.clone(),
            };
            let actions = moderation.into_iter().map(|action| moderate.button(action));
            let direct = (!me && holds(names::CREATE_DIRECT)).then(|| {
                let (client, username, on_close) = (client.clone(), user.username.clone(), props.on_close.clone());
                html! {
                    <button type="button" class="card-action primary" data-action="direct-message" onclick={Callback::from(move |_: MouseEvent| {
                        client.start_direct(&username);
                        on_close.emit(());
                    })}>{ texts.get("people.directMessage") }</button>
                }
            });
            let roles = role_keys(their_room_roles, &user.roles)
                .map(|key| html! { <span class="role-badge">{ texts.get(key) }</span> });
            let name = user.name.clone().filter(|n| !n.trim().is_empty()).unwrap_or_else(|| user.username.clone());
            html! {
                <>
                    <div class="card-identity">
                        { person(&user.username, picture, status, &texts) }
                        <div>
                            <h2 id="user-card-title">{ name }</h2>
                            <p class="card-username">{ format!("@{}", user.username) }</p>
                        </div>
                    </div>
                    if let Some(status) = status {
                        <p class="card-presence">{ texts.get(presence_key(status)) }
                            if let Some(words) = user.status_text.clone() { { " · " }<span class="card-status-text">{ words }</span> }
                        </p>
                    }
                    <p class="card-roles">
                        { for roles }
                        if muted { <span class="role-badge muted">{ texts.get("people.muted") }</span> }
                    </p>
                    if me {
                        <OwnStatus on_saved={load.clone()} />
                    }
                    <div class="card-actions">{ for direct }{ for actions }</div>
                    if let Some(failed) = (*failure).clone() {
                        <p class="card-status error" role="alert">{ failed }</p>
                    }
                </>
            }
        }
    };
    let label = texts.fill("people.card", &[("name", &props.username)]);
    html! {
        <div class="card-backdrop" onclick={close.clone()}>
            <div class="user-card" role="dialog" aria-modal="true" aria-label={label} tabindex="-1" ref={layer.node}
                 data-username={props.username.clone()} onkeydown={layer.onkeydown} onclick={Callback::from(|e: MouseEvent| e.stop_propagation())}>
                <IconButton class="close-card" icon={icon(Icon::Close)} label={texts.get("people.close")} onclick={close} />
                { body }
            </div>
        </div>
    }
}

/// What a moderation button needs: whom it acts on, where, and what to do once it has.
#[derive(Clone)]
struct Moderate {
    rest: Rest,
    room: Option<RoomOf>,
    user: User,
    failure: UseStateHandle<Option<String>>,
    on_changed: Callback<()>,
    on_close: Callback<()>,
    /// Reads the card again after an action that keeps it open.
    load: Callback<()>,
    texts: Rc<Texts>,
}

impl Moderate {
    /// The button that takes `action`, saying why it failed if it does.
    fn button(&self, action: Moderation) -> Html {
        let label = self.texts.get(action.key());
        let moderate = self.clone();
        let onclick = Callback::from(move |_: MouseEvent| {
            let Some(room) = moderate.room.clone() else { return };
            let moderate = moderate.clone();
            wasm_bindgen_futures::spawn_local(async move {
                match action.run(&moderate.rest, &room, &moderate.user).await {
                    Ok(()) => {
                        moderate.failure.set(None);
                        moderate.on_changed.emit(());
                        if action == Moderation::Kick { moderate.on_close.emit(()) } else { moderate.load.emit(()) }
                    }
                    Err(error) => {
                        let texts = &moderate.texts;
                        let said = texts.fill("people.actionFailed", &[("error", &texts.say(&error.problem()))]);
                        moderate.failure.set(Some(said));
                    }
                }
            });
        });
        html! {
            <button type="button" class="card-action" data-action={action.name()} {onclick}>{ label }</button>
        }
    }
}
