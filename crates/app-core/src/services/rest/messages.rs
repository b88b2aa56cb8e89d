//! Messages: sending, editing, deleting, reacting, pinning and starring; a room's history, its threads and catching up.

use confab_protocol::rest::{
    DeleteMessageRequest, DeleteMessageResponse, HistoryResponse, MessagePage, ReactRequest, SendMessageRequest,
    SendMessageResponse, SuccessResponse, SyncMessagesResponse, SyncResult, UpdateMessageRequest, query_date,
};
use confab_protocol::rest::{
    LOAD_NEXT_MESSAGES, LOAD_SURROUNDING_MESSAGES, MessageIdRequest, MessageResponse, NextMessages, Surrounding,
};
use confab_protocol::{Message, OutgoingMessage, RoomType, Timestamp};

use serde_json::Value;

use super::{ApiError, Rest};

impl Rest {
    pub async fn update_message(&self, rid: &str, id: &str, text: &str) -> Result<Message, ApiError> {
        let body = UpdateMessageRequest { room_id: rid.into(), msg_id: id.into(), text: text.into() };
        let response: SendMessageResponse = self.post("chat.update", &body).await?;
        Ok(response.message)
    }

    pub async fn delete_message(&self, rid: &str, id: &str) -> Result<(), ApiError> {
        let _: DeleteMessageResponse =
            self.post("chat.delete", &DeleteMessageRequest { room_id: rid.into(), msg_id: id.into() }).await?;
        Ok(())
    }

    /// Adds or removes the user's `emoji` reaction (a shortcode) on message `id`.
    pub async fn react(&self, id: &str, emoji: &str) -> Result<(), ApiError> {
        let body = ReactRequest { message_id: id.into(), emoji: emoji.into(), should_react: None };
        let _: SuccessResponse = self.post("chat.react", &body).await?;
        Ok(())
    }

    /// The replies of thread `tmid`, oldest first.
    pub async fn thread(&self, tmid: &str) -> Result<Vec<Message>, ApiError> {
        let page: MessagePage = self.get("chat.getThreadMessages", &[("tmid", tmid), ("count", "100")]).await?;
        Ok(page.messages)
    }

    /// What changed in room `rid` since `since`: new and edited messages, and deleted ones.
    pub async fn sync(&self, rid: &str, since: Timestamp) -> Result<SyncResult, ApiError> {
        let since = query_date(since);
        let response: SyncMessagesResponse =
            self.get("chat.syncMessages", &[("roomId", rid), ("lastUpdate", since.as_str())]).await?;
        Ok(response.result)
    }

    /// Up to `count` messages before `latest` (or the newest), newest first. The date comes
    /// written as the API reads it (`confab_protocol::rest::query_date`) by the caller asking for older messages: the
    /// first load, which asks for the newest, carries no date writer.
    pub async fn history(
        &self,
        rid: &str,
        t: RoomType,
        latest: Option<&str>,
        count: u32,
    ) -> Result<Vec<Message>, ApiError> {
        let count = count.to_string();
        let mut query = vec![("roomId", rid), ("count", count.as_str())];
        if let Some(latest) = latest {
            query.push(("latest", latest));
        }
        let endpoint = format!("{}.history", t.history_prefix());
        let response: HistoryResponse = self.get(&endpoint, &query).await?;
        Ok(response.messages)
    }

    /// Pins (or unpins) message `id` for everyone in its room.
    pub async fn pin(&self, id: &str, pinned: bool) -> Result<(), ApiError> {
        let body = MessageIdRequest { message_id: id.to_owned() };
        let endpoint = if pinned { "chat.pinMessage" } else { "chat.unPinMessage" };
        let _: Value = self.post(endpoint, &body).await?;
        Ok(())
    }

    /// Stars (or unstars) message `id`, for the user alone.
    pub async fn star(&self, id: &str, starred: bool) -> Result<(), ApiError> {
        let body = MessageIdRequest { message_id: id.to_owned() };
        let endpoint = if starred { "chat.starMessage" } else { "chat.unStarMessage" };
        let _: SuccessResponse = self.post(endpoint, &body).await?;
        Ok(())
    }

    /// Stops streamed answer `id` (Confab's `confab.streams.stop`).
    pub async fn stop_answer(&self, id: &str) -> Result<(), ApiError> {
        let body = confab_protocol::streaming::StopRequest { message_id: id.to_owned() };
        let _: Value = self.post("confab.streams.stop", &body).await?;
        Ok(())
    }

    /// Tells a bot that the reader pressed a button (or chose from a menu) of its message.
    pub async fn block_action(
        &self,
        action: &confab_protocol::interactions::BlockActionRequest,
    ) -> Result<(), ApiError> {
        let _: Value = self.post("confab.blocks.action", action).await?;
        Ok(())
    }

    /// Stores the reader's vote on a bot's message.
    pub async fn give_feedback(
        &self,
        feedback: &confab_protocol::interactions::FeedbackRequest,
    ) -> Result<(), ApiError> {
        let _: Value = self.post("confab.feedback.set", feedback).await?;
        Ok(())
    }

    /// The reader's votes on bots' messages in room `rid`.
    pub async fn my_votes(&self, rid: &str) -> Result<Vec<confab_protocol::interactions::MyVote>, ApiError> {
        let answer: Value = self.get("confab.feedback.mine", &[("roomId", rid)]).await?;
        let votes = answer.get("votes").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
        Ok(votes.iter().filter_map(confab_protocol::json::FromJson::from_json).collect())
    }

    /// Message `id`, if the user may read it and it was not deleted.
    pub async fn message(&self, id: &str) -> Result<Message, ApiError> {
        let response: MessageResponse = self.get("chat.getMessage", &[("msgId", id)]).await?;
        Ok(response.message)
    }

    /// Message `id` with up to `count / 2` messages on each side, oldest first, and whether more
    /// lie before and after them (`loadSurroundingMessages`).
    pub async fn surrounding(&self, id: &str, count: u32) -> Result<Surrounding, ApiError> {
        let mut around: Surrounding =
            self.call_method(LOAD_SURROUNDING_MESSAGES, serde_json::json!([{"_id": id}, count])).await?;
        around.messages.sort_by_key(|m| m.ts);
        Ok(around)
    }

    /// Up to `count` messages of room `rid` after `end`, oldest first (`loadNextMessages`).
    pub async fn newer(&self, rid: &str, end: Timestamp, count: u32) -> Result<Vec<Message>, ApiError> {
        let params = serde_json::json!([rid, {"$date": end.millis()}, count]);
        let next: NextMessages = self.call_method(LOAD_NEXT_MESSAGES, params).await?;
        Ok(next.messages)
    }

    pub async fn send_message(&self, message: OutgoingMessage) -> Result<Message, ApiError> {
        let response: SendMessageResponse = self.post("chat.sendMessage", &SendMessageRequest { message }).await?;
        Ok(response.message)
    }
}
