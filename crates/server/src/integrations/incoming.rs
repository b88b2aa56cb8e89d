//! Incoming webhooks: `POST /hooks/:integrationId/:token` posts the call's text and attachments
//! into the integration's room as its bot, under the integration's alias, avatar or emoji, or the
//! call's own. The call may name another room only when the integration allows it.

use confab_protocol::json::Lazy;
use confab_protocol::message::BotMark;
use confab_protocol::rest::{IncomingHookBody, Integration};
use confab_protocol::{Message, Room, Timestamp, User};

use crate::error::ApiError;
use crate::posting::{Poster, check_text, post_message};
use crate::secrets::new_id;
use crate::state::AppState;

/// The most attachments one call may post.
const MAX_ATTACHMENTS: usize = 20;
/// The longest alias, in characters.
const MAX_ALIAS_CHARS: usize = 64;

/// An alias kept to one short line.
pub(crate) fn alias(alias: Option<String>) -> Option<String> {
    let alias: String = alias?.chars().filter(|c| !c.is_control()).take(MAX_ALIAS_CHARS).collect();
    let alias = alias.trim();
    (!alias.is_empty()).then(|| alias.to_owned())
}

/// An avatar only by an `http(s)` address.
fn avatar(avatar: Option<String>) -> Option<String> {
    avatar.filter(|a| a.len() <= 2048 && url::Url::parse(a).is_ok_and(|u| matches!(u.scheme(), "http" | "https")))
}

/// An emoji only as `:name:`.
fn emoji(emoji: Option<String>) -> Option<String> {
    emoji.filter(|e| {
        let name = e.strip_prefix(':').and_then(|e| e.strip_suffix(':')).unwrap_or_default();
        (1..=64).contains(&name.len()) && name.bytes().all(|b| b.is_ascii_alphanumeric() || b"_+-".contains(&b))
    })
}

/// The user `integration` posts as.
pub async fn poster(state: &AppState, integration: &Integration) -> Result<User, ApiError> {
    state
        .store
        .user_by_id(&integration.user_id)
        .await?
        .ok_or_else(|| ApiError::bad_request("error-invalid-user", "The integration's user no longer exists"))
}

/// Posts what `body` carries as `integration`'s bot, to its room or the one the call names
/// when the integration allows it.
pub async fn post(state: &AppState, integration: &Integration, body: IncomingHookBody) -> Result<Message, ApiError> {
    if !integration.fields.enabled {
        return Err(ApiError::Forbidden("This integration is disabled".into()));
    }
    let poster = poster(state, integration).await?;
    let overridden = body.channel.clone().filter(|_| integration.fields.override_destination == Some(true));
    let destination = overridden
        .or_else(|| integration.channel.first().cloned())
        .ok_or_else(|| ApiError::bad_request("error-invalid-channel", "The integration has no room to post to"))?;
    check_body(state, &body)?;
    let room = super::room_for(state, &poster, &destination).await?;
    post_in(state, integration, &poster, &room, body).await
}

/// Refuses a body with nothing to post, too long a text, too many attachments or blocks that
/// break their rules.
pub fn check_body(state: &AppState, body: &IncomingHookBody) -> Result<(), ApiError> {
    let blocks = body.blocks.as_deref().unwrap_or_default();
    confab_protocol::blocks::check(blocks)
        .map_err(|refused| ApiError::bad_request("error-invalid-blocks", refused.to_string()))?;
    let attachments = body.attachments.as_deref().unwrap_or_default();
    if attachments.len() > MAX_ATTACHMENTS {
        return Err(ApiError::bad_request(
            "error-invalid-params",
            format!("At most {MAX_ATTACHMENTS} attachments may be posted at once"),
        ));
    }
    let text = body.text.as_deref().unwrap_or_default();
    if (attachments.is_empty() && blocks.is_empty()) || !text.trim().is_empty() {
        check_text(state, text)?;
    }
    Ok(())
}

/// Posts `body` (checked) in `room` as `poster`, marked as `integration`'s.
pub async fn post_in(
    state: &AppState,
    integration: &Integration,
    poster: &User,
    room: &Room,
    body: IncomingHookBody,
) -> Result<Message, ApiError> {
    let text = body.text.unwrap_or_default();
    let mut draft = Message::new(new_id(), room.id.clone(), text, poster.to_ref(), Timestamp::now());
    draft.alias = alias(body.alias.or_else(|| integration.fields.alias.clone()));
    draft.avatar = avatar(body.avatar.or_else(|| integration.fields.avatar.clone()));
    draft.emoji = emoji(body.emoji.or_else(|| integration.fields.emoji.clone()));
    draft.bot = Some(Lazy::new(&BotMark { i: integration.id.clone() }));
    if let Some(attachments) = body.attachments.filter(|a| !a.is_empty()) {
        draft.attachments = Some(Lazy::new(&attachments));
    }
    if let Some(blocks) = body.blocks.filter(|b| !b.is_empty()) {
        draft.blocks = Some(Lazy::new(&blocks));
    }
    post_message(state, poster, room, draft, Poster::Member).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_alias_avatar_and_emoji_are_kept_only_in_their_safe_forms() {
        assert_eq!(alias(Some(" Build\nbot ".into())), Some("Buildbot".into()));
        assert_eq!(alias(Some("   ".into())), None);
        assert_eq!(alias(Some("x".repeat(100))).map(|a| a.len()), Some(MAX_ALIAS_CHARS));
        assert_eq!(
            avatar(Some("https://ci.example.com/bot.png".into())).as_deref(),
            Some("https://ci.example.com/bot.png")
        );
        assert_eq!(avatar(Some("javascript:alert(1)".into())), None);
        assert_eq!(emoji(Some(":robot_face:".into())).as_deref(), Some(":robot_face:"));
        assert_eq!(emoji(Some(":<img>:".into())), None);
        assert_eq!(emoji(Some("robot".into())), None);
    }
}
