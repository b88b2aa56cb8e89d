//! A visitor's conversation before they write. Nothing of it is stored yet (see the server's
//! `livechat`): this shows what it will open with (the team's welcome, its suggested questions
//! and the way to a person), the pre-chat form, and the field for the first words. Those words,
//! a suggested question, or asking for a person are sent with the visitor's token, which starts
//! the conversation; then the app signs the visitor in and opens it.

use std::rc::Rc;

use serde_json::{Value, json};
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use super::composer::MAX_MESSAGE_CHARS;
use super::support_bar::Prechat;
use confab_core::components::avatar::avatar;
use confab_core::i18n::use_texts;
use confab_core::services::rest::Rest;
use confab_core::slots::VisitorStartProps;
use confab_core::ui::Button;
use confab_protocol::livechat::HAND_OFF_ACTION;

/// The conversation to come, as the visitor's config tells it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Coming {
    /// Where the chat server is.
    pub server: String,
    pub token: String,
    pub team: String,
    pub prechat: Vec<String>,
    pub consent: String,
    /// The departments to choose from: id and name.
    pub departments: Rc<Vec<(AttrValue, AttrValue)>>,
    /// Who welcomes the visitor (their name, and username), and what they say.
    pub welcome: Option<Welcome>,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Welcome {
    pub name: String,
    pub username: String,
    pub text: String,
    /// The questions it suggests.
    pub suggestions: Vec<String>,
    /// The label of its button that asks for a person.
    pub person: Option<String>,
}

/// What starts the conversation.
#[derive(Clone, Debug, PartialEq)]
pub enum First {
    Words(String),
    AskForPerson,
}

impl Coming {
    /// Read from a visitor's config; `config_url` says where the server is when it does not.
    pub fn read(config: &Value, config_url: &str) -> Option<Self> {
        let support = config.get("support")?;
        let text = |value: &Value| value.as_str().unwrap_or_default().to_owned();
        let server = config["server"]["url"].as_str().map(str::to_owned);
        let server = server
            .or_else(|| confab_protocol::config::origin_of(config_url).map(str::to_owned))
            .unwrap_or_else(confab_core::services::browser::page_origin);
        let welcome = support.get("welcome").filter(|w| w.is_object()).map(|w| {
            let elements =
                w["blocks"].as_array().into_iter().flatten().flat_map(|b| b["elements"].as_array()).flatten();
            let (mut suggestions, mut person) = (Vec::new(), None);
            for element in elements {
                let label = text(&element["text"]["text"]);
                match element["actionId"].as_str() {
                    Some(confab_protocol::interactions::SUGGESTED_REPLY) => suggestions.push(label),
                    Some(HAND_OFF_ACTION) => person = Some(label),
                    _ => {}
                }
            }
            let username = text(&w["u"]["username"]);
            let name = w["u"]["name"].as_str().map_or_else(|| username.clone(), str::to_owned);
            Welcome { name, username, text: text(&w["msg"]), suggestions, person }
        });
        Some(Self {
            server,
            token: text(&support["token"]),
            team: text(&support["team"]),
            prechat: support["prechat"].as_array().into_iter().flatten().map(text).collect(),
            consent: text(&support["consent"]),
            departments: Rc::new(
                support["departments"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|d| {
                        Some((AttrValue::from(text(&d["_id"])), AttrValue::from(d["name"].as_str()?.to_owned())))
                    })
                    .collect(),
            ),
            welcome,
        })
    }
}

/// The visitor's config, read again: the core kept only that there is no login.
async fn fetch_coming(source: &confab_core::services::config::ConfigSource) -> Result<Coming, AttrValue> {
    let response = gloo_net::http::Request::get(&source.url)
        .query([("clientType", source.client_type.as_str())])
        .credentials(web_sys::RequestCredentials::Include)
        .send()
        .await;
    let config = Rest::read(response).await.map_err(|error| AttrValue::from(error.to_string()))?;
    Coming::read(&config, &source.url)
        .ok_or_else(|| AttrValue::from("The chat service sent a configuration this app cannot read."))
}

/// The slot's view.
pub fn view(props: VisitorStartProps) -> Html {
    super::strings();
    html! { <>{ super::stylesheet() }<VisitorStart ..props /></> }
}

#[function_component(VisitorStart)]
fn visitor_start(props: &VisitorStartProps) -> Html {
    let texts = use_texts();
    let coming = use_state(|| None::<Result<Rc<Coming>, AttrValue>>);
    {
        let (coming, source) = (coming.clone(), props.config.clone());
        use_effect_with((), move |_| {
            wasm_bindgen_futures::spawn_local(
                async move { coming.set(Some(fetch_coming(&source).await.map(Rc::new))) },
            );
        });
    }
    // What the pre-chat form took; the form is done once it is here.
    let details = use_state(|| None::<Value>);
    let words = use_state(String::new);
    let busy = use_state(|| false);
    let problem = use_state(|| None::<AttrValue>);
    let area = use_node_ref();
    let send = {
        let (coming, details, busy, problem, on_started, texts) =
            (coming.clone(), details.clone(), busy.clone(), problem.clone(), props.on_started.clone(), texts.clone());
        Callback::from(move |first: First| {
            let Some(Ok(coming)) = (*coming).clone() else { return };
            if *busy {
                return;
            }
            busy.set(true);
            let (details, busy, problem, on_started, texts) = (
                (*details).clone().unwrap_or_else(|| json!({})),
                busy.clone(),
                problem.clone(),
                on_started.clone(),
                texts.clone(),
            );
            wasm_bindgen_futures::spawn_local(async move {
                let words = match &first {
                    First::Words(words) => Some(words.as_str()),
                    First::AskForPerson => None,
                };
                match confab_core::services::rest::livechat::visitor_starts(
                    &coming.server,
                    &coming.token,
                    &details,
                    words,
                )
                .await
                {
                    Ok(()) => on_started.emit(()),
                    Err(error) => {
                        problem.set(Some(AttrValue::from(texts.say(&error.problem()))));
                        busy.set(false);
                    }
                }
            });
        })
    };
    let form_done = details.is_some() || matches!(&*coming, Some(Ok(coming)) if coming.prechat.is_empty());
    // The form's first field has the focus, and once the form is done, the field for the first
    // words.
    let section = use_node_ref();
    {
        let (area, section) = (area.clone(), section.clone());
        let shown = matches!(&*coming, Some(Ok(_)));
        use_effect_with((shown, form_done), move |(shown, done)| {
            let field = if *done {
                area.cast::<web_sys::HtmlElement>()
            } else {
                let first = section
                    .cast::<web_sys::Element>()
                    .and_then(|s| s.query_selector("[data-autofocus]").ok().flatten());
                first.map(wasm_bindgen::JsCast::unchecked_into::<web_sys::HtmlElement>)
            };
            if *shown && let Some(field) = field {
                let _ = field.focus();
            }
        });
    }
    let coming = match (*coming).clone() {
        None => {
            return html! { <section class="room-view visitor-start"><p class="timeline-status" role="status">{ texts.get("room.loading") }</p></section> };
        }
        Some(Err(error)) => {
            return html! { <section class="room-view visitor-start"><p class="timeline-status error" role="alert">{ error }</p></section> };
        }
        Some(Ok(coming)) => coming,
    };
    // The field's words, if there are any; Enter sends them as the button does.
    let send_words = {
        let (send, words) = (send.clone(), words.clone());
        Callback::from(move |()| {
            let text = words.trim().to_owned();
            if !text.is_empty() {
                send.emit(First::Words(text));
            }
        })
    };
    let onsubmit = send_words.reform(|event: SubmitEvent| event.prevent_default());
    let onkeydown = {
        let send_words = send_words.clone();
        Callback::from(move |event: KeyboardEvent| {
            if event.key() == "Enter" && !event.shift_key() && !event.is_composing() {
                event.prevent_default();
                send_words.emit(());
            }
        })
    };
    let welcome = coming.welcome.as_ref().map(|welcome| {
        html! {
            <ol class="messages welcome-preview">
                <li class="message" tabindex="0">
                    <span class="message-face">{ avatar(&welcome.username, None) }</span>
                    <div class="message-body">
                        <div class="message-meta"><span class="author">{ welcome.name.clone() }</span></div>
                        <div class="message-text">{ welcome.text.clone() }</div>
                        if form_done {
                            <div class="blocks"><div class="block block-actions" role="group">
                                { for welcome.suggestions.iter().map(|question| {
                                    let (send, asked) = (send.clone(), question.clone());
                                    let onclick = Callback::from(move |_: MouseEvent| send.emit(First::Words(asked.clone())));
                                    html! { <Button class="suggested" disabled={*busy} {onclick}>{ question.clone() }</Button> }
                                }) }
                                if let Some(person) = welcome.person.clone() {
                                    <Button class="ask-person" disabled={*busy} onclick={{ let send = send.clone(); Callback::from(move |_: MouseEvent| send.emit(First::AskForPerson)) }}>{ person }</Button>
                                }
                            </div></div>
                        }
                    </div>
                </li>
            </ol>
        }
    });
    html! {
        <section class="room-view visitor-start" aria-label={coming.team.clone()} ref={section}>
            <header class="room-header">
                <div class="room-heading"><h1>{ coming.team.clone() }</h1></div>
            </header>
            <div class="timeline-frame"><div class="timeline">{ for welcome }</div></div>
            if let Some(problem) = (*problem).clone() {
                <p class="support-problem" role="alert">{ problem }</p>
            }
            if form_done {
                <form class="composer" {onsubmit}>
                    <textarea ref={area} class="composer-input" rows="1" aria-label={texts.get("composer.label")}
                              placeholder={texts.get("composer.placeholder")} maxlength={MAX_MESSAGE_CHARS.to_string()}
                              value={(*words).clone()} {onkeydown} disabled={*busy}
                              oninput={{ let words = words.clone(); Callback::from(move |e: InputEvent| words.set(e.target_unchecked_into::<HtmlTextAreaElement>().value())) }} />
                    <button type="submit" class="send" disabled={words.trim().is_empty() || *busy}>{ texts.get("composer.send") }</button>
                </form>
            } else {
                <Prechat fields={coming.prechat.clone()} departments={coming.departments.clone()} consent={AttrValue::from(coming.consent.clone())}
                         on_submit={{ let details = details.clone(); Callback::from(move |given: Value| details.set(Some(given))) }} />
            }
        </section>
    }
}
