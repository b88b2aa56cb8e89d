//! Reconnect delays: jittered exponential backoff from about a quarter of a second up to 25
//! seconds. Jitter spreads the reconnects of many clients after a server restart, so they do not
//! all arrive in the same instant.

/// The delay before the first retry, in milliseconds.
pub const FIRST_MS: f64 = 250.0;
/// The longest delay, in milliseconds.
pub const MAX_MS: f64 = 25_000.0;
/// How far jitter moves a delay either way, as a fraction of it.
pub const JITTER: f64 = 0.2;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Backoff {
    failures: u32,
}

impl Backoff {
    /// The delay before the next attempt, in milliseconds, and one more failure counted.
    /// `random` is uniform in `[0, 1)`.
    pub fn next_delay(&mut self, random: f64) -> u32 {
        let base = (FIRST_MS * 2f64.powi(self.failures.min(16) as i32)).min(MAX_MS);
        self.failures = self.failures.saturating_add(1);
        let random = if random.is_finite() { random.clamp(0.0, 1.0) } else { 0.5 };
        let jittered = base * (1.0 - JITTER + 2.0 * JITTER * random);
        jittered.min(MAX_MS).round() as u32
    }

    /// The connection is back: the next failure starts from the shortest delay again.
    pub fn reset(&mut self) {
        self.failures = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schedule(random: f64, attempts: usize) -> Vec<u32> {
        let mut backoff = Backoff::default();
        (0..attempts).map(|_| backoff.next_delay(random)).collect()
    }

    #[test]
    fn delays_double_from_a_quarter_second_up_to_twenty_five_seconds() {
        assert_eq!(schedule(0.5, 10), [250, 500, 1_000, 2_000, 4_000, 8_000, 16_000, 25_000, 25_000, 25_000]);
        assert!(schedule(0.5, 1_000).iter().all(|&d| d <= 25_000), "never longer than the cap");
    }

    #[test]
    fn jitter_spreads_each_delay_by_a_fifth_either_way() {
        let low = schedule(0.0, 8);
        let high = schedule(0.999_999, 8);
        assert_eq!(low[..3], [200, 400, 800]);
        assert_eq!(high[..3], [300, 600, 1_200]);
        assert_eq!(high[7], 25_000, "jitter does not pass the cap");
        assert_eq!(low[7], 20_000);
        // Out-of-range randomness is clamped rather than producing nonsense.
        assert_eq!(Backoff::default().next_delay(-3.0), 200);
        assert_eq!(Backoff::default().next_delay(f64::NAN), 250);
    }

    #[test]
    fn a_successful_connection_starts_the_schedule_again() {
        let mut backoff = Backoff::default();
        let delays: Vec<u32> = (0..6).map(|_| backoff.next_delay(0.5)).collect();
        assert!(delays[5] > delays[0] * 8, "six failures back off: {delays:?}");
        backoff.reset();
        assert_eq!(backoff.next_delay(0.5), 250);
    }
}
