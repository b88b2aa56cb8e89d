//! The support team's bar in a conversation it serves: forward it to a colleague or a
//! department's queue, or close it with a comment; and the note that stands where the composer
//! was once it is closed.

use std::rc::Rc;

use serde_json::Value;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use confab_core::components::focus::use_focus_when;
use confab_core::components::use_client;
use confab_core::i18n::use_texts;
use confab_core::ui::{Button, Menu, MenuItem, Variant};

fn area_text(event: InputEvent) -> String {
    event.target_unchecked_into::<HtmlTextAreaElement>().value()
}

#[derive(Properties, PartialEq)]
pub struct StaffBarProps {
    pub rid: AttrValue,
    pub closed: bool,
    pub children: Html,
}

/// For the team member serving it: forward to a colleague, or close with a comment.
#[function_component(StaffBar)]
pub fn staff_bar(props: &StaffBarProps) -> Html {
    let client = use_client();
    let texts = use_texts();
    let team = use_state(|| Rc::new(Vec::<Value>::new()));
    let departments = use_state(|| Rc::new(Vec::<Value>::new()));
    let closing = use_state(|| false);
    let comment = use_state(String::new);
    let problem = use_state(|| None::<AttrValue>);
    let close_button = use_node_ref();
    let comment_field = use_node_ref();
    let closed_here = use_state(|| false);
    // The form takes the focus when it opens.
    use_focus_when(*closing, comment_field.clone());
    {
        let (client, team, departments) = (client.clone(), team.clone(), departments.clone());
        use_effect_with(props.rid.clone(), move |_| {
            let rest = client.rest();
            wasm_bindgen_futures::spawn_local(async move {
                let (colleagues, queues) = futures::join!(rest.support_team(), rest.departments());
                if let Ok(read) = colleagues {
                    team.set(Rc::new(read));
                }
                if let Ok(read) = queues {
                    departments.set(Rc::new(read));
                }
            });
        });
    }
    if props.closed {
        return html! { <ClosedNote focus={*closed_here} /> };
    }
    let me = client.me().id.clone();
    // Colleagues first, then the departments' queues; a key says which (`userId:…`, `departmentId:…`).
    let targets: Rc<[MenuItem]> = team
        .iter()
        .filter(|user| user["_id"].as_str() != Some(me.as_str()))
        .map(|user| {
            let name = user["name"].as_str().or(user["username"].as_str()).unwrap_or_default().to_owned();
            MenuItem::action(format!("userId:{}", user["_id"].as_str().unwrap_or_default()), name)
        })
        .chain(departments.iter().filter(|d| d["enabled"].as_bool() != Some(false)).map(|department| {
            let name = department["name"].as_str().unwrap_or_default();
            let label = texts.fill("room.supportForwardToQueue", &[("department", name)]);
            MenuItem::action(format!("departmentId:{}", department["_id"].as_str().unwrap_or_default()), label)
        }))
        .collect();
    let on_forward = {
        let (client, rid, problem, texts) = (client.clone(), props.rid.clone(), problem.clone(), texts.clone());
        Callback::from(move |target: AttrValue| {
            let (rest, rid, problem, texts) = (client.rest(), rid.clone(), problem.clone(), texts.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let Some(to) = target.split_once(':') else { return };
                if let Err(error) = rest.forward(&rid, to).await {
                    problem.set(Some(AttrValue::from(texts.say(&error.problem()))));
                }
            });
        })
    };
    let on_close = {
        let (client, rid, comment, problem, closed_here, texts) =
            (client.clone(), props.rid.clone(), comment.clone(), problem.clone(), closed_here.clone(), texts.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let (rest, rid, words, problem, closed_here, texts) = (
                client.rest(),
                rid.clone(),
                comment.trim().to_owned(),
                problem.clone(),
                closed_here.clone(),
                texts.clone(),
            );
            wasm_bindgen_futures::spawn_local(async move {
                match rest.close_conversation(&rid, &words).await {
                    Ok(()) => closed_here.set(true),
                    Err(error) => problem.set(Some(AttrValue::from(texts.say(&error.problem())))),
                }
            });
        })
    };
    let cancel = {
        let (closing, close_button) = (closing.clone(), close_button.clone());
        Callback::from(move |_: MouseEvent| {
            closing.set(false);
            // The focus goes back to the button that opened the form.
            let button = close_button.clone();
            yew::platform::spawn_local(async move {
                if let Some(button) = button.cast::<web_sys::HtmlElement>() {
                    let _ = button.focus();
                }
            });
        })
    };
    html! {
        <>
            <div class="support-card staff-bar">
                if *closing {
                    <form class="close-form" onsubmit={on_close}>
                        <label class="field">
                            <span>{ texts.get("room.supportClosingComment") }</span>
                            <textarea ref={comment_field} class="text-field close-comment" rows="2" maxlength="500" value={(*comment).clone()}
                                      oninput={{ let comment = comment.clone(); Callback::from(move |e| comment.set(area_text(e))) }} />
                        </label>
                        <div class="dialog-actions">
                            <Button variant={Variant::Quiet} onclick={cancel}>{ texts.get("room.supportCancel") }</Button>
                            <Button variant={Variant::Danger} submit=true class="close-confirm">{ texts.get("room.supportClose") }</Button>
                        </div>
                    </form>
                } else {
                    <span class="staff-bar-label">{ texts.get("room.supportServing") }</span>
                    if !targets.is_empty() {
                        <Menu class="support-forward" label={texts.get("room.supportForward")} current={Some(texts.get("room.supportForward"))}
                              items={targets} on_pick={on_forward} />
                    }
                    <button ref={close_button} type="button" class="btn btn-secondary close-conversation"
                            onclick={{ let closing = closing.clone(); Callback::from(move |_: MouseEvent| closing.set(true)) }}>
                        { texts.get("room.supportClose") }
                    </button>
                }
                if let Some(problem) = (*problem).clone() {
                    <p class="support-problem" role="alert">{ problem }</p>
                }
            </div>
            { props.children.clone() }
        </>
    }
}

/// Where the composer was, once the conversation is closed. It takes the focus when this view's
/// own close did it, so the focus is not lost with the form.
#[derive(Properties, PartialEq)]
struct ClosedNoteProps {
    focus: bool,
}

#[function_component(ClosedNote)]
fn closed_note(props: &ClosedNoteProps) -> Html {
    let texts = use_texts();
    let note = use_node_ref();
    use_focus_when(props.focus, note.clone());
    html! { <p ref={note} class="composer-refused support-closed" role="status" tabindex="-1">{ texts.get("room.supportClosedNote") }</p> }
}
