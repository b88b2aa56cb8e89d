//! Suggestions while writing: `@` offers the room's members, `#` the user's rooms, `:` emoji
//! shortcodes. The token being completed is found from the caret; choosing a suggestion
//! replaces it.

use std::rc::Rc;

use crate::parts::EmojiTable;
use confab_core::components::avatar::{Pictures, avatar};
use confab_core::i18n::use_texts;
use yew::prelude::*;

/// What is being completed: the trigger character, where its token starts (in bytes) and what
/// has been typed after the trigger.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    pub trigger: char,
    pub start: usize,
    pub query: String,
}

/// The token the caret (a byte offset) sits at the end of, if it starts with a trigger at the
/// start of the text or after whitespace. Emoji need two characters before suggesting.
pub fn token_at(text: &str, caret: usize) -> Option<Token> {
    let before = text.get(..caret)?;
    let start = before
        .rfind(|c: char| c.is_whitespace())
        .map_or(0, |i| i + before[i..].chars().next().map_or(1, char::len_utf8));
    let word = &before[start..];
    let trigger = word.chars().next()?;
    let query = &word[trigger.len_utf8()..];
    let valid = query.chars().all(|c| c.is_alphanumeric() || "._-+".contains(c));
    match trigger {
        '@' | '#' if valid => Some(Token { trigger, start, query: query.to_owned() }),
        ':' if valid && query.chars().count() >= 2 => Some(Token { trigger, start, query: query.to_owned() }),
        _ => None,
    }
}

/// `text` with `token` replaced by `replacement` and a space; returns the new text and caret.
pub fn complete(text: &str, token: &Token, caret: usize, replacement: &str) -> (String, usize) {
    let mut out = String::with_capacity(text.len() + replacement.len() + 1);
    out.push_str(&text[..token.start]);
    out.push_str(replacement);
    out.push(' ');
    let caret_after = out.len();
    out.push_str(text.get(caret..).unwrap_or_default());
    (out, caret_after)
}

/// One suggestion: what is shown, and what replaces the token.
#[derive(Clone, Debug, PartialEq)]
pub struct Suggestion {
    pub label: String,
    pub detail: String,
    pub insert: String,
    pub face: Face,
}

/// The avatar a suggestion shows.
#[derive(Clone, Debug, PartialEq)]
pub enum Face {
    /// A person's picture, by username.
    Person(String),
    /// A room's initials, by name.
    Room(String),
    None,
}

#[derive(Properties, PartialEq)]
pub struct SuggestionsProps {
    pub items: Vec<Suggestion>,
    pub selected: usize,
    pub on_choose: Callback<usize>,
}

#[function_component(Suggestions)]
pub fn suggestions(props: &SuggestionsProps) -> Html {
    let texts = use_texts();
    let pictures = use_context::<Rc<Pictures>>().unwrap_or_default();
    if props.items.is_empty() {
        return html! {};
    }
    html! {
        <ul class="suggestions" role="listbox" aria-label={texts.get("composer.suggestions")}>
            { for props.items.iter().enumerate().map(|(index, item)| {
                let on_choose = props.on_choose.clone();
                let selected = index == props.selected;
                html! {
                    <li role="option" aria-selected={selected.to_string()} class={classes!("suggestion", selected.then_some("selected"))}
                        onmousedown={Callback::from(move |event: MouseEvent| { event.prevent_default(); on_choose.emit(index) })}>
                        { match &item.face {
                            Face::Person(name) => avatar(name, pictures.of(name)),
                            Face::Room(name) => avatar(name, None),
                            Face::None => html! {},
                        } }
                        <span class="suggestion-label">{ item.label.clone() }</span>
                        <span class="suggestion-detail">{ item.detail.clone() }</span>
                    </li>
                }
            }) }
        </ul>
    }
}

/// Suggestions for `token`: members for `@`, rooms for `#`, emoji for `:` (once the emoji table
/// is there) — at most eight.
pub fn suggestions_for(
    token: &Token,
    members: &[confab_protocol::User],
    rooms: &confab_core::state::RoomList,
    emoji: Option<EmojiTable>,
) -> Vec<Suggestion> {
    const LIMIT: usize = 8;
    let query = token.query.to_lowercase();
    match token.trigger {
        '@' => members
            .iter()
            .filter(|u| {
                u.username.to_lowercase().contains(&query)
                    || u.name.as_deref().is_some_and(|n| n.to_lowercase().contains(&query))
            })
            .take(LIMIT)
            .map(|u| Suggestion {
                label: format!("@{}", u.username),
                detail: u.name.clone().unwrap_or_default(),
                insert: format!("@{}", u.username),
                face: Face::Person(u.username.clone()),
            })
            .collect(),
        '#' => rooms
            .entries
            .iter()
            .map(|e| &e.subscription)
            .filter(|s| s.t != confab_protocol::RoomType::Direct && s.name.to_lowercase().contains(&query))
            .take(LIMIT)
            .map(|s| Suggestion {
                label: format!("#{}", s.name),
                detail: s.display_name().to_owned(),
                insert: format!("#{}", s.name),
                face: Face::Room(s.name.clone()),
            })
            .collect(),
        _ => emoji
            .map(|table| (table.search)(&query))
            .unwrap_or_default()
            .into_iter()
            .take(LIMIT)
            .map(|(code, emoji)| Suggestion {
                label: format!("{emoji} :{code}:"),
                detail: String::new(),
                insert: format!(":{code}:"),
                face: Face::None,
            })
            .collect(),
    }
}

/// The byte offset in `text` of a UTF-16 offset (what the DOM reports for the caret).
pub fn byte_offset(text: &str, utf16: usize) -> usize {
    let mut units = 0;
    for (at, c) in text.char_indices() {
        if units >= utf16 {
            return at;
        }
        units += c.len_utf16();
    }
    text.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_start_at_a_trigger_after_whitespace_and_end_at_the_caret() {
        let token = |text: &str| token_at(text, text.len());
        assert_eq!(token("hi @al"), Some(Token { trigger: '@', start: 3, query: "al".into() }));
        assert_eq!(token("@"), Some(Token { trigger: '@', start: 0, query: String::new() }));
        assert_eq!(token("see #gen"), Some(Token { trigger: '#', start: 4, query: "gen".into() }));
        assert_eq!(token("nice :sm"), Some(Token { trigger: ':', start: 5, query: "sm".into() }));
        assert_eq!(token("nice :s"), None, "emoji wait for two characters");
        assert_eq!(token("mail a@b"), None, "an @ inside a word is no mention");
        assert_eq!(token("@al "), None, "a space ends the token");
        assert_eq!(token("12:30"), None);
        assert_eq!(token_at("@al rest", 3), Some(Token { trigger: '@', start: 0, query: "al".into() }));
        assert_eq!(token("ünï @ål"), Some(Token { trigger: '@', start: 6, query: "ål".into() }));
    }

    #[test]
    fn completing_replaces_the_token_and_keeps_the_rest() {
        let text = "hi @al and more";
        let token = token_at(text, 6).unwrap();
        assert_eq!(complete(text, &token, 6, "@alice"), ("hi @alice  and more".to_owned(), 10));
    }
}
