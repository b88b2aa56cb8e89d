//! What differs between the two databases the store runs on: opening a pool, the migrations,
//! full-text search, and which errors mean the database is out of reach. Everything else the
//! store says in one SQL text for both (PostgreSQL's schema supplies the few SQLite functions it
//! uses), so the two cannot drift apart; the server's tests run against each.

mod postgres;
mod sqlite;

use futures_util::future::BoxFuture;
use sqlx::AnyPool;
use sqlx::migrate::Migrator;

pub use postgres::Postgres;
pub use sqlite::Sqlite;

/// One database the store can run on.
pub trait Backend: Send + Sync {
    /// Its name, for logs and messages.
    fn name(&self) -> &'static str;

    /// A pool on the database at `url`, every connection set up as the store expects.
    fn connect<'a>(&'a self, url: &'a str) -> BoxFuture<'a, Result<AnyPool, sqlx::Error>>;

    /// Its schema's migrations.
    fn migrator(&self) -> &'static Migrator;

    /// `FROM messages m …` to `WHERE` a message matches the search `$1` (what
    /// [`Backend::search_match`] made) in room `$2`.
    fn search_source(&self) -> &'static str;

    /// The `ORDER BY` that puts the matches newest first in a way the index can stream, so a page
    /// costs its own rows and not every match of a common word.
    fn search_newest_first(&self) -> &'static str;

    /// What, put before a query, has the database describe its plan instead of running it: a
    /// row per step, the step's text in the last column.
    fn explain(&self) -> &'static str;

    /// The search parameter `$1` for `words` (each has a letter or digit; the last is a prefix)
    /// in `room_id`.
    fn search_match(&self, words: &[&str], room_id: &str) -> String;
}

/// Whether `error` says the database cannot be reached now (down, restarting, out of
/// connections) rather than that the request was wrong. PostgreSQL's class 08 is a broken
/// connection and 57P01–57P03 a server shutting down or starting; SQLite's codes are numbers
/// that none of these can be.
pub fn is_unavailable(error: &sqlx::Error) -> bool {
    match error {
        sqlx::Error::Io(_) | sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Tls(_) => true,
        sqlx::Error::Database(e) => {
            e.code().is_some_and(|code| code.starts_with("08") || matches!(code.as_ref(), "57P01" | "57P02" | "57P03"))
        }
        _ => false,
    }
}

/// The backend for a database URL: `postgres://` or `postgresql://` is PostgreSQL, `sqlite:` is
/// SQLite.
pub fn for_url(url: &str) -> Result<&'static dyn Backend, sqlx::Error> {
    sqlx::any::install_default_drivers();
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Ok(&Postgres)
    } else if url.starts_with("sqlite:") {
        Ok(&Sqlite)
    } else {
        Err(sqlx::Error::Configuration(
            format!("unknown database URL {url:?}: expected postgres://… or sqlite://…").into(),
        ))
    }
}
