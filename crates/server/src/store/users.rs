//! Chat users. A user is created on first sight by the host-backend role, or by the demo seed.

use confab_protocol::{Timestamp, User};

use super::Store;
use crate::secrets::new_id;

#[derive(sqlx::FromRow)]
struct UserRow {
    id: String,
    username: String,
    name: Option<String>,
    roles: String,
    status: String,
    status_text: String,
}

impl From<UserRow> for User {
    fn from(row: UserRow) -> Self {
        User {
            id: row.id,
            username: row.username,
            name: row.name,
            status: Some(row.status),
            status_text: Some(row.status_text).filter(|t| !t.is_empty()),
            active: Some(true),
            roles: row.roles.split(',').filter(|r| !r.is_empty()).map(str::to_owned).collect(),
        }
    }
}

impl Store {
    pub async fn user_by_id(&self, id: &str) -> Result<Option<User>, sqlx::Error> {
        let row = sqlx::query_as::<_, UserRow>(
            "SELECT id, username, name, roles, status, status_text FROM users WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(User::from))
    }

    pub async fn user_by_username(&self, username: &str) -> Result<Option<User>, sqlx::Error> {
        let row = sqlx::query_as::<_, UserRow>(
            "SELECT id, username, name, roles, status, status_text FROM users WHERE username = $1",
        )
        .bind(username)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(User::from))
    }

    pub async fn create_user(&self, username: &str, name: Option<&str>, roles: &[&str]) -> Result<User, sqlx::Error> {
        let id = new_id();
        let row = sqlx::query_as::<_, UserRow>(
            "INSERT INTO users (id, username, name, roles, created_at, status) VALUES ($1, $2, $3, $4, $5, 'offline') \
             RETURNING id, username, name, roles, status, status_text",
        )
        .bind(&id)
        .bind(username)
        .bind(name)
        .bind(roles.join(","))
        .bind(Timestamp::now().millis())
        .fetch_one(&self.pool)
        .await?;
        Ok(row.into())
    }

    /// The user with this username, created on first sight. A concurrent creation of the same
    /// username is resolved by reading the winner's row.
    pub async fn ensure_user(&self, username: &str) -> Result<User, sqlx::Error> {
        if let Some(user) = self.user_by_username(username).await? {
            return Ok(user);
        }
        match self.create_user(username, None, &["user"]).await {
            Ok(user) => Ok(user),
            Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
                self.user_by_username(username).await?.ok_or(sqlx::Error::RowNotFound)
            }
            Err(e) => Err(e),
        }
    }

    /// Gives `user_id` the global role `role` unless they hold it; whether they did not.
    pub async fn add_role(&self, user_id: &str, role: &str) -> Result<bool, sqlx::Error> {
        let Some(user) = self.user_by_id(user_id).await? else { return Ok(false) };
        if user.roles.iter().any(|held| held == role) {
            return Ok(false);
        }
        let roles: Vec<&str> = user.roles.iter().map(String::as_str).chain([role]).collect();
        sqlx::query("UPDATE users SET roles = $1 WHERE id = $2")
            .bind(roles.join(","))
            .bind(user_id)
            .execute(&self.pool)
            .await?;
        Ok(true)
    }

    /// Users whose username or name starts with `term` (case-insensitively), for mentions.
    pub async fn users_matching(&self, term: &str, limit: u32) -> Result<Vec<User>, sqlx::Error> {
        let pattern = super::like_prefix(term);
        let rows = sqlx::query_as::<_, UserRow>(
            "SELECT id, username, name, roles, status, status_text FROM users \
             WHERE lower(username) LIKE lower($1) ESCAPE '\\' OR lower(name) LIKE lower($1) ESCAPE '\\' \
             OR lower(name) LIKE '% ' || lower($1) ESCAPE '\\' \
             ORDER BY username LIMIT $2",
        )
        .bind(pattern)
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(User::from).collect())
    }

    pub async fn set_email(&self, user_id: &str, email: &str) -> Result<(), sqlx::Error> {
        sqlx::query("UPDATE users SET email = $1 WHERE id = $2").bind(email).bind(user_id).execute(&self.pool).await?;
        Ok(())
    }

    pub async fn users(&self) -> Result<Vec<User>, sqlx::Error> {
        let rows = sqlx::query_as::<_, UserRow>(
            "SELECT id, username, name, roles, status, status_text FROM users ORDER BY username",
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(User::from).collect())
    }

    pub async fn user_count(&self) -> Result<i64, sqlx::Error> {
        sqlx::query_scalar("SELECT COUNT(*) FROM users").fetch_one(&self.pool).await
    }
}
