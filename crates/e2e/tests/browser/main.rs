//! The browser end-to-end tests: the real confab-server binary, the built app and headless
//! Chromium (see `confab_e2e`). One binary, one module per area of the product, so the suite
//! links once; each test owns its server, data directory and browsers, so tests run side by side
//! except those the nextest profile runs alone (`.config/nextest.toml`).

mod accessibility;
mod autocomplete;
mod avatars;
mod blocks;
mod bots;
mod cluster;
mod conversation;
mod custom_element;
mod drafts;
mod embed_api;
mod examples;
mod files;
mod find;
mod first_load;
mod first_screen;
mod gallery;
mod host_actions;
mod hostile_content;
mod jump;
mod keyboard;
mod launcher;
mod links_and_quotes;
mod long_room;
mod message_actions;
mod micro_lc;
mod notifications;
mod people;
mod permissions;
mod presence_hunt;
mod read_receipts;
mod reconnect;
mod room_layout;
mod room_list;
mod sessions;
mod streaming;
mod support;
mod threads;
mod typing;
mod white_label;
