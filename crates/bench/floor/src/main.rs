//! The smallest app on Confab's stack that does what every chat view does: decode JSON into
//! typed values and render them as a keyed list that changes on a click. Its size is what Yew,
//! serde and the standard library cost before any feature of Confab's.

use serde::Deserialize;
use yew::prelude::*;

#[derive(Deserialize, Clone, PartialEq)]
struct Item {
    id: String,
    text: String,
}

#[function_component]
fn App() -> Html {
    let items = use_state(Vec::<Item>::new);
    let load = {
        let items = items.clone();
        Callback::from(move |_: MouseEvent| {
            let decoded: Vec<Item> = serde_json::from_str(r#"[{"id":"1","text":"hello"}]"#).unwrap_or_default();
            items.set(decoded);
        })
    };
    html! {
        <main>
            <button onclick={load}>{ "Load" }</button>
            <ul>{ for items.iter().map(|item| html! { <li key={item.id.clone()}>{ &item.text }</li> }) }</ul>
        </main>
    }
}

fn main() {
    yew::Renderer::<App>::new().render();
}
