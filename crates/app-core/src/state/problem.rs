//! Why something failed, kept in a form the view can say in the reader's language: one of the
//! app's own sentences (a key of its strings), an HTTP status, or the server's own words, which
//! are shown as the server wrote them.

/// Why a request failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// One of the app's sentences, by its key in `locales/`.
    Said(&'static str),
    /// The server answered with this status and no words of its own.
    Status(u16),
    /// The server's own explanation.
    Server(String),
}

impl From<&str> for Problem {
    fn from(words: &str) -> Self {
        Self::Server(words.to_owned())
    }
}

/// A failure the user is told about until they dismiss it: what did not happen, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    /// The key of the sentence saying what did not happen.
    pub what: &'static str,
    pub why: Problem,
}
