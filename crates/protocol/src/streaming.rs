//! Streamed answers and agent state: Confab's extension to Rocket.Chat's protocol, for a bot
//! whose answer is written over seconds (a language model's).
//!
//! A streamed answer is an ordinary message whose text grows. The bot opens it, appends pieces
//! and ends it; anyone in the room may stop it. Readers that know the extension follow the room's
//! `{rid}/confab-piece` event, which carries only each new piece and where it goes, so watching
//! an answer grow costs its own size and not the whole text again per piece. Clients that do not
//! know it (Rocket.Chat's own) see the stored message, updated a few times a second and complete
//! at the end, on the room's message stream.
//!
//! The agent's state (thinking, searching, writing) travels where Rocket.Chat's typing does: the
//! room's `user-activity`, with a label for what it looks up.

use serde::{Deserialize, Serialize};

use crate::Message;

/// The `stream-notify-room` event (`{rid}/confab-piece`) carrying [`Piece`]s.
pub const PIECE_EVENT: &str = "confab-piece";

/// The same calls as DDP methods, each with its request as the one parameter.
pub const STREAM_START: &str = "confab:streamStart";
pub const STREAM_APPEND: &str = "confab:streamAppend";
pub const STREAM_END: &str = "confab:streamEnd";
pub const STREAM_STOP: &str = "confab:streamStop";
pub const AGENT_STATE: &str = "confab:agentState";

/// Activities an agent reports on `user-activity`, beside Rocket.Chat's `user-typing`.
pub const THINKING: &str = "agent-thinking";
pub const SEARCHING: &str = "agent-searching";
pub const WRITING: &str = "agent-writing";
pub const AGENT_ACTIVITIES: &[&str] = &[THINKING, SEARCHING, WRITING];

/// The longest label an agent may give what it looks up, in characters.
pub const MAX_LABEL_CHARS: usize = 80;
/// The longest piece one append carries, in characters.
pub const MAX_PIECE_CHARS: usize = 4_000;

/// Where a streamed answer is: `Writing` until the bot ends it (`Done`, `Failed`) or a reader
/// stops it (`Stopped`). A message without the field was never streamed.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum StreamState {
    Writing,
    Done,
    Stopped,
    Failed,
}

impl crate::json::FromJson for StreamState {
    fn from_json(value: &serde_json::Value) -> Option<Self> {
        Some(match value.as_str()? {
            "writing" => Self::Writing,
            "done" => Self::Done,
            "stopped" => Self::Stopped,
            "failed" => Self::Failed,
            _ => return None,
        })
    }
}

/// One append, as readers hear it: `piece` goes at byte `at` of the message's UTF-8 text. A
/// reader whose copy is shorter than `at` missed a piece and waits for the stored text; one whose
/// copy is longer already has it (it loaded the message after the append).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Piece {
    #[serde(rename = "_id")]
    pub id: String,
    pub at: usize,
    pub piece: String,
}

impl crate::json::FromJson for Piece {
    fn from_json(value: &serde_json::Value) -> Option<Self> {
        let f = crate::json::Fields::of(value)?;
        let at = usize::try_from(value.get("at")?.as_u64()?).ok()?;
        Some(Self { id: f.get("_id")?, at, piece: f.get("piece")? })
    }
}

impl Piece {
    /// What of this piece `text` still lacks, if it follows on from it.
    pub fn missing_from<'a>(&'a self, text: &str) -> Option<&'a str> {
        let have = text.len().checked_sub(self.at)?;
        self.piece.get(have.min(self.piece.len())..).filter(|rest| !rest.is_empty())
    }
}

/// `POST /api/v1/confab.streams.start`: opens a streamed answer in `rid` (or a thread of it),
/// optionally with its first words.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct StartRequest {
    pub rid: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tmid: Option<String>,
    #[serde(default)]
    pub msg: String,
    /// The name to show instead of the bot's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alias: Option<String>,
}

/// `POST /api/v1/confab.streams.append`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct AppendRequest {
    #[serde(rename = "messageId")]
    pub message_id: String,
    pub piece: String,
}

/// The answer to an append: where the piece went.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct AppendResponse {
    pub at: usize,
    pub success: bool,
}

/// `POST /api/v1/confab.streams.end`: the bot ends its answer, `done` or `failed` (with the
/// sentence readers see).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct EndRequest {
    #[serde(rename = "messageId")]
    pub message_id: String,
    pub state: StreamState,
    /// On `failed`: a sentence for the reader, added below what was written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// UI Kit blocks to show below the finished answer (suggested replies).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub blocks: Option<Vec<serde_json::Value>>,
}

/// `POST /api/v1/confab.streams.stop`: a reader stops an answer being written.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct StopRequest {
    #[serde(rename = "messageId")]
    pub message_id: String,
}

/// `POST /api/v1/confab.agents.state`: what the agent is doing in `rid`; no activity clears it.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct AgentStateRequest {
    pub rid: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub activity: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
}

/// The message as it stands after a start, an end or a stop.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct StreamResponse {
    pub message: Message,
    pub success: bool,
}

#[cfg(test)]
mod tests {
    use super::Piece;

    fn piece(at: usize, text: &str) -> Piece {
        Piece { id: "m".into(), at, piece: text.into() }
    }

    #[test]
    fn a_piece_adds_only_what_the_text_lacks() {
        assert_eq!(piece(5, " world").missing_from("hello"), Some(" world"));
        assert_eq!(piece(5, " world").missing_from("hello wo"), Some("rld"));
        assert_eq!(piece(5, " world").missing_from("hello world"), None);
        assert_eq!(piece(5, " world").missing_from("hello world, and more"), None);
        // A reader who missed a piece has a gap: nothing is added out of place.
        assert_eq!(piece(9, "!").missing_from("hello"), None);
        // Never a cut through a character.
        assert_eq!(piece(0, "é!").missing_from("\u{0}"), None);
    }
}
