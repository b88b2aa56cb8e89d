//! PostgreSQL: one database shared by any number of instances, created at first start when its
//! user may create databases. A pool waits only briefly for a
//! connection, so while the database is down requests fail at once with "unavailable" instead
//! of hanging, and the pool reconnects by itself when it is back.

use std::time::Duration;

use futures_util::future::BoxFuture;
use sqlx::AnyPool;
use sqlx::any::AnyPoolOptions;
use sqlx::migrate::{MigrateDatabase, Migrator};

use super::Backend;

static MIGRATIONS: Migrator = sqlx::migrate!("./migrations/postgres");

/// How long a request waits for a connection before the database counts as unavailable.
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(3);

pub struct Postgres;

impl Backend for Postgres {
    fn name(&self) -> &'static str {
        "PostgreSQL"
    }

    fn connect<'a>(&'a self, url: &'a str) -> BoxFuture<'a, Result<AnyPool, sqlx::Error>> {
        Box::pin(async move {
            let options = || AnyPoolOptions::new().max_connections(16).acquire_timeout(ACQUIRE_TIMEOUT);
            match options().connect(url).await {
                // 3D000: no such database. It is created, as SQLite's file is, when its user may.
                Err(sqlx::Error::Database(e)) if e.code().as_deref() == Some("3D000") => {
                    <sqlx::postgres::Postgres as MigrateDatabase>::create_database(url).await?;
                    options().connect(url).await
                }
                connected => connected,
            }
        })
    }

    fn migrator(&self) -> &'static Migrator {
        &MIGRATIONS
    }

    fn search_source(&self) -> &'static str {
        "FROM messages m WHERE ($1 = '' OR m.search @@ to_tsquery('simple', $1)) AND m.room_id = $2"
    }

    fn explain(&self) -> &'static str {
        "EXPLAIN"
    }

    /// The message's rowid: the planner walks its index backwards until a page is full when a
    /// word is common, and sorts a rare word's few matches (migration 0007 lets it tell which).
    fn search_newest_first(&self) -> &'static str {
        "ORDER BY m.rowid DESC"
    }

    /// A `tsquery` over the generated column `messages.search`: each word's letters and digits,
    /// the runs of one word adjacent (`foo-bar` is `foo <-> bar`), every word required and the
    /// last a prefix. Only letters and digits reach the query, so no word is query syntax. With
    /// no words the query matches every message.
    fn search_match(&self, words: &[&str], _room_id: &str) -> String {
        let mut terms: Vec<String> = words
            .iter()
            .map(|word| {
                let runs: Vec<String> = word
                    .split(|c: char| !c.is_alphanumeric())
                    .filter(|run| !run.is_empty())
                    .map(str::to_lowercase)
                    .collect();
                runs.join(" <-> ")
            })
            .filter(|term| !term.is_empty())
            .collect();
        match terms.last_mut() {
            Some(last) => last.push_str(":*"),
            None => return String::new(),
        }
        terms.join(" & ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_letters_and_digits_reach_the_query_and_the_last_word_is_a_prefix() {
        assert_eq!(Postgres.search_match(&["Release", "foo-bar", "x*"], "r1"), "release & foo <-> bar & x:*");
        assert_eq!(Postgres.search_match(&["'a' | !b"], "r1"), "a <-> b:*");
    }
}
