//! The agent as configured: where its words come from, the bot it answers as, and the caps it
//! answers within. Held in the shared state; what it does is in `answer`.

use std::collections::HashSet;
use std::num::NonZeroU32;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use confab_protocol::livechat::Stage;
use confab_protocol::{Message, Room, RoomType};
use governor::{DefaultDirectRateLimiter, Quota, RateLimiter};
use tokio::sync::Semaphore;

use super::model::ModelApi;
use crate::settings::Settings;

/// Where the agent's words come from.
pub enum Source {
    Model(ModelApi),
    /// Confab's documentation, for the demo.
    Docs,
}

pub struct Agent {
    pub(super) source: Source,
    pub(super) bot_username: String,
    pub(super) prompt: String,
    pub(super) history: u32,
    /// Conversations with an answer being written (one at a time in each).
    pub(super) busy: Mutex<HashSet<String>>,
    pub(super) answers: Arc<Semaphore>,
    pub(super) pieces: DefaultDirectRateLimiter,
    /// How long the model may stay silent.
    pub(super) timeout: Duration,
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

    /// The username of the bot it answers as.
    pub fn bot_username(&self) -> &str {
        &self.bot_username
    }

    /// Whether `message` in `room` is one the agent answers: a person's words to it, in its
    /// direct room or naming it, or a visitor's in a support conversation it has not handed to
    /// the team (after which it is silent unless named).
    pub(super) fn addressed(&self, room: &Room, message: &Message) -> bool {
        if message.t.is_some() || message.bot.is_some() || message.u.username == self.bot_username {
            return false;
        }
        let named = message.mentions.iter().flatten().any(|m| m.username.as_deref() == Some(&self.bot_username));
        let direct =
            room.t == RoomType::Direct && room.usernames.iter().flatten().any(|name| *name == self.bot_username);
        let support = room.livechat.as_ref().is_some_and(|c| c.stage == Stage::Bot && c.v.id == message.u.id);
        named || direct || support
    }
}
