//! The agent: a bot account whose answers are written by a language model, streamed into the
//! conversation as it writes them (see `streaming`). It answers every message in its direct
//! rooms and every message that mentions it, one answer per conversation at a time, within caps
//! on answers at once and pieces per minute.
//!
//! Its words come from any OpenAI-compatible Chat Completions API (`model`); without one, in the
//! demo, from Confab's own documentation (`docs_guide`), so a fresh clone shows the whole
//! experience with no model at all.

mod answer;
mod docs_guide;
mod model;

use std::collections::HashSet;
use std::num::NonZeroU32;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use confab_protocol::{Message, Room, RoomType};
use governor::{DefaultDirectRateLimiter, Quota, RateLimiter};
use tokio::sync::Semaphore;

use crate::settings::Settings;
use crate::state::AppState;

pub use model::{Failure, ModelApi};

/// What the agent is told before every conversation, unless the admin says otherwise.
pub const DEFAULT_PROMPT: &str = "You are Guide, the assistant inside Confab, a chat. Answer briefly, kindly and \
    in the language you are asked in.";

/// Where the agent's words come from.
pub enum Source {
    Model(ModelApi),
    /// Confab's documentation, for the demo.
    Docs,
}

pub struct Agent {
    source: Source,
    bot_username: String,
    prompt: String,
    history: u32,
    /// Conversations with an answer being written (one at a time in each).
    busy: Mutex<HashSet<String>>,
    answers: Arc<Semaphore>,
    pieces: DefaultDirectRateLimiter,
    /// How long the model may stay silent.
    timeout: Duration,
}

#[derive(Debug, thiserror::Error)]
pub enum AgentError {
    #[error("the agent's key file cannot be read: {0}")]
    KeyFile(std::io::Error),
    #[error("the agent's address is not an http(s) URL")]
    Url,
}

impl Agent {
    /// The agent the settings describe: a model's when `--agent-url` is given, the docs guide in
    /// demo mode, none otherwise.
    pub fn from_settings(settings: &Settings) -> Result<Option<Self>, AgentError> {
        let source = match &settings.agent_url {
            Some(url) => {
                let key = match &settings.agent_key_file {
                    Some(path) => Some(std::fs::read_to_string(path).map_err(AgentError::KeyFile)?.trim().to_owned()),
                    None => std::env::var("CONFAB_AGENT_KEY").ok(),
                };
                Source::Model(ModelApi::new(url, &settings.agent_model, key).ok_or(AgentError::Url)?)
            }
            None if settings.demo && settings.demo_guide => Source::Docs,
            None => return Ok(None),
        };
        let per_minute = NonZeroU32::new(settings.agent_tokens_per_minute).unwrap_or(NonZeroU32::MIN);
        Ok(Some(Self {
            source,
            bot_username: settings.agent_bot.clone(),
            prompt: settings.agent_prompt.clone(),
            history: settings.agent_history,
            busy: Mutex::default(),
            answers: Arc::new(Semaphore::new(settings.agent_max_answers.max(1))),
            pieces: RateLimiter::direct(Quota::per_minute(per_minute)),
            timeout: Duration::from_secs(settings.agent_timeout_secs.max(1)),
        }))
    }

    /// Whether `message` in `room` is one the agent answers: a person's words to it, in its
    /// direct room or naming it.
    fn addressed(&self, room: &Room, message: &Message) -> bool {
        if message.t.is_some() || message.bot.is_some() || message.u.username == self.bot_username {
            return false;
        }
        let named = message.mentions.iter().flatten().any(|m| m.username.as_deref() == Some(&self.bot_username));
        let direct =
            room.t == RoomType::Direct && room.usernames.iter().flatten().any(|name| *name == self.bot_username);
        named || direct
    }
}

/// After a message is posted: the agent answers it, in the background, if it is addressed.
pub fn spawn(state: &AppState, room: &Room, message: &Message) {
    let Some(agent) = state.agent.clone() else { return };
    if !agent.addressed(room, message) {
        return;
    }
    let (state, room, message) = (state.clone(), room.clone(), message.clone());
    tokio::spawn(async move { answer::answer(&state, &agent, &room, &message).await });
}
