//! Message search over the FTS5 index (see migration `0007_search.sql`): the room's live, user
//! written messages matching every word, newest first, narrowed by `from:` and `has:`.

use confab_protocol::Message;
use confab_protocol::rest::SearchText;

use super::Store;
use super::messages::decode;

impl Store {
    /// A page of `room_id`'s messages matching `text`, newest first.
    pub async fn search(
        &self,
        room_id: &str,
        text: &SearchText,
        count: u32,
        offset: u32,
    ) -> Result<Vec<Message>, sqlx::Error> {
        let room = format!("rid : \"{}\"", room_id.replace('"', "\"\""));
        let matching = match text.fts_query("msg") {
            Some(words) => format!("{room} AND {words}"),
            None => room,
        };
        let mut sql = String::from(
            "SELECT m.doc FROM messages_fts f JOIN messages m ON m.rowid = f.rowid \
             WHERE messages_fts MATCH ?1 AND m.room_id = ?2 AND m.deleted_at IS NULL \
             AND json_extract(m.doc, '$.t') IS NULL",
        );
        if text.from.is_some() {
            sql.push_str(" AND m.user_id = (SELECT id FROM users WHERE username = ?5)");
        }
        if text.has_file {
            sql.push_str(" AND json_extract(m.doc, '$.file') IS NOT NULL");
        }
        if text.has_link {
            sql.push_str(" AND json_array_length(m.doc, '$.urls') > 0");
        }
        sql.push_str(" ORDER BY f.rowid DESC LIMIT ?3 OFFSET ?4");
        let mut query = sqlx::query_scalar::<_, String>(&sql).bind(matching).bind(room_id).bind(count).bind(offset);
        if let Some(from) = &text.from {
            query = query.bind(from);
        }
        let docs = query.fetch_all(&self.pool).await?;
        docs.iter().map(|doc| decode(doc)).collect()
    }
}
