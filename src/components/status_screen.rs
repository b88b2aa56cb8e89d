//! A whole-app screen for starting up and for failures: a title and a sentence, never raw errors.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct StatusScreenProps {
    pub title: AttrValue,
    #[prop_or_default]
    pub message: Option<AttrValue>,
    #[prop_or_default]
    pub busy: bool,
}

#[function_component(StatusScreen)]
pub fn status_screen(props: &StatusScreenProps) -> Html {
    html! {
        <main class="status-screen">
            <div role={if props.busy { "status" } else { "alert" }} aria-busy={props.busy.to_string()}>
                <h1>{ props.title.clone() }</h1>
                if let Some(message) = &props.message {
                    <p>{ message.clone() }</p>
                }
            </div>
        </main>
    }
}
