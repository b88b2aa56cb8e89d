//! Outgoing webhooks: when a message matches a hook (its rooms, and its trigger words if it has
//! any), it is POSTed to the hook's addresses with Rocket.Chat's payload, and the answer's text,
//! attachments or blocks are posted back as the hook's bot.
//!
//! The calls run after the message is stored and answered, so a slow or dead endpoint never
//! delays its sender. They go through the guarded client, so an address on a private network is
//! refused unless the server may fetch from those. A failed call is retried as the hook says
//! (`retryFailedCalls`, `retryCount`, `retryDelay`), and every call is kept in the hook's history
//! (`integrations.history`).
//!
//! Beyond Rocket.Chat, a hook also hears what readers do with its bot's messages (a button
//! pressed, a vote, a streamed answer stopped) as the same payload with an `event` field, so a
//! bot behind a webhook hears what a bot on a socket does.

use std::time::Duration;

use confab_protocol::rest::{
    CreateIntegrationRequest, HistoryData, IncomingHookBody, Integration, IntegrationHistory, IntegrationRef,
};
use confab_protocol::{Message, Room, RoomType, Timestamp, UserRef};
use serde_json::{Value, json};

use crate::error::ApiError;
use crate::outbound::FetchError;
use crate::secrets::new_id;
use crate::state::AppState;

/// The most of an endpoint's answer read.
const MAX_ANSWER_BYTES: usize = 256 * 1024;
/// The most of an answer kept in the history.
const KEPT_ANSWER_CHARS: usize = 1000;
/// The longest wait between two tries.
const MAX_RETRY_DELAY: Duration = Duration::from_secs(600);

/// The events an outgoing hook may be called for.
const EVENTS: &[&str] = &["sendMessage"];
/// The most addresses and trigger words one hook may have.
const MAX_URLS: usize = 10;
const MAX_TRIGGER_WORDS: usize = 50;
/// The retry schedules Rocket.Chat names.
const RETRY_DELAYS: &[&str] = &["powers-of-ten", "powers-of-two", "increments-of-two"];

/// Checks an outgoing hook before it is made: a supported event, `http(s)` addresses, sensible
/// trigger words and retries, and no literal address on a refused network. Whether a named
/// address may be reached is decided at each call, by the guarded client, so a name that
/// resolves to a private network is refused then.
pub async fn check(state: &AppState, body: &CreateIntegrationRequest) -> Result<(), ApiError> {
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
        if state.fetcher.check(address) == Err(FetchError::Blocked) {
            return Err(ApiError::bad_request(
                "error-invalid-url",
                format!("{address} is on a network this server does not call"),
            ));
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

/// Calls the outgoing hooks `message` matches, in the background.
pub fn spawn(state: &AppState, room: &Room, message: &Message) {
    // An integration's own posts call no hook: two hooks answering each other would never end.
    if message.bot.is_some() || message.t.is_some() {
        return;
    }
    let (state, room, message) = (state.clone(), room.clone(), message.clone());
    tokio::spawn(async move {
        let hooks = match state.store.outgoing_hooks().await {
            Ok(hooks) => hooks,
            Err(error) => return tracing::warn!(%error, "could not read the outgoing hooks"),
        };
        for (hook, token) in hooks {
            if let Some(trigger) = matches(&hook, &room, &message) {
                let mut payload = payload(&state, &token, &room, &message.u, &message.id);
                payload["timestamp"] = json!(message.ts.to_iso());
                payload["text"] = json!(message.msg);
                if let Some(word) = &trigger {
                    payload["trigger_word"] = json!(word);
                }
                if let Some(tmid) = &message.tmid {
                    payload["tmid"] = json!(tmid);
                }
                let data = HistoryData {
                    message_id: message.id.clone(),
                    channel_id: room.id.clone(),
                    user_id: message.u.id.clone(),
                };
                call_each(&state, &hook, &room, "sendMessage", payload, trigger, data);
            }
        }
    });
}

/// Tells the outgoing hooks that post as `bot_id` what `reader` did with the bot's message
/// `mid` in `room`: `event` (`blockAction`, `feedback`, `streamStopped`), with `fields` added to
/// the payload. This is Confab's extension, so a bot behind a webhook hears what a bot on a
/// socket hears; its answer, if any, is posted as for a message.
pub fn tell_bot(
    state: &AppState,
    bot_id: &str,
    room: &Room,
    reader: &UserRef,
    mid: &str,
    event: &'static str,
    fields: Value,
) {
    let (state, bot_id, room, reader, mid) =
        (state.clone(), bot_id.to_owned(), room.clone(), reader.clone(), mid.to_owned());
    tokio::spawn(async move {
        let hooks = match state.store.outgoing_hooks().await {
            Ok(hooks) => hooks,
            Err(error) => return tracing::warn!(%error, "could not read the outgoing hooks"),
        };
        for (hook, token) in hooks.into_iter().filter(|(hook, _)| hook.user_id == bot_id) {
            let mut payload = payload(&state, &token, &room, &reader, &mid);
            payload["event"] = json!(event);
            payload["timestamp"] = json!(Timestamp::now().to_iso());
            if let (Value::Object(payload), Value::Object(fields)) = (&mut payload, &fields) {
                payload.extend(fields.clone());
            }
            let data = HistoryData { message_id: mid.clone(), channel_id: room.id.clone(), user_id: reader.id.clone() };
            call_each(&state, &hook, &room, event, payload, None, data);
        }
    });
}

/// Rocket.Chat's outgoing payload for something `by` did about message `mid` in `room`.
fn payload(state: &AppState, token: &str, room: &Room, by: &UserRef, mid: &str) -> Value {
    let site = state
        .settings
        .site_url
        .clone()
        .unwrap_or_else(|| format!("http://{}:{}", state.settings.host, state.settings.port));
    json!({
        "token": token,
        "bot": false,
        "channel_id": room.id,
        "channel_name": room.name,
        "message_id": mid,
        "user_id": by.id,
        "user_name": by.username,
        "siteUrl": site,
    })
}

/// Calls each of `hook`'s addresses with `payload` for `event` in `room`, in the background; each
/// call's history keeps `data`.
fn call_each(
    state: &AppState,
    hook: &Integration,
    room: &Room,
    event: &'static str,
    payload: Value,
    trigger: Option<String>,
    data: HistoryData,
) {
    for url in hook.fields.urls.clone().unwrap_or_default() {
        let (trigger, payload, data) = (trigger.clone(), payload.clone(), data.clone());
        let call = Call { hook: hook.clone(), url, trigger, event, payload, data };
        tokio::spawn(call.run(state.clone(), room.clone()));
    }
}

/// Whether `message` in `room` calls `hook`: `None` if not, else the trigger word it matched
/// (`Some(None)` for a hook without trigger words).
fn matches(hook: &Integration, room: &Room, message: &Message) -> Option<Option<String>> {
    if hook.fields.event.as_deref() != Some("sendMessage") || message.u.id == hook.user_id {
        return None;
    }
    let in_scope = |destination: &str| match destination {
        "all_public_channels" => room.t == RoomType::Channel,
        "all_private_groups" => room.t == RoomType::Group,
        "all_direct_messages" => room.t == RoomType::Direct,
        _ => match (destination.strip_prefix('#'), destination.strip_prefix('@')) {
            (Some(name), _) => room.t != RoomType::Direct && room.name.as_deref() == Some(name),
            (_, Some(username)) => {
                room.t == RoomType::Direct && room.usernames.as_ref().is_some_and(|u| u.iter().any(|u| u == username))
            }
            _ => room.id == destination,
        },
    };
    let scoped = match hook.channel.is_empty() {
        true => room.t == RoomType::Channel,
        false => hook.channel.iter().any(|d| in_scope(d)),
    };
    if !scoped {
        return None;
    }
    let words = hook.fields.trigger_words.as_deref().unwrap_or_default();
    if words.is_empty() {
        return Some(None);
    }
    let text = message.msg.trim_start();
    let anywhere = hook.fields.trigger_word_anywhere == Some(true);
    words
        .iter()
        .map(|word| word.trim())
        .find(|word| if anywhere { text.contains(word) } else { text.starts_with(word) })
        .map(|word| Some(word.to_owned()))
}

/// How long to wait before try `attempt` (counted from 1), as Rocket.Chat's schedules go.
fn retry_delay(schedule: Option<&str>, attempt: u32) -> Duration {
    let millis: u64 = match schedule {
        Some("powers-of-two") => 2u64.saturating_pow(attempt).saturating_mul(1000),
        Some("increments-of-two") => u64::from(attempt).saturating_mul(2000),
        _ => 10u64.saturating_pow(attempt).saturating_mul(10),
    };
    Duration::from_millis(millis).min(MAX_RETRY_DELAY)
}

/// One hook's call to one of its addresses, for one event.
struct Call {
    hook: Integration,
    url: String,
    trigger: Option<String>,
    event: &'static str,
    payload: Value,
    data: HistoryData,
}

impl Call {
    async fn run(self, state: AppState, room: Room) {
        let payload = &self.payload;
        let now = Timestamp::now();
        let mut entry = IntegrationHistory {
            id: new_id(),
            kind: "outgoing-webhook".into(),
            step: "pending".into(),
            integration: IntegrationRef { id: self.hook.id.clone() },
            event: self.event.into(),
            created_at: now,
            updated_at: now,
            data: self.data.clone(),
            ran_prepare_script: false,
            finished: false,
            trigger_word: self.trigger.clone(),
            url: self.url.clone(),
            attempts: 0,
            http_result: None,
            http_error: None,
        };
        let retries = match self.hook.fields.retry_failed_calls {
            Some(false) => 0,
            _ => self.hook.fields.retry_count.unwrap_or(6).min(10),
        };
        let answer = loop {
            entry.attempts += 1;
            let called = state.fetcher.post_json(&self.url, payload, MAX_ANSWER_BYTES).await;
            let retry = match &called {
                Ok(_) => false,
                // Refused addresses and the endpoint's own refusals are not tried again.
                Err(FetchError::Blocked | FetchError::NotHttp | FetchError::TooLarge(_)) => false,
                Err(FetchError::Status(status)) => *status >= 500 || *status == 429,
                Err(FetchError::Failed(_)) => true,
            };
            match called {
                Ok(answer) => break Some(answer.body),
                Err(error) if retry && entry.attempts <= retries => {
                    entry.step = "retrying".into();
                    entry.http_error = Some(error.to_string());
                    self.save(&state, &mut entry).await;
                    tokio::time::sleep(retry_delay(self.hook.fields.retry_delay.as_deref(), entry.attempts)).await;
                }
                Err(error) => {
                    tracing::info!(%error, hook = %self.hook.id, url = %self.url, "an outgoing hook's call failed");
                    entry.step = "failed".into();
                    entry.http_error = Some(error.to_string());
                    break None;
                }
            }
        };
        if let Some(body) = answer {
            entry.http_error = None;
            entry.http_result = Some(String::from_utf8_lossy(&body).chars().take(KEPT_ANSWER_CHARS).collect());
            entry.step = match self.answer(&state, &room, &body).await {
                Ok(()) => "finished".into(),
                Err(error) => {
                    entry.http_error = Some(format!("the answer was not posted: {error}"));
                    "failed".into()
                }
            };
        }
        entry.finished = true;
        self.save(&state, &mut entry).await;
    }

    /// Posts the endpoint's answer, if it has anything to post, in the hook's target room or the
    /// message's.
    async fn answer(&self, state: &AppState, room: &Room, body: &[u8]) -> Result<(), ApiError> {
        let Ok(answer) = serde_json::from_slice::<IncomingHookBody>(body) else { return Ok(()) };
        let has_text = answer.text.as_deref().is_some_and(|t| !t.trim().is_empty());
        let has_more = [answer.attachments.as_ref().map(Vec::len), answer.blocks.as_ref().map(Vec::len)];
        if !has_text && has_more.iter().all(|n| n.unwrap_or(0) == 0) {
            return Ok(());
        }
        super::incoming::check_body(state, &answer)?;
        let poster = super::incoming::poster(state, &self.hook).await?;
        let destination =
            self.hook.fields.target_room.clone().filter(|t| !t.is_empty()).unwrap_or_else(|| room.id.clone());
        let target = super::room_for(state, &poster, &destination).await?;
        super::incoming::post_in(state, &self.hook, &poster, &target, answer).await.map(|_| ())
    }

    async fn save(&self, state: &AppState, entry: &mut IntegrationHistory) {
        entry.updated_at = Timestamp::now();
        if let Err(error) = state.store.save_history(entry).await {
            tracing::warn!(%error, hook = %self.hook.id, "could not keep an outgoing hook's history");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_wait_longer_each_time_and_never_past_the_cap() {
        assert_eq!(retry_delay(None, 1), Duration::from_millis(100));
        assert_eq!(retry_delay(Some("powers-of-ten"), 2), Duration::from_secs(1));
        assert_eq!(retry_delay(Some("powers-of-two"), 3), Duration::from_secs(8));
        assert_eq!(retry_delay(Some("increments-of-two"), 3), Duration::from_secs(6));
        assert_eq!(retry_delay(None, 40), MAX_RETRY_DELAY);
    }
}
