//! Identifiers in Meteor's style, as Rocket.Chat issues them: 17 characters for documents, 43 for
//! secrets, drawn from an alphabet without look-alike characters. Callers bring the randomness
//! (the server from the OS, the app from `crypto.getRandomValues`), so this stays pure.

const ALPHABET: &[u8] = b"23456789ABCDEFGHJKLMNPQRSTWXYZabcdefghijkmnopqrstuvwxyz";

/// Length of a document id (`_id` of users, rooms, messages).
pub const ID_LEN: usize = 17;
/// Length of a login token.
pub const SECRET_LEN: usize = 43;

/// Builds a `len`-character id from random bytes, pulling more from `next_bytes` as needed.
/// Bytes that would bias the result are discarded, so every character is equally likely.
pub fn random_id(len: usize, mut next_bytes: impl FnMut(&mut [u8])) -> String {
    let limit = (256 / ALPHABET.len() * ALPHABET.len()) as u8;
    let mut out = String::with_capacity(len);
    let mut buf = [0u8; 64];
    while out.len() < len {
        next_bytes(&mut buf);
        for &byte in buf.iter().filter(|&&b| b < limit) {
            if out.len() == len {
                break;
            }
            out.push(ALPHABET[usize::from(byte) % ALPHABET.len()] as char);
        }
    }
    out
}

/// Whether `text` looks like an id this module (or Rocket.Chat) would issue: bounded length and
/// only characters that are safe in URLs, storage keys and log lines.
pub fn is_plausible_id(text: &str) -> bool {
    (1..=64).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_have_the_requested_length_and_alphabet() {
        let mut counter = 0u8;
        let id = random_id(ID_LEN, |buf| {
            for b in buf.iter_mut() {
                *b = counter;
                counter = counter.wrapping_add(1);
            }
        });
        assert_eq!(id.len(), ID_LEN);
        assert!(id.bytes().all(|b| ALPHABET.contains(&b)));
        assert!(is_plausible_id(&id));
    }

    #[test]
    fn biased_bytes_are_skipped() {
        // 255 is above the unbiased limit, so only the 0s count.
        let mut calls = 0;
        let id = random_id(3, |buf| {
            calls += 1;
            buf.fill(if calls == 1 { 255 } else { 0 });
        });
        assert_eq!(id, "222");
        assert_eq!(calls, 2);
    }

    #[test]
    fn implausible_ids_are_refused() {
        assert!(!is_plausible_id(""));
        assert!(!is_plausible_id("../etc/passwd"));
        assert!(!is_plausible_id(&"a".repeat(65)));
        assert!(!is_plausible_id("a b"));
    }
}
