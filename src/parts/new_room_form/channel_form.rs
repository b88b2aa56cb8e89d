//! A new channel or private group: who may find it, its name (made valid as it is typed, with
//! the rule shown), a topic, and the people invited, each removable before it is created.

use confab_protocol::User;
use confab_protocol::rest::{CreateRoomExtra, CreateRoomRequest};
use confab_protocol::room_name;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::parts::person_search::PersonSearch;
use confab_core::components::use_client;
use confab_core::i18n::use_texts;
use confab_core::icons::{Icon, icon};
use confab_core::ui::{Button, Dialog, IconButton, Variant};

#[derive(Properties, PartialEq)]
pub struct ChannelFormProps {
    pub on_done: Callback<()>,
    /// Switches to the directory, to join a channel that exists instead.
    pub on_browse: Callback<()>,
}

fn text_of(event: InputEvent) -> String {
    event.target_unchecked_into::<HtmlInputElement>().value()
}

#[function_component(ChannelForm)]
pub fn channel_form(props: &ChannelFormProps) -> Html {
    let client = use_client();
    let texts = use_texts();
    let private = use_state(|| false);
    let title = use_state(String::new);
    let topic = use_state(String::new);
    let invited = use_state(Vec::<User>::new);
    let name = room_name::slug(&title);
    let on_invite = {
        let invited = invited.clone();
        Callback::from(move |user: User| {
            let mut all = (*invited).clone();
            all.push(user);
            invited.set(all);
        })
    };
    let onsubmit = {
        let (private, topic, invited, name, on_done) =
            (private.clone(), topic.clone(), invited.clone(), name.clone(), props.on_done.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            if name.is_empty() {
                return;
            }
            let topic = Some(topic.trim().to_owned()).filter(|t| !t.is_empty());
            client.create_room(
                *private,
                CreateRoomRequest {
                    name: name.clone(),
                    members: invited.iter().map(|u| u.username.clone()).collect(),
                    extra_data: topic.map(|topic| CreateRoomExtra { topic: Some(topic) }),
                },
            );
            on_done.emit(());
        })
    };
    let kind = |value: bool, key: &'static str| {
        let private = private.clone();
        html! {
            <label class="choice">
                <input type="radio" name="confab-room-kind" value={if value { "private" } else { "public" }}
                       checked={*private == value} onchange={Callback::from(move |_: Event| private.set(value))} />
                { texts.get(key) }
            </label>
        }
    };
    let hint = if name.is_empty() {
        texts.get("newRoom.rule").to_string()
    } else {
        texts.fill("newRoom.willBe", &[("name", &name)])
    };
    html! {
        <Dialog class="new-room-dialog new-channel-dialog" label={texts.get("newRoom.channelTitle")} heading=true close_label={texts.get("newRoom.close")}
                on_close={props.on_done.clone()}>
            <form class="dialog-form" {onsubmit}>
                <fieldset class="field">
                    <legend>{ texts.get("newRoom.privacy") }</legend>
                    { kind(false, "newRoom.public") }
                    { kind(true, "newRoom.private") }
                </fieldset>
                <label class="field">
                    <span>{ texts.get("newRoom.name") }</span>
                    <input class="text-field room-title-input" value={(*title).clone()} data-autofocus="true" maxlength="80"
                           oninput={{ let title = title.clone(); Callback::from(move |e| title.set(text_of(e))) }}
                           aria-describedby="new-room-hint" />
                    <span class="field-hint" id="new-room-hint" data-name={name.clone()}>{ hint }</span>
                </label>
                <label class="field">
                    <span>{ texts.get("newRoom.topic") }</span>
                    <input class="text-field room-topic-input" value={(*topic).clone()} maxlength="250"
                           oninput={{ let topic = topic.clone(); Callback::from(move |e| topic.set(text_of(e))) }} />
                </label>
                <div class="field">
                    <span>{ texts.get("newRoom.invite") }</span>
                    if !invited.is_empty() {
                        <ul class="invitees">
                            { for invited.iter().map(|user| {
                                let name = user.name.clone().unwrap_or_else(|| user.username.clone());
                                let remove = {
                                    let (invited, username) = (invited.clone(), user.username.clone());
                                    Callback::from(move |_: MouseEvent| invited.set(invited.iter().filter(|u| u.username != username).cloned().collect()))
                                };
                                html! {
                                    <li class="invitee" data-username={user.username.clone()}>
                                        { name.clone() }
                                        <IconButton class="remove-invitee" icon={icon(Icon::Close)}
                                                    label={texts.fill("newRoom.remove", &[("name", &name)])} onclick={remove} />
                                    </li>
                                }
                            }) }
                        </ul>
                    }
                    <PersonSearch label={texts.get("newRoom.invite")} on_pick={on_invite}
                                  exclude={invited.iter().map(|u| u.username.clone()).collect::<Vec<_>>()} />
                </div>
                <div class="dialog-actions">
                    <Button variant={Variant::Quiet} class="browse-channels" onclick={props.on_browse.reform(|_: MouseEvent| ())}>
                        { texts.get("newRoom.browse") }
                    </Button>
                    <Button class="cancel-new-room" onclick={props.on_done.reform(|_: MouseEvent| ())}>{ texts.get("newRoom.cancel") }</Button>
                    <Button variant={Variant::Primary} class="create-room" submit=true disabled={name.is_empty()}>{ texts.get("newRoom.create") }</Button>
                </div>
            </form>
        </Dialog>
    }
}
