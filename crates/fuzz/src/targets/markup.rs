//! The message markup parser, on text made of the grammar's own constructs and the characters
//! it treats specially: it never panics, parses the same text the same way every time, and
//! every tree it makes reads back the same through serde and through the app's hand-written
//! reader. (What it makes of a text is held to Rocket.Chat's parser by the protocol crate's
//! differential test.)

use arbitrary::Arbitrary;
use confab_protocol::json::FromJson;
use confab_protocol::markup::{Options, Root, links, parse};

/// Pieces of message text: every construct of the grammar and what interacts with it.
const PIECES: &[&str] = &[
    "*",
    "_",
    "~",
    "`",
    "```",
    "**",
    "__",
    "||",
    ":",
    "@",
    "#",
    "|",
    "(",
    ")",
    "[",
    "]",
    "<",
    ">",
    "!",
    "\\",
    "-",
    "+",
    "$",
    "$$",
    "\\(",
    "\\)",
    "\\[",
    "\\]",
    "> ",
    "# ",
    "- ",
    "1. ",
    "- [ ] ",
    "- [x] ",
    "---",
    "\n",
    " ",
    "hello",
    "x_y",
    "a*b",
    "@alice",
    "#general",
    ":smile:",
    ":)",
    ";)",
    "<3",
    "😀",
    "ünï",
    "日本",
    "https://",
    "http://",
    "mailto:",
    "example.com",
    "rocket.chat",
    "me@example.com",
    "+15551234567",
    "[l](https://a.io)",
    "<https://a.io|x>",
    "color:#abc",
    "<t:1630360800:R>",
    "<t:12:30>",
    "|a|b|\n|-|-|\n|1|2|",
];

#[derive(Arbitrary, Debug)]
pub enum Piece {
    Known(u8),
    Text(String),
    Char(char),
}

#[derive(Arbitrary, Debug)]
pub struct Input {
    pieces: Vec<Piece>,
    colors: bool,
    emoticons: bool,
    katex_dollar: bool,
    katex_parenthesis: bool,
}

/// A message is at most 5,000 characters (the server's default).
const MAX_CHARS: usize = 5_000;

pub fn check(input: &Input) {
    let mut text = String::new();
    for piece in &input.pieces {
        match piece {
            Piece::Known(n) => text.push_str(PIECES[usize::from(*n) % PIECES.len()]),
            Piece::Text(more) => text.push_str(more),
            Piece::Char(c) => text.push(*c),
        }
    }
    let text: String = text.chars().take(MAX_CHARS).collect();
    let options = Options {
        colors: input.colors,
        emoticons: input.emoticons,
        katex_dollar: input.katex_dollar,
        katex_parenthesis: input.katex_parenthesis,
        ..Options::confab(1_700_000_000)
    };
    let Some(root) = parse(&text, &options) else { return };
    let json = serde_json::to_value(&root).expect("a tree serializes");
    let by_serde: Root = serde_json::from_value(json.clone()).unwrap_or_else(|e| panic!("serde reads {json}: {e}"));
    assert_eq!(by_serde, root, "serde reads back the tree of {text:?}");
    assert_eq!(Root::from_json(&json).as_ref(), Some(&root), "the hand reader reads back the tree of {text:?}");
    assert_eq!(parse(&text, &options).as_ref(), Some(&root), "the same text parses the same: {text:?}");
    assert_eq!(links(&root), links(&by_serde));
}
