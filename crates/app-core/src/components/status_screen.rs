//! A whole-app screen for starting up and for failures: a title and a sentence, never raw errors.
//! A plain function, not a component: it has no state, and a component would cost the core its
//! own compiled machinery.

use yew::prelude::*;

/// The screen; `busy` while starting (a status the screen reader announces politely), else an
/// alert.
pub fn status_screen(title: AttrValue, message: Option<AttrValue>, busy: bool) -> Html {
    html! {
        <main class="status-screen">
            <div role={if busy { "status" } else { "alert" }} aria-busy={busy.to_string()}>
                <h1>{ title }</h1>
                if let Some(message) = message {
                    <p>{ message }</p>
                }
            </div>
        </main>
    }
}
