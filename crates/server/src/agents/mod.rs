//! The agent: a bot account whose answers are written by a language model, streamed into the
//! conversation as it writes them (see `streaming`). It answers every message in its direct
//! rooms and every message that mentions it, one answer per conversation at a time, within caps
//! on answers at once and pieces per minute.
//!
//! Its words come from any OpenAI-compatible Chat Completions API (`model`); without one, in the
//! demo, from Confab's own documentation (`docs_guide`), so a fresh clone shows the whole
//! experience with no model at all.
//!
//! It hears what this instance posts (`Events::posted`), as a bot hears its rooms, so that the
//! posting path does not know it exists.

pub mod agent;
mod answer;
mod docs_guide;
mod model;

use crate::state::AppState;

pub use agent::{Agent, AgentError, Source};
pub use model::{Failure, ModelApi};

/// Starts the agent, if there is one: each message this instance posts that is addressed to it
/// is answered, in the background.
pub fn start(state: &AppState) {
    let Some(agent) = state.agent.clone() else { return };
    let listening = state.clone();
    state.events.hear_posts("the agent", move |post| {
        if agent.addressed(&post.room, &post.message) {
            let (state, agent) = (listening.clone(), agent.clone());
            tokio::spawn(async move { answer::answer(&state, &agent, &post.room, &post.message).await });
        }
    });
}
