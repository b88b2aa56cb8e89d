//! Rate limits on what an attacker would hammer: logins (per client address), token minting (per
//! user) and message sends (per user). A refused call gets 429 with `Retry-After` and Rocket.Chat's
//! `error-too-many-requests`, so well-behaved clients know how long to wait.
//!
//! Limiters are GCRA buckets (governor); their per-key state is pruned every minute so a flood
//! of distinct keys cannot grow memory without bound.

use std::num::NonZeroU32;
use std::time::Duration;

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota};

use crate::settings::Settings;

#[derive(Clone, Copy, Debug)]
pub enum Limit {
    Login,
    Mint,
    Send,
}

pub struct Limits {
    login: DefaultKeyedRateLimiter<String>,
    mint: DefaultKeyedRateLimiter<String>,
    send: DefaultKeyedRateLimiter<String>,
}

/// A refusal: try again after this long.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TooMany {
    pub retry_after: Duration,
}

impl TooMany {
    /// Whole seconds to wait, at least one.
    pub fn seconds(self) -> u64 {
        self.retry_after.as_secs() + u64::from(self.retry_after.subsec_nanos() > 0)
    }

    pub fn sentence(self) -> String {
        format!(
            "Error, too many requests. Please slow down. You must wait {} seconds before trying this endpoint again.",
            self.seconds()
        )
    }
}

fn per_minute(count: u32, burst_divisor: u32) -> Quota {
    let count = NonZeroU32::new(count.max(1)).expect("at least one");
    let burst = NonZeroU32::new((count.get() / burst_divisor).max(1)).expect("at least one");
    Quota::per_minute(count).allow_burst(burst)
}

impl Limits {
    pub fn new(settings: &Settings) -> Self {
        Self {
            login: DefaultKeyedRateLimiter::keyed(per_minute(settings.login_rate_per_minute, 3)),
            mint: DefaultKeyedRateLimiter::keyed(per_minute(settings.mint_rate_per_minute, 3)),
            send: DefaultKeyedRateLimiter::keyed(per_minute(settings.send_rate_per_minute, 6)),
        }
    }

    /// Counts one call of `limit` for `key`, or says how long to wait.
    pub fn check(&self, limit: Limit, key: &str) -> Result<(), TooMany> {
        let limiter = match limit {
            Limit::Login => &self.login,
            Limit::Mint => &self.mint,
            Limit::Send => &self.send,
        };
        limiter
            .check_key(&key.to_owned())
            .map_err(|not_until| TooMany { retry_after: not_until.wait_time_from(DefaultClock::default().now()) })
    }

    /// Forgets keys whose buckets are full again.
    pub fn prune(&self) {
        for limiter in [&self.login, &self.mint, &self.send] {
            limiter.retain_recent();
            limiter.shrink_to_fit();
        }
    }
}

/// How often idle limiter state is pruned.
pub const PRUNE_EVERY: Duration = Duration::from_secs(60);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_then_refusals_with_a_wait() {
        let mut settings = crate::settings::Settings::from_flags(["confab-server"]);
        settings.send_rate_per_minute = 60;
        let limits = Limits::new(&settings);
        for _ in 0..10 {
            assert!(limits.check(Limit::Send, "alice").is_ok());
        }
        let refused = limits.check(Limit::Send, "alice").unwrap_err();
        assert!(refused.seconds() >= 1 && refused.seconds() <= 2, "{refused:?}");
        assert!(refused.sentence().contains("too many requests"));
        assert!(limits.check(Limit::Send, "bob").is_ok(), "keys are independent");
    }
}
