//! Rocket.Chat's Livechat routes: the visitor's, authenticated by their visitor token, and the
//! support team's, signed in.

pub mod staff;
pub mod visitor;
