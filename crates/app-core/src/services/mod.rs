//! Everything that does I/O: one module per remote resource, and the chat client that ties them
//! to the reducer. Components never call `fetch` or touch the socket themselves.

pub mod browser;
pub mod chat;
pub mod config;
pub mod host_page;
pub mod outbox;
pub mod page_api;
pub mod prefs;
pub mod realtime;
pub mod rest;
pub mod uploads;
