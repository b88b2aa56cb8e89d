//! How a REST call fails, and how each failure is said: kept apart from the calls, so the config
//! and the session, which the calls stand on, can name it too.

use crate::state::Problem;

#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum ApiError {
    #[error("Your session has ended. Reload the page to sign in again.")]
    Unauthorized,
    #[error("{0}")]
    Refused(String),
    #[error("The request failed ({0}).")]
    Status(u16),
    #[error("The chat service could not be reached.")]
    Network,
    #[error("The chat service sent an answer this app cannot read.")]
    Unreadable,
}

impl ApiError {
    /// The failure as the view says it, in the reader's language.
    pub fn problem(&self) -> Problem {
        match self {
            Self::Unauthorized => Problem::Said("error.sessionEnded"),
            Self::Refused(words) => Problem::Server(words.clone()),
            Self::Status(status) => Problem::Status(*status),
            Self::Network => Problem::Said("error.network"),
            Self::Unreadable => Problem::Said("error.unreadable"),
        }
    }
}
