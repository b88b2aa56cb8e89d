//! Finding messages: a room's search, and its pinned or starred messages.

use confab_protocol::Message;
use confab_protocol::rest::MessagePage;
use confab_protocol::rest::SearchResponse;

use super::{ApiError, Rest};

impl Rest {
    /// A page of room `rid`'s pinned messages (`starred`: the user's starred ones), the latest
    /// first, from `offset`.
    pub async fn marked(&self, rid: &str, starred: bool, offset: u32) -> Result<MessagePage, ApiError> {
        let endpoint = if starred { "chat.getStarredMessages" } else { "chat.getPinnedMessages" };
        let offset = offset.to_string();
        self.get(endpoint, &[("roomId", rid), ("offset", offset.as_str()), ("count", "20")]).await
    }

    /// A page of room `rid`'s messages matching `text`, newest first, from `offset`.
    pub async fn search(&self, rid: &str, text: &str, count: u32, offset: u32) -> Result<Vec<Message>, ApiError> {
        let (count, offset) = (count.to_string(), offset.to_string());
        let query = [("roomId", rid), ("searchText", text), ("count", count.as_str()), ("offset", offset.as_str())];
        let found: SearchResponse = self.get("chat.search", &query).await?;
        Ok(found.messages)
    }
}
