//! Everything that crosses Confab's wire, shaped exactly like Rocket.Chat's REST and Realtime (DDP)
//! APIs so that the app works against the bundled confab-server and a real Rocket.Chat alike.
//!
//! This crate has no I/O and no platform dependencies: the wasm app and the native server share it,
//! and its round-trip tests run natively against fixtures written in Rocket.Chat's own shapes.

pub mod attachment;
pub mod avatar;
pub mod blocks;
pub mod config;
pub mod ddp;
pub mod first_screen;
pub mod ids;
pub mod interactions;
pub mod json;
pub mod livechat;
pub mod markup;
pub mod message;
pub mod notification;
pub mod page_api;
pub mod permission;
pub mod presence;
pub mod rest;
pub mod room;
pub mod room_name;
pub mod streaming;
pub mod subscription;
pub mod time;
pub mod user;

pub use message::{Message, OutgoingMessage};
pub use room::{Room, RoomType};
pub use subscription::Subscription;
pub use time::Timestamp;
pub use user::{User, UserRef};
