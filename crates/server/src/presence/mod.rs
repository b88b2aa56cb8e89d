//! Presence derived from connections: a user is online while any of their sockets is in use,
//! away while every one is idle (the client says so with `UserPresence:away`), and offline only
//! once none has been open for a grace period, so a reload or a dropped network does not flicker
//! them offline. A status the user chose (`users.setStatus`) wins while they are connected.
//!
//! The registry counts this instance's sockets and writes, per user, whether it has any and
//! whether one is in use to the instance's list in the database. What a user's presence is
//! derived from is every instance's list whose lease holds ([`lease`]), so several instances
//! agree on it; what others see is stored and announced on `stream-notify-logged`
//! `user-status` whenever it changes.

pub mod lease;

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use confab_protocol::Timestamp;
use confab_protocol::presence::UserStatus;

use crate::state::AppState;

/// The sockets each user has open on this instance, and whether each is idle.
pub struct Connections {
    /// This instance's name in the leases and lists.
    instance: String,
    next: AtomicU64,
    users: Mutex<HashMap<String, HashMap<u64, bool>>>,
    /// One write to the list at a time, each of the state when it runs, so the last one holds.
    writes: tokio::sync::Mutex<()>,
}

impl Connections {
    pub fn new(instance: String) -> Self {
        Self { instance, next: AtomicU64::default(), users: Mutex::default(), writes: tokio::sync::Mutex::default() }
    }

    pub fn instance(&self) -> &str {
        &self.instance
    }

    /// Counts a new, active socket of `user_id`; returns its key.
    pub fn open(&self, user_id: &str) -> u64 {
        let key = self.next.fetch_add(1, Ordering::Relaxed);
        self.lock().entry(user_id.to_owned()).or_default().insert(key, false);
        key
    }

    pub fn set_idle(&self, user_id: &str, key: u64, idle: bool) {
        if let Some(idleness) = self.lock().get_mut(user_id).and_then(|sockets| sockets.get_mut(&key)) {
            *idleness = idle;
        }
    }

    pub fn close(&self, user_id: &str, key: u64) {
        let mut users = self.lock();
        if let Some(sockets) = users.get_mut(user_id) {
            sockets.remove(&key);
            if sockets.is_empty() {
                users.remove(user_id);
            }
        }
    }

    /// What this instance has of `user_id`: sockets and one in use (`Some(true)`), sockets all
    /// idle (`Some(false)`), or none.
    pub fn active(&self, user_id: &str) -> Option<bool> {
        self.lock().get(user_id).map(|sockets| sockets.values().any(|idle| !idle))
    }

    /// Every user with a socket here, and whether one is in use.
    pub fn users(&self) -> Vec<(String, bool)> {
        self.lock().iter().map(|(user, sockets)| (user.clone(), sockets.values().any(|idle| !idle))).collect()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, HashMap<u64, bool>>> {
        self.users.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// What others see: offline without a connection, else the chosen status unless it is `online`
/// ("follow my connections"), else what the connections say.
pub fn shown(derived: UserStatus, chosen: UserStatus) -> UserStatus {
    match (derived, chosen) {
        (UserStatus::Offline, _) => UserStatus::Offline,
        (derived, UserStatus::Online) => derived,
        (_, chosen) => chosen,
    }
}

impl AppState {
    /// A socket of `user_id` here opened, went idle or came back: the instance's list says so,
    /// and what others see follows.
    pub async fn connections_changed(&self, user_id: &str) {
        if let Err(error) = self.write_connected(user_id).await {
            tracing::error!(%error, user = %user_id, "cannot record the connection");
        }
        self.refresh_presence(user_id, false).await;
    }

    async fn write_connected(&self, user_id: &str) -> Result<(), sqlx::Error> {
        let _turn = self.connections.writes.lock().await;
        let active = self.connections.active(user_id);
        self.store.set_connected(self.connections.instance(), user_id, active).await
    }

    /// Recomputes what others see of `user_id`, stores it and announces it when it changed (or
    /// always, with `announce`, for a new status text).
    pub async fn refresh_presence(&self, user_id: &str, announce: bool) {
        if let Err(error) = self.try_refresh_presence(user_id, announce).await {
            tracing::error!(%error, user = %user_id, "cannot update presence");
        }
    }

    async fn try_refresh_presence(&self, user_id: &str, announce: bool) -> Result<(), sqlx::Error> {
        let Some(stored) = self.store.stored_presence(user_id).await? else { return Ok(()) };
        let connected = self.store.connected_status(user_id, Timestamp::now().millis()).await?;
        let now = shown(connected, stored.chosen);
        if now == stored.shown && !announce {
            return Ok(());
        }
        if let Some(presence) = self.store.set_shown_status(user_id, now).await? {
            self.presence_changed(&presence);
        }
        Ok(())
    }

    /// A socket of `user_id` closed. While they have others here, what others see follows at
    /// once; with none, once the grace period has passed without a new one anywhere, they are
    /// shown offline.
    pub fn socket_closed(&self, user_id: &str, key: u64) {
        self.connections.close(user_id, key);
        let state = self.clone();
        let user_id = user_id.to_owned();
        tokio::spawn(async move {
            if state.connections.active(&user_id).is_some() {
                return state.connections_changed(&user_id).await;
            }
            if let Err(error) = state.write_connected(&user_id).await {
                tracing::error!(%error, user = %user_id, "cannot record the connection");
            }
            tokio::time::sleep(state.settings.presence_grace()).await;
            state.refresh_presence(&user_id, false).await;
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_user_is_idle_here_only_when_every_socket_is_idle_and_gone_with_none() {
        let connections = Connections::new("here".into());
        assert_eq!(connections.active("alice"), None);
        let tab = connections.open("alice");
        let phone = connections.open("alice");
        connections.set_idle("alice", tab, true);
        assert_eq!(connections.active("alice"), Some(true));
        connections.set_idle("alice", phone, true);
        assert_eq!(connections.active("alice"), Some(false));
        assert_eq!(connections.users(), vec![("alice".to_owned(), false)]);
        connections.close("alice", phone);
        assert_eq!(connections.active("alice"), Some(false));
        connections.close("alice", tab);
        assert_eq!(connections.active("alice"), None);
        assert!(connections.users().is_empty());
    }

    #[test]
    fn a_chosen_status_wins_only_while_connected() {
        assert_eq!(shown(UserStatus::Away, UserStatus::Online), UserStatus::Away);
        assert_eq!(shown(UserStatus::Online, UserStatus::Busy), UserStatus::Busy);
        assert_eq!(shown(UserStatus::Online, UserStatus::Offline), UserStatus::Offline);
        assert_eq!(shown(UserStatus::Offline, UserStatus::Busy), UserStatus::Offline);
    }
}
