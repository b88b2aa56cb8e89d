//! The config reader: the app reads `GET /chat/config` by hand, and whatever a host sends must
//! boot or fail with a sentence, never panic. On the fixtures damaged in a few places, the hand
//! reader is held to serde's as every reader is (`json_readers::agree`), and resolving the
//! presentation (theme colours and their contrast, features, labels, locale, embedding) never
//! panics.

use arbitrary::Arbitrary;
use confab_protocol::config::{ChatConfig, ConfigErrorResponse};
use confab_protocol::json::FromJson;

use super::json_readers::agree;
use crate::json::Damaged;

#[derive(Arbitrary, Debug)]
pub struct Input(Damaged);

pub fn check(Input(damaged): &Input) {
    let Some((name, value)) = damaged.build(|f| f.name.starts_with("config")) else { return };
    if name == "config.json" {
        if let Some(config) = agree::<ChatConfig>(name, &value) {
            let (_presentation, _warnings) = config.presentation();
        }
        // What the app reads of a config serde refuses is resolved too.
        if let Some(config) = ChatConfig::from_json(&value) {
            let (_presentation, _warnings) = config.presentation();
        }
    } else {
        agree::<ConfigErrorResponse>(name, &value);
    }
}
