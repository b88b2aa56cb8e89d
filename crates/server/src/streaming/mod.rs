//! Streamed answers and agent state (see `confab_protocol::streaming`): one path for REST, DDP
//! and the server's own agents, so each gets the same checks.
//!
//! An answer starts as a posted message marked `writing`; each append is stored, so the stored
//! text is always what was written so far, and readers following the room's pieces hear only the
//! new piece. Clients that follow the room's messages instead hear the stored text at most every
//! [`FLUSH_EVERY`], and everyone hears the finished message when it ends or is stopped.

use std::time::Duration;

use confab_protocol::streaming::{
    AGENT_ACTIVITIES, AgentStateRequest, AppendRequest, EndRequest, MAX_LABEL_CHARS, MAX_PIECE_CHARS, Piece,
    StartRequest, StreamState,
};
use confab_protocol::{Message, Room, Timestamp, User};
use serde_json::json;

use crate::error::ApiError;
use crate::limits::Limit;
use crate::posting::{Poster, post_message};
use crate::secrets::new_id;
use crate::state::AppState;
use crate::store::{StreamWrite, markup};

/// How often clients that do not follow pieces hear a growing answer: a few times a second.
pub const FLUSH_EVERY: Duration = Duration::from_millis(250);
/// The longest sentence a failed answer ends with, in characters.
const MAX_ERROR_CHARS: usize = 300;

pub mod flushes;

/// Opens a streamed answer from `author` (a bot) in `room`, where they are a member.
pub async fn start(state: &AppState, author: &User, room: &Room, request: StartRequest) -> Result<Message, ApiError> {
    must_be_bot(author)?;
    // An answer is a message: it counts against its bot's rate of sending.
    state.limits.check(Limit::Send, &author.id)?;
    check_piece(&request.msg, true)?;
    let mut draft = Message::new(new_id(), &room.id, &request.msg, author.to_ref(), Timestamp::now());
    draft.tmid = request.tmid;
    draft.alias = crate::integrations::incoming::alias(request.alias);
    draft.stream = Some(StreamState::Writing);
    let message = post_message(state, author, room, draft, Poster::Member).await?;
    watch(state, message.id.clone(), author.username.clone());
    Ok(message)
}

/// Appends a piece to `author`'s answer: stored, then told to the room. Returns where it went.
pub async fn append(state: &AppState, author: &User, request: AppendRequest) -> Result<usize, ApiError> {
    check_piece(&request.piece, false)?;
    let id = &request.message_id;
    in_its_room(state, id, author).await?;
    let max = state.settings.max_answer_chars;
    let write = state.store.append_piece(id, &author.id, &request.piece, max, Timestamp::now()).await?;
    let (message, at) = written(write)?;
    state.events.piece(&message.rid, &Piece { id: message.id.clone(), at, piece: request.piece });
    schedule_flush(state, message.id);
    Ok(at)
}

/// `author` ends their answer, as `done` or `failed`.
pub async fn end(state: &AppState, author: &User, request: EndRequest) -> Result<Message, ApiError> {
    in_its_room(state, &request.message_id, author).await?;
    if !matches!(request.state, StreamState::Done | StreamState::Failed) {
        return Err(ApiError::bad_request("error-invalid-params", "An answer ends as \"done\" or \"failed\""));
    }
    if let Some(blocks) = &request.blocks {
        confab_protocol::blocks::check(blocks)
            .map_err(|error| ApiError::bad_request("error-invalid-blocks", error.to_string()))?;
    }
    let sentence = request.error.map(|error| error.chars().filter(|c| !c.is_control()).take(MAX_ERROR_CHARS).collect());
    let blocks = request.blocks.map(|blocks| confab_protocol::json::Lazy::new(&blocks));
    let message = finish(state, &request.message_id, Some(&author.id), request.state, move |message: &mut Message| {
        if let Some(sentence) = sentence.filter(|s: &String| !s.trim().is_empty()) {
            let gap = if message.msg.is_empty() { "" } else { "\n\n" };
            message.msg = format!("{}{gap}{sentence}", message.msg);
        }
        message.blocks = blocks;
    })
    .await?;
    state.events.typing(&message.rid, &author.username, &[], None);
    Ok(message)
}

/// A member of the room stops an answer being written. Whatever writes it hears so.
pub async fn stop(state: &AppState, user: &User, message_id: &str) -> Result<Message, ApiError> {
    in_its_room(state, message_id, user).await?;
    let message = finish(state, message_id, None, StreamState::Stopped, |_| {}).await?;
    state.events.stream_stopped(message_id);
    if let Some(room) = state.store.room(&message.rid).await? {
        let (reader, empty) = (user.to_ref(), serde_json::Value::Object(Default::default()));
        crate::integrations::outgoing::tell_bot(
            state,
            &message.u.id,
            &room,
            &reader,
            message_id,
            "streamStopped",
            empty,
        );
    }
    if let Some(author) = state.store.user_by_id(&message.u.id).await? {
        state.events.typing(&message.rid, &author.username, &[], None);
    }
    Ok(message)
}

/// What `author` (a bot, in the room) is doing: thinking, searching (for `label`), writing, or
/// nothing.
pub async fn agent_state(state: &AppState, author: &User, request: AgentStateRequest) -> Result<(), ApiError> {
    still_member(state, &request.rid, author).await?;
    must_be_bot(author)?;
    let activities: Vec<String> = match request.activity.as_deref() {
        None => Vec::new(),
        Some(activity) if AGENT_ACTIVITIES.contains(&activity) => vec![activity.to_owned()],
        Some(_) => {
            return Err(ApiError::bad_request("error-invalid-params", "The activity must be one an agent reports"));
        }
    };
    let label = match request.label {
        Some(label) if label.chars().count() > MAX_LABEL_CHARS || label.chars().any(char::is_control) => {
            return Err(ApiError::bad_request("error-invalid-params", "The label is one short line"));
        }
        label => label,
    };
    let extras = label.filter(|_| !activities.is_empty()).map(|label| json!({ "label": label }));
    state.events.typing(&request.rid, &author.username, &activities, extras);
    Ok(())
}

/// Ends message `id` as `ending` (see [`crate::store::Store::end_stream`]) and tells everyone
/// the finished message: its markup read once, its notifications sent once.
async fn finish(
    state: &AppState,
    id: &str,
    by_author: Option<&str>,
    ending: StreamState,
    complete: impl FnOnce(&mut Message),
) -> Result<Message, ApiError> {
    let now = Timestamp::now();
    let write = state
        .store
        .end_stream(id, by_author, ending, now, |message| {
            complete(message);
            message.md = markup(&message.msg, now);
        })
        .await?;
    let (message, _) = written(write)?;
    state.events.message_changed(&message).await;
    state.bus.handed_over().await;
    if let Some(room) = state.store.room(&message.rid).await? {
        crate::notifications::notify(state, &room, &message).await;
    }
    Ok(message)
}

/// Ends answer `id` as failed once it has gone [`crate::settings::Settings::answer_idle_secs`]
/// without a piece: its bot died or lost its way, and readers should not wait for ever.
fn watch(state: &AppState, id: String, bot_username: String) {
    let state = state.clone();
    let idle = Duration::from_secs(state.settings.answer_idle_secs);
    tokio::spawn(async move {
        loop {
            tokio::time::sleep((idle / 4).max(Duration::from_millis(100))).await;
            let quiet_since = match state.store.message(&id).await {
                Ok(Some(message)) if message.stream == Some(StreamState::Writing) => message.updated_at,
                Ok(_) => return,
                Err(error) => {
                    tracing::warn!(%error, message = %id, "cannot check a streamed answer");
                    continue;
                }
            };
            if Timestamp::now().millis() - quiet_since.millis() < idle.as_millis() as i64 {
                continue;
            }
            tracing::warn!(message = %id, "a streamed answer went quiet and ends as failed");
            match finish(&state, &id, None, StreamState::Failed, |_| {}).await {
                Ok(message) => state.events.typing(&message.rid, &bot_username, &[], None),
                Err(error) => tracing::warn!(%error, message = %id, "a quiet answer did not end"),
            }
            return;
        }
    });
}

/// After an append: the stored text reaches the room's message stream within [`FLUSH_EVERY`],
/// once however many pieces came meanwhile.
fn schedule_flush(state: &AppState, id: String) {
    if !state.flushes.0.lock().expect("flushes").insert(id.clone()) {
        return;
    }
    let state = state.clone();
    tokio::spawn(async move {
        tokio::time::sleep(FLUSH_EVERY).await;
        state.flushes.0.lock().expect("flushes").remove(&id);
        match state.store.message(&id).await {
            Ok(Some(mut message)) if message.stream == Some(StreamState::Writing) => {
                message.md = markup(&message.msg, Timestamp::now());
                state.events.message_in_room(&message);
            }
            Ok(_) => {}
            Err(error) => tracing::warn!(%error, message = %id, "cannot read a streamed answer to tell the room"),
        }
    });
}

fn written(write: StreamWrite) -> Result<(Message, usize), ApiError> {
    match write {
        StreamWrite::Written { message, at } => Ok((*message, at)),
        StreamWrite::Missing => Err(message_not_found()),
        StreamWrite::NotYours => Err(ApiError::action_not_allowed("This is not a streamed answer of yours")),
        StreamWrite::Ended(state) => Err(ApiError::bad_request(
            "error-stream-ended",
            format!("The answer has ended ({})", serde_json::to_value(state).unwrap_or_default()),
        )),
        StreamWrite::TooLong => Err(ApiError::bad_request(
            "error-message-size-exceeded",
            "The answer would be longer than a message may be",
        )),
    }
}

fn check_piece(piece: &str, may_be_empty: bool) -> Result<(), ApiError> {
    if piece.is_empty() && !may_be_empty {
        return Err(ApiError::bad_request("error-invalid-params", "The piece is empty"));
    }
    if piece.chars().count() > MAX_PIECE_CHARS {
        return Err(ApiError::bad_request(
            "error-invalid-params",
            format!("A piece holds at most {MAX_PIECE_CHARS} characters"),
        ));
    }
    Ok(())
}

fn must_be_bot(user: &User) -> Result<(), ApiError> {
    if user.roles.iter().any(|role| role == "bot") {
        Ok(())
    } else {
        Err(ApiError::action_not_allowed("Only a bot account streams answers"))
    }
}

async fn still_member(state: &AppState, room_id: &str, user: &User) -> Result<(), ApiError> {
    match state.store.subscription(room_id, &user.id).await? {
        Some(_) => Ok(()),
        None => Err(ApiError::not_a_member()),
    }
}

/// Refuses a call about message `id` from someone outside its room.
async fn in_its_room(state: &AppState, id: &str, user: &User) -> Result<(), ApiError> {
    match state.store.message(id).await? {
        Some(message) => still_member(state, &message.rid, user).await,
        None => Err(message_not_found()),
    }
}

fn message_not_found() -> ApiError {
    ApiError::NotFound { error_type: "error-message-not-found", message: "The message does not exist".into() }
}
