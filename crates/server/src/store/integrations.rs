//! Integrations (incoming and outgoing webhooks) as the API shows them, each a JSON document, with
//! its secret apart: an incoming hook's token only as a hash, checked on each call; an outgoing
//! hook's token, which goes to its endpoints, in its own column that no answer reads.

use confab_protocol::rest::{Integration, IntegrationHistory};

use super::Store;
use crate::secrets::hash_secret;

fn encode(integration: &Integration) -> Result<String, sqlx::Error> {
    serde_json::to_string(integration).map_err(|e| sqlx::Error::Encode(Box::new(e)))
}

fn decode(doc: &str) -> Result<Integration, sqlx::Error> {
    serde_json::from_str(doc).map_err(|e| sqlx::Error::Decode(Box::new(e)))
}

impl Store {
    /// Stores `integration` (its `token` field left out) with an incoming hook's `token`, kept
    /// hashed, or an outgoing hook's `secret`, kept as it is.
    pub async fn insert_integration(
        &self,
        integration: &Integration,
        token: Option<&str>,
        secret: Option<&str>,
    ) -> Result<(), sqlx::Error> {
        let shown = Integration { token: None, ..integration.clone() };
        sqlx::query(
            "INSERT INTO integrations (id, kind, token_hash, secret, created_at, doc) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&shown.id)
        .bind(&shown.kind)
        .bind(token.map(hash_secret))
        .bind(secret)
        .bind(shown.created_at.millis())
        .bind(encode(&shown)?)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    pub async fn integration(&self, id: &str) -> Result<Option<Integration>, sqlx::Error> {
        let doc: Option<String> = sqlx::query_scalar("SELECT doc FROM integrations WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        doc.as_deref().map(decode).transpose()
    }

    /// Incoming hook `id`, if `token` is its token.
    pub async fn incoming_hook(&self, id: &str, token: &str) -> Result<Option<Integration>, sqlx::Error> {
        let doc: Option<String> = sqlx::query_scalar(
            "SELECT doc FROM integrations WHERE id = $1 AND kind = 'webhook-incoming' AND token_hash = $2",
        )
        .bind(id)
        .bind(hash_secret(token))
        .fetch_optional(&self.pool)
        .await?;
        doc.as_deref().map(decode).transpose()
    }

    /// The enabled outgoing hooks, each with the token it sends.
    pub async fn outgoing_hooks(&self) -> Result<Vec<(Integration, String)>, sqlx::Error> {
        let rows: Vec<(String, Option<String>)> = sqlx::query_as(
            "SELECT doc, secret FROM integrations WHERE kind = 'webhook-outgoing' ORDER BY created_at, id",
        )
        .fetch_all(&self.pool)
        .await?;
        let mut hooks = Vec::new();
        for (doc, secret) in rows {
            let integration = decode(&doc)?;
            if integration.fields.enabled {
                hooks.push((integration, secret.unwrap_or_default()));
            }
        }
        Ok(hooks)
    }

    /// One page of the integrations of `kind` (any when `None`) whose name contains `name`,
    /// oldest first, and how many there are in all.
    pub async fn integrations(
        &self,
        kind: Option<&str>,
        name: Option<&str>,
        offset: i64,
        count: i64,
    ) -> Result<(Vec<Integration>, i64), sqlx::Error> {
        // An admin's list, a few dozen at most: filtered here rather than in two dialects of SQL.
        let docs: Vec<String> =
            sqlx::query_scalar("SELECT doc FROM integrations ORDER BY created_at, id").fetch_all(&self.pool).await?;
        let name = name.map(str::to_lowercase);
        let mut found = Vec::new();
        for doc in docs {
            let integration = decode(&doc)?;
            let named = name.as_deref().is_none_or(|name| integration.fields.name.to_lowercase().contains(name));
            if named && kind.is_none_or(|kind| integration.kind == kind) {
                found.push(integration);
            }
        }
        let total = found.len() as i64;
        let page = found.into_iter().skip(offset.max(0) as usize).take(count.max(0) as usize).collect();
        Ok((page, total))
    }

    /// Removes integration `id` of `kind`, answering it as it was.
    pub async fn remove_integration(&self, id: &str, kind: &str) -> Result<Option<Integration>, sqlx::Error> {
        let doc: Option<String> =
            sqlx::query_scalar("DELETE FROM integrations WHERE id = $1 AND kind = $2 RETURNING doc")
                .bind(id)
                .bind(kind)
                .fetch_optional(&self.pool)
                .await?;
        doc.as_deref().map(decode).transpose()
    }
}

/// The calls of one outgoing hook kept in its history.
pub const HISTORY_KEPT: i64 = 100;

impl Store {
    /// Stores `entry`, or replaces it as its call goes on; the hook's oldest entries beyond
    /// [`HISTORY_KEPT`] go.
    pub async fn save_history(&self, entry: &IntegrationHistory) -> Result<(), sqlx::Error> {
        let doc = serde_json::to_string(entry).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "INSERT INTO integration_history (id, integration_id, created_at, doc) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (id) DO UPDATE SET doc = excluded.doc",
        )
        .bind(&entry.id)
        .bind(&entry.integration.id)
        .bind(entry.created_at.millis())
        .bind(doc)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "DELETE FROM integration_history WHERE integration_id = $1 AND id NOT IN \
             (SELECT id FROM integration_history WHERE integration_id = $2 ORDER BY created_at DESC, id DESC LIMIT $3)",
        )
        .bind(&entry.integration.id)
        .bind(&entry.integration.id)
        .bind(HISTORY_KEPT)
        .execute(&mut *tx)
        .await?;
        tx.commit().await
    }

    /// One page of integration `id`'s history, newest first, and how many entries it has.
    pub async fn integration_history(
        &self,
        id: &str,
        offset: i64,
        count: i64,
    ) -> Result<(Vec<IntegrationHistory>, i64), sqlx::Error> {
        let docs: Vec<String> = sqlx::query_scalar(
            "SELECT doc FROM integration_history WHERE integration_id = $1 ORDER BY created_at DESC, id DESC \
             LIMIT $2 OFFSET $3",
        )
        .bind(id)
        .bind(count)
        .bind(offset)
        .fetch_all(&self.pool)
        .await?;
        let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM integration_history WHERE integration_id = $1")
            .bind(id)
            .fetch_one(&self.pool)
            .await?;
        let entries = docs
            .iter()
            .map(|doc| serde_json::from_str(doc).map_err(|e| sqlx::Error::Decode(Box::new(e))))
            .collect::<Result<_, _>>()?;
        Ok((entries, total))
    }
}
