//! One answer: the agent thinks (shown where typing is), opens a streamed message, writes what
//! its source gives, piece by piece, and ends it: done, failed with a sentence the reader
//! understands (the detail goes to the log), or stopped by a reader, which drops the request to
//! the model and so cancels it there.

use std::time::Duration;

use confab_protocol::streaming::{AgentStateRequest, AppendRequest, EndRequest, StartRequest, StreamState, THINKING};
use confab_protocol::{Message, Room, User};
use futures_util::StreamExt;
use serde_json::{Value, json};

use super::agent::{Agent, Source};
use super::docs_guide;
use super::model::{Failure, Pieces};
use crate::realtime::topics;
use crate::state::AppState;
use crate::store::TimeRange;
use crate::streaming;

/// How often the agent writes what its model sent since its last append. Ten updates a second
/// read as smoothly growing text, and each append then carries several tokens: a reader's socket
/// pays a frame per append, which would cost a one-token piece about three times its size.
const APPEND_EVERY: Duration = Duration::from_millis(150);
/// The most pieces (tokens) one append gathers, however fast the model writes.
const MAX_PIECES_PER_APPEND: usize = 256;

pub async fn answer(state: &AppState, agent: &Agent, room: &Room, question: &Message) {
    let bot = match state.store.user_by_username(&agent.bot_username).await {
        Ok(Some(bot)) => bot,
        Ok(None) => return tracing::warn!(bot = %agent.bot_username, "the agent's bot account does not exist"),
        Err(error) => return tracing::error!(%error, "cannot read the agent's bot account"),
    };
    // One answer per conversation at a time: a message that comes meanwhile waits for none.
    if !agent.busy.lock().expect("busy").insert(room.id.clone()) {
        return;
    }
    let _done = Finally(|| {
        agent.busy.lock().expect("busy").remove(&room.id);
    });
    let thinking = AgentStateRequest { rid: room.id.clone(), activity: Some(THINKING.into()), label: None };
    if let Err(error) = streaming::agent_state(state, &bot, thinking).await {
        return tracing::warn!(%error, room = %room.id, "the agent cannot answer in this room");
    }
    let start = StartRequest { rid: room.id.clone(), tmid: question.tmid.clone(), msg: String::new(), alias: None };
    let message = match streaming::start(state, &bot, room, start).await {
        Ok(message) => message,
        Err(error) => return tracing::warn!(%error, room = %room.id, "the agent cannot open its answer"),
    };
    let mut stopped = state.hub.subscribe(&topics::stream_stopped(&message.id));
    let written = tokio::select! {
        written = write(state, agent, &bot, room, question, &message) => written,
        _ = stopped.recv() => return,
    };
    // Free for the next question before the end is told, which prompts it.
    agent.busy.lock().expect("busy").remove(&room.id);
    let end = match written {
        Ok(()) => {
            // The docs guide offers what to ask next; a model's answer ends as written.
            let blocks = matches!(agent.source, Source::Docs).then(|| docs_guide::suggestions(&question.msg));
            EndRequest { message_id: message.id.clone(), state: StreamState::Done, error: None, blocks }
        }
        Err(failure) => {
            tracing::warn!(%failure, room = %room.id, message = %message.id, "the agent's answer failed");
            let sentence = Some(failure.sentence().to_owned());
            EndRequest { message_id: message.id.clone(), state: StreamState::Failed, error: sentence, blocks: None }
        }
    };
    if let Err(error) = streaming::end(state, &bot, end).await {
        tracing::debug!(%error, message = %message.id, "the agent's answer had ended already");
    }
}

/// Writes the answer into `message` as its source gives it.
async fn write(
    state: &AppState,
    agent: &Agent,
    bot: &User,
    room: &Room,
    question: &Message,
    message: &Message,
) -> Result<(), Failure> {
    let _permit = agent.answers.clone().try_acquire_owned().map_err(|_| Failure::Busy)?;
    let mut pieces: Pieces = match &agent.source {
        Source::Model(api) => {
            let conversation = conversation(state, agent, room, question).await;
            tokio::time::timeout(agent.timeout, api.ask(conversation)).await.map_err(|_| Failure::Timeout)??
        }
        Source::Docs => docs_guide::answer(&question.msg),
    };
    // The first piece goes at once, so the answer starts as soon as the model does; then what
    // came meanwhile goes together, every APPEND_EVERY.
    let first = match tokio::time::timeout(agent.timeout, pieces.next()).await {
        Err(_) => return Err(Failure::Timeout),
        Ok(None) => return Ok(()),
        Ok(Some(piece)) => vec![piece],
    };
    state.events.typing(&room.id, &bot.username, &[], None);
    let mut batches =
        std::pin::pin!(tokio_stream::StreamExt::chunks_timeout(pieces, MAX_PIECES_PER_APPEND, APPEND_EVERY));
    let mut batch = first;
    loop {
        let mut text = String::new();
        let mut failure = None;
        for piece in batch {
            match piece {
                Ok(piece) => {
                    agent.pieces.check().map_err(|_| Failure::Busy)?;
                    text.push_str(&piece);
                }
                Err(error) => {
                    failure = Some(error);
                    break;
                }
            }
        }
        if !text.is_empty() {
            let append = AppendRequest { message_id: message.id.clone(), piece: text };
            if streaming::append(state, bot, append).await.is_err() {
                // Stopped, or too long: what was written stands.
                return Ok(());
            }
        }
        if let Some(failure) = failure {
            return Err(failure);
        }
        batch = match tokio::time::timeout(agent.timeout, batches.next()).await {
            Err(_) => return Err(Failure::Timeout),
            Ok(None) => return Ok(()),
            Ok(Some(batch)) => batch,
        };
    }
}

/// What the model reads: the admin's prompt, then the conversation's last messages, oldest
/// first, the agent's own as the assistant's and everyone else's as the user's (named, where
/// more than one person speaks).
async fn conversation(state: &AppState, agent: &Agent, room: &Room, question: &Message) -> Vec<Value> {
    let range = TimeRange { latest: Some(question.ts), oldest: None, inclusive: true, count: agent.history.max(1) };
    let mut messages = state.store.history(&room.id, range).await.unwrap_or_else(|error| {
        tracing::warn!(%error, room = %room.id, "the agent reads the question alone");
        vec![question.clone()]
    });
    messages.reverse();
    messages.retain(|m| m.t.is_none() && !m.msg.trim().is_empty());
    let group = room.t != confab_protocol::RoomType::Direct;
    let mut said = vec![json!({"role": "system", "content": agent.prompt})];
    said.extend(messages.iter().map(|m| {
        if m.u.username == agent.bot_username {
            json!({"role": "assistant", "content": m.msg})
        } else if group {
            json!({"role": "user", "content": format!("{}: {}", m.u.display_name(), m.msg)})
        } else {
            json!({"role": "user", "content": m.msg})
        }
    }));
    said
}

/// Runs its closure when dropped, however the answer ends.
struct Finally<F: FnMut()>(F);

impl<F: FnMut()> Drop for Finally<F> {
    fn drop(&mut self) {
        (self.0)();
    }
}
