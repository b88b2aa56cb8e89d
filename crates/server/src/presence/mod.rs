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

mod connections;
pub mod lease;

use std::sync::Arc;
use std::time::Duration;

use confab_protocol::Timestamp;
use confab_protocol::presence::UserStatus;

pub use connections::Connections;

use crate::events::Events;
use crate::store::Store;

/// What others see: offline without a connection, else the chosen status unless it is `online`
/// ("follow my connections"), else what the connections say.
pub fn shown(derived: UserStatus, chosen: UserStatus) -> UserStatus {
    match (derived, chosen) {
        (UserStatus::Offline, _) => UserStatus::Offline,
        (derived, UserStatus::Online) => derived,
        (_, chosen) => chosen,
    }
}

/// Presence kept up to date: this instance's connections written to its list, and what others
/// see recomputed, stored and announced.
#[derive(Clone)]
pub struct Presence {
    store: Store,
    events: Events,
    connections: Arc<Connections>,
    /// How long a user without a socket anywhere is still shown as they were.
    grace: Duration,
}

impl Presence {
    pub fn new(store: Store, events: Events, connections: Connections, grace: Duration) -> Self {
        Self { store, events, connections: Arc::new(connections), grace }
    }

    /// This instance's sockets.
    pub fn connections(&self) -> &Connections {
        &self.connections
    }

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
            self.events.presence_changed(&presence);
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
            tokio::time::sleep(state.grace).await;
            state.refresh_presence(&user_id, false).await;
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chosen_status_wins_only_while_connected() {
        assert_eq!(shown(UserStatus::Away, UserStatus::Online), UserStatus::Away);
        assert_eq!(shown(UserStatus::Online, UserStatus::Busy), UserStatus::Busy);
        assert_eq!(shown(UserStatus::Online, UserStatus::Offline), UserStatus::Offline);
        assert_eq!(shown(UserStatus::Offline, UserStatus::Busy), UserStatus::Offline);
    }
}
