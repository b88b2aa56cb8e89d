//! The DDP frame decoders on frames that look like the wire's and are wrong in places: the
//! server's (serde's, for every frame a client sends) and the client's (by hand, for every frame
//! a server sends) never panic; where both read a server's frame they read the same one; every
//! frame read is written and read back unchanged, by serde and, for a server's frame, by hand.

use arbitrary::Arbitrary;
use confab_protocol::ddp::Frame;

use crate::json::{Damaged, Json, arrays_for_objects};

#[derive(Arbitrary, Debug)]
pub enum Input {
    /// A frame of the fixtures, damaged.
    Damaged(Damaged),
    /// A document of the wire's words.
    Built(Json),
    /// Any text at all.
    Text(String),
}

pub fn check(input: &Input) {
    let text = match input {
        Input::Damaged(damaged) => match damaged.build(|f| f.name == "ddp_frames.jsonl") {
            Some((_, value)) => value.to_string(),
            None => return,
        },
        Input::Built(Json(value)) => value.to_string(),
        Input::Text(text) => text.clone(),
    };
    let by_hand = Frame::decode_from_server(&text);
    let Ok(frame) = Frame::decode(&text) else { return };
    let encoded = frame.encode();
    assert_eq!(Frame::decode(&encoded).ok().as_ref(), Some(&frame), "{text} → {encoded}");
    let from_a_client =
        matches!(frame, Frame::Connect { .. } | Frame::Method { .. } | Frame::Sub { .. } | Frame::Unsub { .. });
    if !from_a_client {
        let written = serde_json::from_str::<serde_json::Value>(&encoded).expect("a frame is JSON");
        let given = serde_json::from_str::<serde_json::Value>(&text).expect("serde read it as JSON");
        if let Some(by_hand) = &by_hand
            && !arrays_for_objects(&given, &written)
        {
            assert_eq!(by_hand, &frame, "both read {text}, differently");
        }
        assert_eq!(Frame::decode_from_server(&encoded).as_ref(), Some(&frame), "the client misreads {encoded}");
    }
}
