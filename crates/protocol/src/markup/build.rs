//! The node builders the grammar's actions call, with Rocket.Chat's exact merging rules: adjacent
//! plain texts join, and an emoji shortcode or emoticon squeezed between words falls back to
//! its text.

use super::hosts;
use super::{ImageValue, Label, LinkValue, Node, Rgba, TableValue, TimestampValue};

/// What a grammar rule yields inside a run of inlines: usually one node, sometimes a run of them
/// that the enclosing run splices in.
#[derive(Clone, Debug)]
pub enum Piece {
    One(Node),
    Many(Vec<Node>),
}

impl From<Node> for Piece {
    fn from(node: Node) -> Self {
        Self::One(node)
    }
}

pub fn plain(text: impl Into<String>) -> Node {
    Node::PlainText { value: text.into() }
}

fn push_merging(out: &mut Vec<Node>, node: Node) {
    if let (Some(Node::PlainText { value: previous }), Node::PlainText { value }) = (out.last_mut(), &node) {
        previous.push_str(value);
    } else {
        out.push(node);
    }
}

/// An emoji with text around it shows as text: an emoticon as itself, a shortcode with colons.
fn join_emoji(current: &Node, previous: Option<&Node>, next: Option<&Node>) -> Node {
    let Node::Emoji { value: Some(value), short_code, .. } = current else { return current.clone() };
    if previous.is_none() && next.is_none() {
        return current.clone();
    }
    let is_emoji = |n: Option<&Node>| matches!(n, Some(Node::Emoji { .. }));
    let is_wordy = |n: Option<&Node>| matches!(n, Some(Node::PlainText { value }) if !value.trim().is_empty());
    if is_emoji(previous) || is_emoji(next) || is_wordy(previous) || is_wordy(next) {
        let Node::PlainText { value: text } = value.as_ref() else { return current.clone() };
        return if short_code.as_deref() != Some(text.as_str()) {
            plain(text.clone())
        } else {
            plain(format!(":{text}:"))
        };
    }
    current.clone()
}

/// Rocket.Chat's `reducePlainTexts`.
pub fn reduce(pieces: Vec<Piece>) -> Vec<Node> {
    let slow = pieces.iter().any(|p| matches!(p, Piece::Many(_) | Piece::One(Node::Emoji { .. })));
    let mut out: Vec<Node> = Vec::new();
    if !slow {
        for piece in pieces {
            if let Piece::One(node) = piece {
                push_merging(&mut out, node);
            }
        }
        return out;
    }
    let flat: Vec<Node> = pieces
        .into_iter()
        .flat_map(|p| match p {
            Piece::One(node) => vec![node],
            Piece::Many(nodes) => nodes,
        })
        .collect();
    for (index, node) in flat.iter().enumerate() {
        let previous = index.checked_sub(1).and_then(|i| flat.get(i));
        let joined = join_emoji(node, previous, flat.get(index + 1));
        push_merging(&mut out, joined);
    }
    out
}

pub fn reduce_nodes(nodes: Vec<Node>) -> Vec<Node> {
    reduce(nodes.into_iter().map(Piece::One).collect())
}

/// `reducePlainTexts(...)[0]`.
pub fn reduce_first(nodes: Vec<Node>) -> Node {
    reduce_nodes(nodes).into_iter().next().unwrap_or_else(|| plain(""))
}

pub fn link(src: impl Into<String>, label: Option<Vec<Node>>) -> Node {
    let src = src.into();
    let label = label.unwrap_or_else(|| vec![plain(src.clone())]);
    Node::Link { value: LinkValue { src: Box::new(plain(src)), label: Label::Many(label) } }
}

pub fn image(src: String, label: Option<Node>) -> Node {
    let label = label.unwrap_or_else(|| plain(src.clone()));
    Node::Image { value: ImageValue { src: Box::new(plain(src)), label: Box::new(label) } }
}

/// A bare URL or domain becomes a link only when its host is real: a known public suffix, an IP
/// address, or `localhost` (or a configured custom domain).
pub fn auto_link(src: &str, custom_domains: &[String]) -> Node {
    if !hosts::linkable(src, custom_domains) {
        return plain(src);
    }
    let href = if hosts::has_scheme(src) || src.starts_with("//") { src.to_owned() } else { format!("//{src}") };
    link(href, Some(vec![plain(src)]))
}

pub fn auto_email(address: &str) -> Node {
    if hosts::email_linkable(address) {
        link(format!("mailto:{address}"), Some(vec![plain(address)]))
    } else {
        plain(address)
    }
}

pub fn phone(text: String, number: String) -> Node {
    if number.chars().count() < 5 { plain(text) } else { link(format!("tel:{number}"), Some(vec![plain(text)])) }
}

pub fn emoji(short_code: &str) -> Node {
    Node::Emoji { value: Some(Box::new(plain(short_code))), short_code: Some(short_code.to_owned()), unicode: None }
}

pub fn emoji_unicode(text: &str) -> Node {
    Node::Emoji { value: None, short_code: None, unicode: Some(text.to_owned()) }
}

pub fn emoticon(text: &str, short_code: &str) -> Node {
    Node::Emoji { value: Some(Box::new(plain(text))), short_code: Some(short_code.to_owned()), unicode: None }
}

pub fn color(parts: &[u8]) -> Node {
    let a = parts.get(3).copied().unwrap_or(255);
    Node::Color { value: Rgba { r: parts[0], g: parts[1], b: parts[2], a } }
}

pub fn list_item(value: Vec<Node>, number: Option<u32>) -> Node {
    Node::ListItem { value, number }
}

/// Rocket.Chat's column alignment from a separator cell like `:--`, `--:` or `:-:`.
pub fn alignment(left: bool, right: bool) -> Option<String> {
    match (left, right) {
        (true, true) => Some("center".into()),
        (false, true) => Some("right".into()),
        (true, false) => Some("left".into()),
        (false, false) => None,
    }
}

fn trim_cell(mut nodes: Vec<Node>) -> Vec<Node> {
    if let Some(Node::PlainText { value }) = nodes.first_mut() {
        let trimmed = value.trim_start_matches(char::is_whitespace).to_owned();
        if trimmed.is_empty() {
            nodes.remove(0);
        } else {
            *value = trimmed;
        }
    }
    if let Some(Node::PlainText { value }) = nodes.last_mut() {
        let trimmed = value.trim_end_matches(char::is_whitespace).to_owned();
        if trimmed.is_empty() {
            nodes.pop();
        } else {
            *value = trimmed;
        }
    }
    nodes
}

fn cell(value: Vec<Node>, align: Option<&Option<String>>) -> Node {
    Node::TableCell { align: align.cloned().flatten(), value: trim_cell(value) }
}

pub fn table(
    header: Vec<Vec<Node>>,
    aligns: Vec<Option<String>>,
    rows: Vec<Vec<Vec<Node>>>,
    range: [usize; 2],
) -> Node {
    let width = header.len();
    let rows = rows
        .into_iter()
        .map(|row| {
            let mut cells = row.into_iter();
            let value = (0..width).map(|i| cell(cells.next().unwrap_or_default(), aligns.get(i))).collect();
            Node::TableRow { value }
        })
        .collect();
    let header = header.into_iter().enumerate().map(|(i, c)| cell(c, aligns.get(i))).collect();
    Node::Table { value: TableValue { header, rows }, fallback: Some(super::Fallback::Range(range)) }
}

pub fn timestamp(value: String, format: Option<char>, range: [usize; 2]) -> Node {
    Node::Timestamp {
        value: TimestampValue { timestamp: value, format: format.unwrap_or('t').to_string() },
        fallback: Some(super::Fallback::Range(range)),
    }
}

/// Seconds since the epoch of a civil date and time in UTC, shifted by a `±hh:mm` zone.
pub fn epoch_seconds(date: (i64, i64, i64), time: (i64, i64, i64), zone: Option<&str>) -> Option<i64> {
    let (year, month, day) = date;
    let (hours, minutes, seconds) = time;
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) || hours > 24 || minutes > 59 || seconds > 59 {
        return None;
    }
    // Days from the civil date (Howard Hinnant's algorithm).
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    let mut total = days * 86_400 + hours * 3600 + minutes * 60 + seconds;
    if let Some(zone) = zone {
        let sign = if zone.starts_with('-') { -1 } else { 1 };
        let hh: i64 = zone.get(1..3)?.parse().ok()?;
        let mm: i64 = zone.get(4..6)?.parse().ok()?;
        total -= sign * (hh * 3600 + mm * 60);
    }
    Some(total)
}

/// Seconds as JavaScript's `(ms / 1000) | 0` writes them: 32-bit, and 0 for an invalid date.
pub fn js_seconds(seconds: Option<i64>) -> String {
    seconds.map_or(0, |s| s as i32).to_string()
}
