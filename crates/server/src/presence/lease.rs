//! The instance's lease on its users' connections. While it runs, an instance renews its lease
//! in the database; each instance also drops the leases that ran out, with the lists of users
//! they held, and tells those users' presence again: offline, unless they are connected through
//! another instance. So when an instance dies, its users are shown offline within the lease time
//! (`--presence-lease-ms`), without anyone having to notice the death itself.
//!
//! A lease is written to run out three quarters of the lease time after its renewal, renewed
//! every quarter and looked over every eighth: an instance that dies right after renewing is
//! seen gone seven eighths of the lease time later at the latest, and a live one can miss a
//! renewal (a slow database) without losing its lease. An instance that lost it anyway (the
//! database was down longer) writes its list again.

use std::time::Duration;

use confab_protocol::Timestamp;
use tokio::task::JoinHandle;

use crate::state::AppState;

/// How long after `now` a lease renewed at `now` runs out.
pub fn expiry(now: Timestamp, lease: Duration) -> i64 {
    now.millis() + (lease.as_millis() as i64) * 3 / 4
}

/// Renews this instance's lease and drops the others' that ran out, until aborted.
pub fn keep(state: AppState) -> JoinHandle<()> {
    let lease = state.settings.presence_lease();
    tokio::spawn(async move {
        let mut every = tokio::time::interval(lease / 8);
        every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        for tick in 0u64.. {
            every.tick().await;
            if tick % 2 == 0 {
                renew(&state, lease).await;
            }
            drop_expired(&state).await;
        }
    })
}

async fn renew(state: &AppState, lease: Duration) {
    let instance = state.presence.connections().instance();
    match state.store.renew_lease(instance, expiry(Timestamp::now(), lease)).await {
        Ok(true) => {}
        Ok(false) => {
            // The list went with the lease: write it again, and tell who is connected here.
            let users = state.presence.connections().users();
            if !users.is_empty() {
                tracing::warn!(
                    users = users.len(),
                    "this instance's lease had run out; its connections are told again"
                );
            }
            for (user, _) in users {
                state.presence.connections_changed(&user).await;
            }
        }
        Err(error) => tracing::warn!(%error, "cannot renew this instance's lease"),
    }
}

async fn drop_expired(state: &AppState) {
    match state.store.drop_expired_leases(Timestamp::now().millis()).await {
        Ok(users) => {
            if !users.is_empty() {
                tracing::info!(users = users.len(), "an instance's lease ran out; its users' presence is told again");
            }
            for user in users {
                state.presence.refresh_presence(&user, false).await;
            }
        }
        Err(error) => tracing::warn!(%error, "cannot look over the instances' leases"),
    }
}
