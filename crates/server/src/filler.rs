//! Numbered filler messages for `admin fill-room`: long rooms for demos, browser tests and the
//! benchmarks. With `words`, each message also carries three words of a fixed vocabulary drawn
//! with a skew (a few words common, most rare), so a search benchmark meets the hit counts of
//! real text: terms found in a third of the room, in a handful of messages, or in one.

use confab_protocol::{Message, Timestamp, UserRef};

/// Words in the vocabulary.
pub const VOCABULARY: usize = 2_000;

/// The text of filler message `n` (from 1).
pub fn text(n: u32, words: bool) -> String {
    if !words {
        return format!("message {n}");
    }
    let mut state = u64::from(n).wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut text = format!("message {n}");
    for _ in 0..3 {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        // The product of two uniform draws leans to small indices: word 0 is the most common.
        let (a, b) = ((state % VOCABULARY as u64) as usize, ((state >> 32) % VOCABULARY as u64) as usize);
        text.push(' ');
        text.push_str(&word(a * b / VOCABULARY));
    }
    text
}

/// Word `index` of the vocabulary: two or three syllables, pronounceable, distinct per index.
pub fn word(index: usize) -> String {
    const SYLLABLES: [&str; 20] = [
        "ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "ze", "pa", "do", "fi", "gu", "ha", "je", "ko", "lu", "ma",
        "no", "pe",
    ];
    let mut word = String::new();
    let mut rest = index;
    loop {
        word.push_str(SYLLABLES[rest % SYLLABLES.len()]);
        rest /= SYLLABLES.len();
        if rest == 0 {
            break;
        }
    }
    if word.len() < 4 {
        word.push_str("ri");
    }
    word
}

/// `count` filler messages by `author` in `room_id`, one a second, the last `end`; numbered from
/// `first`.
pub fn messages(
    room_id: &str,
    author: &UserRef,
    first: u32,
    count: u32,
    end: Timestamp,
    words: bool,
) -> impl Iterator<Item = Message> {
    let start = end.millis() - i64::from(count) * 1000;
    (0..count).map(move |i| {
        let n = first + i;
        Message::new(
            crate::secrets::new_id(),
            room_id,
            text(n, words),
            author.clone(),
            Timestamp(start + i64::from(i + 1) * 1000),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vocabulary_words_are_distinct() {
        let words: std::collections::HashSet<String> = (0..VOCABULARY).map(word).collect();
        assert_eq!(words.len(), VOCABULARY);
    }

    #[test]
    fn words_are_skewed_to_the_first_of_the_vocabulary() {
        let texts: Vec<String> = (1..=10_000).map(|n| text(n, true)).collect();
        let has = |w: &str| texts.iter().filter(|t| t.split(' ').any(|x| x == w)).count();
        let (common, rare) = (has(&word(0)), has(&word(VOCABULARY - 1)));
        assert!(common > 100, "word 0 is in {common} of 10,000");
        assert!(rare < common / 10, "the last word is in {rare}, word 0 in {common}");
        assert_eq!(text(7, false), "message 7");
    }
}
