//! The engines a cluster of confab-servers shares, run privately on this machine: a PostgreSQL
//! cluster in a temporary directory, a NATS server and HAProxy in front, each on a free loopback port and gone when
//! its handle is dropped. Tests restart them to show what an outage does; `cargo xtask cluster`
//! and the benchmarks run instances against them. Each is Debian's own program; installing it is
//! xtask's job ([`POSTGRES_PACKAGES`], [`NATS_PACKAGES`]).

pub mod haproxy;
mod nats;
mod postgres;
mod process;

pub use haproxy::HaProxy;
pub use nats::Nats;
pub use postgres::Postgres;

/// Whether Debian's PostgreSQL server is installed.
pub fn postgres_installed() -> bool {
    postgres::installed()
}

/// Whether `nats-server` is installed.
pub fn nats_installed() -> bool {
    nats::installed()
}
pub use process::{free_port, wait_for_port};

/// Debian's packages for [`Postgres`].
pub const POSTGRES_PACKAGES: &[&str] = &["postgresql"];
/// Debian's packages for [`Nats`].
pub const NATS_PACKAGES: &[&str] = &["nats-server"];
/// Debian's package for the load balancer in front of the instances.
pub const LOAD_BALANCER_PACKAGES: &[&str] = &["haproxy"];
