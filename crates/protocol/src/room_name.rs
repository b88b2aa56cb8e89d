//! What a channel or group may be called, as Rocket.Chat accepts names by default
//! (`UTF8_Channel_Names_Validation`: letters, digits, `-`, `_` and `.`), and the name a title
//! people type ("Launch Plan") becomes: the app shows it as they type, and the server suggests it
//! when it refuses a name.

/// The longest name accepted, in characters.
pub const MAX_CHARS: usize = 64;

/// Whether `name` is a valid room name.
pub fn is_valid(name: &str) -> bool {
    (1..=MAX_CHARS).contains(&name.chars().count()) && name.chars().all(allowed)
}

fn allowed(c: char) -> bool {
    c.is_alphanumeric() || "-_.".contains(c)
}

/// `title` as a valid name: lower case, each run of other characters one `-`, none at either end.
/// Empty when nothing of it is a letter or a digit.
pub fn slug(title: &str) -> String {
    let mut out = String::new();
    for c in title.chars().flat_map(char::to_lowercase) {
        if allowed(c) {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let trimmed: String = out.trim_matches(|c| "-_.".contains(c)).chars().take(MAX_CHARS).collect();
    trimmed.trim_end_matches(|c| "-_.".contains(c)).to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_title_becomes_a_valid_name() {
        assert_eq!(slug("Launch Plan"), "launch-plan");
        assert_eq!(slug("  Q3 / Road-map!! "), "q3-road-map");
        assert_eq!(slug("Café Über"), "café-über");
        assert_eq!(slug("???"), "");
        assert!(is_valid(&slug(&"word ".repeat(40))));
        assert!(is_valid("launch-plan") && is_valid("v1.2_beta"));
        assert!(!is_valid("Launch Plan") && !is_valid("") && !is_valid(&"a".repeat(65)));
    }
}
