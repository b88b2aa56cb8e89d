//! File names and media types from the uploader, made safe to store, show and serve.
//!
//! A name is the browser's to choose and so an attacker's: it may carry a path (`../../etc`),
//! control characters, or a right-to-left override that shows `exe.png` for `gnp.exe`. What is
//! stored keeps only the last path segment, with control, bidirectional-override and invisible
//! formatting characters removed, so it shows as what it is. It never becomes a path on disk
//! (storage keys are the server's ids).

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// Longest stored name, in bytes.
const MAX_NAME_BYTES: usize = 200;
/// Longest extension a shortened name keeps.
const MAX_EXTENSION_BYTES: usize = 16;

/// The name to store and show for an uploaded file named `given`.
pub fn safe_file_name(given: &str) -> String {
    let last = given.rsplit(['/', '\\']).next().unwrap_or_default();
    let mut name: String = last.chars().filter(|c| !is_hidden_or_control(*c)).collect();
    // No leading dot (a hidden file), however spaced: `. .htaccess` is `htaccess`.
    name = name.trim_start_matches(|c: char| c == '.' || c.is_whitespace()).trim_end().to_owned();
    if name.len() > MAX_NAME_BYTES {
        // A long name keeps its beginning and, when it has a short one, its extension.
        let (stem, extension) = split_extension(&name);
        name = if (1..=MAX_EXTENSION_BYTES).contains(&extension.len()) {
            format!("{}.{extension}", prefix(stem, MAX_NAME_BYTES - extension.len() - 1).trim_end())
        } else {
            prefix(&name, MAX_NAME_BYTES).trim_end().to_owned()
        };
    }
    if name.is_empty() { "file".to_owned() } else { name }
}

/// The longest beginning of `text` of at most `bytes` bytes.
fn prefix(text: &str, bytes: usize) -> &str {
    let mut end = bytes.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

fn is_hidden_or_control(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{200B}'..='\u{200F}'   // zero-width spaces and joiners, left/right marks
            | '\u{202A}'..='\u{202E}' // embeddings and overrides
            | '\u{2066}'..='\u{2069}' // isolates
            | '\u{FEFF}'              // byte-order mark
            | '\u{061C}'              // Arabic letter mark
        )
}

fn split_extension(name: &str) -> (&str, &str) {
    match name.rsplit_once('.') {
        Some((stem, extension)) if !stem.is_empty() => (stem, extension),
        _ => (name, ""),
    }
}

/// The name's extension, lower-cased: Rocket.Chat's `format`.
pub fn format_of(name: &str) -> String {
    split_extension(name).1.to_ascii_lowercase()
}

/// A media type as given (`Image/PNG; charset=x`), as `image/png`; `None` when it is not one.
pub fn normalise_media_type(given: &str) -> Option<String> {
    let essence = given.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    let (kind, subtype) = essence.split_once('/')?;
    let token =
        |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$&-^_.+".contains(&b));
    (token(kind) && token(subtype)).then_some(essence)
}

pub use confab_protocol::rest::media_type_accepted as is_accepted;

/// Characters kept as they are in a URL path segment or a `filename*` value.
const KEPT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// The name as one URL path segment.
pub fn url_segment(name: &str) -> String {
    utf8_percent_encode(name, KEPT).to_string()
}

/// `Content-Disposition` for serving a file called `name`: `attachment` makes the browser save
/// it instead of showing it; `inline` shows it. The name is given both ways RFC 6266 allows: as
/// plain ASCII for old clients and percent-encoded UTF-8.
pub fn content_disposition(kind: &str, name: &str) -> String {
    let ascii: String =
        name.chars().map(|c| if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' { c } else { '_' }).collect();
    format!("{kind}; filename=\"{ascii}\"; filename*=UTF-8''{}", url_segment(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_controls_and_direction_overrides_are_removed_from_names() {
        assert_eq!(safe_file_name("../../etc/passwd"), "passwd");
        assert_eq!(safe_file_name("C:\\Users\\me\\report.pdf"), "report.pdf");
        assert_eq!(safe_file_name("evil\u{202E}gnp.exe"), "evilgnp.exe");
        assert_eq!(safe_file_name("tab\there\nnew\u{0}line.txt"), "tabherenewline.txt");
        assert_eq!(safe_file_name("..."), "file");
        assert_eq!(safe_file_name(".htaccess"), "htaccess");
        assert_eq!(safe_file_name("/"), "file");
        assert_eq!(safe_file_name("  café ☕.png "), "café ☕.png");
        let long = format!("{}.png", "é".repeat(300));
        let kept = safe_file_name(&long);
        assert!(kept.len() <= MAX_NAME_BYTES && kept.ends_with(".png"), "{kept}");
    }

    #[test]
    fn a_long_name_keeps_its_beginning_and_no_spacing_hides_a_leading_dot() {
        // Found by the file-name fuzz target: a long "extension" took the name with it, and a
        // dot after spaces stayed in front.
        let long = format!("a.{}", "b".repeat(300));
        assert_eq!(safe_file_name(&long), format!("a.{}", "b".repeat(198)));
        let dotted = format!("kͽ{}{}", ".".repeat(40), "C:".repeat(100));
        assert!(safe_file_name(&dotted).starts_with(&format!("kͽ{}C:C:", ".".repeat(40))));
        assert_eq!(safe_file_name(". .htaccess"), "htaccess");
        assert_eq!(safe_file_name(&format!("{} .png", ".".repeat(400))), "png");
        assert_eq!(safe_file_name(&"x".repeat(300)), "x".repeat(200), "no extension, no dot added");
    }

    #[test]
    fn media_types_are_normalised_and_matched_by_group() {
        assert_eq!(normalise_media_type("Image/PNG; charset=binary").as_deref(), Some("image/png"));
        assert_eq!(normalise_media_type("text/html\r\nX-Evil: 1"), None);
        assert_eq!(normalise_media_type("nonsense"), None);
        let accepted = vec!["image/*".to_owned(), "application/pdf".to_owned()];
        assert!(is_accepted("image/png", &accepted));
        assert!(is_accepted("application/pdf", &accepted));
        assert!(!is_accepted("application/x-msdownload", &accepted));
        assert!(!is_accepted("imagex/png", &accepted));
        assert!(is_accepted("anything/else", &["*".to_owned()]));
    }

    #[test]
    fn served_names_are_encoded_both_ways() {
        assert_eq!(url_segment("a b/é.png"), "a%20b%2F%C3%A9.png");
        assert_eq!(
            content_disposition("attachment", "say \"hi\".svg"),
            "attachment; filename=\"say _hi_.svg\"; filename*=UTF-8''say%20%22hi%22.svg"
        );
        assert_eq!(format_of("Photo.JPG"), "jpg");
        assert_eq!(format_of("README"), "");
    }
}
