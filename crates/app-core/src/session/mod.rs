//! The session and connection lifecycles as plain state machines: when to reconnect, when to
//! refresh the token, and what a rejected request does. They hold no sockets and read no clock —
//! the services feed them times and results — so their schedules are tested natively with
//! controlled time.

pub mod backoff;
pub mod heartbeat;
pub mod refresh;
