//! Support conversations: a visitor without an account talks to a department's agent bot first
//! and to the team after a hand-off. Every way a conversation moves (the visitor asking for a
//! person, a bot's button, a vote down, staff taking, forwarding or closing it) goes through
//! here, so each one tells the room and the queue alike.
//!
//! A conversation is a room of Rocket.Chat's type `l` with the visitor, the bot and whoever
//! serves it as members. Nothing of it is stored until the visitor first writes (or asks for a
//! person): until then their app shows the welcome it will open with.

pub mod settings;
pub mod transcript;

pub use confab_protocol::livechat::HAND_OFF_ACTION;
use confab_protocol::livechat::{AGENT_ROLE, MANAGER_ROLE, Stage};
use confab_protocol::{Message, Room, RoomType, Timestamp, User};

use crate::error::ApiError;
use crate::events::Change;
use crate::posting::{Poster, post_message};
use crate::secrets::new_id;
use crate::state::AppState;
use crate::store::Move;

/// The system message that says the conversation was handed to the team (Confab's).
pub const QUEUED: &str = "livechat-queued";
/// The system message that says the conversation moved to someone else (Rocket.Chat's).
pub const TRANSFERRED: &str = "livechat_transfer_history";
/// The system message that closes a conversation (Rocket.Chat's); its text is the comment.
pub const CLOSED: &str = "livechat-close";
/// The system message that tells a visitor nobody is there now, and when the team answers
/// (Confab's); its text is the operator's.
pub const OFFLINE: &str = "livechat-offline";

/// Why a conversation was handed to the team.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HandOff {
    /// The visitor asked for a person.
    Asked,
    /// The bot's own button did.
    BotAction,
    /// The visitor voted one of the bot's answers down.
    VotedDown,
    /// The bot could not answer.
    NoAnswer,
}

impl HandOff {
    fn as_str(self) -> &'static str {
        match self {
            Self::Asked => "asked",
            Self::BotAction => "bot",
            Self::VotedDown => "feedback",
            Self::NoAnswer => "no-answer",
        }
    }
}

/// Starts watching what is posted in support conversations: a visitor's words in a waiting
/// conversation show in the team's queue, and a visitor the bot leaves unanswered for
/// `--support-bot-patience-secs` is handed to the team.
pub fn start(state: &AppState) {
    let listening = state.clone();
    state.events.hear_posts("the support queue", move |post| {
        let Some(conversation) = &post.room.livechat else { return };
        if conversation.v.id != post.message.u.id || post.message.t.is_some() {
            return;
        }
        let state = listening.clone();
        match conversation.stage {
            Stage::Queued => {
                tokio::spawn(async move {
                    if let Err(error) = queue_changed(&state, &post.room.id, Change::Updated).await {
                        tracing::warn!(%error, "telling the support queue failed");
                    }
                });
            }
            Stage::Bot => {
                tokio::spawn(async move { await_the_bot(&state, &post.room.id, &post.message).await });
            }
            Stage::Served | Stage::Closed => {}
        }
    });
}

/// Hands the conversation to the team if nobody answered the visitor's `message` in time.
async fn await_the_bot(state: &AppState, room_id: &str, message: &Message) {
    tokio::time::sleep(std::time::Duration::from_secs(state.settings.support_bot_patience_secs)).await;
    let answered = match state.store.messages_after(room_id, message.ts, 50).await {
        Ok(after) => after.iter().any(|m| m.u.id != message.u.id),
        Err(error) => return tracing::warn!(%error, "reading whether the bot answered failed"),
    };
    if answered {
        return;
    }
    let outcome = async {
        let room = conversation(state, room_id).await?;
        let visitor = state.store.user_by_id(&message.u.id).await?.ok_or_else(ApiError::room_not_found)?;
        hand_off(state, &room, &visitor, HandOff::NoAnswer).await
    }
    .await;
    if let Err(error) = outcome {
        tracing::warn!(%error, "handing an unanswered conversation to the team failed");
    }
}

/// Whether `user` is on the support team: agents and managers, and admins.
pub fn is_staff(user: &User) -> bool {
    user.is_admin() || user.roles.iter().any(|role| role == AGENT_ROLE || role == MANAGER_ROLE)
}

/// Whether `user` may see and move every conversation, not only those they serve.
pub fn is_manager(user: &User) -> bool {
    user.is_admin() || user.roles.iter().any(|role| role == MANAGER_ROLE)
}

/// `room_id` as a support conversation.
pub async fn conversation(state: &AppState, room_id: &str) -> Result<Room, ApiError> {
    let room = if confab_protocol::ids::is_plausible_id(room_id) { state.store.room(room_id).await? } else { None };
    room.filter(|room| room.t == RoomType::Livechat && room.livechat.is_some()).ok_or_else(ApiError::room_not_found)
}

pub fn stage(room: &Room) -> Option<Stage> {
    room.livechat.as_ref().map(|c| c.stage)
}

/// Refuses a token that cannot be a visitor's.
pub fn check_token(token: &str) -> Result<(), ApiError> {
    if valid_token(token) {
        Ok(())
    } else {
        Err(ApiError::bad_request("error-invalid-token", "A visitor token is 16 to 128 letters, digits, - or _"))
    }
}

/// The visitor holding `token`, made on first sight.
pub async fn visitor(state: &AppState, token: &str) -> Result<User, ApiError> {
    check_token(token)?;
    if let Some(user) = state.store.visitor_by_token(token).await? {
        return Ok(user);
    }
    match state.store.create_visitor(token, None, None).await? {
        Some(user) => Ok(user),
        None => {
            state.store.visitor_by_token(token).await?.ok_or_else(|| ApiError::Internal("a visitor vanished".into()))
        }
    }
}

/// The visitor holding `token`, who must exist: the `livechat/*` routes' credential.
pub async fn known_visitor(state: &AppState, token: &str) -> Result<User, ApiError> {
    let found = if valid_token(token) { state.store.visitor_by_token(token).await? } else { None };
    found.ok_or_else(|| ApiError::Forbidden("Unknown visitor token".into()))
}

fn valid_token(token: &str) -> bool {
    (16..=128).contains(&token.len()) && token.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// The visitor's open conversation, started (with the department's bot, if any) when there is
/// none; and whether it is new.
pub async fn conversation_of(state: &AppState, visitor: &User) -> Result<(Room, bool), ApiError> {
    if let Some(id) = state.store.open_conversation_of(&visitor.id).await? {
        return Ok((conversation(state, &id).await?, false));
    }
    let (_, department) = state.store.visitor_details(&visitor.id).await?;
    let bot = match bot_username(state, department.as_deref()).await? {
        Some(name) => state.store.user_by_username(&name).await?,
        None => None,
    };
    let id = state.store.start_conversation(visitor, department.as_deref(), bot.as_ref(), &team_name(state)).await?;
    if let Some(bot) = &bot {
        welcome(state, &id, bot).await?;
        // The welcome is where the conversation begins, not news to the visitor.
        state.store.mark_read(&id, &visitor.id, Timestamp::now()).await?;
    }
    state.events.joined(&id, &visitor.id).await;
    if bot.is_none() {
        queue_changed(state, &id, Change::Inserted).await?;
    }
    Ok((conversation(state, &id).await?, true))
}

/// The team's name, which titles a visitor's conversation: the theme's title, else "Support".
pub fn team_name(state: &AppState) -> String {
    use confab_protocol::config::Setting;
    match &state.branding.theme {
        Setting::Set(theme) => match &theme.title {
            Setting::Set(title) => Some(title.clone()),
            _ => None,
        },
        _ => None,
    }
    .unwrap_or_else(|| "Support".into())
}

/// The welcome a new conversation will open with, from the bot that will say it; none without
/// a bot.
pub async fn coming_welcome(state: &AppState) -> Result<Option<settings::Welcome>, ApiError> {
    let Some(name) = bot_username(state, None).await? else { return Ok(None) };
    let Some(bot) = state.store.user_by_username(&name).await? else { return Ok(None) };
    let support = &state.branding.support;
    Ok(Some(settings::Welcome { u: bot.to_ref(), msg: support.welcome.clone(), blocks: support.welcome_blocks() }))
}

/// The bot's first words in a new conversation, with the questions it suggests and the button
/// that asks for a person.
async fn welcome(state: &AppState, room_id: &str, bot: &User) -> Result<(), ApiError> {
    let support = &state.branding.support;
    let room = conversation(state, room_id).await?;
    let mut draft = Message::new(new_id(), room_id, &support.welcome, bot.to_ref(), Timestamp::now());
    draft.blocks = Some(confab_protocol::json::Lazy::new(&support.welcome_blocks()));
    post_message(state, bot, &room, draft, Poster::Member).await?;
    Ok(())
}

/// The bot that answers `department`'s visitors first: the department's own, else the agent's.
async fn bot_username(state: &AppState, department: Option<&str>) -> Result<Option<String>, ApiError> {
    if let Some(department) = department {
        let departments = state.store.departments().await?;
        if let Some((_, bot)) = departments.into_iter().find(|(d, _)| d.id == department) {
            return Ok(bot);
        }
    }
    Ok(state.agent.as_ref().map(|agent| agent.bot_username().to_owned()))
}

/// Hands `room` to the team's queue, unless it is already there or beyond; whether it moved.
/// From then on the bot is silent.
pub async fn hand_off(state: &AppState, room: &Room, by: &User, why: HandOff) -> Result<bool, ApiError> {
    if stage(room) != Some(Stage::Bot) {
        return Ok(false);
    }
    if state.store.move_conversation(&room.id, Move::ToQueue { department: None }).await?.is_none() {
        return Ok(false);
    }
    tracing::info!(room = %room.id, why = why.as_str(), "a conversation was handed to the team");
    notice(state, &room.id, by, QUEUED, "").await?;
    if !state.store.support_team_online().await? {
        notice(state, &room.id, by, OFFLINE, &state.branding.support.hours).await?;
    }
    queue_changed(state, &room.id, Change::Inserted).await
}

/// `agent` takes the waiting conversation `room_id`; only one of several at once succeeds.
pub async fn take(state: &AppState, room_id: &str, agent: &User) -> Result<Room, ApiError> {
    conversation(state, room_id).await?;
    if state.store.move_conversation(room_id, Move::Take { agent }).await?.is_none() {
        return Err(ApiError::bad_request("error-not-queued", "This conversation is not waiting to be taken"));
    }
    state.events.joined(room_id, &agent.id).await;
    notice(state, room_id, agent, "uj", "").await?;
    queue_changed(state, room_id, Change::Removed).await?;
    conversation(state, room_id).await
}

/// Where a conversation is forwarded.
pub enum Target<'a> {
    Colleague(&'a User),
    Department(&'a str),
}

/// `by` forwards conversation `room` to a colleague, who serves it at once, or to a
/// department's queue. The agent who had it leaves it.
pub async fn forward(state: &AppState, room: &Room, by: &User, to: Target<'_>) -> Result<(), ApiError> {
    let step = match &to {
        Target::Colleague(agent) => Move::Hand { agent },
        Target::Department(id) => Move::ToQueue { department: Some(id) },
    };
    let Some(dropped) = state.store.move_conversation(&room.id, step).await? else {
        return Err(ApiError::bad_request("error-forwarding-chat", "This conversation cannot be forwarded now"));
    };
    if let Some(old) = dropped.filter(|old| !matches!(&to, Target::Colleague(agent) if agent.id == *old))
        && let Some(subscription) = state.store.remove_member(&room.id, &old).await?
    {
        state.events.left(&old, &subscription, room);
    }
    match to {
        Target::Colleague(agent) => {
            state.events.joined(&room.id, &agent.id).await;
            notice(state, &room.id, by, TRANSFERRED, &agent.username).await?;
        }
        Target::Department(_) => {
            notice(state, &room.id, by, TRANSFERRED, "").await?;
            queue_changed(state, &room.id, Change::Inserted).await?;
        }
    }
    Ok(())
}

/// Closes `room`, by the visitor or by staff with a comment.
pub async fn close(state: &AppState, room: &Room, by: &User, comment: Option<&str>) -> Result<(), ApiError> {
    let closer = if crate::auth::is_visitor(by) { "visitor" } else { "user" };
    let comment = comment.map(str::trim).filter(|c| !c.is_empty());
    if let Some(comment) = comment {
        crate::posting::check_text(state, comment)?;
    }
    let was_queued = stage(room) == Some(Stage::Queued);
    if state.store.move_conversation(&room.id, Move::Close { closer, comment }).await?.is_none() {
        return Err(ApiError::bad_request("error-room-closed", "This conversation is closed already"));
    }
    notice(state, &room.id, by, CLOSED, comment.unwrap_or_default()).await?;
    if was_queued {
        queue_changed(state, &room.id, Change::Removed).await?;
    }
    state.events.room_changed_for_members(&room.id).await?;
    if let Some(to) = state.store.transcript_to(&room.id).await? {
        let (state, room) = (state.clone(), conversation(state, &room.id).await?);
        tokio::spawn(async move {
            if let Err(error) = transcript::mail(&state, &room, &to).await {
                tracing::warn!(%error, room = %room.id, "mailing a transcript on close failed");
            }
        });
    }
    Ok(())
}

/// A system message of kind `t` in the conversation, from `by`.
async fn notice(state: &AppState, room_id: &str, by: &User, t: &str, text: &str) -> Result<Message, ApiError> {
    let room = conversation(state, room_id).await?;
    let mut draft = Message::new(new_id(), room_id, text, by.to_ref(), Timestamp::now());
    draft.t = Some(t.to_owned());
    let message = post_message(state, by, &room, draft, Poster::Notice).await?;
    state.events.room_changed_for_members(room_id).await?;
    Ok(message)
}

/// Tells staff watching the queue that conversation `room_id` entered or left it.
async fn queue_changed(state: &AppState, room_id: &str, change: Change) -> Result<bool, ApiError> {
    let room = conversation(state, room_id).await?;
    state.events.queue_changed(change, &room);
    Ok(true)
}
