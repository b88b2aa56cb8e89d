//! This instance's sockets per user, and whether each is idle: what presence is derived from
//! here, and what the instance writes to its list in the database.

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

/// The sockets each user has open on this instance, and whether each is idle.
pub struct Connections {
    /// This instance's name in the leases and lists.
    instance: String,
    next: AtomicU64,
    users: Mutex<HashMap<String, HashMap<u64, bool>>>,
    /// One write to the list at a time, each of the state when it runs, so the last one holds.
    pub(super) writes: tokio::sync::Mutex<()>,
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
}
