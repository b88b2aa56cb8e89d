//! Readers' feedback on bots' messages (migration `0013_feedback.sql`): one vote per person and
//! message, changed in place or taken back.

use confab_protocol::Timestamp;
use confab_protocol::interactions::{MyVote, Vote};

use super::Store;

fn vote_text(vote: Vote) -> &'static str {
    match vote {
        Vote::Up => "up",
        Vote::Down => "down",
    }
}

impl Store {
    /// Sets `user_id`'s vote on message `message_id` of room `room_id` (`None` takes it back).
    pub async fn set_feedback(
        &self,
        message_id: &str,
        room_id: &str,
        user_id: &str,
        vote: Option<Vote>,
        comment: Option<&str>,
        now: Timestamp,
    ) -> Result<(), sqlx::Error> {
        match vote {
            Some(vote) => {
                sqlx::query(
                    "INSERT INTO feedback (message_id, user_id, room_id, vote, comment, at) VALUES ($1, $2, $3, $4, $5, $6) \
                     ON CONFLICT (message_id, user_id) DO UPDATE SET vote = excluded.vote, comment = excluded.comment, at = excluded.at",
                )
                .bind(message_id)
                .bind(user_id)
                .bind(room_id)
                .bind(vote_text(vote))
                .bind(comment)
                .bind(now.millis())
                .execute(&self.pool)
                .await?;
            }
            None => {
                sqlx::query("DELETE FROM feedback WHERE message_id = $1 AND user_id = $2")
                    .bind(message_id)
                    .bind(user_id)
                    .execute(&self.pool)
                    .await?;
            }
        }
        Ok(())
    }

    /// `user_id`'s votes in room `room_id`.
    pub async fn my_feedback(&self, room_id: &str, user_id: &str) -> Result<Vec<MyVote>, sqlx::Error> {
        let rows: Vec<(String, String)> =
            sqlx::query_as("SELECT message_id, vote FROM feedback WHERE room_id = $1 AND user_id = $2")
                .bind(room_id)
                .bind(user_id)
                .fetch_all(&self.pool)
                .await?;
        Ok(rows
            .into_iter()
            .map(|(mid, vote)| MyVote { mid, vote: if vote == "up" { Vote::Up } else { Vote::Down } })
            .collect())
    }

    /// How many votes message `message_id` has, up and down.
    pub async fn feedback_counts(&self, message_id: &str) -> Result<(i64, i64), sqlx::Error> {
        let count = |vote: &'static str| {
            sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM feedback WHERE message_id = $1 AND vote = $2")
                .bind(message_id)
                .bind(vote)
                .fetch_one(&self.pool)
        };
        Ok((count("up").await?, count("down").await?))
    }
}
