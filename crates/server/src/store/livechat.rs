//! Support conversations: visitors (guest users known by a token kept only as its hash), their
//! conversations, the queue and who serves what. A conversation's stage moves only by a
//! conditional update (`WHERE stage = …`), so two staff taking the same conversation at once
//! cannot both win.

use confab_protocol::livechat::{
    Conversation, Department, GUEST_ROLE, Inquiry, ServedBy, Stage, SurveyAnswer, VisitorRef,
};
use confab_protocol::{Room, Timestamp, User};

use super::Store;
use crate::secrets::{hash_secret, new_id};

/// The `livechat_rooms` columns a room is read with (see `rooms::ROOM_COLUMNS`); all empty for
/// rooms that are not support conversations.
#[derive(sqlx::FromRow, Default)]
pub(super) struct ConversationColumns {
    visitor_id: Option<String>,
    visitor_username: Option<String>,
    visitor_name: Option<String>,
    department_id: Option<String>,
    stage: Option<String>,
    served_by: Option<String>,
    served_by_username: Option<String>,
    served_at: Option<i64>,
    queued_at: Option<i64>,
    closed_at: Option<i64>,
    closer: Option<String>,
    closing_comment: Option<String>,
    rating: Option<i64>,
    rating_comment: Option<String>,
}

impl ConversationColumns {
    pub(super) fn into_conversation(self) -> Option<Conversation> {
        let stage = Stage::parse(self.stage.as_deref()?)?;
        let mut survey_feedback = Vec::new();
        if let Some(rating) = self.rating {
            survey_feedback.push(SurveyAnswer { label: "satisfaction".into(), value: rating.to_string() });
        }
        if let Some(comment) = self.rating_comment {
            survey_feedback.push(SurveyAnswer { label: "comment".into(), value: comment });
        }
        Some(Conversation {
            v: VisitorRef {
                id: self.visitor_id?,
                username: self.visitor_username?,
                name: self.visitor_name,
                token: None,
            },
            served_by: self.served_by.zip(self.served_by_username).map(|(id, username)| ServedBy {
                id,
                username,
                ts: Timestamp(self.served_at.unwrap_or_default()),
            }),
            department_id: self.department_id,
            open: stage != Stage::Closed,
            stage,
            queued_at: self.queued_at.map(Timestamp),
            closed_at: self.closed_at.map(Timestamp),
            closer: self.closer,
            closing_comment: self.closing_comment,
            survey_feedback,
        })
    }
}

#[derive(sqlx::FromRow)]
struct InquiryRow {
    room_id: String,
    fname: Option<String>,
    visitor_id: String,
    visitor_username: String,
    visitor_name: Option<String>,
    department_id: Option<String>,
    queued_at: Option<i64>,
    updated_at: i64,
    last_message: Option<String>,
}

impl InquiryRow {
    fn into_inquiry(self) -> Inquiry {
        let message = self
            .last_message
            .and_then(|doc| serde_json::from_str::<confab_protocol::Message>(&doc).ok())
            .map(|m| m.msg)
            .unwrap_or_default();
        Inquiry {
            id: self.room_id.clone(),
            rid: self.room_id,
            name: self.fname.unwrap_or_else(|| self.visitor_username.clone()),
            ts: Timestamp(self.queued_at.unwrap_or(self.updated_at)),
            message,
            status: "queued".into(),
            v: VisitorRef {
                id: self.visitor_id,
                username: self.visitor_username,
                name: self.visitor_name,
                token: None,
            },
            t: "l".into(),
            department: self.department_id,
            updated_at: Timestamp(self.updated_at),
        }
    }
}

/// The name of a visitor's subscription to their conversation, which their app opens.
pub const VISITOR_SUBSCRIPTION: &str = "support";

/// How a conversation is moved from one stage to the next.
pub enum Move<'a> {
    /// To the team's queue (from the bot, or back from a colleague), for `department` if given.
    ToQueue { department: Option<&'a str> },
    /// Taken from the queue by `agent`.
    Take { agent: &'a User },
    /// From the agent serving it to `agent`.
    Hand { agent: &'a User },
    /// Closed by `closer` (`user` or `visitor`), with a comment.
    Close { closer: &'a str, comment: Option<&'a str> },
}

impl Store {
    /// The visitor holding `token`, if any.
    pub async fn visitor_by_token(&self, token: &str) -> Result<Option<User>, sqlx::Error> {
        let id: Option<String> = sqlx::query_scalar("SELECT user_id FROM visitors WHERE token_hash = $1")
            .bind(hash_secret(token))
            .fetch_optional(&self.pool)
            .await?;
        match id {
            Some(id) => self.user_by_id(&id).await,
            None => Ok(None),
        }
    }

    /// A new visitor for `token`: a user with the guest role and a `guest-…` username. `None`
    /// when the token is already a visitor's (a concurrent first visit): read that one instead.
    pub async fn create_visitor(
        &self,
        token: &str,
        name: Option<&str>,
        department: Option<&str>,
    ) -> Result<Option<User>, sqlx::Error> {
        let id = new_id();
        let username = format!("guest-{}", id.to_lowercase());
        let now = Timestamp::now().millis();
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "INSERT INTO users (id, username, name, roles, created_at, status) VALUES ($1, $2, $3, $4, $5, 'offline')",
        )
        .bind(&id)
        .bind(&username)
        .bind(name)
        .bind(GUEST_ROLE)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        let inserted = sqlx::query(
            "INSERT INTO visitors (user_id, token_hash, department_id, created_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT DO NOTHING",
        )
        .bind(&id)
        .bind(hash_secret(token))
        .bind(department)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        if inserted.rows_affected() == 0 {
            return Ok(None);
        }
        tx.commit().await?;
        self.user_by_id(&id).await
    }

    /// Sets what the visitor told of themselves; fields not given are kept.
    pub async fn update_visitor(
        &self,
        user_id: &str,
        name: Option<&str>,
        email: Option<&str>,
        department: Option<&str>,
    ) -> Result<(), sqlx::Error> {
        sqlx::query("UPDATE users SET name = COALESCE($1, name), email = COALESCE($2, email) WHERE id = $3")
            .bind(name)
            .bind(email)
            .bind(user_id)
            .execute(&self.pool)
            .await?;
        sqlx::query("UPDATE visitors SET department_id = COALESCE($1, department_id) WHERE user_id = $2")
            .bind(department)
            .bind(user_id)
            .execute(&self.pool)
            .await?;
        // The team knows an open conversation by its visitor's name.
        if let Some(name) = name {
            let now = Timestamp::now().millis();
            sqlx::query(
                "UPDATE rooms SET fname = $1, updated_at = $2 WHERE id IN \
                 (SELECT room_id FROM livechat_rooms WHERE visitor_id = $3 AND stage <> 'closed')",
            )
            .bind(name)
            .bind(now)
            .bind(user_id)
            .execute(&self.pool)
            .await?;
            sqlx::query(
                "UPDATE subscriptions SET fname = $1 WHERE user_id <> $2 AND room_id IN \
                 (SELECT room_id FROM livechat_rooms WHERE visitor_id = $2 AND stage <> 'closed')",
            )
            .bind(name)
            .bind(user_id)
            .execute(&self.pool)
            .await?;
        }
        Ok(())
    }

    /// The visitor's email and chosen department.
    pub async fn visitor_details(&self, user_id: &str) -> Result<(Option<String>, Option<String>), sqlx::Error> {
        let row: Option<(Option<String>, Option<String>)> = sqlx::query_as(
            "SELECT u.email, v.department_id FROM visitors v JOIN users u ON u.id = v.user_id WHERE v.user_id = $1",
        )
        .bind(user_id)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.unwrap_or_default())
    }

    /// The visitor's conversation that is not closed, if any.
    pub async fn open_conversation_of(&self, visitor_id: &str) -> Result<Option<String>, sqlx::Error> {
        sqlx::query_scalar(
            "SELECT lr.room_id FROM livechat_rooms lr JOIN rooms r ON r.id = lr.room_id \
             WHERE lr.visitor_id = $1 AND lr.stage <> 'closed' ORDER BY r.created_at DESC LIMIT 1",
        )
        .bind(visitor_id)
        .fetch_optional(&self.pool)
        .await
    }

    /// Starts a conversation for `visitor`, answered first by `bot` when there is one (else
    /// queued at once), with the visitor and the bot as members; its id. The visitor's own
    /// subscription is named `support` and reads as `team` (the team's name), so their app finds
    /// and titles it.
    pub async fn start_conversation(
        &self,
        visitor: &User,
        department: Option<&str>,
        bot: Option<&User>,
        team: &str,
    ) -> Result<String, sqlx::Error> {
        let id = new_id();
        let now = Timestamp::now().millis();
        let name = format!("support-{}", id.to_lowercase());
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "INSERT INTO rooms (id, t, name, fname, creator_id, created_at, updated_at) \
             VALUES ($1, 'p', $2, $3, $4, $5, $6)",
        )
        .bind(&id)
        .bind(&name)
        .bind(visitor.to_ref().display_name())
        .bind(&visitor.id)
        .bind(now)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        let stage = if bot.is_some() { Stage::Bot } else { Stage::Queued };
        sqlx::query(
            "INSERT INTO livechat_rooms (room_id, visitor_id, department_id, stage, queued_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(&id)
        .bind(&visitor.id)
        .bind(department)
        .bind(stage.as_str())
        .bind((stage == Stage::Queued).then_some(now))
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO subscriptions (id, room_id, user_id, name, fname, ls, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(new_id())
        .bind(&id)
        .bind(&visitor.id)
        .bind(VISITOR_SUBSCRIPTION)
        .bind(team)
        .bind(now)
        .bind(now)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        if let Some(bot) = bot {
            super::members::insert_member(&mut tx, &id, bot).await?;
        }
        tx.commit().await?;
        Ok(id)
    }

    /// Moves conversation `room_id` on, if its stage allows: whether it moved. Taking and
    /// handing subscribe the agent; handing and returning to the queue unsubscribe the agent who
    /// had it, whose id is returned alongside so their sessions can be told.
    pub async fn move_conversation(
        &self,
        room_id: &str,
        step: Move<'_>,
    ) -> Result<Option<Option<String>>, sqlx::Error> {
        let now = Timestamp::now().millis();
        let previous: Option<Option<String>> =
            sqlx::query_scalar("SELECT served_by FROM livechat_rooms WHERE room_id = $1")
                .bind(room_id)
                .fetch_optional(&self.pool)
                .await?;
        let Some(previous) = previous else { return Ok(None) };
        let mut tx = self.pool.begin().await?;
        let moved = match &step {
            Move::ToQueue { department } => sqlx::query(
                "UPDATE livechat_rooms SET stage = 'queued', queued_at = $1, served_by = NULL, served_at = NULL, \
                 department_id = COALESCE($2, department_id) WHERE room_id = $3 AND stage IN ('bot', 'served')",
            )
            .bind(now)
            .bind(*department)
            .bind(room_id),
            Move::Take { agent } => sqlx::query(
                "UPDATE livechat_rooms SET stage = 'served', served_by = $1, served_at = $2 \
                 WHERE room_id = $3 AND stage = 'queued'",
            )
            .bind(&agent.id)
            .bind(now)
            .bind(room_id),
            Move::Hand { agent } => sqlx::query(
                "UPDATE livechat_rooms SET served_by = $1, served_at = $2 WHERE room_id = $3 AND stage = 'served'",
            )
            .bind(&agent.id)
            .bind(now)
            .bind(room_id),
            Move::Close { closer, comment } => sqlx::query(
                "UPDATE livechat_rooms SET stage = 'closed', closed_at = $1, closer = $2, closing_comment = $3 \
                 WHERE room_id = $4 AND stage <> 'closed'",
            )
            .bind(now)
            .bind(*closer)
            .bind(*comment)
            .bind(room_id),
        }
        .execute(&mut *tx)
        .await?
        .rows_affected()
            == 1;
        if !moved {
            return Ok(None);
        }
        if let Move::Take { agent } | Move::Hand { agent } = &step {
            super::members::insert_member(&mut tx, room_id, agent).await?;
        }
        sqlx::query("UPDATE rooms SET updated_at = $1 WHERE id = $2").bind(now).bind(room_id).execute(&mut *tx).await?;
        tx.commit().await?;
        let dropped = match step {
            Move::ToQueue { .. } | Move::Hand { .. } => previous,
            Move::Take { .. } | Move::Close { .. } => None,
        };
        Ok(Some(dropped))
    }

    /// Records the visitor's rating (1–5) and comment of a closed conversation; whether it was
    /// closed and theirs.
    pub async fn rate_conversation(
        &self,
        room_id: &str,
        visitor_id: &str,
        rating: Option<i64>,
        comment: Option<&str>,
    ) -> Result<bool, sqlx::Error> {
        let done = sqlx::query(
            "UPDATE livechat_rooms SET rating = COALESCE($1, rating), rating_comment = COALESCE($2, rating_comment) \
             WHERE room_id = $3 AND visitor_id = $4 AND stage = 'closed'",
        )
        .bind(rating)
        .bind(comment)
        .bind(room_id)
        .bind(visitor_id)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Whether anyone on the support team is connected now.
    pub async fn support_team_online(&self) -> Result<bool, sqlx::Error> {
        let found: Option<String> = sqlx::query_scalar(
            "SELECT id FROM users WHERE status IN ('online', 'away') AND \
             (',' || roles || ',' LIKE '%,livechat-agent,%' OR ',' || roles || ',' LIKE '%,livechat-manager,%') LIMIT 1",
        )
        .fetch_optional(&self.pool)
        .await?;
        Ok(found.is_some())
    }

    /// The support team: everyone with the agent or manager role, by name.
    pub async fn support_team(&self) -> Result<Vec<User>, sqlx::Error> {
        let ids: Vec<String> = sqlx::query_scalar(
            "SELECT id FROM users WHERE ',' || roles || ',' LIKE '%,livechat-agent,%' \
             OR ',' || roles || ',' LIKE '%,livechat-manager,%' ORDER BY username",
        )
        .fetch_all(&self.pool)
        .await?;
        let mut team = Vec::with_capacity(ids.len());
        for id in ids {
            team.extend(self.user_by_id(&id).await?);
        }
        Ok(team)
    }

    /// Remembers where to mail the transcript of `room_id` once it closes.
    pub async fn mail_transcript_on_close(&self, room_id: &str, email: &str) -> Result<(), sqlx::Error> {
        sqlx::query("UPDATE livechat_rooms SET transcript_to = $1 WHERE room_id = $2")
            .bind(email)
            .bind(room_id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Where to mail the transcript of `room_id`, if the visitor asked.
    pub async fn transcript_to(&self, room_id: &str) -> Result<Option<String>, sqlx::Error> {
        let to: Option<Option<String>> =
            sqlx::query_scalar("SELECT transcript_to FROM livechat_rooms WHERE room_id = $1")
                .bind(room_id)
                .fetch_optional(&self.pool)
                .await?;
        Ok(to.flatten())
    }

    /// A page of the conversations waiting for the team, longest waiting first, in
    /// `department` when given, each with its visitor's last words (not a notice: a stored
    /// message has a top-level `"t":"` only when it is one, since inside a string every quote is
    /// escaped); and how many wait in all. A conversation is stored only once its visitor wrote
    /// or asked for a person, so each one queued is waiting.
    pub async fn queued(
        &self,
        department: Option<&str>,
        offset: u32,
        count: u32,
    ) -> Result<(Vec<Inquiry>, u32), sqlx::Error> {
        let matching = "lr.stage = 'queued' AND ($1 IS NULL OR lr.department_id = $1)";
        let sql = format!(
            "SELECT lr.room_id, r.fname, lr.visitor_id, v.username AS visitor_username, v.name AS visitor_name, \
             lr.department_id, lr.queued_at, r.updated_at, \
             (SELECT m.doc FROM messages m WHERE m.room_id = lr.room_id AND m.user_id = lr.visitor_id \
                 AND m.deleted_at IS NULL AND m.doc NOT LIKE '%,\"t\":\"%' AND m.doc NOT LIKE '{{\"t\":\"%' \
                 ORDER BY m.ts DESC LIMIT 1) AS last_message \
             FROM livechat_rooms lr JOIN rooms r ON r.id = lr.room_id JOIN users v ON v.id = lr.visitor_id \
             WHERE {matching} ORDER BY lr.queued_at, lr.room_id LIMIT $2 OFFSET $3"
        );
        let rows = sqlx::query_as::<_, InquiryRow>(&sql)
            .bind(department)
            .bind(i64::from(count))
            .bind(i64::from(offset))
            .fetch_all(&self.pool)
            .await?;
        let total: i64 = sqlx::query_scalar(&format!(
            "SELECT COUNT(*) FROM livechat_rooms lr JOIN rooms r ON r.id = lr.room_id WHERE {matching}"
        ))
        .bind(department)
        .fetch_one(&self.pool)
        .await?;
        Ok((rows.into_iter().map(InquiryRow::into_inquiry).collect(), u32::try_from(total).unwrap_or(u32::MAX)))
    }

    /// A page of the conversations `agent_id` served (all agents' when `None`), open or closed
    /// as asked, the latest active first; and how many there are.
    pub async fn conversations(
        &self,
        agent_id: Option<&str>,
        open: Option<bool>,
        offset: u32,
        count: u32,
    ) -> Result<(Vec<Room>, u32), sqlx::Error> {
        let stage = match open {
            Some(true) => "lr.stage IN ('bot', 'queued', 'served')",
            Some(false) => "lr.stage = 'closed'",
            None => "1 = 1",
        };
        let ids: Vec<String> = sqlx::query_scalar(&format!(
            "SELECT lr.room_id FROM livechat_rooms lr JOIN rooms r ON r.id = lr.room_id \
             WHERE ($1 IS NULL OR lr.served_by = $1) AND {stage} ORDER BY r.updated_at DESC LIMIT $2 OFFSET $3"
        ))
        .bind(agent_id)
        .bind(i64::from(count))
        .bind(i64::from(offset))
        .fetch_all(&self.pool)
        .await?;
        let total: i64 = sqlx::query_scalar(&format!(
            "SELECT COUNT(*) FROM livechat_rooms lr WHERE ($1 IS NULL OR lr.served_by = $1) AND {stage}"
        ))
        .bind(agent_id)
        .fetch_one(&self.pool)
        .await?;
        let mut rooms = Vec::with_capacity(ids.len());
        for id in ids {
            rooms.extend(self.room(&id).await?);
        }
        Ok((rooms, u32::try_from(total).unwrap_or(u32::MAX)))
    }

    /// The departments, by name.
    pub async fn departments(&self) -> Result<Vec<(Department, Option<String>)>, sqlx::Error> {
        let rows: Vec<(String, String, i64, Option<String>)> =
            sqlx::query_as("SELECT id, name, enabled, bot FROM livechat_departments ORDER BY name")
                .fetch_all(&self.pool)
                .await?;
        Ok(rows
            .into_iter()
            .map(|(id, name, enabled, bot)| {
                let enabled = enabled != 0;
                (Department { id, name, enabled, show_on_registration: enabled }, bot)
            })
            .collect())
    }

    /// Department `name`, answered first by the bot `bot` when given, created unless it exists;
    /// its id.
    pub async fn ensure_department(&self, name: &str, bot: Option<&str>) -> Result<String, sqlx::Error> {
        sqlx::query(
            "INSERT INTO livechat_departments (id, name, bot, created_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (name) DO NOTHING",
        )
        .bind(new_id())
        .bind(name)
        .bind(bot)
        .bind(Timestamp::now().millis())
        .execute(&self.pool)
        .await?;
        sqlx::query_scalar("SELECT id FROM livechat_departments WHERE name = $1").bind(name).fetch_one(&self.pool).await
    }
}
