//! The `livechat/*` routes a visitor calls with their visitor token, as Rocket.Chat's Livechat
//! widget does: no login, the token in the body or query is the credential, and it reaches only
//! that visitor's own conversations. Confab's own app calls them signed in as the visitor
//! instead, without the token.

use axum::Json;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use confab_protocol::livechat::{
    AskForPerson, EmailAddress, RegisterVisitor, Survey, TranscriptRequest, Visitor, VisitorMessage, VisitorRoom,
};
use confab_protocol::{Message, Room, Timestamp, User};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::auth::{Authenticated, is_visitor};
use crate::error::ApiError;
use crate::limits::Limit;
use crate::livechat::{self, HandOff};
use crate::posting::{Poster, check_text, post_message};
use crate::routes::extract::{ApiJson, ApiPath, ApiQuery};
use crate::secrets::new_id;
use crate::state::AppState;

/// The longest name or email a visitor may give.
const MAX_FIELD_CHARS: usize = 120;

fn field(name: &str, value: Option<String>) -> Result<Option<String>, ApiError> {
    let Some(value) = value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty()) else { return Ok(None) };
    if value.chars().count() > MAX_FIELD_CHARS || value.chars().any(char::is_control) {
        return Err(ApiError::bad_request("error-invalid-params", format!("The {name} is too long or not text")));
    }
    Ok(Some(value))
}

fn valid_email(email: &str) -> bool {
    email.split_once('@').is_some_and(|(local, domain)| {
        !local.is_empty() && domain.contains('.') && !email.contains(char::is_whitespace)
    })
}

/// The visitor as Rocket.Chat shows them to themselves.
async fn visitor_document(state: &AppState, user: &User, token: &str) -> Result<Visitor, ApiError> {
    let (email, department) = state.store.visitor_details(&user.id).await?;
    Ok(Visitor {
        id: user.id.clone(),
        username: user.username.clone(),
        token: token.to_owned(),
        name: user.name.clone(),
        visitor_emails: email.into_iter().map(|address| EmailAddress { address }).collect(),
        department,
    })
}

/// `POST livechat/visitor`: registers the visitor of `token` (made on first sight), with what
/// they tell of themselves.
pub async fn register(
    State(state): State<AppState>,
    auth: Option<Authenticated>,
    ApiJson(RegisterVisitor { visitor }): ApiJson<RegisterVisitor>,
) -> Result<Json<Value>, ApiError> {
    let name = field("name", visitor.name)?;
    let email = field("email", visitor.email)?;
    if email.as_deref().is_some_and(|email| !valid_email(email)) {
        return Err(ApiError::bad_request("error-invalid-email", "The email address is not valid"));
    }
    let department = match field("department", visitor.department)? {
        Some(id) => Some(known_department(&state, &id).await?),
        None => None,
    };
    let user = match auth {
        Some(auth) if visitor.token.is_empty() => caller(&state, Some(auth), "").await?,
        _ => {
            state.limits.check(Limit::Mint, &visitor.token)?;
            livechat::visitor(&state, &visitor.token).await?
        }
    };
    state.store.update_visitor(&user.id, name.as_deref(), email.as_deref(), department.as_deref()).await?;
    let user = state.store.user_by_id(&user.id).await?.unwrap_or(user);
    Ok(Json(json!({ "visitor": visitor_document(&state, &user, &visitor.token).await?, "success": true })))
}

async fn known_department(state: &AppState, id: &str) -> Result<String, ApiError> {
    let departments = state.store.departments().await?;
    departments
        .into_iter()
        .find(|(d, _)| d.enabled && (d.id == id || d.name == id))
        .map(|(d, _)| d.id)
        .ok_or_else(|| ApiError::bad_request("error-invalid-department", "There is no such department"))
}

#[derive(Deserialize)]
pub struct TokenQuery {
    #[serde(default)]
    token: String,
}

/// `GET livechat/config`: what the widget shows before and around a conversation, in Rocket.Chat's
/// shape: whether the team is there, the pre-chat form's fields (once the visitor gave their
/// name, none), the departments, and for a known visitor their details and open conversation.
pub async fn config(
    State(state): State<AppState>,
    auth: Option<Authenticated>,
    ApiQuery(query): ApiQuery<TokenQuery>,
) -> Result<Json<Value>, ApiError> {
    // Staff (or anyone not a visitor) get what a new visitor would.
    let auth = auth.filter(|auth| is_visitor(&auth.user));
    let visitor = match (auth, query.token.is_empty()) {
        (None, true) => None,
        (auth, _) => Some(caller(&state, auth, &query.token).await?),
    };
    let support = &state.branding.support;
    let named = visitor.as_ref().is_some_and(|v| v.name.is_some());
    let prechat = if named { Vec::new() } else { support.prechat.clone() };
    let departments: Vec<_> =
        state.store.departments().await?.into_iter().map(|(d, _)| d).filter(|d| d.enabled).collect();
    let mut config = json!({
        "enabled": true,
        "online": state.store.support_team_online().await?,
        "settings": {
            "registrationForm": !prechat.is_empty(),
            "prechat": prechat,
            "consent": support.consent,
            "transcript": state.settings.smtp_url.is_some(),
        },
        "messages": { "offlineMessage": support.hours },
        "departments": departments,
    });
    if let Some(visitor) = visitor {
        let (email, department) = state.store.visitor_details(&visitor.id).await?;
        config["guest"] = json!({ "_id": visitor.id, "name": visitor.name, "email": email, "department": department });
        if let Some(rid) = state.store.open_conversation_of(&visitor.id).await? {
            config["room"] = json!(livechat::conversation(&state, &rid).await?);
        }
    }
    Ok(Json(json!({ "config": config, "success": true })))
}

/// `GET livechat/room?token=`: the visitor's open conversation, started when there is none.
pub async fn room(
    State(state): State<AppState>,
    auth: Option<Authenticated>,
    ApiQuery(query): ApiQuery<TokenQuery>,
) -> Result<Json<Value>, ApiError> {
    let visitor = caller(&state, auth, &query.token).await?;
    let (room, new_room) = livechat::conversation_of(&state, &visitor).await?;
    Ok(Json(json!({ "room": room, "newRoom": new_room, "success": true })))
}

/// The visitor calling: the holder of `token`, or else the visitor signed in.
async fn caller(state: &AppState, auth: Option<Authenticated>, token: &str) -> Result<User, ApiError> {
    if !token.is_empty() {
        return livechat::known_visitor(state, token).await;
    }
    match auth {
        Some(auth) if is_visitor(&auth.user) => Ok(auth.user),
        _ => Err(ApiError::Forbidden("This needs a visitor's token".into())),
    }
}

/// The calling visitor and their conversation `rid`; another's conversation is not found.
async fn own_conversation(
    state: &AppState,
    auth: Option<Authenticated>,
    token: &str,
    rid: &str,
) -> Result<(User, Room), ApiError> {
    let visitor = caller(state, auth, token).await?;
    let room = livechat::conversation(state, rid).await?;
    if room.livechat.as_ref().is_none_or(|c| c.v.id != visitor.id) {
        return Err(ApiError::room_not_found());
    }
    Ok((visitor, room))
}

/// The calling visitor and their conversation `rid`; without `rid`, their open conversation,
/// started now if there is none (their first words, or asking for a person, start it).
async fn open_or_start(
    state: &AppState,
    auth: Option<Authenticated>,
    token: &str,
    rid: &str,
) -> Result<(User, Room), ApiError> {
    if !rid.is_empty() {
        return own_conversation(state, auth, token, rid).await;
    }
    let visitor = caller(state, auth, token).await?;
    let (room, _) = livechat::conversation_of(state, &visitor).await?;
    Ok((visitor, room))
}

/// `POST livechat/message`: the visitor writes in their conversation (without `rid`, their first
/// words start it).
pub async fn message(
    State(state): State<AppState>,
    auth: Option<Authenticated>,
    ApiJson(body): ApiJson<VisitorMessage>,
) -> Result<Json<Value>, ApiError> {
    check_text(&state, &body.msg)?;
    let (visitor, room) = open_or_start(&state, auth, &body.token, &body.rid).await?;
    state.limits.check(Limit::Send, &visitor.id)?;
    let id = match body.id {
        Some(id) if confab_protocol::ids::is_plausible_id(&id) => id,
        Some(_) => return Err(ApiError::bad_request("error-invalid-params", "The message _id is not a valid id")),
        None => new_id(),
    };
    let draft = Message::new(id, &room.id, &body.msg, visitor.to_ref(), Timestamp::now());
    let message = post_message(&state, &visitor, &room, draft, Poster::Member).await?;
    Ok(Json(json!({ "message": message, "success": true })))
}

#[derive(Deserialize)]
pub struct HistoryQuery {
    #[serde(default)]
    token: String,
    limit: Option<u32>,
}

/// `GET livechat/messages.history/{rid}?token=`: the conversation's latest messages.
pub async fn history(
    State(state): State<AppState>,
    auth: Option<Authenticated>,
    ApiPath(rid): ApiPath<String>,
    ApiQuery(query): ApiQuery<HistoryQuery>,
) -> Result<Json<Value>, ApiError> {
    let (_, room) = own_conversation(&state, auth, &query.token, &rid).await?;
    let range = crate::store::TimeRange {
        latest: None,
        oldest: None,
        inclusive: false,
        count: query.limit.unwrap_or(20).clamp(1, 100),
    };
    let messages = state.store.history(&room.id, range).await?;
    Ok(Json(json!({ "messages": messages, "success": true })))
}

/// `POST confab.livechat.askForPerson`: the visitor asks for a person; the bot falls silent.
pub async fn ask_for_person(
    State(state): State<AppState>,
    auth: Option<Authenticated>,
    ApiJson(body): ApiJson<AskForPerson>,
) -> Result<Json<Value>, ApiError> {
    let (visitor, room) = open_or_start(&state, auth, &body.token, &body.rid).await?;
    let handed = livechat::hand_off(&state, &room, &visitor, HandOff::Asked).await?;
    let room = livechat::conversation(&state, &room.id).await?;
    Ok(Json(json!({ "room": room, "handedOff": handed, "success": true })))
}

/// `POST livechat/room.close`: the visitor ends the conversation.
pub async fn close(
    State(state): State<AppState>,
    auth: Option<Authenticated>,
    ApiJson(body): ApiJson<VisitorRoom>,
) -> Result<Json<Value>, ApiError> {
    let (visitor, room) = own_conversation(&state, auth, &body.token, &body.rid).await?;
    livechat::close(&state, &room, &visitor, None).await?;
    Ok(Json(json!({ "rid": room.id, "comment": Value::Null, "success": true })))
}

/// `POST livechat/room.survey`: the visitor rates the closed conversation (`satisfaction`, 1 to
/// 5) and may say why (`comment`).
pub async fn survey(
    State(state): State<AppState>,
    auth: Option<Authenticated>,
    ApiJson(body): ApiJson<Survey>,
) -> Result<Json<Value>, ApiError> {
    let (visitor, room) = own_conversation(&state, auth, &body.token, &body.rid).await?;
    let mut rating = None;
    let mut comment = None;
    for item in &body.data {
        match item.name.as_str() {
            "satisfaction" => match item.value.parse::<i64>() {
                Ok(value @ 1..=5) => rating = Some(value),
                _ => return Err(ApiError::bad_request("error-invalid-params", "A rating is 1 to 5")),
            },
            "comment" => {
                let text = item.value.trim();
                if text.chars().count() > confab_protocol::interactions::MAX_COMMENT_CHARS {
                    return Err(ApiError::bad_request("error-invalid-params", "The comment is too long"));
                }
                comment = Some(text.to_owned()).filter(|t| !t.is_empty());
            }
            _ => {
                return Err(ApiError::bad_request(
                    "error-invalid-params",
                    format!("Unknown survey field {}", item.name),
                ));
            }
        }
    }
    if !state.store.rate_conversation(&room.id, &visitor.id, rating, comment.as_deref()).await? {
        return Err(ApiError::bad_request("error-room-open", "A conversation is rated once it is closed"));
    }
    state.events.room_changed_for_members(&room.id).await?;
    Ok(Json(json!({ "rid": room.id, "data": body.data, "success": true })))
}

#[derive(Deserialize)]
pub struct TranscriptQuery {
    #[serde(default)]
    token: String,
    rid: String,
}

/// `GET confab.livechat.transcript?token=&rid=`: the conversation as a text file to keep.
pub async fn transcript_download(
    State(state): State<AppState>,
    auth: Option<Authenticated>,
    ApiQuery(query): ApiQuery<TranscriptQuery>,
) -> Result<Response, ApiError> {
    let (_, room) = own_conversation(&state, auth, &query.token, &query.rid).await?;
    let text = livechat::transcript::text(&state, &room).await?;
    let disposition = format!("attachment; filename=\"conversation-{}.txt\"", room.id);
    Ok((
        [
            (header::CONTENT_TYPE, "text/plain; charset=utf-8".to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, "private, no-store".to_owned()),
        ],
        text,
    )
        .into_response())
}

/// `POST livechat/transcript`: the transcript mailed to `email` through the operator's SMTP relay:
/// now if the conversation is closed, else when it closes.
pub async fn transcript_email(
    State(state): State<AppState>,
    auth: Option<Authenticated>,
    ApiJson(body): ApiJson<TranscriptRequest>,
) -> Result<Json<Value>, ApiError> {
    let (visitor, room) = own_conversation(&state, auth, &body.token, &body.rid).await?;
    let email = body.email.trim();
    if !valid_email(email) || email.len() > MAX_FIELD_CHARS {
        return Err(ApiError::bad_request("error-invalid-email", "The email address is not valid"));
    }
    state.limits.check(Limit::Send, &visitor.id)?;
    if state.settings.smtp_url.is_none() {
        return Err(ApiError::bad_request("error-transcript-unavailable", "Transcripts cannot be mailed here"));
    }
    // An open conversation's transcript goes once it closes, with everything said until then.
    if room.livechat.as_ref().is_some_and(|c| c.open) {
        state.store.mail_transcript_on_close(&room.id, email).await?;
        return Ok(Json(
            json!({ "message": "The transcript will be sent when the conversation closes", "success": true }),
        ));
    }
    livechat::transcript::mail(&state, &room, email).await?;
    Ok(Json(json!({ "message": "The transcript was sent", "success": true })))
}
