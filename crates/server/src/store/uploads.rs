//! Uploaded files' records (their bytes are in the file storage), and users' avatars.

use confab_protocol::Timestamp;
use confab_protocol::attachment::{Dimensions, FileProp};

use super::Store;

#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct Upload {
    pub id: String,
    pub room_id: String,
    pub user_id: String,
    pub name: String,
    pub media_type: String,
    pub size: i64,
    pub type_group: Option<String>,
    pub original_id: Option<String>,
    pub width: Option<i64>,
    pub height: Option<i64>,
    pub preview: Option<String>,
    pub message_id: Option<String>,
    pub created_at: i64,
}

impl Upload {
    pub fn dimensions(&self) -> Option<Dimensions> {
        let side = |n: Option<i64>| n.and_then(|n| u32::try_from(n).ok());
        Some(Dimensions { width: side(self.width)?, height: side(self.height)? })
    }

    /// The file as a message lists it.
    pub fn file_prop(&self) -> FileProp {
        FileProp {
            id: self.id.clone(),
            name: self.name.clone(),
            media_type: self.media_type.clone(),
            format: crate::files::names::format_of(&self.name),
            size: u64::try_from(self.size).unwrap_or_default(),
            type_group: self.type_group.clone(),
        }
    }
}

/// A user's uploaded picture.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Avatar {
    pub media_type: String,
    pub etag: String,
}

const COLUMNS: &str = "id, room_id, user_id, name, media_type, size, type_group, original_id, width, height, preview, message_id, created_at";

impl Store {
    pub async fn insert_upload(&self, upload: &Upload) -> Result<(), sqlx::Error> {
        sqlx::query(&format!(
            "INSERT INTO uploads ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)"
        ))
        .bind(&upload.id)
        .bind(&upload.room_id)
        .bind(&upload.user_id)
        .bind(&upload.name)
        .bind(&upload.media_type)
        .bind(upload.size)
        .bind(&upload.type_group)
        .bind(&upload.original_id)
        .bind(upload.width)
        .bind(upload.height)
        .bind(&upload.preview)
        .bind(&upload.message_id)
        .bind(upload.created_at)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    pub async fn upload(&self, id: &str) -> Result<Option<Upload>, sqlx::Error> {
        sqlx::query_as(&format!("SELECT {COLUMNS} FROM uploads WHERE id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await
    }

    /// The thumbnail made for upload `id`.
    pub async fn thumbnail_of(&self, id: &str) -> Result<Option<Upload>, sqlx::Error> {
        sqlx::query_as(&format!("SELECT {COLUMNS} FROM uploads WHERE original_id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await
    }

    /// Marks upload `id` (and its thumbnail) as shown by `message_id`, if it is `user_id`'s,
    /// in `room_id`, and not yet shown by any message. Of two confirms for one upload, one wins.
    pub async fn claim_upload(
        &self,
        id: &str,
        user_id: &str,
        room_id: &str,
        message_id: &str,
    ) -> Result<bool, sqlx::Error> {
        let mut tx = self.pool.begin().await?;
        let claimed = sqlx::query(
            "UPDATE uploads SET message_id = $1 WHERE id = $2 AND user_id = $3 AND room_id = $4 AND message_id IS NULL \
             AND original_id IS NULL",
        )
        .bind(message_id)
        .bind(id)
        .bind(user_id)
        .bind(room_id)
        .execute(&mut *tx)
        .await?
        .rows_affected()
            == 1;
        if claimed {
            sqlx::query("UPDATE uploads SET message_id = $1 WHERE original_id = $2")
                .bind(message_id)
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(claimed)
    }

    /// Undoes a claim whose message could not be stored.
    pub async fn release_upload(&self, id: &str) -> Result<(), sqlx::Error> {
        sqlx::query("UPDATE uploads SET message_id = NULL WHERE id = $1 OR original_id = $2")
            .bind(id)
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// The uploads message `message_id` shows.
    pub async fn uploads_of_message(&self, message_id: &str) -> Result<Vec<String>, sqlx::Error> {
        sqlx::query_scalar("SELECT id FROM uploads WHERE message_id = $1").bind(message_id).fetch_all(&self.pool).await
    }

    /// Uploads never confirmed into a message since before `before`, with their thumbnails.
    pub async fn unconfirmed_uploads(&self, before: Timestamp) -> Result<Vec<String>, sqlx::Error> {
        sqlx::query_scalar("SELECT id FROM uploads WHERE message_id IS NULL AND created_at < $1")
            .bind(before.millis())
            .fetch_all(&self.pool)
            .await
    }

    pub async fn delete_upload(&self, id: &str) -> Result<(), sqlx::Error> {
        sqlx::query("DELETE FROM uploads WHERE id = $1").bind(id).execute(&self.pool).await?;
        Ok(())
    }

    pub async fn avatar(&self, user_id: &str) -> Result<Option<Avatar>, sqlx::Error> {
        let row: Option<(String, String)> = sqlx::query_as("SELECT media_type, etag FROM avatars WHERE user_id = $1")
            .bind(user_id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(|(media_type, etag)| Avatar { media_type, etag }))
    }

    pub async fn set_avatar(&self, user_id: &str, avatar: &Avatar, now: Timestamp) -> Result<(), sqlx::Error> {
        sqlx::query(
            "INSERT INTO avatars (user_id, media_type, etag, updated_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (user_id) DO UPDATE SET media_type = excluded.media_type, etag = excluded.etag, \
             updated_at = excluded.updated_at",
        )
        .bind(user_id)
        .bind(&avatar.media_type)
        .bind(&avatar.etag)
        .bind(now.millis())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Removes `user_id`'s picture; whether there was one.
    pub async fn remove_avatar(&self, user_id: &str) -> Result<bool, sqlx::Error> {
        let removed = sqlx::query("DELETE FROM avatars WHERE user_id = $1").bind(user_id).execute(&self.pool).await?;
        Ok(removed.rows_affected() > 0)
    }
}
