//! The app's hand-written JSON readers against serde's derived decoders, on the protocol's REST
//! fixtures damaged in a few places. Neither panics; where both read a document they read the
//! same value; and whatever serde reads, written back as the server writes it, the hand reader
//! reads unchanged. (Each is lenient where the other is not: the hand readers take a wrong-typed
//! optional field as absent, serde takes an array for a struct. Neither leniency may change a
//! value.)

use std::fmt::Debug;

use arbitrary::Arbitrary;
use confab_protocol::json::FromJson;
use confab_protocol::markup::Root;
use confab_protocol::rest::{
    ErrorResponse, HistoryResponse, LoginResponse, LogoutResponse, MeResponse, RoomsResponse, SendMessageResponse,
    SubscriptionsResponse,
};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::json::{Damaged, arrays_for_objects};

#[derive(Arbitrary, Debug)]
pub struct Input(Damaged);

/// The property every reader is held to; `pub` for the config target too.
pub fn agree<T: FromJson + DeserializeOwned + Serialize + PartialEq + Debug>(name: &str, value: &Value) -> Option<T> {
    let by_hand = T::from_json(value);
    let by_serde = serde_json::from_value::<T>(value.clone()).ok()?;
    let written = serde_json::to_value(&by_serde).expect("what serde read, it writes");
    if let Some(by_hand) = &by_hand
        && !arrays_for_objects(value, &written)
    {
        assert_eq!(by_hand, &by_serde, "{name}: both read {value}, differently");
    }
    // A value serde cannot write faithfully (a setting kept as invalid) is not held to this.
    if serde_json::from_value::<T>(written.clone()).is_ok_and(|again| again == by_serde) {
        assert_eq!(T::from_json(&written).as_ref(), Some(&by_serde), "{name}: the hand reader misreads {written}");
    }
    Some(by_serde)
}

pub fn check(Input(damaged): &Input) {
    let Some((name, value)) = damaged.build(|f| !f.name.starts_with("config") && f.name != "ddp_frames.jsonl") else {
        return;
    };
    match name {
        "error_response.json" => drop(agree::<ErrorResponse>(name, &value)),
        "history.json" => drop(agree::<HistoryResponse>(name, &value)),
        "login_response.json" => drop(agree::<LoginResponse>(name, &value)),
        "logout_response.json" => drop(agree::<LogoutResponse>(name, &value)),
        "markup_trees.json" => {
            if let Value::Array(trees) = &value {
                for tree in trees {
                    agree::<Root>(name, &tree["md"]);
                }
            }
        }
        "me_response.json" => drop(agree::<MeResponse>(name, &value)),
        "rooms_get.json" => drop(agree::<RoomsResponse>(name, &value)),
        "send_message_response.json" => drop(agree::<SendMessageResponse>(name, &value)),
        "subscriptions_get.json" => drop(agree::<SubscriptionsResponse>(name, &value)),
        _ => {}
    }
}
