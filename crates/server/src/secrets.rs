//! Random ids and secrets from the operating system, and the one-way hash under which secrets
//! are stored: a database leak must not hand out working login tokens.

use confab_protocol::ids::{ID_LEN, SECRET_LEN, random_id};
use sha2::{Digest, Sha256};

fn os_random(buf: &mut [u8]) {
    // The OS generator failing is unrecoverable: without it no secret can be made safely.
    getrandom::fill(buf).expect("the operating system's random number generator is unavailable");
}

/// A 17-character document id.
pub fn new_id() -> String {
    random_id(ID_LEN, os_random)
}

/// A 43-character secret (login token, demo session).
pub fn new_secret() -> String {
    random_id(SECRET_LEN, os_random)
}

/// The stored form of a secret.
pub fn hash_secret(secret: &str) -> String {
    Sha256::digest(secret.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_distinct_and_hashed_one_way() {
        let (a, b) = (new_secret(), new_secret());
        assert_ne!(a, b);
        assert_eq!(a.len(), 43);
        assert_eq!(hash_secret(&a).len(), 64);
        assert_eq!(hash_secret(&a), hash_secret(&a));
        assert_ne!(hash_secret(&a), hash_secret(&b));
        assert!(!hash_secret(&a).contains(&a));
    }
}
