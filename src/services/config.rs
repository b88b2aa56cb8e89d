//! Boot: `GET /chat/config?clientType=web` from the host backend.

use confab_protocol::config::{ChatConfig, ConfigErrorResponse, Embed, Setting, WEB_CLIENT_TYPE};
use gloo_net::http::Request;

use super::rest::ApiError;
use crate::i18n::Catalog;

/// Why the app could not start. Its `Display` is the English sentence the host hears; the view
/// says it in the reader's language with [`BootError::describe`].
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum BootError {
    /// The backend answered with its error object, in its own words, and maybe with the
    /// embedding rules (under which a framing page may still sign the app in).
    #[error("{title}: {message}")]
    Refused { title: String, message: String, embed: Setting<Embed> },
    #[error("The chat service answered with status {0}.")]
    Status(u16),
    #[error("The chat service could not be reached. Check your connection and try again.")]
    Unreachable,
    #[error("The chat service sent a configuration this app cannot read.")]
    Unreadable,
    /// The chat server did not accept the credentials.
    #[error("Sign-in failed: {0}")]
    SignIn(ApiError),
}

impl BootError {
    /// The title and sentence of the screen saying why the app did not start.
    pub fn describe(&self, texts: &Catalog) -> (String, String) {
        let unavailable = || texts.get("boot.unavailable").to_string();
        match self {
            Self::Refused { title, message, .. } => (title.clone(), message.clone()),
            Self::Status(status) => (unavailable(), texts.fill("boot.status", &[("status", &status.to_string())])),
            Self::Unreachable => (unavailable(), texts.get("boot.unreachable").to_string()),
            Self::Unreadable => (unavailable(), texts.get("boot.unreadable").to_string()),
            Self::SignIn(error) => (texts.get("boot.signInFailed").to_string(), texts.say(&error.problem())),
        }
    }

    /// The English sentence for the host.
    pub fn message(&self) -> String {
        match self {
            Self::Refused { message, .. } => message.clone(),
            other => other.to_string(),
        }
    }
}

/// Where the config comes from: the host backend's endpoint, and the client type asked for.
#[derive(Clone, Debug, PartialEq)]
pub struct ConfigSource {
    pub url: String,
    pub client_type: String,
}

impl Default for ConfigSource {
    fn default() -> Self {
        Self { url: crate::DEFAULT_CONFIG_URL.to_owned(), client_type: WEB_CLIENT_TYPE.to_owned() }
    }
}

impl ConfigSource {
    pub async fn fetch(&self) -> Result<ChatConfig, BootError> {
        fetch_config(&self.url, &self.client_type).await
    }
}

async fn fetch_config(url: &str, client_type: &str) -> Result<ChatConfig, BootError> {
    let response =
        Request::get(url).query([("clientType", client_type)]).send().await.map_err(|_| BootError::Unreachable)?;
    if response.ok() {
        return response.json::<ChatConfig>().await.map_err(|_| BootError::Unreadable);
    }
    match response.json::<ConfigErrorResponse>().await {
        Ok(body) => {
            Err(BootError::Refused { title: body.errors.title, message: body.errors.message, embed: body.embed })
        }
        Err(_) => Err(BootError::Status(response.status())),
    }
}
