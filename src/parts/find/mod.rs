//! The find part: a room's message search (or a search over all the user's rooms, grouped by
//! room), its pinned messages and the reader's starred ones, in one panel beside the room.
//! Every entry opens its message in place, however old (see `services::chat::jump`). Fetched the
//! first time the panel opens, or when the browser is idle.

mod found;
mod marked;
mod search;

use confab_core::ui::SidePanel;
use yew::prelude::*;

/// What the panel shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Finding {
    Search,
    Pinned,
    Starred,
}

#[derive(Properties, Clone, PartialEq)]
pub struct FindProps {
    /// The room shown beside the panel.
    pub rid: AttrValue,
    pub finding: Finding,
    pub on_close: Callback<()>,
    /// Shows another of the three, from the panel's own tabs.
    pub on_switch: Callback<Finding>,
    /// Opens message `.1` of room `.0`.
    pub on_open: Callback<(String, String)>,
}

/// The part's strings, which came with it.
fn strings() {
    confab_core::i18n::catalog::add_part_strings(include_str!(concat!(env!("OUT_DIR"), "/parts/find.json")));
}

pub fn panel(props: FindProps) -> Html {
    strings();
    html! {
        <>
            <style>{ include_str!(concat!(env!("OUT_DIR"), "/find.css")) }</style>
            <Panel ..props />
        </>
    }
}

#[function_component(Panel)]
fn panel_view(props: &FindProps) -> Html {
    let texts = confab_core::i18n::use_texts();
    let (title, body) = match props.finding {
        Finding::Search => {
            ("find.search", html! { <search::Search rid={props.rid.clone()} on_open={props.on_open.clone()} /> })
        }
        Finding::Pinned => (
            "find.pinned",
            html! { <marked::Marked rid={props.rid.clone()} starred={false} on_open={props.on_open.clone()} /> },
        ),
        Finding::Starred => (
            "find.starred",
            html! { <marked::Marked rid={props.rid.clone()} starred={true} on_open={props.on_open.clone()} /> },
        ),
    };
    html! {
        <SidePanel class="find-panel" title={texts.get(title)} close_label={texts.get("find.close")} close_class="close-find"
                   on_close={props.on_close.clone()}>
            <div class="find-switch" role="group" aria-label={texts.get("find.show")}>
                { for [(Finding::Search, "find.search"), (Finding::Pinned, "find.pinned"), (Finding::Starred, "find.starred")].into_iter().map(|(what, key)| html! {
                    <button type="button" class="find-tab" data-finding={key} aria-pressed={(props.finding == what).to_string()}
                            onclick={props.on_switch.reform(move |_: MouseEvent| what)}>{ texts.get(key) }</button>
                }) }
            </div>
            { body }
        </SidePanel>
    }
}
