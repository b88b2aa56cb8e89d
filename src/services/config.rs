//! Boot: `GET /chat/config?clientType=web` from the host backend.

use confab_protocol::config::{ChatConfig, ConfigErrorResponse, WEB_CLIENT_TYPE};
use gloo_net::http::Request;

/// Why the app could not start, in words a user can read.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum BootError {
    /// The backend answered with its error object.
    #[error("{title}: {message}")]
    Refused { title: String, message: String },
    #[error("The chat service could not be reached. Check your connection and try again.")]
    Unreachable,
    #[error("The chat service sent a configuration this app cannot read.")]
    Unreadable,
}

impl BootError {
    pub fn title(&self) -> &str {
        match self {
            Self::Refused { title, .. } => title,
            Self::Unreachable => "Chat unavailable",
            Self::Unreadable => "Chat unavailable",
        }
    }

    pub fn message(&self) -> String {
        match self {
            Self::Refused { message, .. } => message.clone(),
            other => other.to_string(),
        }
    }
}

pub async fn fetch_config(url: &str) -> Result<ChatConfig, BootError> {
    let response =
        Request::get(url).query([("clientType", WEB_CLIENT_TYPE)]).send().await.map_err(|_| BootError::Unreachable)?;
    if response.ok() {
        return response.json::<ChatConfig>().await.map_err(|_| BootError::Unreadable);
    }
    match response.json::<ConfigErrorResponse>().await {
        Ok(body) => Err(BootError::Refused { title: body.errors.title, message: body.errors.message }),
        Err(_) => Err(BootError::Refused {
            title: "Chat unavailable".into(),
            message: format!("The chat service answered with status {}.", response.status()),
        }),
    }
}
