//! The SQLite store: one pool, migrations applied at open, one module per kind of document.
//!
//! SQLite runs in WAL mode so readers never wait for the writer; writes that touch several
//! tables run in one transaction that starts with a write, so it takes the write lock at once and
//! two concurrent senders queue instead of dead-locking on a lock upgrade.

mod members;
mod messages;
mod notifications;
mod permissions;
mod pins;
mod presence;
mod rooms;
mod search;
mod tokens;
mod uploads;
mod users;

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use sqlx::SqlitePool;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

pub use members::Members;
pub use messages::{Changes, Deleted, Sent, TimeRange, markup};
pub use presence::StoredPresence;
pub use rooms::NewRoom;
pub use uploads::{Avatar, Upload};

/// `term` for a `LIKE … ESCAPE '\'` pattern, its wildcards taken literally.
fn like_literal(term: &str) -> String {
    term.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")
}

/// A `LIKE … ESCAPE '\'` pattern for what starts with `term`.
fn like_prefix(term: &str) -> String {
    format!("{}%", like_literal(term))
}

#[derive(Clone, Debug)]
pub struct Store {
    pool: SqlitePool,
}

impl Store {
    /// Opens (creating when missing) the database at `path` and brings its schema up to date.
    pub async fn open(path: &Path) -> Result<Self, sqlx::Error> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| sqlx::Error::Configuration(Box::new(e)))?;
        }
        let options = SqliteConnectOptions::from_str(&format!("sqlite://{}", path.display()))?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10));
        let pool = SqlitePoolOptions::new().max_connections(8).connect_with(options).await?;
        sqlx::migrate!("./migrations").run(&pool).await?;
        Ok(Self { pool })
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}
