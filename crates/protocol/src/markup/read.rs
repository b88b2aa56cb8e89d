//! Reading a markup tree by hand (see [`crate::json`]): the node's `type` names its variant, as
//! serde's internally tagged decoder reads it, without that decoder's buffered copy of every node.

use serde_json::Value;

use super::{Fallback, ImageValue, Label, LinkValue, Node, Rgba, TableValue, TimestampValue};
use crate::json::{Fields, FromJson};

impl FromJson for Node {
    fn from_json(value: &Value) -> Option<Self> {
        let f = Fields::of(value)?;
        let nodes = || f.get::<Vec<Node>>("value");
        let node = || f.get::<Box<Node>>("value");
        let text = || f.get::<String>("value");
        Some(match f.str("type")? {
            "PARAGRAPH" => Self::Paragraph { value: nodes()? },
            "PLAIN_TEXT" => Self::PlainText { value: text()? },
            "BOLD" => Self::Bold { value: nodes()? },
            "ITALIC" => Self::Italic { value: nodes()? },
            "STRIKE" => Self::Strike { value: nodes()? },
            "SPOILER" => Self::Spoiler { value: nodes()? },
            "INLINE_CODE" => Self::InlineCode { value: node()? },
            "CODE" => Self::Code { language: f.get("language"), value: nodes()? },
            "CODE_LINE" => Self::CodeLine { value: node()? },
            "HEADING" => Self::Heading { level: f.get("level")?, value: nodes()? },
            "QUOTE" => Self::Quote { value: nodes()? },
            "SPOILER_BLOCK" => Self::SpoilerBlock { value: nodes()? },
            "LINK" => Self::Link { value: f.get("value")? },
            "IMAGE" => Self::Image { value: f.get("value")? },
            "MENTION_USER" => Self::MentionUser { value: node()? },
            "MENTION_CHANNEL" => Self::MentionChannel { value: node()? },
            "EMOJI" => Self::Emoji { value: node(), short_code: f.get("shortCode"), unicode: f.get("unicode") },
            "BIG_EMOJI" => Self::BigEmoji { value: nodes()? },
            "COLOR" => Self::Color { value: f.get("value")? },
            "TASKS" => Self::Tasks { value: nodes()? },
            "TASK" => Self::Task { status: f.get("status")?, value: nodes()? },
            "ORDERED_LIST" => Self::OrderedList { value: nodes()? },
            "UNORDERED_LIST" => Self::UnorderedList { value: nodes()? },
            "LIST_ITEM" => Self::ListItem { value: nodes()?, number: f.get("number") },
            "LINE_BREAK" => Self::LineBreak,
            "HORIZONTAL_RULE" => Self::HorizontalRule { fallback: f.get("fallback") },
            "KATEX" => Self::Katex { value: text()? },
            "INLINE_KATEX" => Self::InlineKatex { value: text()? },
            "TIMESTAMP" => Self::Timestamp { value: f.get("value")?, fallback: f.get("fallback") },
            "TABLE" => Self::Table { value: f.get("value")?, fallback: f.get("fallback") },
            "TABLE_ROW" => Self::TableRow { value: nodes()? },
            "TABLE_CELL" => Self::TableCell { align: f.get("align"), value: nodes()? },
            _ => return None,
        })
    }
}

impl FromJson for LinkValue {
    fn from_json(value: &Value) -> Option<Self> {
        let f = Fields::of(value)?;
        Some(Self { src: f.get("src")?, label: f.get("label")? })
    }
}

/// Several nodes, or one.
impl FromJson for Label {
    fn from_json(value: &Value) -> Option<Self> {
        match value {
            Value::Array(_) => FromJson::from_json(value).map(Self::Many),
            _ => FromJson::from_json(value).map(Self::One),
        }
    }
}

impl FromJson for ImageValue {
    fn from_json(value: &Value) -> Option<Self> {
        let f = Fields::of(value)?;
        Some(Self { src: f.get("src")?, label: f.get("label")? })
    }
}

impl FromJson for Rgba {
    fn from_json(value: &Value) -> Option<Self> {
        let f = Fields::of(value)?;
        Some(Self { r: f.get("r")?, g: f.get("g")?, b: f.get("b")?, a: f.get("a")? })
    }
}

impl FromJson for TimestampValue {
    fn from_json(value: &Value) -> Option<Self> {
        let f = Fields::of(value)?;
        Some(Self { timestamp: f.get("timestamp")?, format: f.get("format")? })
    }
}

impl FromJson for TableValue {
    fn from_json(value: &Value) -> Option<Self> {
        let f = Fields::of(value)?;
        Some(Self { header: f.get("header")?, rows: f.get("rows")? })
    }
}

/// A source range `[start, end]`, or a node.
impl FromJson for Fallback {
    fn from_json(value: &Value) -> Option<Self> {
        match value {
            Value::Array(bounds) => match bounds.as_slice() {
                [start, end] => Some(Self::Range([usize::from_json(start)?, usize::from_json(end)?])),
                _ => None,
            },
            _ => FromJson::from_json(value).map(Self::Plain),
        }
    }
}
