//! Boot: `GET /chat/config?clientType=web` from the host backend.

use confab_protocol::config::{ChatConfig, ConfigErrorResponse, Embed, Setting, WEB_CLIENT_TYPE, origin_of};
use confab_protocol::json;
use gloo_net::http::Request;
use gloo_timers::future::TimeoutFuture;
use wasm_bindgen::JsCast;
use web_sys::RequestCredentials;

use super::rest::error::ApiError;
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
    /// A visitor who has not written yet: the config has no login (see the server's `livechat`),
    /// and their first words, sent with their token, start their conversation.
    #[error("The visitor has not written yet.")]
    NotStarted,
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
            Self::NotStarted => (String::new(), String::new()),
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

/// How many times a config request the backend refused for coming too fast is made again.
const RATE_LIMIT_RETRIES: u32 = 5;
/// The longest wait the backend's `Retry-After` is followed for; longer is reported instead.
const MAX_RETRY_AFTER_SECS: u32 = 30;

impl ConfigSource {
    /// The config; a refusal for coming too fast (429) is waited out as `Retry-After` says and
    /// asked again, so a host that mounts Confab often (micro-lc switching applications) gets a
    /// slower start, not an error.
    pub async fn fetch(&self) -> Result<ChatConfig, BootError> {
        let mut retries = 0;
        loop {
            match fetch_config(&self.url, &self.client_type).await {
                Err(Fetched::TooFast { wait_secs, error }) => {
                    if retries == RATE_LIMIT_RETRIES || wait_secs > MAX_RETRY_AFTER_SECS {
                        return Err(error);
                    }
                    retries += 1;
                    TimeoutFuture::new(wait_secs.max(1) * 1_000).await;
                }
                Err(Fetched::Failed(error)) => return Err(error),
                Ok(config) => return Ok(config),
            }
        }
    }

    /// The origin of an absolute config URL: where the chat server is when the config does not
    /// say (confab-server is its own host backend), for a page on another origin.
    pub fn origin(&self) -> Option<&str> {
        origin_of(&self.url)
    }
}

enum Fetched {
    /// Refused for coming too fast: worth asking again after `wait_secs`.
    TooFast {
        wait_secs: u32,
        error: BootError,
    },
    Failed(BootError),
}

impl From<BootError> for Fetched {
    fn from(error: BootError) -> Self {
        Self::Failed(error)
    }
}

/// The name under which the app's own page starts the default config request as it arrives,
/// beside the wasm (`index.html`), so it is not one round trip after it.
const EARLY_CONFIG: &str = "confabConfig";

/// The page's early config request, if it made one for `url` and `client_type` and the app has
/// not taken it yet; taking it leaves none for a later fetch (a refresh asks anew).
fn early_response(url: &str, client_type: &str) -> Option<js_sys::Promise> {
    if url != crate::DEFAULT_CONFIG_URL || client_type != WEB_CLIENT_TYPE {
        return None;
    }
    let window = web_sys::window()?;
    let early = js_sys::Reflect::get(&window, &EARLY_CONFIG.into()).ok()?.dyn_into::<js_sys::Promise>().ok()?;
    js_sys::Reflect::delete_property(&window, &EARLY_CONFIG.into()).ok()?;
    Some(early)
}

async fn fetch_config(url: &str, client_type: &str) -> Result<ChatConfig, Fetched> {
    let response = match early_response(url, client_type) {
        Some(early) => wasm_bindgen_futures::JsFuture::from(early)
            .await
            .ok()
            .and_then(|response| response.dyn_into::<web_sys::Response>().ok())
            .map(gloo_net::http::Response::from),
        // The host backend knows its user by their cookie, on another origin too (it allows this one).
        None => Request::get(url)
            .query([("clientType", client_type)])
            .credentials(RequestCredentials::Include)
            .send()
            .await
            .ok(),
    };
    let response = response.ok_or(BootError::Unreachable)?;
    if response.ok() {
        let config = response.text().await.ok().and_then(|text| json::read::<ChatConfig>(&text));
        return Ok(config.ok_or(BootError::Unreadable)?);
    }
    let wait_secs = (response.status() == 429)
        .then(|| response.headers().get("retry-after").and_then(|v| v.trim().parse::<u32>().ok()).unwrap_or(1));
    let error = match response.text().await.ok().and_then(|text| json::read::<ConfigErrorResponse>(&text)) {
        Some(body) => BootError::Refused { title: body.errors.title, message: body.errors.message, embed: body.embed },
        None => BootError::Status(response.status()),
    };
    Err(match wait_secs {
        Some(wait_secs) => Fetched::TooFast { wait_secs, error },
        None => Fetched::Failed(error),
    })
}
