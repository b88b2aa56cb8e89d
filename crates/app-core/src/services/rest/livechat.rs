//! The support routes (`livechat/*`), for the parts that show support conversations: a
//! visitor's form, rating and transcript, and the team's queue, transfers and closing. Called
//! signed in, so a visitor's calls need no token. Answers are read where they are shown.

use serde_json::{Value, json};

use super::{ApiError, Rest};

impl Rest {
    /// What the support widget shows around a conversation (`livechat/config`).
    pub async fn support_config(&self) -> Result<Value, ApiError> {
        let answer: Value = self.get("livechat/config", &[]).await?;
        Ok(answer.get("config").cloned().unwrap_or_default())
    }

    /// The visitor's own details, as the pre-chat form took them.
    pub async fn tell_about_me(&self, details: Value) -> Result<(), ApiError> {
        let _: Value = self.post("livechat/visitor", &json!({ "visitor": details })).await?;
        Ok(())
    }

    /// The visitor's rating of their closed conversation, 1 to 5, and why.
    pub async fn rate_conversation(&self, rid: &str, rating: u8, comment: &str) -> Result<(), ApiError> {
        let data =
            json!([{"name": "satisfaction", "value": rating.to_string()}, {"name": "comment", "value": comment}]);
        let _: Value = self.post("livechat/room.survey", &json!({ "rid": rid, "data": data })).await?;
        Ok(())
    }

    /// Mails the conversation to `email` (once it closes, if it is open); the server's sentence
    /// saying which.
    pub async fn mail_transcript(&self, rid: &str, email: &str) -> Result<String, ApiError> {
        let answer: Value = self.post("livechat/transcript", &json!({ "rid": rid, "email": email })).await?;
        Ok(answer.get("message").and_then(Value::as_str).unwrap_or_default().to_owned())
    }

    /// Hands the visitor's conversation to the team; the bot falls silent.
    pub async fn ask_for_person(&self, rid: &str) -> Result<(), ApiError> {
        let _: Value = self.post("confab.livechat.askForPerson", &json!({ "rid": rid })).await?;
        Ok(())
    }

    /// The conversations waiting for the team (`livechat/inquiries.queued`).
    pub async fn waiting(&self) -> Result<Vec<Value>, ApiError> {
        let answer: Value = self.get("livechat/inquiries.queued", &[]).await?;
        Ok(answer.get("inquiries").and_then(Value::as_array).cloned().unwrap_or_default())
    }

    /// The conversations the user served, open or closed.
    pub async fn served(&self, open: bool) -> Result<Vec<Value>, ApiError> {
        let answer: Value = self.get("livechat/rooms", &[("open", if open { "true" } else { "false" })]).await?;
        Ok(answer.get("rooms").and_then(Value::as_array).cloned().unwrap_or_default())
    }

    /// Takes a waiting conversation.
    pub async fn take(&self, rid: &str) -> Result<(), ApiError> {
        let _: Value = self.post("livechat/inquiries.take", &json!({ "inquiryId": rid })).await?;
        Ok(())
    }

    /// Hands a conversation to a colleague (`to` is `("userId", id)`) or to a department's queue
    /// (`("departmentId", id)`).
    pub async fn forward(&self, rid: &str, to: (&str, &str)) -> Result<(), ApiError> {
        let mut body = serde_json::Map::new();
        body.insert("roomId".into(), json!(rid));
        body.insert(to.0.into(), json!(to.1));
        let _: Value = self.post("livechat/room.forward", &body).await?;
        Ok(())
    }

    /// The departments a conversation can be forwarded to (`livechat/department`).
    pub async fn departments(&self) -> Result<Vec<Value>, ApiError> {
        let answer: Value = self.get("livechat/department", &[]).await?;
        Ok(answer.get("departments").and_then(Value::as_array).cloned().unwrap_or_default())
    }

    /// Closes a conversation, with a comment for the record.
    pub async fn close_conversation(&self, rid: &str, comment: &str) -> Result<(), ApiError> {
        let _: Value = self.post("livechat/room.closeByUser", &json!({ "rid": rid, "comment": comment })).await?;
        Ok(())
    }

    /// The support team (`livechat/users/agent`).
    pub async fn support_team(&self) -> Result<Vec<Value>, ApiError> {
        let answer: Value = self.get("livechat/users/agent", &[]).await?;
        Ok(answer.get("users").and_then(Value::as_array).cloned().unwrap_or_default())
    }
}

/// A visitor who has no conversation yet starts one, without a session: registered with their
/// token and what the pre-chat form took (`details`), then with their first `words`, or else by
/// asking for a person (Confab's route).
pub async fn visitor_starts(server: &str, token: &str, details: &Value, words: Option<&str>) -> Result<(), ApiError> {
    let post = |endpoint: &str, body: Value| {
        let url = format!("{server}/api/v1/{endpoint}");
        async move {
            let request = gloo_net::http::Request::post(&url)
                .header("Content-Type", "application/json")
                .body(body.to_string())
                .map_err(|_| ApiError::Unreadable)?;
            Rest::read(request.send().await).await
        }
    };
    let visitor = json!({ "token": token, "name": details.get("name"), "email": details.get("email"),
                          "department": details.get("department") });
    post("livechat/visitor", json!({ "visitor": visitor })).await?;
    match words {
        Some(words) => post("livechat/message", json!({ "token": token, "msg": words })).await?,
        None => post("confab.livechat.askForPerson", json!({ "token": token })).await?,
    };
    Ok(())
}
