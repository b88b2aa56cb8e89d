//! confab-server's tests over its real interfaces: a real server on port 0 with a database of its
//! own per test (SQLite, or PostgreSQL and NATS when `CONFAB_TEST_DATABASE` and `CONFAB_TEST_BUS`
//! name servers), real HTTP and WebSocket clients, and Rocket.Chat's own JavaScript clients. One
//! binary, one module per area, so the suite links once.

mod common;

mod admin;
mod agents;
mod authorization;
mod avatars;
mod cli;
mod cluster;
mod conformance;
mod database_outage;
mod files;
mod first_screen;
mod host;
mod hostile;
mod integrations;
mod interactions;
mod links;
mod livechat;
mod messages;
mod notifications;
mod outgoing_hooks;
mod permission_matrix;
mod permissions;
mod pins;
mod presence;
mod realtime;
mod rest;
mod search;
mod security;
mod send_path;
mod static_files;
mod streamed_answers;
mod streams;
mod surrounding;
