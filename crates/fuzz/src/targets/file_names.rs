//! Names and media types from an uploader, made safe to store, show and serve: whatever comes in,
//! the stored name is one short segment with nothing hidden in it and keeps as much of the name
//! as fits, and the headers and addresses made from it cannot be broken out of.

use arbitrary::Arbitrary;
use confab_server::files::names::{content_disposition, normalise_media_type, safe_file_name, url_segment};

/// What names are made of, the hostile parts included.
const PIECES: &[&str] = &[
    "/", "\\", "..", ".", " ", "\t", "\u{202E}", "\u{200B}", "\u{2066}", "\u{FEFF}", "\u{061C}", "\0", "\r\n", "\"",
    "%2F", "a", "report", "exe", "png", ".png", ".tar.gz", "é", "日本", "😀", "C:", "~",
];

#[derive(Arbitrary, Debug)]
pub enum Piece {
    Known(u8),
    Repeated(u8, u8),
    Text(String),
}

#[derive(Arbitrary, Debug)]
pub struct Input {
    name: Vec<Piece>,
    media_type: String,
}

/// The stored name's longest, in bytes (`files::names`), and how much of the beginning of a
/// longer name must stay.
const MAX_NAME_BYTES: usize = 200;
const KEPT_OF_A_LONG_NAME: usize = 100;

fn hidden(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}' | '\u{061C}')
}

pub fn check(input: &Input) {
    let mut given = String::new();
    for piece in &input.name {
        match piece {
            Piece::Known(n) => given.push_str(PIECES[usize::from(*n) % PIECES.len()]),
            Piece::Repeated(n, times) => {
                given.push_str(&PIECES[usize::from(*n) % PIECES.len()].repeat(usize::from(*times)))
            }
            Piece::Text(text) => given.push_str(text),
        }
    }
    let name = safe_file_name(&given);
    assert!(!name.is_empty() && name.len() <= MAX_NAME_BYTES, "{given:?} → {name:?}");
    assert!(!name.contains(['/', '\\']) && !name.chars().any(hidden), "{given:?} → {name:?}");
    assert!(!name.starts_with('.') && name.trim() == name, "{given:?} → {name:?}");
    assert_eq!(safe_file_name(&name), name, "made safe twice: {given:?}");
    // However long, a name keeps its beginning.
    let last: String = given.rsplit(['/', '\\']).next().unwrap_or_default().chars().filter(|c| !hidden(*c)).collect();
    let meant = last.trim_start_matches(|c: char| c == '.' || c.is_whitespace()).trim_end();
    let mut end = KEPT_OF_A_LONG_NAME.min(meant.len());
    while !meant.is_char_boundary(end) {
        end -= 1;
    }
    let beginning = meant[..end].trim_end();
    assert!(beginning.is_empty() || name.starts_with(beginning), "{name:?} lost the beginning of {meant:?}");

    let header = content_disposition("attachment", &name);
    assert!(header.bytes().all(|b| b == b' ' || b.is_ascii_graphic()), "{header:?}");
    assert!(header.contains("filename*=UTF-8''"), "{header:?}");
    let segment = url_segment(&name);
    assert!(!segment.contains(['/', '?', '#', ' ']), "{segment:?}");
    let decoded = percent_encoding::percent_decode_str(&segment).decode_utf8().map(|d| d.into_owned());
    assert_eq!(decoded.ok().as_deref(), Some(name.as_str()), "{segment:?}");

    if let Some(media_type) = normalise_media_type(&input.media_type) {
        let (kind, subtype) = media_type.split_once('/').expect("type/subtype");
        let token = |part: &str| {
            !part.is_empty()
                && part.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"!#$&-^_.+".contains(&b))
        };
        assert!(token(kind) && token(subtype), "{:?} → {media_type:?}", input.media_type);
    }
}
