//! Outgoing webhooks: when a message matches, it is POSTed to the integration's addresses with
//! Rocket.Chat's payload, and the answer's text is posted back as the integration's bot.

use confab_protocol::rest::CreateIntegrationRequest;

use crate::error::ApiError;
use crate::state::AppState;

/// The events an outgoing hook may be called for.
const EVENTS: &[&str] = &["sendMessage"];
/// The most addresses and trigger words one hook may have.
const MAX_URLS: usize = 10;
const MAX_TRIGGER_WORDS: usize = 50;
/// The retry schedules Rocket.Chat names.
const RETRY_DELAYS: &[&str] = &["powers-of-ten", "powers-of-two", "increments-of-two"];

/// Checks an outgoing hook before it is made: a supported event, `http(s)` addresses, sensible
/// trigger words and retries. Whether an address may be reached is decided at each call, by the
/// guarded client, so a name that later resolves to a private network is refused then too.
pub async fn check(_state: &AppState, body: &CreateIntegrationRequest) -> Result<(), ApiError> {
    let invalid = |message: String| Err(ApiError::bad_request("error-invalid-params", message));
    let fields = &body.fields;
    let event = fields.event.as_deref().unwrap_or_default();
    if !EVENTS.contains(&event) {
        return invalid(format!("Outgoing hooks are called for {EVENTS:?}, not {event:?}"));
    }
    let urls = fields.urls.as_deref().unwrap_or_default();
    if urls.is_empty() || urls.len() > MAX_URLS {
        return invalid(format!("An outgoing hook has 1 to {MAX_URLS} addresses"));
    }
    for address in urls {
        let valid = url::Url::parse(address).is_ok_and(|u| matches!(u.scheme(), "http" | "https"));
        if !valid || address.len() > 2048 {
            return invalid(format!("{address:?} is not an http(s) address"));
        }
    }
    let words = fields.trigger_words.as_deref().unwrap_or_default();
    if words.len() > MAX_TRIGGER_WORDS || words.iter().any(|w| w.trim().is_empty() || w.chars().count() > 64) {
        return invalid(format!(
            "An outgoing hook has at most {MAX_TRIGGER_WORDS} trigger words of 1 to 64 characters"
        ));
    }
    if fields.retry_count.is_some_and(|n| n > 10) {
        return invalid("An outgoing hook retries at most 10 times".into());
    }
    if let Some(delay) = fields.retry_delay.as_deref().filter(|d| !RETRY_DELAYS.contains(d)) {
        return invalid(format!("The retry delay is one of {RETRY_DELAYS:?}, not {delay:?}"));
    }
    if body.token.as_ref().is_some_and(|t| t.len() > 256) {
        return invalid("An outgoing hook's token is at most 256 characters".into());
    }
    Ok(())
}
