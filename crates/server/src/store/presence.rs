//! Presence as stored: the status others see, the one the user chose, and its text. What is
//! derived from connections lives in memory (`crate::presence`); this is what is read back.

use confab_protocol::Timestamp;
use confab_protocol::presence::{UserPresence, UserStatus};

use super::Store;

/// One user's stored presence.
pub struct StoredPresence {
    pub shown: UserStatus,
    pub chosen: UserStatus,
    pub text: String,
}

#[derive(sqlx::FromRow)]
struct PresenceRow {
    id: String,
    username: String,
    name: Option<String>,
    status: String,
    status_text: String,
}

impl From<PresenceRow> for UserPresence {
    fn from(row: PresenceRow) -> Self {
        Self {
            id: row.id,
            username: row.username,
            name: row.name,
            status: UserStatus::parse(&row.status).unwrap_or(UserStatus::Offline),
            status_text: row.status_text,
        }
    }
}

impl Store {
    pub async fn stored_presence(&self, user_id: &str) -> Result<Option<StoredPresence>, sqlx::Error> {
        let row: Option<(String, String, String)> =
            sqlx::query_as("SELECT status, status_default, status_text FROM users WHERE id = $1")
                .bind(user_id)
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.map(|(shown, chosen, text)| StoredPresence {
            shown: UserStatus::parse(&shown).unwrap_or(UserStatus::Offline),
            chosen: UserStatus::parse(&chosen).unwrap_or(UserStatus::Online),
            text,
        }))
    }

    /// What others now see of `user_id`; returns their presence as announced.
    pub async fn set_shown_status(
        &self,
        user_id: &str,
        shown: UserStatus,
    ) -> Result<Option<UserPresence>, sqlx::Error> {
        let row = sqlx::query_as::<_, PresenceRow>(
            "UPDATE users SET status = $1, status_at = $2 WHERE id = $3 \
             RETURNING id, username, name, status, status_text",
        )
        .bind(shown.as_str())
        .bind(Timestamp::now().millis())
        .bind(user_id)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(UserPresence::from))
    }

    /// The status `user_id` chose and its text (`users.setStatus`); without a text, the one they
    /// had stays.
    pub async fn set_chosen_status(
        &self,
        user_id: &str,
        chosen: UserStatus,
        text: Option<&str>,
    ) -> Result<(), sqlx::Error> {
        sqlx::query(
            "UPDATE users SET status_default = $1, status_text = COALESCE($2, status_text), status_at = $3 WHERE id = $4",
        )
        .bind(chosen.as_str())
        .bind(text)
        .bind(Timestamp::now().millis())
        .bind(user_id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Users' presence: those in `ids` (everyone when `None`), changed after `since` when given.
    pub async fn presences(
        &self,
        ids: Option<&[String]>,
        since: Option<Timestamp>,
    ) -> Result<Vec<UserPresence>, sqlx::Error> {
        let mut sql = String::from("SELECT id, username, name, status, status_text FROM users WHERE status_at > $1");
        if let Some(ids) = ids {
            if ids.is_empty() {
                return Ok(Vec::new());
            }
            let placeholders: Vec<String> = (2..ids.len() + 2).map(|n| format!("${n}")).collect();
            sql.push_str(&format!(" AND id IN ({})", placeholders.join(", ")));
        }
        sql.push_str(" ORDER BY username");
        let mut query = sqlx::query_as::<_, PresenceRow>(&sql).bind(since.map_or(-1, Timestamp::millis));
        for id in ids.unwrap_or_default() {
            query = query.bind(id);
        }
        let rows = query.fetch_all(&self.pool).await?;
        Ok(rows.into_iter().map(UserPresence::from).collect())
    }
}
