//! `GET /api/v1/chat.search?roomId=&searchText=&count=&offset=`: a room's messages matching a
//! text, newest first, as Rocket.Chat answers it (`{messages, success}`). The text is words, all
//! of which must be found (the last one as a prefix, since it may still be being typed), and
//! Rocket.Chat's filters: `from:username` and `has:file` / `has:link`.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::Message;
use crate::json::{Fields, FromJson};

#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq, Eq)]
pub struct SearchQuery {
    #[serde(rename = "roomId")]
    pub room_id: String,
    #[serde(rename = "searchText")]
    pub search_text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offset: Option<u32>,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct SearchResponse {
    pub messages: Vec<Message>,
    pub success: bool,
}

impl FromJson for SearchResponse {
    fn from_json(value: &Value) -> Option<Self> {
        let f = Fields::of(value)?;
        Some(Self { messages: f.get("messages")?, success: f.get("success")? })
    }
}

/// What a search text asks for: the words to find and the filters.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SearchText {
    pub words: Vec<String>,
    /// `from:username` (without the `@`).
    pub from: Option<String>,
    pub has_file: bool,
    pub has_link: bool,
}

/// Longest search text accepted.
pub const MAX_SEARCH_TEXT: usize = 200;

impl SearchText {
    /// Reads a search text; filters it does not know are searched as words. Control
    /// characters (a NUL among them) separate words as spaces do: no message text holds one,
    /// and a full-text query would read one as its end.
    pub fn parse(text: &str) -> Self {
        let mut read = Self::default();
        for token in text.split(|c: char| c.is_whitespace() || c.is_control()).filter(|t| !t.is_empty()) {
            match token.split_once(':') {
                Some(("from", name)) if !name.is_empty() => read.from = Some(name.trim_start_matches('@').to_owned()),
                Some(("has", "file")) => read.has_file = true,
                Some(("has", "link")) => read.has_link = true,
                _ => read.words.push(token.to_owned()),
            }
        }
        read
    }

    /// The words that can be found: those with a letter or digit.
    pub fn searchable_words(&self) -> Vec<&str> {
        self.words.iter().map(String::as_str).filter(|w| w.chars().any(char::is_alphanumeric)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_and_filters_are_told_apart() {
        let read = SearchText::parse("  release notes from:@alice has:file is:odd ");
        assert_eq!(read.words, ["release", "notes", "is:odd"]);
        assert_eq!(read.from.as_deref(), Some("alice"));
        assert!(read.has_file && !read.has_link);
    }

    #[test]
    fn control_characters_separate_words() {
        assert_eq!(SearchText::parse("a\u{0}b\u{7}c\u{1b}[0m").words, ["a", "b", "c", "[0m"]);
    }

    #[test]
    fn words_without_a_letter_or_digit_are_not_searched() {
        assert_eq!(SearchText::parse("!!! ... a-b").searchable_words(), ["a-b"]);
        assert!(SearchText::parse("from:bob").searchable_words().is_empty());
    }
}
