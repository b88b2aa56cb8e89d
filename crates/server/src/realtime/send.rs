//! `sendMessage`, Rocket.Chat's method for posting over the socket: the same send as
//! `chat.sendMessage` over REST (the rate, the checks, the one posting path), answered with the
//! stored message. A client whose socket is open saves a request per message: no headers, no
//! new stream, one frame each way.

use confab_protocol::ddp::{DdpError, ejson_value};
use confab_protocol::{OutgoingMessage, User};
use serde_json::Value;

use super::streamed::{refusal, request};
use crate::state::AppState;

pub const SEND_MESSAGE: &str = "sendMessage";

/// Sends the message of `params` (`[{_id, rid, msg, tmid}]`) as `user`.
pub async fn call(state: &AppState, user: &User, params: &[Value]) -> Result<Value, DdpError> {
    let message: OutgoingMessage = request(params)?;
    crate::routes::messages::send_as(state, user, message).await.map(|stored| ejson_value(&stored)).map_err(refusal)
}
