//! The store: one pool on SQLite or PostgreSQL, migrations applied at open, one module per kind
//! of document.
//!
//! Its SQL is one text for both databases, through sqlx's `Any` driver; what cannot be one text
//! is each database's [`Backend`]. On SQLite (WAL mode, so readers never wait for the writer) and
//! on PostgreSQL alike, writes that touch several tables run in one transaction that starts with
//! a write to the room, so it holds the room's lock at once: two concurrent senders queue instead
//! of dead-locking on a lock upgrade, and a room's messages are ordered by the database.

mod backend;
mod feedback;
mod integrations;
mod leases;
mod livechat;
mod members;
mod messages;
mod notifications;
mod permissions;
mod pins;
mod presence;
mod rooms;
mod search;
mod streams;
mod tokens;
mod uploads;
mod users;

use sqlx::AnyPool;

pub use backend::{Backend, is_unavailable};
pub use livechat::{Move, VISITOR_SUBSCRIPTION};
pub use members::Members;
pub use messages::{Changes, Deleted, Sent, TimeRange, markup};
pub use presence::StoredPresence;
pub use rooms::NewRoom;
pub use streams::StreamWrite;
pub use uploads::{Avatar, Upload};

/// `term` for a `LIKE … ESCAPE '\'` pattern, its wildcards taken literally.
fn like_literal(term: &str) -> String {
    term.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")
}

/// A `LIKE … ESCAPE '\'` pattern for what starts with `term`.
fn like_prefix(term: &str) -> String {
    format!("{}%", like_literal(term))
}

#[derive(Clone)]
pub struct Store {
    pool: AnyPool,
    backend: &'static dyn Backend,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("backend", &self.backend.name()).finish_non_exhaustive()
    }
}

impl Store {
    /// Opens the database at `url` (`sqlite://path`, creating the file when missing, or
    /// `postgres://…`) and brings its schema up to date.
    pub async fn open(url: &str) -> Result<Self, sqlx::Error> {
        let backend = backend::for_url(url)?;
        let pool = backend.connect(url).await?;
        backend.migrator().run(&pool).await?;
        Ok(Self { pool, backend })
    }

    /// Which database this is, for logs and messages.
    pub fn backend_name(&self) -> &'static str {
        self.backend.name()
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}
