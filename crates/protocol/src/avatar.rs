//! Avatars: where a user's picture is (`/avatar/:username`), and what stands for a person or a
//! room without one: their initials on a colour of their own.
//!
//! The app shows the initials while the picture loads and the server draws the same initials in
//! the same colour when there is no picture, so what replaces them changes nothing. Both come
//! from the username (or the room's name), which the reader sees anyway, never from data the
//! address does not already carry.

/// Backgrounds for initials, each dark enough for white letters (WCAG AA, 4.5:1; a test checks).
pub const BACKGROUNDS: [&str; 14] = [
    "#b71c1c", "#880e4f", "#6a1b9a", "#4527a0", "#283593", "#1565c0", "#01579b", "#00695c", "#2e7d32", "#33691e",
    "#bf360c", "#4e342e", "#455a64", "#ad1457",
];

/// The colour of the letters on every background.
pub const FOREGROUND: &str = "#ffffff";

/// Where `username`'s picture is, under the server's address.
pub fn user_path(username: &str) -> String {
    let mut path = String::from("/avatar/");
    for byte in username.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            path.push(byte as char);
        } else {
            path.push_str(&format!("%{byte:02X}"));
        }
    }
    path
}

/// The background of `key`'s initials (a username, or a room's name): the same key gets the same
/// colour everywhere, and the keys of a busy room spread over all of them.
pub fn background(key: &str) -> &'static str {
    // FNV-1a: a few lines, and even enough over short names.
    let hash = key.bytes().fold(0x811c_9dc5_u32, |hash, byte| (hash ^ u32::from(byte)).wrapping_mul(0x0100_0193));
    BACKGROUNDS[hash as usize % BACKGROUNDS.len()]
}

/// Up to two initials: the first letter of the first two words, where words are separated by
/// spaces, dots, dashes and underscores (`john.smith` → `js`). Case is left to the display (the
/// app's stylesheet capitalises), so the app carries no Unicode case tables.
pub fn initials(name: &str) -> String {
    let words = name.split(|c: char| c.is_whitespace() || matches!(c, '.' | '-' | '_' | '@' | '#'));
    words.filter_map(|word| word.chars().next()).take(2).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::contrast::{MIN_TEXT_CONTRAST, contrast_ratio};

    #[test]
    fn every_background_is_readable_under_white_letters() {
        for colour in BACKGROUNDS {
            let ratio = contrast_ratio(colour, FOREGROUND).unwrap();
            assert!(ratio >= MIN_TEXT_CONTRAST, "{colour}: {ratio:.2}:1");
        }
    }

    #[test]
    fn initials_come_from_the_first_two_words() {
        assert_eq!(initials("alice"), "a");
        assert_eq!(initials("john.smith"), "js");
        assert_eq!(initials("Ana María López"), "AM");
        assert_eq!(initials("_team-lead"), "tl");
        assert_eq!(initials("Émile"), "É");
        assert_eq!(initials(""), "");
    }

    #[test]
    fn colours_are_stable_per_name_and_spread_over_a_room() {
        assert_eq!(background("alice"), background("alice"));
        let names = ["alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy"];
        let distinct: std::collections::BTreeSet<_> = names.iter().map(|n| background(n)).collect();
        assert!(distinct.len() >= 7, "ten people, {} colours", distinct.len());
    }

    #[test]
    fn paths_escape_what_is_not_a_plain_name() {
        assert_eq!(user_path("alice.smith"), "/avatar/alice.smith");
        assert_eq!(user_path("a/../b?c"), "/avatar/a%2F..%2Fb%3Fc");
    }
}
