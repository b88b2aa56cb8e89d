//! The message markup tree (`md`), in the node shapes of Rocket.Chat's message grammar
//! (`@rocket.chat/message-parser`): what a Rocket.Chat server sends with every message, and what
//! the app renders. Every node type of the grammar deserializes here, and serializes back to
//! the same JSON.

use serde::{Deserialize, Serialize};

mod build;
mod chars;
mod grammar;
mod hosts;
mod quote_links;
mod read;

pub use quote_links::without_quote_links;

/// The parser's switches, as Rocket.Chat passes them to its parser.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// `color:#rrggbb` becomes a colour swatch.
    pub colors: bool,
    /// `:)` and friends become emoji.
    pub emoticons: bool,
    /// `$...$` and `$$...$$` are KaTeX.
    pub katex_dollar: bool,
    /// `\(...\)` and `\[...\]` are KaTeX.
    pub katex_parenthesis: bool,
    /// Intranet names that autolink although they are not on the Public Suffix List.
    pub custom_domains: Vec<String>,
    /// The current time in seconds since the epoch, which `<t:HH:MM>` timestamps are relative to.
    pub now_seconds: i64,
}

impl Options {
    /// What Confab's server uses for every stored message.
    pub fn confab(now_seconds: i64) -> Self {
        Self {
            colors: true,
            emoticons: true,
            katex_dollar: false,
            katex_parenthesis: true,
            custom_domains: Vec::new(),
            now_seconds,
        }
    }

    /// `<t:HH:MM[:SS][±hh:mm]>`: that time today (UTC).
    fn today_at(&self, hours: i64, minutes: i64, seconds: i64, zone: Option<&str>) -> String {
        let day = self.now_seconds.div_euclid(86_400);
        let midnight = day * 86_400;
        let valid = hours <= 24 && minutes <= 59 && seconds <= 59;
        let offset = zone.and_then(|z| build::epoch_seconds((1970, 1, 1), (0, 0, 0), Some(z)));
        let total = valid.then(|| midnight + hours * 3600 + minutes * 60 + seconds + offset.unwrap_or(0));
        build::js_seconds(total)
    }
}

/// Parses message text into its markup tree, or `None` where the grammar has no tree for it
/// (the empty message).
pub fn parse(text: &str, options: &Options) -> Option<Root> {
    let guards = grammar::Guards::default();
    grammar::markup::start(text, options, &guards, text).ok()
}

/// The UTF-16 offset of byte offset `byte` in `text`: source ranges count as JavaScript does.
fn utf16_offset(text: &str, byte: usize) -> usize {
    text.get(..byte).map_or(0, |prefix| prefix.encode_utf16().count())
}

/// A message's tree: blocks (paragraphs, code, quotes, lists, ...), or one `BIG_EMOJI`.
pub type Root = Vec<Node>;

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[serde(tag = "type", rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Node {
    Paragraph {
        value: Vec<Node>,
    },
    PlainText {
        value: String,
    },
    Bold {
        value: Vec<Node>,
    },
    Italic {
        value: Vec<Node>,
    },
    Strike {
        value: Vec<Node>,
    },
    Spoiler {
        value: Vec<Node>,
    },
    InlineCode {
        value: Box<Node>,
    },
    Code {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        language: Option<String>,
        value: Vec<Node>,
    },
    CodeLine {
        value: Box<Node>,
    },
    Heading {
        level: u8,
        value: Vec<Node>,
    },
    Quote {
        value: Vec<Node>,
    },
    SpoilerBlock {
        value: Vec<Node>,
    },
    Link {
        value: LinkValue,
    },
    Image {
        value: ImageValue,
    },
    MentionUser {
        value: Box<Node>,
    },
    MentionChannel {
        value: Box<Node>,
    },
    /// A `:shortcode:` or emoticon (`value` is its text), or a Unicode emoji (`unicode`).
    Emoji {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        value: Option<Box<Node>>,
        #[serde(rename = "shortCode", default, skip_serializing_if = "Option::is_none")]
        short_code: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        unicode: Option<String>,
    },
    /// A message of one to three emoji and nothing else.
    BigEmoji {
        value: Vec<Node>,
    },
    Color {
        value: Rgba,
    },
    Tasks {
        value: Vec<Node>,
    },
    Task {
        status: bool,
        value: Vec<Node>,
    },
    OrderedList {
        value: Vec<Node>,
    },
    UnorderedList {
        value: Vec<Node>,
    },
    ListItem {
        value: Vec<Node>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        number: Option<u32>,
    },
    LineBreak,
    HorizontalRule {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        fallback: Option<Fallback>,
    },
    Katex {
        value: String,
    },
    InlineKatex {
        value: String,
    },
    Timestamp {
        value: TimestampValue,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        fallback: Option<Fallback>,
    },
    Table {
        value: TableValue,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        fallback: Option<Fallback>,
    },
    TableRow {
        value: Vec<Node>,
    },
    TableCell {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        align: Option<String>,
        value: Vec<Node>,
    },
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct LinkValue {
    /// A `PLAIN_TEXT` node holding the target.
    pub src: Box<Node>,
    pub label: Label,
}

/// A link's label: one node or several (newer parsers always send several).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[serde(untagged)]
pub enum Label {
    Many(Vec<Node>),
    One(Box<Node>),
}

impl Label {
    pub fn nodes(&self) -> &[Node] {
        match self {
            Self::Many(nodes) => nodes,
            Self::One(node) => std::slice::from_ref(node),
        }
    }
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct ImageValue {
    pub src: Box<Node>,
    pub label: Box<Node>,
}

#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rgba {
    pub r: u8,
    pub g: u8,
    pub b: u8,
    pub a: u8,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct TimestampValue {
    /// Seconds since the epoch, as text.
    pub timestamp: String,
    /// `t`, `T`, `d`, `D`, `f`, `F` or `R` (relative).
    pub format: String,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct TableValue {
    pub header: Vec<Node>,
    pub rows: Vec<Node>,
}

/// What to show if a block cannot be rendered: the source's character range, or plain text.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[serde(untagged)]
pub enum Fallback {
    Range([usize; 2]),
    Plain(Box<Node>),
}

/// The addresses a tree links to, in order, each once: what the server previews and reads
/// quotes from.
pub fn links(root: &[Node]) -> Vec<String> {
    fn walk(nodes: &[Node], found: &mut Vec<String>) {
        for node in nodes {
            match node {
                Node::Link { value } => {
                    let address = value.src.text();
                    if !found.contains(&address) {
                        found.push(address);
                    }
                }
                Node::Paragraph { value }
                | Node::Bold { value }
                | Node::Italic { value }
                | Node::Strike { value }
                | Node::Spoiler { value }
                | Node::Heading { value, .. }
                | Node::Quote { value }
                | Node::SpoilerBlock { value }
                | Node::Tasks { value }
                | Node::Task { value, .. }
                | Node::OrderedList { value }
                | Node::UnorderedList { value }
                | Node::ListItem { value, .. }
                | Node::TableRow { value }
                | Node::TableCell { value, .. } => walk(value, found),
                Node::Table { value, .. } => {
                    walk(&value.header, found);
                    walk(&value.rows, found);
                }
                _ => {}
            }
        }
    }
    let mut found = Vec::new();
    walk(root, &mut found);
    found
}

impl Node {
    pub fn plain(text: impl Into<String>) -> Self {
        Self::PlainText { value: text.into() }
    }

    /// The node's text as a reader would see it without formatting.
    pub fn text(&self) -> String {
        let mut out = String::new();
        self.write_text(&mut out);
        out
    }

    fn write_text(&self, out: &mut String) {
        let all = |nodes: &[Node], out: &mut String| nodes.iter().for_each(|n| n.write_text(out));
        match self {
            Self::PlainText { value } | Self::Katex { value } | Self::InlineKatex { value } => out.push_str(value),
            Self::Paragraph { value }
            | Self::Bold { value }
            | Self::Italic { value }
            | Self::Strike { value }
            | Self::Spoiler { value }
            | Self::Heading { value, .. }
            | Self::Quote { value }
            | Self::SpoilerBlock { value }
            | Self::BigEmoji { value }
            | Self::Tasks { value }
            | Self::Task { value, .. }
            | Self::OrderedList { value }
            | Self::UnorderedList { value }
            | Self::ListItem { value, .. }
            | Self::TableRow { value }
            | Self::TableCell { value, .. }
            | Self::Code { value, .. } => all(value, out),
            Self::InlineCode { value } | Self::CodeLine { value } => value.write_text(out),
            Self::MentionUser { value } => {
                out.push('@');
                value.write_text(out);
            }
            Self::MentionChannel { value } => {
                out.push('#');
                value.write_text(out);
            }
            Self::Link { value } => all(value.label.nodes(), out),
            Self::Image { value } => value.label.write_text(out),
            Self::Emoji { value, short_code, unicode } => match (unicode, value, short_code) {
                (Some(unicode), _, _) => out.push_str(unicode),
                (None, Some(value), _) => value.write_text(out),
                (None, None, Some(code)) => out.push_str(&format!(":{code}:")),
                (None, None, None) => {}
            },
            Self::Table { value, .. } => {
                all(&value.header, out);
                all(&value.rows, out);
            }
            Self::Color { .. } | Self::LineBreak | Self::HorizontalRule { .. } | Self::Timestamp { .. } => {}
        }
    }
}
