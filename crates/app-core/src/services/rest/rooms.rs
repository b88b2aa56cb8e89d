//! The user's rooms: the list and its changes, starting a channel, a group or a direct conversation
//! (and finding the people to start it with), reading, and each room's notification choices.

use confab_protocol::json::FromJson;
use confab_protocol::notification::{NotificationFields, NotificationPrefs, SaveNotificationRequest};
use confab_protocol::rest::{
    AutocompleteResponse, CreateDirectRequest, CreateRoomRequest, ReadRequest, RoomResponse, RoomsResponse,
    SubscriptionsResponse, SuccessResponse,
};

use serde_json::Value;

use super::{ApiError, Rest};

impl Rest {
    /// Creates a public channel, or a private group, with `members` (usernames) besides the
    /// creator and a `topic`; returns its id.
    pub async fn create_room(&self, private: bool, body: &CreateRoomRequest) -> Result<String, ApiError> {
        let endpoint = if private { "groups.create" } else { "channels.create" };
        let response: RoomResponse = self.post(endpoint, body).await?;
        Ok(response.channel.id)
    }

    /// Joins public channel `rid`; returns its id.
    pub async fn join_channel(&self, rid: &str) -> Result<String, ApiError> {
        let body = confab_protocol::rest::RoomIdRequest { room_id: rid.to_owned() };
        let response: RoomResponse = self.post("channels.join", &body).await?;
        Ok(response.channel.id)
    }

    /// A page of the public channels whose names contain `text` (`directory`).
    pub async fn directory(&self, text: &str) -> Result<confab_protocol::rest::DirectoryResponse, ApiError> {
        self.get("directory", &[("type", "channels"), ("text", text), ("count", "50")]).await
    }

    /// People whose username or name contains `term` (`users.autocomplete`), to invite or to
    /// write to.
    pub async fn people_matching(&self, term: &str) -> Result<Vec<confab_protocol::User>, ApiError> {
        let selector = format!(r#"{{"term":{}}}"#, Value::from(term));
        let found: AutocompleteResponse = self.get("users.autocomplete", &[("selector", &selector)]).await?;
        Ok(found.items)
    }

    /// Opens (creating on first use) the direct room with `username`; returns its id.
    pub async fn create_direct(&self, username: &str) -> Result<String, ApiError> {
        let response: RoomResponse =
            self.post("im.create", &CreateDirectRequest { username: username.to_owned() }).await?;
        Ok(response.channel.id)
    }

    /// The user's rooms, or those changed since `since` (and those removed). The date comes
    /// written as the API reads it (`confab_protocol::rest::query_date`), by the catch-up that asks for one: the first
    /// load, which asks for all, carries no date writer.
    pub async fn rooms(&self, since: Option<&str>) -> Result<RoomsResponse, ApiError> {
        self.get("rooms.get", &since.map(|s| vec![("updatedSince", s)]).unwrap_or_default()).await
    }

    /// Marks room `rid` read up to now.
    pub async fn mark_read(&self, rid: &str) -> Result<(), ApiError> {
        let _: SuccessResponse = self.post("subscriptions.read", &ReadRequest { rid: rid.to_owned() }).await?;
        Ok(())
    }

    /// The user's subscriptions, or those changed since `since` (written as for [`Rest::rooms`]).
    pub async fn subscriptions(&self, since: Option<&str>) -> Result<SubscriptionsResponse, ApiError> {
        self.get("subscriptions.get", &since.map(|s| vec![("updatedSince", s)]).unwrap_or_default()).await
    }

    /// The user's notification choices in room `rid` (`subscriptions.getOne`).
    pub async fn notification_prefs(&self, rid: &str) -> Result<NotificationPrefs, ApiError> {
        let answer: Value = self.get("subscriptions.getOne", &[("roomId", rid)]).await?;
        answer.get("subscription").and_then(NotificationPrefs::from_json).ok_or(ApiError::Unreadable)
    }

    /// Stores the user's notification choices in room `rid` (`rooms.saveNotification`).
    pub async fn save_notification_prefs(&self, rid: &str, prefs: NotificationPrefs) -> Result<(), ApiError> {
        let flag = |on: bool| Some(if on { "1" } else { "0" }.to_owned());
        let notifications = NotificationFields {
            desktop: Some(prefs.desktop.as_str().to_owned()),
            disabled: flag(prefs.disabled),
            mute_group_mentions: flag(prefs.mute_group_mentions),
        };
        let body = SaveNotificationRequest { room_id: rid.to_owned(), notifications };
        let _: SuccessResponse = self.post("rooms.saveNotification", &body).await?;
        Ok(())
    }
}
