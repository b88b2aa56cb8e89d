//! When the login token is refreshed, and what a call refused as unauthorized does.
//!
//! A token is refreshed shortly before it expires. A refused call triggers one refresh and is
//! replayed once; calls refused while that refresh runs wait for it instead of starting their
//! own (single flight), and a call refused with credentials that have already been replaced is
//! simply replayed. A fresh token refused at once is not refreshed again — that is the refresh
//! loop users of other SDKs complain of — but reported as a session error.

/// How long a refreshed token must have lived before its refusal may trigger another refresh.
pub const LOOP_GUARD_MS: i64 = 10_000;
/// The most a refresh is brought forward before expiry.
pub const MAX_LEAD_MS: i64 = 60_000;

/// When to refresh a token received at `received` that expires at `expires` (both in
/// milliseconds): a fifth of its lifetime before it ends, and at most a minute before.
pub fn refresh_at(received: i64, expires: i64) -> i64 {
    let lifetime = (expires - received).max(0);
    received + lifetime - (lifetime / 5).min(MAX_LEAD_MS)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    Idle,
    Refreshing,
    Closed,
}

/// What to do with a call refused as unauthorized.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rejected {
    /// Refresh the token, then replay the call.
    Refresh,
    /// A refresh is already running: wait for it, then replay.
    AwaitRefresh,
    /// The credentials were replaced since the call was made: replay it.
    Replay,
    /// The fresh token was refused too: the session is in error.
    GiveUp,
    /// The session is closed: nothing is replayed.
    Closed,
}

/// The token's generation (how many times it was replaced) and whether a refresh is running.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refresh {
    generation: u64,
    refreshed_at: Option<i64>,
    state: State,
}

impl Default for Refresh {
    fn default() -> Self {
        Self { generation: 0, refreshed_at: None, state: State::Idle }
    }
}

impl Refresh {
    /// The generation of the current credentials; calls remember it to report refusals.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    pub fn is_closed(&self) -> bool {
        self.state == State::Closed
    }

    /// A call made with credentials of `generation` was refused at `now`.
    pub fn rejected(&mut self, generation: u64, now: i64) -> Rejected {
        match self.state {
            State::Closed => Rejected::Closed,
            State::Refreshing => Rejected::AwaitRefresh,
            State::Idle if generation < self.generation => Rejected::Replay,
            State::Idle if self.refreshed_at.is_some_and(|at| now - at < LOOP_GUARD_MS) => Rejected::GiveUp,
            State::Idle => {
                self.state = State::Refreshing;
                Rejected::Refresh
            }
        }
    }

    /// The refresh timer fired: start a refresh unless one is running or the session is over.
    pub fn due(&mut self) -> bool {
        let start = self.state == State::Idle;
        if start {
            self.state = State::Refreshing;
        }
        start
    }

    /// New credentials arrived at `now`; returns their generation.
    pub fn refreshed(&mut self, now: i64) -> u64 {
        if self.state != State::Closed {
            self.generation += 1;
            self.refreshed_at = Some(now);
            self.state = State::Idle;
        }
        self.generation
    }

    /// The refresh failed but the session goes on with what it has (a later refusal may try again).
    pub fn failed(&mut self) {
        if self.state == State::Refreshing {
            self.state = State::Idle;
        }
    }

    /// The session ended (logout, revocation, or a provider declining to refresh).
    pub fn close(&mut self) {
        self.state = State::Closed;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_refreshed_a_fifth_of_their_lifetime_early_and_at_most_a_minute_early() {
        assert_eq!(refresh_at(1_000, 5_000), 4_200, "a 4 s token: 0.8 s early");
        let month = 30 * 24 * 3_600_000;
        assert_eq!(refresh_at(0, month), month - 60_000);
        assert_eq!(refresh_at(9_000, 5_000), 9_000, "an already expired token is refreshed at once");
    }

    #[test]
    fn concurrent_refusals_share_one_refresh_and_replay() {
        let mut refresh = Refresh::default();
        let sent_with = refresh.generation();
        assert_eq!(refresh.rejected(sent_with, 100), Rejected::Refresh);
        assert_eq!(refresh.rejected(sent_with, 110), Rejected::AwaitRefresh);
        assert_eq!(refresh.rejected(sent_with, 120), Rejected::AwaitRefresh);
        assert!(!refresh.due(), "the timer does not start a second refresh");
        assert_eq!(refresh.refreshed(200), sent_with + 1);
        // A call sent with the old token and refused after the refresh only needs replaying.
        assert_eq!(refresh.rejected(sent_with, 300), Rejected::Replay);
    }

    #[test]
    fn a_fresh_token_refused_at_once_is_an_error_not_a_refresh_loop() {
        let mut refresh = Refresh::default();
        assert_eq!(refresh.rejected(0, 0), Rejected::Refresh);
        let fresh = refresh.refreshed(1_000);
        assert_eq!(refresh.rejected(fresh, 1_000 + LOOP_GUARD_MS - 1), Rejected::GiveUp);
        // Once it has lived a while, a refusal (a token revoked since, say) may refresh again.
        assert_eq!(refresh.rejected(fresh, 1_000 + LOOP_GUARD_MS), Rejected::Refresh);
    }

    #[test]
    fn the_timer_refreshes_ahead_of_expiry_and_a_failed_refresh_can_be_retried() {
        let mut refresh = Refresh::default();
        assert!(refresh.due());
        assert_eq!(refresh.rejected(0, 50), Rejected::AwaitRefresh, "a refusal waits for the timer's refresh");
        refresh.failed();
        assert!(refresh.due(), "a failed refresh does not wedge the machine");
        assert_eq!(refresh.refreshed(500), 1);
    }

    #[test]
    fn a_closed_session_refreshes_nothing() {
        let mut refresh = Refresh::default();
        assert!(refresh.due());
        refresh.close();
        assert_eq!(refresh.refreshed(10), 0, "a refresh finishing after the close changes nothing");
        assert!(refresh.is_closed());
        assert!(!refresh.due());
        assert_eq!(refresh.rejected(0, 20), Rejected::Closed);
    }
}
