//! Noticing a dead connection. A socket can stay open while nothing reaches it (a laptop lid
//! closed, a proxy that dropped the flow): the client pings when the line has been silent for a
//! while and gives the connection up when the silence lasts longer still.

/// How often the silence is checked.
pub const CHECK_EVERY_MS: u32 = 1_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Beat {
    /// Something arrived recently enough.
    Quiet,
    /// Ask the server for a sign of life.
    Ping,
    /// Close the socket and reconnect.
    Dead,
}

/// What `silent_ms` of silence means when the connection dies after `dead_after_ms` and a ping
/// has (`pinged`) or has not been sent during this silence.
pub fn beat(silent_ms: u32, dead_after_ms: u32, pinged: bool) -> Beat {
    if silent_ms >= dead_after_ms {
        Beat::Dead
    } else if silent_ms >= dead_after_ms / 2 && !pinged {
        Beat::Ping
    } else {
        Beat::Quiet
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn silence_brings_one_ping_then_gives_the_connection_up() {
        let dead = confab_protocol::config::DEFAULT_DEAD_AFTER_MS;
        let mut pinged = false;
        let mut seen = Vec::new();
        for silent in (0..=40_000).step_by(CHECK_EVERY_MS as usize) {
            let beat = beat(silent, dead, pinged);
            pinged |= beat == Beat::Ping;
            if seen.last().is_none_or(|(_, last)| *last != beat) {
                seen.push((silent, beat));
            }
        }
        assert_eq!(seen, [(0, Beat::Quiet), (18_000, Beat::Ping), (19_000, Beat::Quiet), (35_000, Beat::Dead)]);
    }

    #[test]
    fn the_dead_time_is_configurable() {
        assert_eq!(beat(4_000, 5_000, true), Beat::Quiet);
        assert_eq!(beat(5_000, 5_000, true), Beat::Dead);
        assert_eq!(beat(2_500, 5_000, false), Beat::Ping);
    }
}
