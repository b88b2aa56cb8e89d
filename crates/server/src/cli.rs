//! confab-server's command line: serve (the default) with the operator's settings, or
//! `confab-server admin ...`, operating on the database in `--data-dir` directly, for operators
//! setting up users and rooms or cutting off a user, with or without the server running.

use clap::{Parser, Subcommand, ValueEnum};
use confab_protocol::{RoomType, Timestamp};

use crate::secrets::new_secret;
use crate::settings::Settings;
use crate::store::{NewRoom, Store};

/// The command line: serve (the default), or administer the database.
#[derive(Parser, Debug)]
#[command(name = "confab-server", version, about = "A Rocket.Chat-compatible chat server for Confab")]
pub struct Cli {
    #[command(flatten)]
    pub settings: Settings,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Administer users, rooms and tokens in the database.
    #[command(subcommand)]
    Admin(Admin),
}

/// Messages `fill-room` stores in one transaction.
const FILL_BATCH: u32 = 20_000;

#[derive(Subcommand, Debug)]
pub enum Admin {
    /// Create a user.
    CreateUser {
        #[arg(long)]
        username: String,
        #[arg(long)]
        name: Option<String>,
        /// Give the user the admin role.
        #[arg(long, conflicts_with_all = ["guest", "bot"])]
        admin: bool,
        /// Make the user a guest (the `guest` role instead of `user`): the fewest rights.
        #[arg(long, conflicts_with = "bot")]
        guest: bool,
        /// Make the user a bot account (the `bot` role instead of `user`), which signs in with a
        /// personal access token.
        #[arg(long)]
        bot: bool,
    },
    /// Create a channel or private group.
    CreateRoom {
        #[arg(long)]
        name: String,
        #[arg(long, value_enum, default_value = "channel")]
        kind: Kind,
        /// Usernames to add (repeatable).
        #[arg(long = "member")]
        members: Vec<String>,
    },
    /// Add a user to a channel or group.
    AddMember {
        #[arg(long)]
        room: String,
        #[arg(long)]
        username: String,
    },
    /// Mint a login token for a user and print it.
    MintToken {
        #[arg(long)]
        username: String,
    },
    /// Make a personal access token for a user (a bot, typically) and print it: it never
    /// expires, and is removed by name (`users.removePersonalAccessToken`).
    PersonalToken {
        #[arg(long)]
        username: String,
        /// What the token is for, unique for the user.
        #[arg(long)]
        name: String,
    },
    /// Revoke every login token of a user.
    RevokeTokens {
        #[arg(long)]
        username: String,
    },
    /// Fill a room with numbered messages ("message 1", "message 2", ...), one a second, ending
    /// now: for demos of long rooms and for benchmarks.
    FillRoom {
        #[arg(long)]
        room: String,
        #[arg(long)]
        username: String,
        #[arg(long, default_value_t = 10_000)]
        count: u32,
        /// Add three words of a fixed vocabulary to each message, for search benchmarks.
        #[arg(long)]
        words: bool,
    },
}

#[derive(ValueEnum, Clone, Copy, Debug)]
pub enum Kind {
    Channel,
    Group,
}

#[derive(Debug, thiserror::Error)]
pub enum AdminError {
    #[error("{0}")]
    Invalid(String),
    #[error("database: {0}")]
    Store(#[from] sqlx::Error),
}

/// Runs one admin command, returning what to print.
pub async fn run(settings: &Settings, command: Admin) -> Result<String, AdminError> {
    let store = Store::open(&settings.database_url()).await?;
    let result = execute(&store, settings, command).await;
    store.close().await;
    result
}

async fn user(store: &Store, username: &str) -> Result<confab_protocol::User, AdminError> {
    store.user_by_username(username).await?.ok_or_else(|| AdminError::Invalid(format!("no user {username:?}")))
}

async fn execute(store: &Store, settings: &Settings, command: Admin) -> Result<String, AdminError> {
    match command {
        Admin::CreateUser { username, name, admin, guest, bot } => {
            if !crate::host_backend::is_valid_username(&username) {
                return Err(AdminError::Invalid(format!("{username:?} is not a valid username")));
            }
            if store.user_by_username(&username).await?.is_some() {
                return Err(AdminError::Invalid(format!("{username:?} already exists")));
            }
            let roles: &[&str] = match (admin, guest, bot) {
                (true, ..) => &["user", "admin"],
                (_, true, _) => &["guest"],
                (_, _, true) => &["bot"],
                _ => &["user"],
            };
            let user = store.create_user(&username, name.as_deref(), roles).await?;
            Ok(format!("created user {} ({})", user.username, user.id))
        }
        Admin::CreateRoom { name, kind, members } => {
            if store.room_by_name(&name).await?.is_some() {
                return Err(AdminError::Invalid(format!("a room named {name:?} exists")));
            }
            let mut users = Vec::new();
            for username in &members {
                users.push(user(store, username).await?);
            }
            let t = match kind {
                Kind::Channel => RoomType::Channel,
                Kind::Group => RoomType::Group,
            };
            let new = NewRoom { t, name: Some(&name), fname: Some(&name), topic: None, creator: None };
            let room_id = store
                .create_room(new, &users.iter().collect::<Vec<_>>())
                .await?
                .ok_or_else(|| AdminError::Invalid(format!("a room named {name:?} exists")))?;
            Ok(format!("created room {name} ({room_id}) with {} members", users.len()))
        }
        Admin::AddMember { room, username } => {
            let room_id =
                store.room_by_name(&room).await?.ok_or_else(|| AdminError::Invalid(format!("no room {room:?}")))?;
            let added = store.add_member(&room_id, &user(store, &username).await?).await?;
            Ok(if added { format!("added {username} to {room}") } else { format!("{username} was already in {room}") })
        }
        Admin::MintToken { username } => {
            let user = user(store, &username).await?;
            let token = new_secret();
            let ttl_ms = i64::try_from(settings.token_ttl().as_millis()).unwrap_or(i64::MAX);
            let expires = Timestamp(Timestamp::now().millis().saturating_add(ttl_ms));
            store.insert_login_token(&user.id, &token, expires).await?;
            Ok(format!("userId {}\nauthToken {token}\nexpires {expires}", user.id))
        }
        Admin::PersonalToken { username, name } => {
            let user = user(store, &username).await?;
            let token = new_secret();
            let name = name.trim();
            if name.is_empty() || !store.insert_personal_token(&user.id, name, &token).await? {
                return Err(AdminError::Invalid(format!(
                    "{username} already has a token named {name:?}, or the name is empty"
                )));
            }
            Ok(format!("userId {}\nauthToken {token}", user.id))
        }
        Admin::FillRoom { room, username, count, words } => {
            let room_id =
                store.room_by_name(&room).await?.ok_or_else(|| AdminError::Invalid(format!("no room {room:?}")))?;
            let author = user(store, &username).await?.to_ref();
            let end = Timestamp::now();
            let mut stored = 0;
            // In batches, so a million messages never sit in memory at once; the last batch ends now.
            for first in (1..=count).step_by(FILL_BATCH as usize) {
                let batch = FILL_BATCH.min(count - first + 1);
                let batch_end = Timestamp(end.millis() - i64::from(count - (first + batch - 1)) * 1000);
                let messages = crate::filler::messages(&room_id, &author, first, batch, batch_end, words);
                stored += store.insert_history(messages.collect()).await?;
            }
            store.analyze_messages().await?;
            Ok(format!("added {stored} messages to {room}"))
        }
        Admin::RevokeTokens { username } => {
            let user = user(store, &username).await?;
            let count = store.revoke_all_login_tokens(&user.id).await?;
            Ok(format!("revoked {count} tokens of {username}"))
        }
    }
}
