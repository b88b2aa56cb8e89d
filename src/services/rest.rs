//! The REST API (`/api/v1`): one request helper that adds the login headers, turns every
//! failure into an [`ApiError`] and, when the token is refused, lets the session refresh it and
//! replays the call once; and one method per endpoint the app uses. The helper deals in JSON
//! values, and each endpoint reads its answer from one by hand ([`FromJson`]), so the request
//! machinery exists once in the app rather than once per answer type.

use std::rc::Rc;

use confab_protocol::frame::UserStatus;
use confab_protocol::json::FromJson;
use confab_protocol::notification::{NotificationFields, NotificationPrefs, SaveNotificationRequest};
use confab_protocol::permission::RoomRole;
use confab_protocol::presence::{IDLE_SECONDS_SETTING, PresenceResponse, UserPresence};
use confab_protocol::rest::{
    ACCEPTED_TYPES_SETTING, MAX_FILE_SIZE_SETTING, MediaConfirmRequest, MediaMessageResponse, PermissionsResponse,
    PublicSettingsResponse, ResetAvatarRequest, UPLOADS_ENABLED_SETTING, UploadLimits,
};
use confab_protocol::rest::{
    AUTH_TOKEN_HEADER, CreateDirectRequest, CreateRoomRequest, DeleteMessageRequest, DeleteMessageResponse,
    ErrorResponse, HistoryResponse, LoginRequest, LoginResponse, LogoutResponse, MeResponse, MembersResponse,
    MessagePage, ReactRequest, ReadRequest, RoomResponse, RoomsResponse, SendMessageRequest, SendMessageResponse,
    SetStatusRequest, SubscriptionsResponse, SuccessResponse, SyncMessagesResponse, SyncResult, USER_ID_HEADER,
    UpdateMessageRequest, UserResponse, query_date,
};
use confab_protocol::rest::{
    LOAD_NEXT_MESSAGES, LOAD_SURROUNDING_MESSAGES, MessageIdRequest, MessageResponse, MethodCallRequest,
    MethodCallResponse, NextMessages, SearchResponse, Surrounding,
};
use confab_protocol::rest::{MuteRequest, RoomMemberRoles, RoomRoleRequest, RoomRolesResponse};
use confab_protocol::{Message, OutgoingMessage, RoomType, Timestamp, User};

use crate::state::rights::{EditRules, Rights};
use gloo_net::http::{Request, RequestBuilder, Response};
use serde_json::Value;
use wasm_bindgen::JsCast;

use super::session::Session;
use crate::state::Problem;

#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum ApiError {
    #[error("Your session has ended. Reload the page to sign in again.")]
    Unauthorized,
    #[error("{0}")]
    Refused(String),
    #[error("The request failed ({0}).")]
    Status(u16),
    #[error("The chat service could not be reached.")]
    Network,
    #[error("The chat service sent an answer this app cannot read.")]
    Unreadable,
}

impl ApiError {
    /// The failure as the view says it, in the reader's language.
    pub fn problem(&self) -> Problem {
        match self {
            Self::Unauthorized => Problem::Said("error.sessionEnded"),
            Self::Refused(words) => Problem::Server(words.clone()),
            Self::Status(status) => Problem::Status(*status),
            Self::Network => Problem::Said("error.network"),
            Self::Unreadable => Problem::Said("error.unreadable"),
        }
    }
}

/// Whether `path` is an address on the chat server itself (`/file-upload/...`): the only kind
/// fetched with the login headers. A message's attachment is its sender's to shape, and an
/// address elsewhere (`https://…`, `//host/…`) would hand the token to that host.
pub fn is_server_path(path: &str) -> bool {
    path.starts_with('/') && !path.starts_with("//") && !path.contains('\\')
}

#[derive(Clone)]
pub struct Rest {
    base: String,
    session: Rc<Session>,
}

impl Rest {
    pub fn new(base: &str, session: Rc<Session>) -> Self {
        Self { base: format!("{}/api/v1", base.trim_end_matches('/')), session }
    }

    /// The server's address, under which its files and avatars are.
    pub fn server(&self) -> &str {
        self.base.trim_end_matches("/api/v1")
    }

    fn authorized(&self, builder: RequestBuilder, token: &str) -> RequestBuilder {
        builder.header(USER_ID_HEADER, self.session.user_id()).header(AUTH_TOKEN_HEADER, token)
    }

    /// The answer's JSON, or the failure it stands for.
    async fn read(response: Result<Response, gloo_net::Error>) -> Result<Value, ApiError> {
        let response = response.map_err(|_| ApiError::Network)?;
        if response.status() == 401 {
            return Err(ApiError::Unauthorized);
        }
        let body = response.text().await.ok().and_then(|text| serde_json::from_str::<Value>(&text).ok());
        if !response.ok() {
            let refusal = body.as_ref().and_then(ErrorResponse::from_json);
            return Err(refusal.map_or(ApiError::Status(response.status()), |refusal| ApiError::Refused(refusal.error)));
        }
        body.ok_or(ApiError::Unreadable)
    }

    /// Reads a `T` from an answer.
    fn answer<T: FromJson>(value: Result<Value, ApiError>) -> Result<T, ApiError> {
        T::from_json(&value?).ok_or(ApiError::Unreadable)
    }

    /// Sends the request with a token, the query or JSON body given; a refusal of the token
    /// refreshes it (once, shared with every other refused call) and replays the request once.
    async fn call(
        &self,
        method: fn(&str) -> RequestBuilder,
        endpoint: &str,
        query: &[(&str, &str)],
        body: Option<String>,
    ) -> Result<Value, ApiError> {
        let url = format!("{}/{endpoint}", self.base);
        let mut replayed = false;
        loop {
            let (token, generation) = self.session.token();
            let builder = self.authorized(method(&url), &token).query(query.iter().copied());
            let request = match &body {
                Some(body) => builder.header("Content-Type", "application/json").body(body.clone()),
                None => builder.build(),
            };
            let request = request.map_err(|_| ApiError::Unreadable)?;
            match Self::read(request.send().await).await {
                Err(ApiError::Unauthorized) if !replayed && self.session.recover(generation).await => replayed = true,
                answer => return answer,
            }
        }
    }

    async fn get<T: FromJson>(&self, endpoint: &str, query: &[(&str, &str)]) -> Result<T, ApiError> {
        Self::answer(self.call(Request::get, endpoint, query, None).await)
    }

    async fn post<B: serde::Serialize, T: FromJson>(&self, endpoint: &str, body: &B) -> Result<T, ApiError> {
        let body = serde_json::to_string(body).map_err(|_| ApiError::Unreadable)?;
        Self::answer(self.call(Request::post, endpoint, &[], Some(body)).await)
    }

    /// The user a login token belongs to, asked of the server at `base` without a session: how a
    /// framing page's `login-with-token` is checked before the app switches to it.
    pub async fn user_of_token(base: &str, token: &str) -> Result<String, ApiError> {
        let url = format!("{}/api/v1/login", base.trim_end_matches('/'));
        let request =
            Request::post(&url).json(&LoginRequest { resume: token.to_owned() }).map_err(|_| ApiError::Unreadable)?;
        let answer: LoginResponse = Self::answer(Self::read(request.send().await).await)?;
        Ok(answer.data.user_id)
    }

    /// Revokes the current token on the server. Not replayed: a refused token is as good as
    /// revoked.
    pub async fn logout(&self) -> Result<(), ApiError> {
        let (token, _) = self.session.token();
        let request = self
            .authorized(Request::post(&format!("{}/logout", self.base)), &token)
            .build()
            .map_err(|_| ApiError::Unreadable)?;
        let _: LogoutResponse = Self::answer(Self::read(request.send().await).await)?;
        Ok(())
    }

    /// The status the user chooses, and what they say of it (`None` keeps the text as it is).
    pub async fn set_status(&self, status: UserStatus, text: Option<&str>) -> Result<(), ApiError> {
        let body = SetStatusRequest { status: status.as_str().to_owned(), message: text.map(str::to_owned) };
        let _: SuccessResponse = self.post("users.setStatus", &body).await?;
        Ok(())
    }

    /// Everyone's presence as the server shows it now.
    pub async fn presence(&self) -> Result<Vec<UserPresence>, ApiError> {
        let response: PresenceResponse = self.get("users.presence", &[]).await?;
        Ok(response.users)
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

    /// A page of a room's members whose name contains `filter`, and how many match in all.
    pub async fn member_page(
        &self,
        rid: &str,
        t: RoomType,
        filter: &str,
        offset: u32,
        count: u32,
    ) -> Result<MembersResponse, ApiError> {
        let endpoint = format!("{}.members", t.history_prefix());
        let (offset, count) = (offset.to_string(), count.to_string());
        let query = [("roomId", rid), ("filter", filter), ("offset", offset.as_str()), ("count", count.as_str())];
        self.get(&endpoint, &query).await
    }

    /// Who holds a room role (owner, moderator, leader) in a channel or group.
    pub async fn room_roles(&self, rid: &str, t: RoomType) -> Result<Vec<RoomMemberRoles>, ApiError> {
        let endpoint = format!("{}.roles", t.history_prefix());
        let response: RoomRolesResponse = self.get(&endpoint, &[("roomId", rid)]).await?;
        Ok(response.roles)
    }

    pub async fn user_info(&self, username: &str) -> Result<User, ApiError> {
        let response: UserResponse = self.get("users.info", &[("username", username)]).await?;
        Ok(response.user)
    }

    /// Gives (`held`) or takes a room role: `addModerator`, `removeOwner` and the like.
    pub async fn set_room_role(
        &self,
        rid: &str,
        t: RoomType,
        user_id: &str,
        role: RoomRole,
        held: bool,
    ) -> Result<(), ApiError> {
        let endpoint = format!("{}.{}", t.history_prefix(), role.endpoint(held));
        let body = RoomRoleRequest { room_id: rid.to_owned(), user_id: user_id.to_owned() };
        let _: SuccessResponse = self.post(&endpoint, &body).await?;
        Ok(())
    }

    pub async fn set_muted(&self, rid: &str, username: &str, muted: bool) -> Result<(), ApiError> {
        let endpoint = if muted { "rooms.muteUser" } else { "rooms.unmuteUser" };
        let body = MuteRequest { room_id: rid.to_owned(), user_id: None, username: Some(username.to_owned()) };
        let _: SuccessResponse = self.post(endpoint, &body).await?;
        Ok(())
    }

    /// Removes a member from a channel or group.
    pub async fn kick(&self, rid: &str, t: RoomType, user_id: &str) -> Result<(), ApiError> {
        let endpoint = format!("{}.kick", t.history_prefix());
        let body = RoomRoleRequest { room_id: rid.to_owned(), user_id: user_id.to_owned() };
        let _: SuccessResponse = self.post(&endpoint, &body).await?;
        Ok(())
    }

    /// The user's rooms, or those changed since `since` (and those removed).
    pub async fn rooms(&self, since: Option<Timestamp>) -> Result<RoomsResponse, ApiError> {
        let since = since.map(query_date);
        self.get("rooms.get", &since.as_deref().map(|s| vec![("updatedSince", s)]).unwrap_or_default()).await
    }

    /// Marks room `rid` read up to now.
    pub async fn mark_read(&self, rid: &str) -> Result<(), ApiError> {
        let _: SuccessResponse = self.post("subscriptions.read", &ReadRequest { rid: rid.to_owned() }).await?;
        Ok(())
    }

    /// The user's subscriptions, or those changed since `since` (and those removed).
    pub async fn subscriptions(&self, since: Option<Timestamp>) -> Result<SubscriptionsResponse, ApiError> {
        let since = since.map(query_date);
        self.get("subscriptions.get", &since.as_deref().map(|s| vec![("updatedSince", s)]).unwrap_or_default()).await
    }

    /// What changed in room `rid` since `since`: new and edited messages, and deleted ones.
    pub async fn sync(&self, rid: &str, since: Timestamp) -> Result<SyncResult, ApiError> {
        let since = query_date(since);
        let response: SyncMessagesResponse =
            self.get("chat.syncMessages", &[("roomId", rid), ("lastUpdate", since.as_str())]).await?;
        Ok(response.result)
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

    /// A Realtime method called over REST (`method.call`); its error, inside the answer, is a
    /// refusal.
    async fn call_method<T: FromJson>(&self, method: &str, params: serde_json::Value) -> Result<T, ApiError> {
        let frame = serde_json::json!({"msg": "method", "id": "1", "method": method, "params": params});
        let body = MethodCallRequest { message: frame.to_string() };
        let answer: MethodCallResponse = self.post(&format!("method.call/{method}"), &body).await?;
        let result: serde_json::Value = serde_json::from_str(&answer.message).map_err(|_| ApiError::Unreadable)?;
        if let Some(error) = result.get("error") {
            let reason = error.get("reason").and_then(|r| r.as_str()).unwrap_or("refused");
            return Err(ApiError::Refused(reason.to_owned()));
        }
        result.get("result").and_then(T::from_json).ok_or(ApiError::Unreadable)
    }

    /// A file of the server's (an upload, `/file-upload/...`) as a blob, fetched with the login
    /// headers: the address never carries a token, and the headers go to no other server.
    pub async fn file(&self, path: &str) -> Result<web_sys::Blob, ApiError> {
        if !is_server_path(path) {
            return Err(ApiError::Unreadable);
        }
        let url = format!("{}{path}", self.server());
        let mut replayed = false;
        loop {
            let (token, generation) = self.session.token();
            let request = self.authorized(Request::get(&url), &token).build().map_err(|_| ApiError::Unreadable)?;
            let response = request.send().await.map_err(|_| ApiError::Network)?;
            match response.status() {
                401 if !replayed && self.session.recover(generation).await => replayed = true,
                401 => return Err(ApiError::Unauthorized),
                200 => {
                    let raw: web_sys::Response = response.into();
                    let blob = raw.blob().map_err(|_| ApiError::Unreadable)?;
                    let blob = wasm_bindgen_futures::JsFuture::from(blob).await.map_err(|_| ApiError::Network)?;
                    return blob.dyn_into().map_err(|_| ApiError::Unreadable);
                }
                status => return Err(ApiError::Status(status)),
            }
        }
    }

    /// What the server accepts for upload.
    pub async fn upload_limits(&self) -> Result<UploadLimits, ApiError> {
        let ids = [UPLOADS_ENABLED_SETTING, MAX_FILE_SIZE_SETTING, ACCEPTED_TYPES_SETTING].join(",");
        let settings: PublicSettingsResponse = self.get("settings.public", &[("_id", &ids)]).await?;
        Ok(UploadLimits::from_settings(&settings))
    }

    /// What the user may do (every permission, and the server's limits on editing and deleting)
    /// and the seconds without input after which they are reported away (Rocket.Chat's default:
    /// 300), asked side by side, the settings in one request.
    pub async fn rights_and_idle_seconds(&self) -> Result<(Rights, u32), ApiError> {
        use confab_protocol::permission::{
            ALLOW_DELETING_SETTING, ALLOW_EDITING_SETTING, DELETE_BLOCK_MINUTES_SETTING, EDIT_BLOCK_MINUTES_SETTING,
        };
        let ids = [
            ALLOW_EDITING_SETTING,
            EDIT_BLOCK_MINUTES_SETTING,
            ALLOW_DELETING_SETTING,
            DELETE_BLOCK_MINUTES_SETTING,
            IDLE_SECONDS_SETTING,
        ]
        .join(",");
        let query = [("_id", ids.as_str())];
        let (permissions, settings) = futures::join!(
            self.get::<PermissionsResponse>("permissions.listAll", &[]),
            self.get::<PublicSettingsResponse>("settings.public", &query),
        );
        let settings = settings?;
        let flag = |id, default| settings.value(id).and_then(serde_json::Value::as_bool).unwrap_or(default);
        let number = |id, default| settings.value(id).and_then(serde_json::Value::as_u64).unwrap_or(default);
        let minutes = |id| number(id, 0).min(u64::from(u32::MAX)) as u32;
        let rules = EditRules {
            allow_editing: flag(ALLOW_EDITING_SETTING, true),
            edit_block_minutes: minutes(EDIT_BLOCK_MINUTES_SETTING),
            allow_deleting: flag(ALLOW_DELETING_SETTING, true),
            delete_block_minutes: minutes(DELETE_BLOCK_MINUTES_SETTING),
        };
        let idle_seconds = number(IDLE_SECONDS_SETTING, 300).clamp(1, u64::from(u32::MAX)) as u32;
        Ok((Rights { permissions: permissions?.update, rules }, idle_seconds))
    }

    /// Posts the message that shows upload `file_id` in room `rid`.
    pub async fn confirm_upload(
        &self,
        rid: &str,
        file_id: &str,
        description: Option<String>,
        tmid: Option<String>,
    ) -> Result<Message, ApiError> {
        let body = MediaConfirmRequest { msg: None, description, tmid };
        let response: MediaMessageResponse = self.post(&format!("rooms.mediaConfirm/{rid}/{file_id}"), &body).await?;
        Ok(response.message)
    }

    /// Sets the user's picture (`users.setAvatar`, the picture as a form's `image`).
    pub async fn set_avatar(&self, picture: &web_sys::File) -> Result<(), ApiError> {
        let url = format!("{}/users.setAvatar", self.base);
        let mut replayed = false;
        loop {
            let form = web_sys::FormData::new().map_err(|_| ApiError::Unreadable)?;
            let name = confab_protocol::rest::part_file_name(&picture.name());
            form.append_with_blob_and_filename("image", picture, &name).map_err(|_| ApiError::Unreadable)?;
            let (token, generation) = self.session.token();
            let request = self.authorized(Request::post(&url), &token).body(form).map_err(|_| ApiError::Unreadable)?;
            match Self::read(request.send().await).await {
                Err(ApiError::Unauthorized) if !replayed && self.session.recover(generation).await => replayed = true,
                answer => return answer.map(|_| ()),
            }
        }
    }

    /// Puts the user's initials back in place of their picture (`users.resetAvatar`).
    pub async fn reset_avatar(&self) -> Result<(), ApiError> {
        let _: SuccessResponse = self.post("users.resetAvatar", &ResetAvatarRequest::default()).await?;
        Ok(())
    }

    /// The session's user and current token, for a request made outside this helper (an
    /// upload, which needs `XMLHttpRequest` for its progress).
    pub fn credentials(&self) -> (String, String, u64) {
        let (token, generation) = self.session.token();
        (self.session.user_id().to_owned(), token, generation)
    }

    /// After an outside request was refused its token: whether a fresh one is now there to try.
    pub async fn recover(&self, generation: u64) -> bool {
        self.session.recover(generation).await
    }

    pub async fn send_message(&self, message: OutgoingMessage) -> Result<Message, ApiError> {
        let response: SendMessageResponse = self.post("chat.sendMessage", &SendMessageRequest { message }).await?;
        Ok(response.message)
    }
}
