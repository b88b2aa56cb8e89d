//! Login tokens, personal access tokens and demo browser sessions, all stored only as hashes.
//!
//! Rocket.Chat keeps at most 50 login tokens per user; so does this store: minting a 51st
//! revokes the oldest, so a backend that mints on every page load cannot grow the table forever.
//! A personal access token (a bot's, or a script's) is a login token with a name: it never
//! expires, is not counted in that cap, and outlives the end of the user's sessions until it is
//! removed by name.

use confab_protocol::{Timestamp, User};

use super::Store;
use crate::secrets::hash_secret;

/// Live login tokens one user may hold.
pub const MAX_TOKENS_PER_USER: i64 = 50;

impl Store {
    /// Stores `token` (hashed) for `user_id` until `expires_at`, revoking the user's oldest tokens
    /// beyond the cap.
    pub async fn insert_login_token(
        &self,
        user_id: &str,
        token: &str,
        expires_at: Timestamp,
    ) -> Result<(), sqlx::Error> {
        let mut tx = self.pool.begin().await?;
        sqlx::query("INSERT INTO login_tokens (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
            .bind(hash_secret(token))
            .bind(user_id)
            .bind(Timestamp::now().millis())
            .bind(expires_at.millis())
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "DELETE FROM login_tokens WHERE user_id = $1 AND name IS NULL AND token_hash NOT IN \
             (SELECT token_hash FROM login_tokens WHERE user_id = $2 AND name IS NULL \
              ORDER BY created_at DESC, rowid DESC LIMIT $3)",
        )
        .bind(user_id)
        .bind(user_id)
        .bind(MAX_TOKENS_PER_USER)
        .execute(&mut *tx)
        .await?;
        tx.commit().await
    }

    /// The user holding `token` and when it expires, if it is known and not yet expired.
    pub async fn login_token(&self, token: &str, now: Timestamp) -> Result<Option<(User, Timestamp)>, sqlx::Error> {
        let found: Option<(String, i64)> =
            sqlx::query_as("SELECT user_id, expires_at FROM login_tokens WHERE token_hash = $1 AND expires_at > $2")
                .bind(hash_secret(token))
                .bind(now.millis())
                .fetch_optional(&self.pool)
                .await?;
        let Some((user_id, expires_at)) = found else { return Ok(None) };
        Ok(self.user_by_id(&user_id).await?.map(|user| (user, Timestamp(expires_at))))
    }

    pub async fn revoke_login_token(&self, token: &str) -> Result<bool, sqlx::Error> {
        let done = sqlx::query("DELETE FROM login_tokens WHERE token_hash = $1")
            .bind(hash_secret(token))
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() > 0)
    }

    /// Revokes every login token of `user_id` (its sessions, not its personal access tokens);
    /// returns how many there were.
    pub async fn revoke_all_login_tokens(&self, user_id: &str) -> Result<u64, sqlx::Error> {
        let done = sqlx::query("DELETE FROM login_tokens WHERE user_id = $1 AND name IS NULL")
            .bind(user_id)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected())
    }

    pub async fn login_token_count(&self, user_id: &str) -> Result<i64, sqlx::Error> {
        sqlx::query_scalar("SELECT COUNT(*) FROM login_tokens WHERE user_id = $1 AND name IS NULL")
            .bind(user_id)
            .fetch_one(&self.pool)
            .await
    }

    /// Stores `token` (hashed) as `user_id`'s personal access token `name`, with its last six
    /// characters to tell it by (as Rocket.Chat shows them); `false` when the user already has
    /// one so named.
    pub async fn insert_personal_token(&self, user_id: &str, name: &str, token: &str) -> Result<bool, sqlx::Error> {
        let hash = hash_secret(token);
        let last_part: String = token.chars().rev().take(6).collect::<Vec<_>>().into_iter().rev().collect();
        let done = sqlx::query(
            "INSERT INTO login_tokens (token_hash, user_id, created_at, expires_at, name, last_part) \
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING",
        )
        .bind(&hash)
        .bind(user_id)
        .bind(Timestamp::now().millis())
        .bind(i64::MAX)
        .bind(name)
        .bind(last_part)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// `user_id`'s personal access tokens: name, when made and the end of its hash, oldest first.
    pub async fn personal_tokens(&self, user_id: &str) -> Result<Vec<(String, i64, String)>, sqlx::Error> {
        sqlx::query_as(
            "SELECT name, created_at, last_part FROM login_tokens WHERE user_id = $1 AND name IS NOT NULL \
             ORDER BY created_at, name",
        )
        .bind(user_id)
        .fetch_all(&self.pool)
        .await
    }

    /// Removes `user_id`'s personal access token `name`; `false` when there is none.
    pub async fn remove_personal_token(&self, user_id: &str, name: &str) -> Result<bool, sqlx::Error> {
        let done = sqlx::query("DELETE FROM login_tokens WHERE user_id = $1 AND name = $2")
            .bind(user_id)
            .bind(name)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() == 1)
    }

    pub async fn insert_demo_session(&self, user_id: &str, secret: &str) -> Result<(), sqlx::Error> {
        sqlx::query("INSERT INTO demo_sessions (session_hash, user_id, created_at) VALUES ($1, $2, $3)")
            .bind(hash_secret(secret))
            .bind(user_id)
            .bind(Timestamp::now().millis())
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    pub async fn demo_session_user(&self, secret: &str) -> Result<Option<User>, sqlx::Error> {
        let user_id: Option<String> = sqlx::query_scalar("SELECT user_id FROM demo_sessions WHERE session_hash = $1")
            .bind(hash_secret(secret))
            .fetch_optional(&self.pool)
            .await?;
        match user_id {
            Some(id) => self.user_by_id(&id).await,
            None => Ok(None),
        }
    }
}
