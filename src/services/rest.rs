//! The REST API (`/api/v1`): one typed request helper that adds the login headers and turns
//! every failure into an [`ApiError`], and one method per endpoint the app uses.

use confab_protocol::rest::{
    AUTH_TOKEN_HEADER, CreateDirectRequest, CreateRoomRequest, DeleteMessageRequest, DeleteMessageResponse,
    ErrorResponse, HistoryResponse, MeResponse, MembersResponse, MessagePage, ReactRequest, ReadRequest, RoomResponse,
    RoomsResponse, SendMessageRequest, SendMessageResponse, SubscriptionsResponse, SuccessResponse, USER_ID_HEADER,
    UpdateMessageRequest, query_date,
};
use confab_protocol::{Message, OutgoingMessage, RoomType, Timestamp, User};
use gloo_net::http::{Request, RequestBuilder, Response};
use serde::de::DeserializeOwned;

#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum ApiError {
    #[error("Your session has ended. Reload the page to sign in again.")]
    Unauthorized,
    #[error("{0}")]
    Refused(String),
    #[error("The chat service could not be reached.")]
    Network,
    #[error("The chat service sent an answer this app cannot read.")]
    Unreadable,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Rest {
    base: String,
    user_id: String,
    token: String,
}

impl Rest {
    pub fn new(base: &str, user_id: &str, token: &str) -> Self {
        Self { base: format!("{}/api/v1", base.trim_end_matches('/')), user_id: user_id.into(), token: token.into() }
    }

    fn authorized(&self, builder: RequestBuilder) -> RequestBuilder {
        builder.header(USER_ID_HEADER, &self.user_id).header(AUTH_TOKEN_HEADER, &self.token)
    }

    async fn read<T: DeserializeOwned>(response: Result<Response, gloo_net::Error>) -> Result<T, ApiError> {
        let response = response.map_err(|_| ApiError::Network)?;
        if response.status() == 401 {
            return Err(ApiError::Unauthorized);
        }
        if !response.ok() {
            let refusal = response.json::<ErrorResponse>().await.map(|e| e.error);
            return Err(ApiError::Refused(
                refusal.unwrap_or_else(|_| format!("The request failed ({}).", response.status())),
            ));
        }
        response.json::<T>().await.map_err(|_| ApiError::Unreadable)
    }

    async fn get<T: DeserializeOwned>(&self, endpoint: &str, query: &[(&str, &str)]) -> Result<T, ApiError> {
        let builder = self.authorized(Request::get(&format!("{}/{endpoint}", self.base)));
        Self::read(builder.query(query.iter().copied()).send().await).await
    }

    async fn post<B: serde::Serialize, T: DeserializeOwned>(&self, endpoint: &str, body: &B) -> Result<T, ApiError> {
        let request = self
            .authorized(Request::post(&format!("{}/{endpoint}", self.base)))
            .json(body)
            .map_err(|_| ApiError::Unreadable)?;
        Self::read(request.send().await).await
    }

    pub async fn me(&self) -> Result<MeResponse, ApiError> {
        self.get("me", &[]).await
    }

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

    /// Creates a public channel; returns its id.
    pub async fn create_channel(&self, name: &str) -> Result<String, ApiError> {
        let body = CreateRoomRequest { name: name.to_owned(), members: Vec::new() };
        let response: RoomResponse = self.post("channels.create", &body).await?;
        Ok(response.channel.id)
    }

    /// Opens (creating on first use) the direct room with `username`; returns its id.
    pub async fn create_direct(&self, username: &str) -> Result<String, ApiError> {
        let response: RoomResponse =
            self.post("im.create", &CreateDirectRequest { username: username.to_owned() }).await?;
        Ok(response.channel.id)
    }

    /// The members of a room (the first hundred), for mention suggestions.
    pub async fn members(&self, rid: &str, t: RoomType) -> Result<Vec<User>, ApiError> {
        let endpoint = format!("{}.members", t.history_prefix());
        let page: MembersResponse = self.get(&endpoint, &[("roomId", rid), ("count", "100")]).await?;
        Ok(page.members)
    }

    pub async fn rooms(&self) -> Result<RoomsResponse, ApiError> {
        self.get("rooms.get", &[]).await
    }

    /// Marks room `rid` read up to now.
    pub async fn mark_read(&self, rid: &str) -> Result<(), ApiError> {
        let _: SuccessResponse = self.post("subscriptions.read", &ReadRequest { rid: rid.to_owned() }).await?;
        Ok(())
    }

    pub async fn subscriptions(&self) -> Result<SubscriptionsResponse, ApiError> {
        self.get("subscriptions.get", &[]).await
    }

    /// Up to `count` messages before `latest` (or the newest), newest first.
    pub async fn history(
        &self,
        rid: &str,
        t: RoomType,
        latest: Option<Timestamp>,
        count: u32,
    ) -> Result<Vec<Message>, ApiError> {
        let count = count.to_string();
        let latest = latest.map(query_date);
        let mut query = vec![("roomId", rid), ("count", count.as_str())];
        if let Some(latest) = &latest {
            query.push(("latest", latest));
        }
        let endpoint = format!("{}.history", t.history_prefix());
        let response: HistoryResponse = self.get(&endpoint, &query).await?;
        Ok(response.messages)
    }

    pub async fn send_message(&self, message: OutgoingMessage) -> Result<Message, ApiError> {
        let response: SendMessageResponse = self.post("chat.sendMessage", &SendMessageRequest { message }).await?;
        Ok(response.message)
    }
}
