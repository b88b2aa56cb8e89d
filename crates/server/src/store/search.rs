//! Message search over each backend's full-text index: the room's live, user written messages matching every word, newest first, narrowed by `from:` and `has:`; and the
//! rooms a spotlight finds by name.

use confab_protocol::rest::{SearchText, SpotlightRoom};
use confab_protocol::{Message, RoomType};

use super::Store;
use super::messages::decode;

impl Store {
    /// Channels, and groups `user_id` is in, whose name or full name starts with `term`.
    pub async fn rooms_matching(
        &self,
        user_id: &str,
        term: &str,
        limit: u32,
    ) -> Result<Vec<SpotlightRoom>, sqlx::Error> {
        let rows: Vec<(String, String, Option<String>, String)> = sqlx::query_as(
            "SELECT id, name, fname, t FROM rooms WHERE t IN ('c', 'p') \
             AND (lower(name) LIKE lower($1) ESCAPE '\\' OR lower(fname) LIKE lower($1) ESCAPE '\\') \
             AND (t = 'c' OR id IN (SELECT room_id FROM subscriptions WHERE user_id = $2)) ORDER BY name LIMIT $3",
        )
        .bind(super::like_prefix(term))
        .bind(user_id)
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .filter_map(|(id, name, fname, t)| Some(SpotlightRoom { id, name, fname, t: RoomType::parse(&t)? }))
            .collect())
    }

    /// A page of `room_id`'s messages matching `text`, newest first.
    pub async fn search(
        &self,
        room_id: &str,
        text: &SearchText,
        count: u32,
        offset: u32,
    ) -> Result<Vec<Message>, sqlx::Error> {
        let sql = self.search_sql(text);
        let mut query = sqlx::query_scalar::<sqlx::Any, String>(&sql)
            .bind(self.backend.search_match(&text.searchable_words(), room_id))
            .bind(room_id)
            .bind(i64::from(count))
            .bind(i64::from(offset));
        if let Some(from) = &text.from {
            query = query.bind(from);
        }
        let docs = query.fetch_all(&self.pool).await?;
        docs.iter().map(|doc| decode(doc)).collect()
    }

    /// How the database runs the first page of that search, a line per step of its plan
    /// (SQLite's `EXPLAIN QUERY PLAN`, PostgreSQL's `EXPLAIN`): what a test holds the plan to,
    /// and where a diagnosis starts.
    pub async fn search_plan(&self, room_id: &str, text: &SearchText) -> Result<Vec<String>, sqlx::Error> {
        use sqlx::Row;
        let sql = format!("{} {}", self.backend.explain(), self.search_sql(text));
        let mut query = sqlx::query(&sql)
            .bind(self.backend.search_match(&text.searchable_words(), room_id))
            .bind(room_id)
            .bind(20_i64)
            .bind(0_i64);
        if let Some(from) = &text.from {
            query = query.bind(from);
        }
        let rows = query.fetch_all(&self.pool).await?;
        rows.iter().map(|row| row.try_get::<String, _>(row.len() - 1)).collect()
    }

    /// The statement for `text`: `$1` the index's query, `$2` the room, `$3` and `$4` the page,
    /// `$5` the `from:` author.
    fn search_sql(&self, text: &SearchText) -> String {
        let mut sql = format!(
            "SELECT m.doc {} AND m.deleted_at IS NULL AND json_extract(m.doc, '$.t') IS NULL",
            self.backend.search_source()
        );
        if text.from.is_some() {
            sql.push_str(" AND m.user_id = (SELECT id FROM users WHERE username = $5)");
        }
        if text.has_file {
            sql.push_str(" AND json_extract(m.doc, '$.file') IS NOT NULL");
        }
        if text.has_link {
            sql.push_str(" AND json_array_length(m.doc, '$.urls') > 0");
        }
        sql.push(' ');
        sql.push_str(self.backend.search_newest_first());
        sql.push_str(" LIMIT $3 OFFSET $4");
        sql
    }
}
