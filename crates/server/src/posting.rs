//! Posting a message: the one way a message enters a room, whoever sends it. `chat.sendMessage`,
//! a file's message and a pin's notice come through here, and so do bots and webhooks: each gets
//! the same checks, mentions, markup, link previews, notifications and events, and none can
//! skip one by writing to the store itself. Each step of a member's post is a `send.*` span at
//! debug level (off in production), which `confab-bench send-path` times.

use confab_protocol::json::Lazy;
use confab_protocol::message::{BotMark, Mention};
use confab_protocol::{Message, Room, Timestamp, User};

use tracing::{Instrument, debug_span};

use crate::error::ApiError;
use crate::integrations;
use crate::links;
use crate::notifications;
use crate::state::AppState;
use crate::store::{Sent, markup};

/// Who vouches for a post.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Poster {
    /// A member speaking (a person or a bot): their right to post in the room is checked, and
    /// their text read for mentions, markup and links.
    Member,
    /// The server's notice of an action its route has authorised (a pin): posted as made.
    Notice,
}

/// Stores `draft` from `author` in `room` (its room, whose membership the caller has checked and
/// read) and tells the room. A member's post is checked (their right to post there, its thread
/// parent) and read (mentions, markup, links); a notice is posted as the route made it. Sending
/// an `_id` again returns the stored message, and tells the instances that never heard of it.
/// The author is answered once the room's event has left this instance, so an answered send is
/// heard even if the instance dies the next moment.
pub async fn post_message(
    state: &AppState,
    author: &User,
    room: &Room,
    mut draft: Message,
    poster: Poster,
) -> Result<Message, ApiError> {
    let now = Timestamp::now();
    if poster == Poster::Member {
        read_post(state, author, room, &mut draft, now).await?;
    }
    // A bot account's own posts are marked as a bot's, as an integration's are.
    if draft.bot.is_none() && author.roles.iter().any(|role| role == "bot") {
        draft.bot = Some(Lazy::new(&BotMark { i: author.id.clone() }));
    }
    let stored = state.store.send_message(draft, author, now).instrument(debug_span!("send.store")).await?;
    match stored {
        Sent::Created { message, thread_parent } => {
            async {
                if let Some(parent) = thread_parent {
                    state.events.message_changed(&parent).await;
                }
                state.events.message_changed(&message).await;
                state.bus.handed_over().await;
            }
            .instrument(debug_span!("send.publish"))
            .await;
            let _after = debug_span!("send.after").entered();
            // A streamed answer notifies when it is finished (see `streaming`). What follows a
            // post (notifications, previews, webhooks, listeners) is started, not awaited: the
            // answer goes back once the message is stored and published.
            if message.stream.is_none() {
                let (later, room_now, posted) = (state.clone(), room.clone(), message.clone());
                tokio::spawn(async move { notifications::notify(&later, &room_now, &posted).await });
                links::previews::spawn(state, &message);
                integrations::outgoing::spawn(state, room, &message);
                state.events.posted(room, &message);
            }
            Ok(message)
        }
        // A send is repeated when its answer never came: the instance that stored it may have
        // died before publishing. So the room is told again; each instance delivers it only if
        // it never heard of it.
        Sent::AlreadyStored(message) => {
            state.events.message_changed(&message).await;
            state.bus.handed_over().await;
            Ok(message)
        }
        Sent::IdTaken => Err(ApiError::bad_request("error-duplicate-id", "The message _id is already taken")),
        Sent::NoThread => Err(ApiError::bad_request("error-invalid-params", "The thread this replies to was deleted")),
    }
}

/// What a member's post must pass, and what is read from its text.
async fn read_post(
    state: &AppState,
    author: &User,
    room: &Room,
    draft: &mut Message,
    now: Timestamp,
) -> Result<(), ApiError> {
    async {
        crate::authorization::may_post(state, author, room).await?;
        if let Some(tmid) = &draft.tmid {
            let parent = state.store.message(tmid).await?;
            if parent.is_none_or(|parent| parent.rid != draft.rid) {
                return Err(ApiError::bad_request(
                    "error-invalid-params",
                    "The thread parent is not a message of this room",
                ));
            }
        }
        Ok(())
    }
    .instrument(debug_span!("send.check"))
    .await?;
    draft.mentions = mentions(state, &draft.rid, &draft.msg).instrument(debug_span!("send.mentions")).await?;
    draft.md = debug_span!("send.markup").in_scope(|| markup(&draft.msg, now));
    links::read_links(state, author, draft).instrument(debug_span!("send.links")).await
}

pub fn check_text(state: &AppState, text: &str) -> Result<(), ApiError> {
    let length = text.chars().count();
    if length > state.settings.max_message_chars {
        return Err(ApiError::bad_request(
            "error-message-size-exceeded",
            format!("The message is {length} characters long; the limit is {}", state.settings.max_message_chars),
        ));
    }
    if text.trim().is_empty() {
        return Err(ApiError::bad_request("error-invalid-params", "The message is empty"));
    }
    Ok(())
}

/// The room members `text` mentions by `@username`.
async fn mentions(state: &AppState, room_id: &str, text: &str) -> Result<Option<Vec<Mention>>, ApiError> {
    let mut mentions = Vec::new();
    for username in confab_protocol::message::mentioned_usernames(text) {
        if let Some(user) = state.store.user_by_username(username).await?
            && state.store.subscription(room_id, &user.id).await?.is_some()
            && !mentions.iter().any(|m: &Mention| m.id == user.id)
        {
            mentions.push(Mention {
                id: user.id,
                username: Some(user.username),
                name: user.name,
                kind: Some("user".into()),
            });
        }
    }
    Ok((!mentions.is_empty()).then_some(mentions))
}
