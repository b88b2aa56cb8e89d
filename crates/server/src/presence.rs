//! Presence derived from connections: a user is online while any of their sockets is in use,
//! away while every one is idle (the client says so with `UserPresence:away`), and offline only
//! once none has been open for a grace period, so a reload or a dropped network does not flicker
//! them offline. A status the user chose (`users.setStatus`) wins while they are connected.
//!
//! The registry counts this instance's sockets; what others see is stored and announced on
//! `stream-notify-logged` `user-status` whenever it changes.

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use confab_protocol::presence::UserStatus;

use crate::state::AppState;

/// The sockets each user has open here, and whether each is idle.
#[derive(Default)]
pub struct Connections {
    next: AtomicU64,
    users: Mutex<HashMap<String, HashMap<u64, bool>>>,
}

impl Connections {
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

    /// What the sockets alone say of `user_id`.
    pub fn derived(&self, user_id: &str) -> UserStatus {
        match self.lock().get(user_id) {
            None => UserStatus::Offline,
            Some(sockets) if sockets.values().all(|idle| *idle) => UserStatus::Away,
            Some(_) => UserStatus::Online,
        }
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
    /// Recomputes what others see of `user_id`, stores it and announces it when it changed (or
    /// always, with `announce`, for a new status text).
    pub async fn refresh_presence(&self, user_id: &str, announce: bool) {
        if let Err(error) = self.try_refresh_presence(user_id, announce).await {
            tracing::error!(%error, user = %user_id, "cannot update presence");
        }
    }

    async fn try_refresh_presence(&self, user_id: &str, announce: bool) -> Result<(), sqlx::Error> {
        let Some(stored) = self.store.stored_presence(user_id).await? else { return Ok(()) };
        let now = shown(self.connections.derived(user_id), stored.chosen);
        if now == stored.shown && !announce {
            return Ok(());
        }
        if let Some(presence) = self.store.set_shown_status(user_id, now).await? {
            self.presence_changed(&presence);
        }
        Ok(())
    }

    /// A socket of `user_id` closed: once the grace period has passed without a new one, they are
    /// shown offline.
    pub fn socket_closed(&self, user_id: &str, key: u64) {
        self.connections.close(user_id, key);
        if self.connections.derived(user_id) != UserStatus::Offline {
            return;
        }
        let state = self.clone();
        let user_id = user_id.to_owned();
        tokio::spawn(async move {
            tokio::time::sleep(state.settings.presence_grace()).await;
            state.refresh_presence(&user_id, false).await;
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_user_is_away_only_when_every_socket_is_idle_and_offline_with_none() {
        let connections = Connections::default();
        assert_eq!(connections.derived("alice"), UserStatus::Offline);
        let tab = connections.open("alice");
        let phone = connections.open("alice");
        connections.set_idle("alice", tab, true);
        assert_eq!(connections.derived("alice"), UserStatus::Online);
        connections.set_idle("alice", phone, true);
        assert_eq!(connections.derived("alice"), UserStatus::Away);
        connections.close("alice", phone);
        assert_eq!(connections.derived("alice"), UserStatus::Away);
        connections.close("alice", tab);
        assert_eq!(connections.derived("alice"), UserStatus::Offline);
    }

    #[test]
    fn a_chosen_status_wins_only_while_connected() {
        assert_eq!(shown(UserStatus::Away, UserStatus::Online), UserStatus::Away);
        assert_eq!(shown(UserStatus::Online, UserStatus::Busy), UserStatus::Busy);
        assert_eq!(shown(UserStatus::Online, UserStatus::Offline), UserStatus::Offline);
        assert_eq!(shown(UserStatus::Offline, UserStatus::Busy), UserStatus::Offline);
    }
}
