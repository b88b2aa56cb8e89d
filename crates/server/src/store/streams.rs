//! Streamed answers as stored: the message's text is always what was written so far, so a reader
//! who loads it mid-answer, or a client that knows nothing of streaming, reads the truth. Each
//! append is one short transaction under the room's lock, so concurrent appends are ordered and
//! each learns where its piece went.

use confab_protocol::streaming::StreamState;
use confab_protocol::{Message, Timestamp};

use super::Store;
use super::messages::{begin_write, load, store};

/// What an append or an end found.
#[derive(Debug)]
pub enum StreamWrite {
    /// Written; for an append, the byte offset its piece went to.
    Written { message: Box<Message>, at: usize },
    /// No live message by that id.
    Missing,
    /// The message is someone else's, or was never streamed.
    NotYours,
    /// The answer already ended, as this says.
    Ended(StreamState),
    /// The piece would make the text longer than the limit.
    TooLong,
}

impl Store {
    /// Appends `piece` to `author_id`'s streamed message `id`, unless that would make it longer
    /// than `max_chars` characters.
    pub async fn append_piece(
        &self,
        id: &str,
        author_id: &str,
        piece: &str,
        max_chars: usize,
        now: Timestamp,
    ) -> Result<StreamWrite, sqlx::Error> {
        self.write_stream(id, now, |message| {
            if message.u.id != author_id || message.stream.is_none() {
                return Err(StreamWrite::NotYours);
            }
            writing(message)?;
            if message.msg.chars().count() + piece.chars().count() > max_chars {
                return Err(StreamWrite::TooLong);
            }
            let at = message.msg.len();
            message.msg.push_str(piece);
            Ok(at)
        })
        .await
    }

    /// Ends streamed message `id` as `state`. `finish` gives the finished message its final
    /// parts (its markup tree, a failure's sentence); `by_author` is whom an end must come from,
    /// `None` for a stop, which any member may make.
    pub async fn end_stream(
        &self,
        id: &str,
        by_author: Option<&str>,
        state: StreamState,
        now: Timestamp,
        finish: impl FnOnce(&mut Message),
    ) -> Result<StreamWrite, sqlx::Error> {
        self.write_stream(id, now, |message| {
            if by_author.is_some_and(|author| author != message.u.id) || message.stream.is_none() {
                return Err(StreamWrite::NotYours);
            }
            writing(message)?;
            message.stream = Some(state);
            finish(message);
            Ok(message.msg.len())
        })
        .await
    }

    /// Reads message `id` under its room's lock, lets `change` edit it, and stores the result.
    async fn write_stream(
        &self,
        id: &str,
        now: Timestamp,
        change: impl FnOnce(&mut Message) -> Result<usize, StreamWrite>,
    ) -> Result<StreamWrite, sqlx::Error> {
        let Some(room_id) = self.message(id).await?.map(|message| message.rid) else {
            return Ok(StreamWrite::Missing);
        };
        let mut tx = begin_write(self, &room_id).await?;
        let Some(mut message) = load(&mut tx, id).await? else { return Ok(StreamWrite::Missing) };
        let at = match change(&mut message) {
            Ok(at) => at,
            Err(refusal) => return Ok(refusal),
        };
        store(&mut tx, &mut message, now).await?;
        tx.commit().await?;
        Ok(StreamWrite::Written { message: Box::new(message), at })
    }
}

fn writing(message: &Message) -> Result<(), StreamWrite> {
    match message.stream {
        Some(StreamState::Writing) => Ok(()),
        Some(ended) => Err(StreamWrite::Ended(ended)),
        None => Err(StreamWrite::NotYours),
    }
}
