//! Sockets that offer permessage-deflate as browsers do, for what the server's memory pays per
//! socket once it compresses what it sends them (the crowd's sockets do not offer it).

use futures_util::{SinkExt, StreamExt};
use serde_json::json;
use yawc::{Frame, OpCode, Options, TcpWebSocket};

/// Reads messages until one contains `marker`; panics if the socket ends first.
pub async fn until(socket: &mut TcpWebSocket, marker: &str) {
    while let Some(frame) = socket.next().await {
        if frame.opcode() == OpCode::Text && std::str::from_utf8(frame.payload()).is_ok_and(|t| t.contains(marker)) {
            return;
        }
    }
    panic!("the compressed socket closed while waiting for {marker}");
}

/// A socket that offers permessage-deflate, logged in with `token` and following the user's
/// messages.
pub async fn open(url: &str, token: &str) -> TcpWebSocket {
    let url = url.parse().expect("a socket address");
    let options = Options::default().with_compression_level(yawc::CompressionLevel::default());
    let mut socket = TcpWebSocket::connect(url).with_options(options).await.expect("the server accepts the socket");
    let mut send = async |frame: serde_json::Value| {
        socket.send(Frame::text(frame.to_string())).await.expect("open socket");
    };
    send(json!({"msg": "connect", "version": "1", "support": ["1"]})).await;
    send(json!({"msg": "method", "method": "login", "id": "login", "params": [{"resume": token}]})).await;
    let follow =
        json!({"msg": "sub", "id": "mine", "name": "stream-room-messages", "params": ["__my_messages__", false]});
    send(follow).await;
    until(&mut socket, "\"ready\"").await;
    socket
}
