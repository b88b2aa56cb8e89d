//! confab-server: the subset of Rocket.Chat's REST and Realtime APIs that Confab speaks, plus
//! the host backend's part (the `/chat/config` boot document and token minting), on SQLite.

pub mod agents;
pub mod auth;
pub mod authorization;
pub mod branding;
pub mod cli;
pub mod demo_themes;
pub mod error;
pub mod events;
pub mod files;
pub mod filler;
pub mod host_backend;
pub mod integrations;
pub mod interactions;
pub mod limits;
pub mod links;
pub mod livechat;
pub mod membership;
pub mod notifications;
pub mod outbound;
pub mod posting;
pub mod presence;
pub mod provider;
pub mod realtime;
pub mod routes;
pub mod secrets;
pub mod security;
pub mod seed;
pub mod settings;
pub mod startup;
pub mod state;
pub mod store;
pub mod streaming;

pub use settings::Settings;
pub use startup::Server;
