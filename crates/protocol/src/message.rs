//! Messages (`IMessage`) as stored, sent over REST and streamed over DDP, and the body a client
//! sends to create one.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

#[cfg(not(target_arch = "wasm32"))]
use crate::attachment::FileProp;
use crate::attachment::{Attachment, MessageUrl};
use crate::json::{Fields, FromJson, Lazy};
use crate::{Timestamp, UserRef};

/// A message. Fields the app never reads (those only the server and Rocket.Chat's own clients
/// use: `replies`, `editedBy`, `file`, `files`, `pinnedAt`, `pinnedBy`, an integration's `avatar`
/// and `emoji`) are left out of its wasm build, so its first load carries no code to read, copy
/// or compare them.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Message {
    #[serde(rename = "_id")]
    pub id: String,
    pub rid: String,
    #[serde(default)]
    pub msg: String,
    pub ts: Timestamp,
    pub u: UserRef,
    #[serde(rename = "_updatedAt")]
    pub updated_at: Timestamp,
    /// The thread parent's id, on a thread reply.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tmid: Option<String>,
    /// Reply count, on a thread parent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tcount: Option<u32>,
    /// Time of the last reply, on a thread parent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tlm: Option<Timestamp>,
    /// Ids of the users who replied, on a thread parent.
    #[cfg(not(target_arch = "wasm32"))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replies: Option<Vec<String>>,
    /// System message type (`uj` user joined, `r` room renamed, ...); absent on user messages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub t: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mentions: Option<Vec<Mention>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reactions: Option<BTreeMap<String, Reaction>>,
    /// The parsed markup tree, shared: a message is copied often (into state, lists, a
    /// thread), its tree never.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub md: Option<std::sync::Arc<crate::markup::Root>>,
    #[serde(rename = "editedAt", default, skip_serializing_if = "Option::is_none")]
    pub edited_at: Option<Timestamp>,
    #[cfg(not(target_arch = "wasm32"))]
    #[serde(rename = "editedBy", default, skip_serializing_if = "Option::is_none")]
    pub edited_by: Option<EditedBy>,
    /// In a direct room: `true` until the other member has read the message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unread: Option<bool>,
    /// The first file sent with the message (Rocket.Chat's older field, kept beside `files`).
    #[cfg(not(target_arch = "wasm32"))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<Lazy<FileProp>>,
    /// Every file sent with the message, thumbnails included.
    #[cfg(not(target_arch = "wasm32"))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub files: Option<Lazy<Vec<FileProp>>>,
    /// Files, images, audio, video and quotes to show below the text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attachments: Option<Lazy<Vec<Attachment>>>,
    /// The links in the text, with the previews the server read for them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub urls: Option<Lazy<Vec<MessageUrl>>>,
    /// Pinned to the room, when and by whom.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pinned: Option<bool>,
    #[cfg(not(target_arch = "wasm32"))]
    #[serde(rename = "pinnedAt", default, skip_serializing_if = "Option::is_none")]
    pub pinned_at: Option<Timestamp>,
    #[cfg(not(target_arch = "wasm32"))]
    #[serde(rename = "pinnedBy", default, skip_serializing_if = "Option::is_none")]
    pub pinned_by: Option<Lazy<EditedBy>>,
    /// Who starred it. Confab's server only ever tells a user of their own star: the list holds
    /// the reader or nobody, and an empty list says the reader took their star back.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub starred: Option<Lazy<Vec<Star>>>,
    /// The name an integration posts under, shown instead of its user's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alias: Option<String>,
    /// The address of the picture an integration posts with (the app shows a bot's own).
    #[cfg(not(target_arch = "wasm32"))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub avatar: Option<String>,
    /// The emoji an integration posts with, instead of a picture (`:robot:`).
    #[cfg(not(target_arch = "wasm32"))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub emoji: Option<String>,
    /// Set on a message an integration or a bot account posted: `{i: integrationId}`, or the
    /// bot's own id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bot: Option<Lazy<BotMark>>,
    /// Rocket.Chat UI Kit blocks to show below the text, checked by [`crate::blocks::check`]
    /// before they are stored; kept as JSON, which only the room part reads.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub blocks: Option<Lazy<Vec<Value>>>,
    /// Confab's extension: where a streamed answer is (see [`crate::streaming`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stream: Option<crate::streaming::StreamState>,
}

/// What marks a message as an integration's (`bot`).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct BotMark {
    /// The integration's id, or the bot account's.
    pub i: String,
}

impl Message {
    /// The message as plain text, for a preview or a screen reader: its markup's text, block by
    /// block, or the raw text when there is no markup tree; a file sent without words is named
    /// by its first attachment's title.
    pub fn plain_text(&self) -> String {
        let text = match &self.md {
            Some(md) => md.iter().map(|node| node.text()).collect::<Vec<_>>().join(" "),
            None => self.msg.clone(),
        };
        if !text.is_empty() {
            return text;
        }
        let title = self.attachments.as_ref().and_then(|list| list.json().get(0)?.get("title")?.as_str());
        title.unwrap_or_default().to_owned()
    }

    /// A plain user message, as first stored (or shown while pending).
    pub fn new(
        id: impl Into<String>,
        rid: impl Into<String>,
        msg: impl Into<String>,
        u: UserRef,
        ts: Timestamp,
    ) -> Self {
        Self {
            id: id.into(),
            rid: rid.into(),
            msg: msg.into(),
            ts,
            u,
            updated_at: ts,
            tmid: None,
            tcount: None,
            tlm: None,
            #[cfg(not(target_arch = "wasm32"))]
            replies: None,
            t: None,
            mentions: None,
            reactions: None,
            md: None,
            edited_at: None,
            #[cfg(not(target_arch = "wasm32"))]
            edited_by: None,
            unread: None,
            #[cfg(not(target_arch = "wasm32"))]
            file: None,
            #[cfg(not(target_arch = "wasm32"))]
            files: None,
            attachments: None,
            urls: None,
            pinned: None,
            #[cfg(not(target_arch = "wasm32"))]
            pinned_at: None,
            #[cfg(not(target_arch = "wasm32"))]
            pinned_by: None,
            starred: None,
            alias: None,
            #[cfg(not(target_arch = "wasm32"))]
            avatar: None,
            #[cfg(not(target_arch = "wasm32"))]
            emoji: None,
            bot: None,
            blocks: None,
            stream: None,
        }
    }

    /// Whether the reader starred it (see [`Message::starred`]).
    pub fn is_starred(&self) -> bool {
        self.starred.as_ref().is_some_and(|stars| stars.json().as_array().is_some_and(|stars| !stars.is_empty()))
    }
}

/// One star of a message (`{_id}` of the user who starred it).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Star {
    #[serde(rename = "_id")]
    pub id: String,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Mention {
    #[serde(rename = "_id")]
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `user` or `team`.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Reaction {
    pub usernames: Vec<String>,
}

/// A user as `editedBy` and `pinnedBy` name them.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct EditedBy {
    #[serde(rename = "_id")]
    pub id: String,
    pub username: String,
}

/// The `message` of `chat.sendMessage`. A client-chosen `_id` makes the send idempotent: sending
/// the same `_id` again returns the stored message instead of creating a second one.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct OutgoingMessage {
    #[serde(rename = "_id", default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub rid: String,
    pub msg: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tmid: Option<String>,
}

impl FromJson for Message {
    fn from_json(value: &Value) -> Option<Self> {
        let f = Fields::of(value)?;
        Some(Self {
            id: f.get("_id")?,
            rid: f.get("rid")?,
            msg: f.get("msg").unwrap_or_default(),
            ts: f.get("ts")?,
            u: f.get("u")?,
            updated_at: f.get("_updatedAt")?,
            tmid: f.get("tmid"),
            tcount: f.get("tcount"),
            tlm: f.get("tlm"),
            #[cfg(not(target_arch = "wasm32"))]
            replies: f.get("replies"),
            t: f.get("t"),
            mentions: f.get("mentions"),
            reactions: f.get("reactions"),
            md: f.get("md"),
            edited_at: f.get("editedAt"),
            #[cfg(not(target_arch = "wasm32"))]
            edited_by: f.get("editedBy"),
            unread: f.get("unread"),
            #[cfg(not(target_arch = "wasm32"))]
            file: f.get("file"),
            #[cfg(not(target_arch = "wasm32"))]
            files: f.get("files"),
            attachments: f.get("attachments"),
            urls: f.get("urls"),
            pinned: f.get("pinned"),
            #[cfg(not(target_arch = "wasm32"))]
            pinned_at: f.get("pinnedAt"),
            #[cfg(not(target_arch = "wasm32"))]
            pinned_by: f.get("pinnedBy"),
            starred: f.get("starred"),
            alias: f.get("alias"),
            #[cfg(not(target_arch = "wasm32"))]
            avatar: f.get("avatar"),
            #[cfg(not(target_arch = "wasm32"))]
            emoji: f.get("emoji"),
            bot: f.get("bot"),
            blocks: f.get("blocks"),
            stream: f.get("stream"),
        })
    }
}

impl FromJson for Mention {
    fn from_json(value: &Value) -> Option<Self> {
        let f = Fields::of(value)?;
        Some(Self { id: f.get("_id")?, username: f.get("username"), name: f.get("name"), kind: f.get("type") })
    }
}

impl FromJson for Star {
    fn from_json(value: &Value) -> Option<Self> {
        Some(Self { id: Fields::of(value)?.get("_id")? })
    }
}

impl FromJson for Reaction {
    fn from_json(value: &Value) -> Option<Self> {
        Some(Self { usernames: Fields::of(value)?.get("usernames")? })
    }
}

impl FromJson for EditedBy {
    fn from_json(value: &Value) -> Option<Self> {
        let f = Fields::of(value)?;
        Some(Self { id: f.get("_id")?, username: f.get("username")? })
    }
}

impl FromJson for OutgoingMessage {
    fn from_json(value: &Value) -> Option<Self> {
        let f = Fields::of(value)?;
        Some(Self { id: f.get("_id"), rid: f.get("rid")?, msg: f.get("msg")?, tmid: f.get("tmid") })
    }
}

/// The usernames `text` mentions as `@username` (at the start or after whitespace or
/// punctuation), each once, in order.
pub fn mentioned_usernames(text: &str) -> Vec<&str> {
    let mut found: Vec<&str> = Vec::new();
    let bytes = text.as_bytes();
    for (at, _) in text.match_indices('@') {
        let starts_word = at == 0 || !(bytes[at - 1].is_ascii_alphanumeric() || bytes[at - 1] == b'@');
        let name_len = text[at + 1..].bytes().take_while(|b| b.is_ascii_alphanumeric() || b"._-".contains(b)).count();
        let name = text[at + 1..at + 1 + name_len].trim_end_matches('.');
        if starts_word && !name.is_empty() && !found.contains(&name) {
            found.push(name);
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::mentioned_usernames;

    #[test]
    fn mentions_are_words_starting_with_at() {
        assert_eq!(mentioned_usernames("hi @bob and @carol.d, @bob again"), ["bob", "carol.d"]);
        assert_eq!(mentioned_usernames("mail me at alice@example.com"), Vec::<&str>::new());
        assert_eq!(mentioned_usernames("(@alice) @"), ["alice"]);
        assert_eq!(mentioned_usernames("end with @dave."), ["dave"]);
    }
}
