//! Instances' leases and the users each has connected: what presence is derived from when
//! several instances share the database (see `crate::presence::lease`).

use confab_protocol::presence::UserStatus;

use super::Store;

impl Store {
    /// Holds `instance`'s lease until `expires_at` (milliseconds). Answers `false` when the lease
    /// had been lost (run out and dropped by another instance, or never held): then its list of
    /// connected users is gone too and has to be written again.
    pub async fn renew_lease(&self, instance: &str, expires_at: i64) -> Result<bool, sqlx::Error> {
        let renewed = sqlx::query("UPDATE instances SET expires_at = $1 WHERE id = $2")
            .bind(expires_at)
            .bind(instance)
            .execute(&self.pool)
            .await?;
        if renewed.rows_affected() > 0 {
            return Ok(true);
        }
        sqlx::query("INSERT INTO instances (id, expires_at) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET expires_at = excluded.expires_at")
            .bind(instance)
            .bind(expires_at)
            .execute(&self.pool)
            .await?;
        Ok(false)
    }

    /// Gives `instance`'s lease up (a clean stop): its users are no longer connected through it.
    pub async fn release_lease(&self, instance: &str) -> Result<(), sqlx::Error> {
        sqlx::query("DELETE FROM connected_users WHERE instance = $1").bind(instance).execute(&self.pool).await?;
        sqlx::query("DELETE FROM instances WHERE id = $1").bind(instance).execute(&self.pool).await?;
        Ok(())
    }

    /// What `instance` has of `user_id`: sockets, one of them in use (`Some(true)`), sockets all
    /// idle (`Some(false)`), or none.
    pub async fn set_connected(&self, instance: &str, user_id: &str, active: Option<bool>) -> Result<(), sqlx::Error> {
        let query = match active {
            None => sqlx::query("DELETE FROM connected_users WHERE instance = $1 AND user_id = $2")
                .bind(instance)
                .bind(user_id),
            Some(active) => sqlx::query(
                "INSERT INTO connected_users (instance, user_id, active) VALUES ($1, $2, $3) \
                 ON CONFLICT (instance, user_id) DO UPDATE SET active = excluded.active",
            )
            .bind(instance)
            .bind(user_id)
            .bind(i64::from(active)),
        };
        query.execute(&self.pool).await?;
        Ok(())
    }

    /// What the connections of every instance whose lease holds at `now` say of `user_id`.
    pub async fn connected_status(&self, user_id: &str, now: i64) -> Result<UserStatus, sqlx::Error> {
        let (instances, active): (i64, Option<i64>) = sqlx::query_as(
            "SELECT count(*), max(c.active) FROM connected_users c JOIN instances i ON i.id = c.instance \
             WHERE c.user_id = $1 AND i.expires_at > $2",
        )
        .bind(user_id)
        .bind(now)
        .fetch_one(&self.pool)
        .await?;
        Ok(match (instances, active) {
            (0, _) => UserStatus::Offline,
            (_, Some(1)) => UserStatus::Online,
            _ => UserStatus::Away,
        })
    }

    /// Drops the leases run out at `now` and the lists of instances without a lease; answers the
    /// users those lists named, whose presence has to be told again. Two instances doing this at
    /// once each get their own share: a row is deleted once.
    pub async fn drop_expired_leases(&self, now: i64) -> Result<Vec<String>, sqlx::Error> {
        sqlx::query("DELETE FROM instances WHERE expires_at <= $1").bind(now).execute(&self.pool).await?;
        let mut users: Vec<String> = sqlx::query_scalar(
            "DELETE FROM connected_users WHERE instance NOT IN (SELECT id FROM instances) RETURNING user_id",
        )
        .fetch_all(&self.pool)
        .await?;
        users.sort();
        users.dedup();
        Ok(users)
    }

    /// Nobody is connected to a server that has just started alone.
    pub async fn clear_presence(&self) -> Result<(), sqlx::Error> {
        sqlx::query("DELETE FROM connected_users").execute(&self.pool).await?;
        sqlx::query("DELETE FROM instances").execute(&self.pool).await?;
        sqlx::query("UPDATE users SET status = 'offline' WHERE status != 'offline'").execute(&self.pool).await?;
        Ok(())
    }
}
