//! What a support conversation adds to the room, below its messages. The visitor fills the
//! pre-chat form before writing, may leave an email while nobody is there, and once the
//! conversation is closed rates it and keeps its transcript. The team member serving it has its
//! own bar (`staff_bar`). Whatever else the room shows (the composer) is this view's children,
//! shown when nothing here takes its place.

use std::rc::Rc;

use serde_json::{Value, json};
use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

use confab_core::components::focus::use_focus_when;
use confab_core::components::use_client;
use confab_core::i18n::use_texts;
use confab_core::ui::{Button, Menu, MenuItem, Variant};

use super::staff_bar::StaffBar;

/// Where a conversation stands, as its messages tell.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Standing {
    /// Closed: nobody writes any more.
    pub closed: bool,
    /// Handed to the team (asked for, or taken): the bot no longer answers.
    pub handed: bool,
    /// Handed to the team while nobody was there, and not taken since.
    pub unattended: bool,
}

impl Standing {
    /// Read from the room's messages, oldest first.
    pub fn of<'a>(kinds: impl Iterator<Item = Option<&'a str>>) -> Self {
        kinds.fold(Self::default(), |standing, kind| match kind {
            Some("livechat-close") => Self { closed: true, handed: true, unattended: false },
            Some("livechat-queued") => Self { handed: true, ..standing },
            Some("livechat-offline") => Self { unattended: true, ..standing },
            Some("uj") | Some("livechat_transfer_history") => Self { unattended: false, handed: true, ..standing },
            _ => standing,
        })
    }
}

#[derive(Properties, PartialEq)]
pub struct SupportBarProps {
    pub rid: AttrValue,
    pub standing: Standing,
    pub children: Html,
}

/// The visitor's view or the team's: the server tells a visitor who they are (`guest`).
#[function_component(SupportBar)]
pub fn support_bar(props: &SupportBarProps) -> Html {
    let (config, reload) = use_support_config();
    if config.is_null() {
        return props.children.clone();
    }
    if config["guest"].is_object() {
        html! { <VisitorBar rid={props.rid.clone()} standing={props.standing} {config} {reload}>{ props.children.clone() }</VisitorBar> }
    } else {
        html! { <StaffBar rid={props.rid.clone()} closed={props.standing.closed}>{ props.children.clone() }</StaffBar> }
    }
}

fn input_text(event: InputEvent) -> String {
    event.target_unchecked_into::<HtmlInputElement>().value()
}

fn area_text(event: InputEvent) -> String {
    event.target_unchecked_into::<HtmlTextAreaElement>().value()
}

/// The widget's settings and what the server knows of the visitor (`livechat/config`).
#[hook]
fn use_support_config() -> (Rc<Value>, Callback<()>) {
    let client = use_client();
    let config = use_state(|| Rc::new(Value::Null));
    let reload = {
        let (client, config) = (client.clone(), config.clone());
        use_callback((), move |(), _| {
            let (rest, config) = (client.rest(), config.clone());
            wasm_bindgen_futures::spawn_local(async move {
                if let Ok(read) = rest.support_config().await {
                    config.set(Rc::new(read));
                }
            });
        })
    };
    {
        let reload = reload.clone();
        use_effect_with((), move |_| reload.emit(()));
    }
    ((*config).clone(), reload)
}

#[derive(Properties, PartialEq)]
struct VisitorBarProps {
    rid: AttrValue,
    standing: Standing,
    config: Rc<Value>,
    reload: Callback<()>,
    children: Html,
}

#[function_component(VisitorBar)]
fn visitor_bar(props: &VisitorBarProps) -> Html {
    let texts = use_texts();
    let client = use_client();
    let problem = use_state(|| None::<AttrValue>);
    let (config, reload) = (&props.config, props.reload.clone());
    let settings = &config["settings"];
    let fields: Vec<String> = settings["prechat"]
        .as_array()
        .map(|fields| fields.iter().filter_map(|f| f.as_str().map(str::to_owned)).collect())
        .unwrap_or_default();
    let transcript = settings["transcript"].as_bool().unwrap_or(false);
    let departments: Rc<Vec<(AttrValue, AttrValue)>> = Rc::new(
        config["departments"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|d| {
                Some((AttrValue::from(d["_id"].as_str()?.to_owned()), AttrValue::from(d["name"].as_str()?.to_owned())))
            })
            .collect(),
    );
    // Once the form is done, the composer that takes its place has the focus.
    let below = use_node_ref();
    {
        let below = below.clone();
        use_effect_with(fields.is_empty(), move |done| {
            if *done
                && let Some(field) =
                    below.cast::<web_sys::Element>().and_then(|b| b.query_selector("textarea").ok().flatten())
            {
                let _ = wasm_bindgen::JsCast::unchecked_into::<web_sys::HtmlElement>(field).focus();
            }
        });
    }
    if props.standing.closed {
        return html! { <Closing rid={props.rid.clone()} {transcript} /> };
    }
    if !fields.is_empty() {
        let on_submit = {
            let (client, problem, texts) = (client.clone(), problem.clone(), texts.clone());
            Callback::from(move |details: Value| {
                let (rest, problem, reload, texts) = (client.rest(), problem.clone(), reload.clone(), texts.clone());
                wasm_bindgen_futures::spawn_local(async move {
                    match rest.tell_about_me(details).await {
                        Ok(()) => reload.emit(()),
                        Err(error) => problem.set(Some(AttrValue::from(texts.say(&error.problem())))),
                    }
                });
            })
        };
        return html! { <Prechat {fields} {departments} consent={AttrValue::from(settings["consent"].as_str().unwrap_or_default().to_owned())} {on_submit} problem={(*problem).clone()} /> };
    }
    html! {
        <div class="visitor-bar" ref={below}>
            if props.standing.unattended && transcript {
                <div class="support-card leave-email">
                    <MailForm rid={props.rid.clone()} intro={Some(texts.get("room.supportLeaveEmail"))} send={texts.get("room.supportKeepEmail")} />
                </div>
            }
            if !props.standing.handed {
                <AskForPerson rid={props.rid.clone()} />
            }
            { props.children.clone() }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct AskForPersonProps {
    rid: AttrValue,
}

/// While the bot answers: a way to a person, whatever the bot offers.
#[function_component(AskForPerson)]
fn ask_for_person(props: &AskForPersonProps) -> Html {
    let client = use_client();
    let texts = use_texts();
    let busy = use_state(|| false);
    let onclick = {
        let (rid, busy) = (props.rid.clone(), busy.clone());
        Callback::from(move |_: MouseEvent| {
            let (rest, rid, busy) = (client.rest(), rid.clone(), busy.clone());
            busy.set(true);
            wasm_bindgen_futures::spawn_local(async move {
                let _ = rest.ask_for_person(&rid).await;
                busy.set(false);
            });
        })
    };
    html! {
        <div class="ask-for-person">
            <Button variant={Variant::Quiet} class="ask-person" disabled={*busy} {onclick}>{ texts.get("room.supportAskForPerson") }</Button>
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct PrechatProps {
    pub fields: Vec<String>,
    /// The departments to choose from: id and name.
    pub departments: Rc<Vec<(AttrValue, AttrValue)>>,
    pub consent: AttrValue,
    /// Called with what the visitor gave (`name`, `email`, `department`), consent given.
    pub on_submit: Callback<Value>,
    /// Why what was given was refused.
    #[prop_or_default]
    pub problem: Option<AttrValue>,
}

/// The pre-chat form: the fields the operator asked for, then the composer.
#[function_component(Prechat)]
pub fn prechat(props: &PrechatProps) -> Html {
    let texts = use_texts();
    let name = use_state(String::new);
    let email = use_state(String::new);
    let agreed = use_state(|| false);
    let department = use_state(|| None::<(AttrValue, AttrValue)>);
    let problem = use_state(|| None::<AttrValue>);
    let asks = |field: &str| props.fields.iter().any(|f| f == field);
    let onsubmit = {
        let (name, email, agreed, problem, on_submit, department) =
            (name.clone(), email.clone(), agreed.clone(), problem.clone(), props.on_submit.clone(), department.clone());
        let needs_consent = asks("consent");
        let texts = texts.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            if needs_consent && !*agreed {
                problem.set(Some(texts.get("room.supportConsentNeeded")));
                return;
            }
            problem.set(None);
            on_submit.emit(json!({ "name": name.trim(), "email": Some(email.trim()).filter(|e| !e.is_empty()),
                                   "department": department.as_ref().map(|(id, _)| id.to_string()) }));
        })
    };
    let problem = (*problem).clone().or_else(|| props.problem.clone());
    html! {
        <form class="support-card prechat-form" {onsubmit} aria-labelledby="confab-prechat-title">
            <h2 id="confab-prechat-title">{ texts.get("room.supportPrechatTitle") }</h2>
            if asks("name") {
                <label class="field">
                    <span>{ texts.get("room.supportName") }</span>
                    <input class="text-field prechat-name" required=true maxlength="120" autocomplete="name" data-autofocus="true"
                           value={(*name).clone()} oninput={{ let name = name.clone(); Callback::from(move |e| name.set(input_text(e))) }} />
                </label>
            }
            if asks("email") {
                <label class="field">
                    <span>{ texts.get("room.supportEmail") }</span>
                    <input class="text-field prechat-email" type="email" maxlength="120" autocomplete="email"
                           value={(*email).clone()} oninput={{ let email = email.clone(); Callback::from(move |e| email.set(input_text(e))) }} />
                </label>
            }
            if asks("department") && !props.departments.is_empty() {
                <div class="field">
                    <span id="confab-prechat-department">{ texts.get("room.supportDepartment") }</span>
                    <Menu class="prechat-department" label={texts.get("room.supportDepartment")}
                          current={Some(department.as_ref().map_or_else(|| texts.get("room.supportAnyDepartment"), |(_, name)| name.clone()))}
                          items={props.departments.iter().map(|(id, name)| MenuItem::radio(id.clone(), name.clone(), department.as_ref().is_some_and(|(chosen, _)| chosen == id))).collect::<Rc<[MenuItem]>>()}
                          on_pick={{
                              let (department, departments) = (department.clone(), props.departments.clone());
                              Callback::from(move |id: AttrValue| department.set(departments.iter().find(|(d, _)| *d == id).cloned()))
                          }} />
                </div>
            }
            if asks("consent") {
                <label class="choice prechat-consent">
                    <input type="checkbox" checked={*agreed} onchange={{ let agreed = agreed.clone(); Callback::from(move |_: Event| agreed.set(!*agreed)) }} />
                    { props.consent.clone() }
                </label>
            }
            if let Some(problem) = problem {
                <p class="support-problem" role="alert">{ problem }</p>
            }
            <div class="dialog-actions">
                <Button variant={Variant::Primary} submit=true class="prechat-start">{ texts.get("room.supportStart") }</Button>
            </div>
        </form>
    }
}

#[derive(Properties, PartialEq)]
struct MailFormProps {
    rid: AttrValue,
    /// What the form is for, above its field; without it, the field's placeholder says.
    #[prop_or_default]
    intro: Option<AttrValue>,
    /// The button's words.
    send: AttrValue,
}

/// An address to mail the conversation to: at once if it is closed, else once it closes (the
/// server decides, and says which).
#[function_component(MailForm)]
fn mail_form(props: &MailFormProps) -> Html {
    let client = use_client();
    let texts = use_texts();
    let email = use_state(String::new);
    let said = use_state(|| None::<AttrValue>);
    let onsubmit = {
        let (email, said, rid, texts) = (email.clone(), said.clone(), props.rid.clone(), texts.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let (rest, said, rid, address, texts) =
                (client.rest(), said.clone(), rid.clone(), email.trim().to_owned(), texts.clone());
            wasm_bindgen_futures::spawn_local(async move {
                said.set(Some(match rest.mail_transcript(&rid, &address).await {
                    Ok(answer) => AttrValue::from(answer),
                    Err(error) => AttrValue::from(texts.say(&error.problem())),
                }));
            });
        })
    };
    html! {
        <form class="mail-transcript" {onsubmit}>
            if let Some(intro) = props.intro.clone() {
                <p class="mail-intro" id="confab-mail-intro">{ intro }</p>
            }
            <input class="text-field" type="email" required=true maxlength="120" autocomplete="email"
                   aria-label={props.intro.clone().unwrap_or_else(|| texts.get("room.supportEmail"))}
                   placeholder={texts.get("room.supportEmail")}
                   value={(*email).clone()} oninput={{ let email = email.clone(); Callback::from(move |e| email.set(input_text(e))) }} />
            <Button submit=true>{ props.send.clone() }</Button>
            if let Some(said) = (*said).clone() {
                <p class="field-hint" role="status">{ said }</p>
            }
        </form>
    }
}

/// The visitor's rating, 1 to 5 stars (0 until chosen).
#[derive(Clone, Copy, PartialEq)]
struct Stars(u8);

#[derive(Properties, PartialEq)]
struct ClosingProps {
    rid: AttrValue,
    transcript: bool,
}

/// A closed conversation, for its visitor: a rating from one to five with a comment, and the
/// transcript to download or mail.
#[function_component(Closing)]
fn closing(props: &ClosingProps) -> Html {
    let client = use_client();
    let texts = use_texts();
    let rating = use_state(|| Stars(0));
    let comment = use_state(String::new);
    let rated = use_state(|| None::<AttrValue>);
    let download_button = use_node_ref();
    // Once the rating is sent its form is gone: the focus goes on to the transcript.
    use_focus_when(rated.is_some() && rating.0 > 0, download_button.clone());
    let rate = {
        let (rating, comment, rated, rid, client, texts) =
            (rating.clone(), comment.clone(), rated.clone(), props.rid.clone(), client.clone(), texts.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            if rating.0 == 0 {
                rated.set(Some(texts.get("room.supportPickRating")));
                return;
            }
            let (rest, rated, rid, texts) = (client.rest(), rated.clone(), rid.clone(), texts.clone());
            let (stars, words) = (rating.0, comment.trim().to_owned());
            wasm_bindgen_futures::spawn_local(async move {
                let said = match rest.rate_conversation(&rid, stars, &words).await {
                    Ok(()) => texts.get("room.supportThanks"),
                    Err(error) => AttrValue::from(texts.say(&error.problem())),
                };
                rated.set(Some(said));
            });
        })
    };
    let download = {
        let (client, rid) = (client.clone(), props.rid.clone());
        Callback::from(move |_: MouseEvent| {
            let path = format!("/api/v1/confab.livechat.transcript?rid={rid}");
            super::attachments::download(&client, path, format!("conversation-{rid}.txt"));
        })
    };
    let star = |n: u8| {
        let chosen = rating.0 >= n;
        let onclick = {
            let rating = rating.clone();
            Callback::from(move |_: MouseEvent| rating.set(Stars(n)))
        };
        html! {
            <button type="button" role="radio" class={classes!("rating-star", chosen.then_some("chosen"))}
                    aria-checked={if rating.0 == n { "true" } else { "false" }} aria-label={texts.fill("room.supportStars", &[("count", &u32::from(n).to_string())])}
                    tabindex={if rating.0 == n || (rating.0 == 0 && n == 1) { "0" } else { "-1" }} {onclick}>
                <svg viewBox="0 0 24 24" aria-hidden="true"><path d="M12 3.5l2.6 5.3 5.9.9-4.3 4.1 1 5.8-5.2-2.8-5.2 2.8 1-5.8-4.3-4.1 5.9-.9z" /></svg>
            </button>
        }
    };
    let on_stars_key = {
        let rating = rating.clone();
        Callback::from(move |event: KeyboardEvent| {
            let next = match event.key().as_str() {
                "ArrowRight" | "ArrowUp" => rating.0 + 1,
                "ArrowLeft" | "ArrowDown" => rating.0.saturating_sub(1).max(1),
                _ => return,
            };
            event.prevent_default();
            rating.set(Stars(next.min(5)));
            if let Some(group) =
                event.current_target().and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
            {
                let selector = format!("[role=radio]:nth-child({})", next.min(5));
                if let Ok(Some(star)) = group.query_selector(&selector) {
                    let _ = wasm_bindgen::JsCast::unchecked_into::<web_sys::HtmlElement>(star).focus();
                }
            }
        })
    };
    html! {
        <div class="support-card closing">
            <h2>{ texts.get("room.supportEnded") }</h2>
            if let Some(said) = (*rated).clone().filter(|_| rating.0 > 0) {
                <p class="support-said" role="status">{ said }</p>
            } else {
                <form class="rating-form" onsubmit={rate}>
                    <p class="rating-question" id="confab-rating-question">{ texts.get("room.supportRate") }</p>
                    <div class="rating-stars" role="radiogroup" aria-labelledby="confab-rating-question" onkeydown={on_stars_key}>
                        { for (1..=5).map(star) }
                    </div>
                    <label class="field">
                        <span>{ texts.get("room.supportComment") }</span>
                        <textarea class="text-field rating-comment" rows="2" maxlength="500" value={(*comment).clone()}
                                  oninput={{ let comment = comment.clone(); Callback::from(move |e| comment.set(area_text(e))) }} />
                    </label>
                    if let Some(said) = (*rated).clone() {
                        <p class="support-problem" role="alert">{ said }</p>
                    }
                    <div class="dialog-actions">
                        <Button variant={Variant::Primary} submit=true class="rating-send">{ texts.get("room.supportSendRating") }</Button>
                    </div>
                </form>
            }
            <div class="transcript-actions">
                <button ref={download_button} type="button" class="btn btn-secondary transcript-download" onclick={download}>
                    { texts.get("room.supportDownload") }
                </button>
                if props.transcript {
                    <MailForm rid={props.rid.clone()} send={texts.get("room.supportMail")} />
                }
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::Standing;

    #[test]
    fn a_conversation_reads_closed_or_unattended_from_its_notices() {
        let read = |kinds: &[Option<&str>]| Standing::of(kinds.iter().copied());
        let handed = Standing { handed: true, ..Standing::default() };
        assert_eq!(read(&[None]), Standing::default());
        assert_eq!(read(&[None, Some("livechat-queued")]), handed);
        assert_eq!(read(&[Some("livechat-queued"), Some("livechat-offline")]), Standing { unattended: true, ..handed });
        assert_eq!(read(&[Some("livechat-queued"), Some("livechat-offline"), Some("uj")]), handed);
        assert_eq!(read(&[None, Some("livechat-close")]), Standing { closed: true, handed: true, unattended: false });
    }
}
