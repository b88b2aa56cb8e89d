//! What readers do with a bot's message (see `confab_protocol::interactions`): a block action,
//! checked against what the message's blocks offer and told to the bot that posted it; and
//! feedback, stored once per reader and told to the bot. In a support conversation, the bot's
//! hand-off button and a vote down pass the conversation to the team.

use confab_protocol::interactions::{
    Actor, BLOCK_ACTION_EVENT, BlockAction, BlockActionRequest, FEEDBACK_EVENT, Feedback, FeedbackRequest,
    MAX_COMMENT_CHARS, Vote, offers,
};
use confab_protocol::{Message, Timestamp, User};
use serde_json::json;

use crate::error::ApiError;
use crate::limits::Limit;
use crate::livechat::{self, HandOff};
use crate::secrets::new_id;
use crate::state::AppState;

fn actor(user: &User) -> Actor {
    Actor { id: user.id.clone(), username: user.username.clone(), name: user.name.clone() }
}

/// A bot's message in a room `user` is in.
async fn bots_message(state: &AppState, id: &str, user: &User) -> Result<Message, ApiError> {
    let not_found =
        || ApiError::NotFound { error_type: "error-message-not-found", message: "The message does not exist".into() };
    let message = state.store.message(id).await?.ok_or_else(not_found)?;
    if state.store.subscription(&message.rid, &user.id).await?.is_none() {
        return Err(ApiError::not_a_member());
    }
    if message.bot.is_none() {
        return Err(ApiError::bad_request("error-invalid-message", "Only a bot's message takes this"));
    }
    Ok(message)
}

/// `user` pressed a button or chose from a menu of a bot's message: the bot hears Rocket.Chat's
/// block action, if the message offers that choice.
pub async fn block_action(state: &AppState, user: &User, request: BlockActionRequest) -> Result<(), ApiError> {
    state.limits.check(Limit::Send, &user.id)?;
    let message = bots_message(state, &request.mid, user).await?;
    let blocks: Vec<serde_json::Value> = message.blocks.as_ref().and_then(|blocks| blocks.read()).unwrap_or_default();
    if message.rid != request.rid || !offers(&blocks, &request.block_id, &request.action_id, request.value.as_deref()) {
        return Err(ApiError::bad_request("error-invalid-action", "The message offers no such choice"));
    }
    let action = BlockAction {
        kind: "blockAction".into(),
        action_id: request.action_id,
        block_id: request.block_id,
        value: request.value,
        mid: message.id.clone(),
        rid: message.rid.clone(),
        user: actor(user),
        trigger_id: new_id(),
    };
    state.events.to_bot(&message.u.id, BLOCK_ACTION_EVENT, &action);
    if action.action_id == livechat::HAND_OFF_ACTION {
        hand_off(state, &message.rid, user, HandOff::BotAction).await?;
    }
    let fields = json!({"actionId": action.action_id, "blockId": action.block_id, "value": action.value, "triggerId": action.trigger_id});
    tell_hooks(state, &message, user, "blockAction", fields).await
}

/// In a support conversation the bot is answering, what the reader did hands it to the team.
async fn hand_off(state: &AppState, room_id: &str, user: &User, why: HandOff) -> Result<(), ApiError> {
    if let Some(room) = state.store.room(room_id).await?.filter(|room| room.livechat.is_some()) {
        livechat::hand_off(state, &room, user, why).await?;
    }
    Ok(())
}

/// What a bot behind an outgoing webhook hears of a reader's doing (see
/// [`crate::integrations::outgoing::tell_bot`]).
async fn tell_hooks(
    state: &AppState,
    message: &Message,
    user: &User,
    event: &'static str,
    fields: serde_json::Value,
) -> Result<(), ApiError> {
    if let Some(room) = state.store.room(&message.rid).await? {
        crate::integrations::outgoing::tell_bot(
            state,
            &message.u.id,
            &room,
            &user.to_ref(),
            &message.id,
            event,
            fields,
        );
    }
    Ok(())
}

/// `user`'s vote on a bot's message, stored (one per reader, changed in place) and told to the bot.
pub async fn feedback(state: &AppState, user: &User, request: FeedbackRequest) -> Result<Feedback, ApiError> {
    state.limits.check(Limit::Send, &user.id)?;
    let message = bots_message(state, &request.message_id, user).await?;
    if message.u.id == user.id {
        return Err(ApiError::bad_request("error-invalid-message", "A bot does not rate its own message"));
    }
    let comment = request.comment.map(|c| c.trim().to_owned()).filter(|c| !c.is_empty());
    if let Some(comment) = &comment
        && (comment.chars().count() > MAX_COMMENT_CHARS || comment.chars().any(|c| c.is_control() && c != '\n'))
    {
        return Err(ApiError::bad_request(
            "error-invalid-params",
            format!("A comment is at most {MAX_COMMENT_CHARS} characters of text"),
        ));
    }
    let comment = comment.filter(|_| request.vote.is_some());
    let now = Timestamp::now();
    state.store.set_feedback(&message.id, &message.rid, &user.id, request.vote, comment.as_deref(), now).await?;
    let feedback =
        Feedback { mid: message.id.clone(), rid: message.rid.clone(), vote: request.vote, comment, user: actor(user) };
    state.events.to_bot(&message.u.id, FEEDBACK_EVENT, &feedback);
    if feedback.vote == Some(Vote::Down) {
        hand_off(state, &message.rid, user, HandOff::VotedDown).await?;
    }
    let fields = json!({"vote": feedback.vote, "comment": feedback.comment});
    tell_hooks(state, &message, user, "feedback", fields).await?;
    Ok(feedback)
}
