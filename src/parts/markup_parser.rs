//! The markup parser (Rocket.Chat's message grammar, with its emoticon and domain tables). The
//! server sends every stored message's tree (`md`), so the app needs the parser only for the
//! reader's own message in the moment before the server's copy arrives, and for a server that
//! sends no trees.

use confab_protocol::markup::{self, Options, Root};

/// The tree of `text`, as the server would parse it at `now_seconds`.
pub fn parse(text: &str, now_seconds: i64) -> Option<Root> {
    markup::parse(text, &Options::confab(now_seconds))
}
