//! Quotes: a message whose text holds another message's permalink (`…/channel/general?msg=ID`)
//! shows that message, its author and time, as an attachment.
//!
//! Quoting must not become a way to read what one cannot: the quote is made only when its author
//! may read the quoted room (a member, or a public channel anyone may join), and only when
//! everyone who will read the quote may too: it is quoted into the same room, or from a public
//! channel, or into a room whose members are all members of the quoted one. Otherwise the link
//! stays a plain link and shows nothing of the message.

use std::collections::HashSet;

use confab_protocol::attachment::Attachment;
use confab_protocol::{RoomType, User};

use crate::error::ApiError;
use crate::state::AppState;

/// The message id a permalink names: an `http(s)` address whose path is a room's
/// (`/channel/<name>`, `/group/<name>`, `/direct/<id>`) and whose query has `msg`.
pub fn permalink_message_id(address: &str) -> Option<String> {
    let url = url::Url::parse(address).ok()?;
    if !matches!(url.scheme(), "http" | "https") {
        return None;
    }
    let mut segments = url.path_segments()?;
    if !matches!(segments.next()?, "channel" | "group" | "direct") || segments.next().is_none_or(str::is_empty) {
        return None;
    }
    let id = url.query_pairs().find(|(key, _)| key == "msg")?.1.into_owned();
    confab_protocol::ids::is_plausible_id(&id).then_some(id)
}

/// The quote of message `id` for `author` posting into room `into`, if they may make it.
pub async fn quote(
    state: &AppState,
    author: &User,
    id: &str,
    link: &str,
    into: &str,
) -> Result<Option<Attachment>, ApiError> {
    let Some(quoted) = state.store.message(id).await? else { return Ok(None) };
    let Some(room) = state.store.room(&quoted.rid).await? else { return Ok(None) };
    let public = room.t == RoomType::Channel;
    let author_reads = public || state.store.subscription(&quoted.rid, &author.id).await?.is_some();
    if !author_reads || !(public || quoted.rid == into || readers_may_read(state, into, &quoted.rid).await?) {
        return Ok(None);
    }
    Ok(Some(Attachment {
        author_name: Some(quoted.u.display_name().to_owned()),
        author_icon: Some(confab_protocol::avatar::user_path(&quoted.u.username)),
        message_link: Some(link.to_owned()),
        text: Some(quoted.msg.clone()),
        md: quoted.md.as_deref().cloned(),
        ts: Some(quoted.ts),
        ..Attachment::default()
    }))
}

/// Whether every member of room `into` is a member of room `quoted`.
async fn readers_may_read(state: &AppState, into: &str, quoted: &str) -> Result<bool, ApiError> {
    let quoted: HashSet<String> = state.store.member_ids(quoted).await?.into_iter().collect();
    Ok(state.store.member_ids(into).await?.iter().all(|member| quoted.contains(member)))
}

#[cfg(test)]
mod tests {
    use super::permalink_message_id;

    #[test]
    fn permalinks_name_a_room_and_a_message() {
        let id = "abcdefghijklmnopq";
        assert_eq!(
            permalink_message_id(&format!("https://chat.example/channel/general?msg={id}")).as_deref(),
            Some(id)
        );
        assert_eq!(permalink_message_id(&format!("http://x/group/design?msg={id}&x=1")).as_deref(), Some(id));
        assert_eq!(permalink_message_id(&format!("http://x/direct/abc?msg={id}")).as_deref(), Some(id));
        assert_eq!(permalink_message_id(&format!("http://x/elsewhere/general?msg={id}")), None);
        assert_eq!(permalink_message_id(&format!("http://x/channel/?msg={id}")), None);
        assert_eq!(permalink_message_id("http://x/channel/general"), None);
        assert_eq!(permalink_message_id("javascript:alert(1)//channel/x?msg=abc"), None);
        assert_eq!(permalink_message_id("http://x/channel/general?msg=../../etc"), None);
    }
}
