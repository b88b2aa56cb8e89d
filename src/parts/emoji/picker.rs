//! A compact emoji picker: a search box over shortcodes and a grid of matches. Keyboard first:
//! the search box takes focus, arrow keys move through the grid, Tab stays inside, Escape
//! closes, every emoji is a button.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use confab_core::components::focus;
use confab_core::i18n::use_texts;

/// Emoji in a row of the grid (as `styles/app.css` lays it out).
const COLUMNS: isize = 8;

/// Emoji offered before the user types anything.
const FAVOURITES: &[&str] =
    &["+1", "heart", "joy", "tada", "eyes", "pray", "fire", "white_check_mark", "thinking", "rocket"];
/// Matches shown at most.
const MAX_MATCHES: usize = 40;

/// Shortcodes containing `term`, closest first; favourites when it is empty.
pub fn search(term: &str) -> Vec<(&'static str, &'static str)> {
    let term = term.trim().trim_matches(':').to_lowercase();
    if term.is_empty() {
        return FAVOURITES.iter().filter_map(|code| gh_emoji::get(code).map(|emoji| (*code, emoji))).collect();
    }
    let mut matches: Vec<(&'static str, &'static str)> =
        gh_emoji::all().filter(|(code, _)| code.contains(&term)).collect();
    // Shortest (closest) names first, then alphabetically, so results are stable.
    matches.sort_by(|a, b| a.0.len().cmp(&b.0.len()).then(a.0.cmp(b.0)));
    matches.truncate(MAX_MATCHES);
    matches
}

#[derive(Properties, PartialEq, Clone)]
pub struct EmojiPickerProps {
    /// Called with the chosen shortcode.
    pub on_pick: Callback<String>,
    pub on_close: Callback<()>,
}

#[function_component(EmojiPicker)]
pub fn emoji_picker(props: &EmojiPickerProps) -> Html {
    let texts = use_texts();
    let term = use_state(String::new);
    let input = use_node_ref();
    let dialog = use_node_ref();
    {
        let input = input.clone();
        use_effect_with((), move |_| {
            if let Some(input) = input.cast::<HtmlInputElement>() {
                let _ = input.focus();
            }
        });
    }
    let oninput = {
        let term = term.clone();
        Callback::from(move |event: InputEvent| term.set(event.target_unchecked_into::<HtmlInputElement>().value()))
    };
    let onkeydown = {
        let (on_close, dialog) = (props.on_close.clone(), dialog.clone());
        Callback::from(move |event: KeyboardEvent| {
            if event.key() == "Escape" {
                event.prevent_default();
                event.stop_propagation();
                on_close.emit(());
            } else if let Some(dialog) = dialog.cast::<web_sys::Element>() {
                focus::trap_tab(&event, &dialog);
                focus::move_in_grid(&event, &dialog, ".emoji-choice", COLUMNS);
            }
        })
    };
    let matches = search(&term);
    html! {
        <div class="emoji-picker" role="dialog" aria-label={texts.get("emoji.label")} ref={dialog} onkeydown={onkeydown}>
            <input ref={input} type="search" class="emoji-search" placeholder={texts.get("emoji.search")} aria-label={texts.get("emoji.search")}
                   value={(*term).clone()} {oninput} />
            <div class="emoji-grid">
                { for matches.into_iter().map(|(code, emoji)| {
                    let on_pick = props.on_pick.clone();
                    html! {
                        <button type="button" class="emoji-choice" title={format!(":{code}:")} aria-label={code.to_owned()}
                                onclick={Callback::from(move |_| on_pick.emit(code.to_owned()))}>{ emoji }</button>
                    }
                }) }
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::search;

    #[test]
    fn the_search_finds_shortcodes_and_offers_favourites_when_empty() {
        assert!(search("").iter().any(|(code, _)| *code == "+1"));
        assert!(search("rock").iter().any(|(code, emoji)| *code == "rocket" && *emoji == "🚀"));
        assert!(search(":tada:").iter().any(|(code, _)| *code == "tada"));
        assert!(search("zzzzzz-nothing").is_empty());
        assert!(search("a").len() <= 40);
    }
}
