//! Support conversations with visitors, in Rocket.Chat's Livechat ("omnichannel") shapes: the
//! fields a room of type `l` carries (`v`, `servedBy`, `departmentId`, `open`), the inquiry queue
//! staff take conversations from, and the bodies of the `livechat/*` routes. Where Rocket.Chat
//! has no word for something Confab does (the agent bot answering before the team), the field is
//! Confab's and named so.

use serde::{Deserialize, Serialize};

use crate::{Message, Timestamp};

/// The global role of a visitor: a user who may see only their own conversations.
pub const GUEST_ROLE: &str = "livechat-guest";
/// The global role of staff who answer visitors.
pub const AGENT_ROLE: &str = "livechat-agent";
/// The global role of staff who may see and move every conversation.
pub const MANAGER_ROLE: &str = "livechat-manager";
/// The action id of a bot's button that hands the conversation to the team (Confab's).
pub const HAND_OFF_ACTION: &str = "confab.livechat.askForPerson";

/// A visitor as a room refers to them (`IVisitor`). The token is the visitor's own credential and
/// is only ever shown to that visitor.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct VisitorRef {
    #[serde(rename = "_id")]
    pub id: String,
    pub username: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
}

/// A staff member serving a conversation (`servedBy`), since `ts`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct ServedBy {
    #[serde(rename = "_id")]
    pub id: String,
    pub username: String,
    pub ts: Timestamp,
}

/// Where a conversation stands.
#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Stage {
    /// The department's agent bot answers; the team does not see it waiting.
    Bot,
    /// Handed to the team, waiting for someone to take it.
    Queued,
    /// Taken by a member of the team.
    Served,
    /// Closed; the visitor may rate it and ask for its transcript.
    Closed,
}

impl Stage {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Bot => "bot",
            Self::Queued => "queued",
            Self::Served => "served",
            Self::Closed => "closed",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [Self::Bot, Self::Queued, Self::Served, Self::Closed].into_iter().find(|stage| stage.as_str() == text)
    }
}

/// One answer of the closing survey (`surveyFeedback`): `rating` from 1 to 5, or `comment`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct SurveyAnswer {
    pub label: String,
    pub value: String,
}

/// What a room of type `l` carries besides a room's fields.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Conversation {
    pub v: VisitorRef,
    #[serde(rename = "servedBy", default, skip_serializing_if = "Option::is_none")]
    pub served_by: Option<ServedBy>,
    #[serde(rename = "departmentId", default, skip_serializing_if = "Option::is_none")]
    pub department_id: Option<String>,
    /// Until it is closed.
    pub open: bool,
    /// Confab's: who answers now (see [`Stage`]).
    #[serde(rename = "confabStage")]
    pub stage: Stage,
    /// When it was handed to the team.
    #[serde(rename = "queuedAt", default, skip_serializing_if = "Option::is_none")]
    pub queued_at: Option<Timestamp>,
    #[serde(rename = "closedAt", default, skip_serializing_if = "Option::is_none")]
    pub closed_at: Option<Timestamp>,
    /// Who closed it: `user` (staff) or `visitor`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closer: Option<String>,
    /// The staff member's closing comment (Rocket.Chat keeps it as the closing message's text).
    #[serde(rename = "closingComment", default, skip_serializing_if = "Option::is_none")]
    pub closing_comment: Option<String>,
    #[serde(rename = "surveyFeedback", default, skip_serializing_if = "Vec::is_empty")]
    pub survey_feedback: Vec<SurveyAnswer>,
}

/// A conversation waiting in the queue (`ILivechatInquiryRecord`). Its id is the room's.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Inquiry {
    #[serde(rename = "_id")]
    pub id: String,
    pub rid: String,
    /// The visitor's name.
    pub name: String,
    /// When it entered the queue.
    pub ts: Timestamp,
    /// The visitor's last words.
    pub message: String,
    /// `queued`, or `taken` once someone took it.
    pub status: String,
    pub v: VisitorRef,
    pub t: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department: Option<String>,
    #[serde(rename = "_updatedAt")]
    pub updated_at: Timestamp,
}

/// A department: a team of agents, and the agent bot that answers its visitors first.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Department {
    #[serde(rename = "_id")]
    pub id: String,
    pub name: String,
    pub enabled: bool,
    #[serde(rename = "showOnRegistration")]
    pub show_on_registration: bool,
}

/// The fields a visitor gives about themselves (`livechat/visitor`). In this and the other
/// visitor requests the token may be left out by a caller signed in as the visitor.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq, Eq)]
pub struct GuestFields {
    #[serde(default)]
    pub token: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department: Option<String>,
}

/// `POST livechat/visitor`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct RegisterVisitor {
    pub visitor: GuestFields,
}

/// A visitor as `livechat/visitor` answers (`ILivechatVisitor`).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Visitor {
    #[serde(rename = "_id")]
    pub id: String,
    pub username: String,
    pub token: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(rename = "visitorEmails", default, skip_serializing_if = "Vec::is_empty")]
    pub visitor_emails: Vec<EmailAddress>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department: Option<String>,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct EmailAddress {
    pub address: String,
}

/// `POST livechat/message`: a visitor writes, by their token.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct VisitorMessage {
    #[serde(default)]
    pub token: String,
    /// The conversation; none (Confab's) starts the visitor's, or continues the open one.
    #[serde(default)]
    pub rid: String,
    pub msg: String,
    #[serde(rename = "_id", default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
}

/// `POST livechat/room.close`, `livechat/room.transfer` and the like: a visitor's room, by token.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct VisitorRoom {
    #[serde(default)]
    pub token: String,
    pub rid: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department: Option<String>,
}

/// One answer of `livechat/room.survey`: `satisfaction` (1–5) or `comment`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct SurveyItem {
    pub name: String,
    pub value: String,
}

/// `POST livechat/room.survey`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Survey {
    #[serde(default)]
    pub token: String,
    pub rid: String,
    pub data: Vec<SurveyItem>,
}

/// `POST livechat/transcript`: mail the conversation to `email`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct TranscriptRequest {
    #[serde(default)]
    pub token: String,
    pub rid: String,
    pub email: String,
}

/// `POST livechat/inquiries.take`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct TakeInquiry {
    #[serde(rename = "inquiryId")]
    pub inquiry_id: String,
    #[serde(rename = "userId", default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
}

/// `POST livechat/room.forward`: to a colleague (`userId`) or back to a department's queue.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Forward {
    #[serde(rename = "roomId")]
    pub room_id: String,
    #[serde(rename = "userId", default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    #[serde(rename = "departmentId", default, skip_serializing_if = "Option::is_none")]
    pub department_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

/// `POST livechat/room.closeByUser`: staff close a conversation, with a comment.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct CloseByUser {
    pub rid: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

/// `POST confab.livechat.askForPerson`: the visitor hands their conversation to the team.
/// Confab's: Rocket.Chat leaves hand-off to apps.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct AskForPerson {
    #[serde(default)]
    pub token: String,
    /// The conversation; none starts the visitor's, or hands off the open one.
    #[serde(default)]
    pub rid: String,
}

/// A conversation's transcript as the visitor downloads it: its messages, oldest first.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Transcript {
    pub rid: String,
    pub messages: Vec<Message>,
}

#[cfg(test)]
mod tests {
    use super::*;

    // The browser build leaves a room's conversation fields out (see `Room::livechat`).
    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn a_support_room_reads_and_writes_in_rocket_chats_shape() {
        let json = serde_json::json!({
            "_id": "r1", "t": "l", "fname": "Visitor", "usersCount": 2, "msgs": 1,
            "ts": {"$date": 1}, "_updatedAt": {"$date": 2},
            "v": {"_id": "v1", "username": "guest-1", "token": "tok"},
            "servedBy": {"_id": "a1", "username": "alice", "ts": {"$date": 3}},
            "departmentId": "d1", "open": true, "confabStage": "served",
        });
        let room: crate::Room = serde_json::from_value(json.clone()).unwrap();
        let conversation = room.livechat.as_deref().unwrap();
        assert_eq!(room.t, crate::RoomType::Livechat);
        assert_eq!(conversation.stage, Stage::Served);
        assert_eq!(conversation.served_by.as_ref().unwrap().username, "alice");
        let written = serde_json::to_value(&room).unwrap();
        assert_eq!(written["servedBy"]["username"], "alice");
        for key in ["v", "departmentId", "open", "confabStage"] {
            assert_eq!(written[key], json[key], "{key}");
        }
    }

    #[test]
    fn stages_read_back_what_they_write() {
        for stage in [Stage::Bot, Stage::Queued, Stage::Served, Stage::Closed] {
            assert_eq!(Stage::parse(stage.as_str()), Some(stage));
        }
        assert_eq!(Stage::parse("open"), None);
    }
}
