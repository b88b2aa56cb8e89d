//! The Realtime API: DDP over WebSocket at `/websocket`.

pub mod bus;
mod connection;
pub mod hub;
mod send;
mod sender;
mod streamed;
pub mod topics;

use std::net::SocketAddr;
use std::sync::LazyLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use yawc::{CompressionLevel, DeflatePool, IncomingUpgrade, Options};

pub use bus::Bus;
pub use connection::{METHODS, STREAMS};
pub use hub::Hub;

use crate::error::ApiError;
use crate::security::origin_allowed;
use crate::state::AppState;

/// The socket's read and write buffers, as they stand between frames. An idle socket's memory is
/// mostly its tasks and these buffers. Clients send small frames (method calls, subscriptions);
/// a larger frame, or an event larger than the write buffer, grows it for as long as it passes.
/// 256 bytes held 9.5 kB per idle socket where 1 kB held 11.0 kB, with fan-out unchanged; 128
/// saved nothing more.
const BUFFER_BYTES: usize = 256;

/// Frames shorter than this go uncompressed: deflate cannot shrink them, and a socket that only
/// ever sends them never allocates a compressor.
const COMPRESS_FROM_BYTES: usize = 64;

/// Inflaters shared by every socket. Clients send small method calls, which gain nothing from
/// context kept between them, so each client message is inflated alone with state borrowed from
/// here rather than 40 kB kept per socket.
static INFLATERS: LazyLock<DeflatePool> = LazyLock::new(|| DeflatePool::new(8));

/// Upgrades to a WebSocket with frames bounded by the configured size; a larger frame closes the
/// socket with "message too big" rather than being buffered. A client that offers
/// permessage-deflate (every browser does) gets its frames compressed, with the context kept
/// from frame to frame: a stream's events repeat the same JSON around what changed, so each
/// costs little more than what changed.
/// A browser page may open the socket only from this server's own origin or an allowed one.
pub async fn upgrade(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    ws: Result<IncomingUpgrade, StatusCode>,
) -> Response {
    let Ok(ws) = ws else {
        let reason = "The chat socket needs a WebSocket upgrade (GET with Sec-WebSocket-Key and version 13)";
        return ApiError::bad_request("error-websocket-upgrade", reason).into_response();
    };
    if let Some(origin) = headers.get(header::ORIGIN).and_then(|o| o.to_str().ok()) {
        let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
        if !origin_allowed(origin, host, &state.settings.allowed_origins) {
            tracing::warn!(%origin, "refused a socket from a foreign origin");
            return ApiError::Forbidden("This origin may not open the chat socket".into()).into_response();
        }
    }
    let options = socket_options(state.settings.max_frame_bytes, state.settings.socket_deflate);
    let (response, socket) = match ws.upgrade(options) {
        Ok(upgraded) => upgraded,
        Err(error) => {
            let reason = format!("The chat socket's extensions could not be agreed: {error}");
            return ApiError::bad_request("error-websocket-upgrade", reason).into_response();
        }
    };
    tokio::spawn(async move {
        let Ok(socket) = socket.await else { return };
        let _open = OpenSocket::count(&state.open_sockets);
        connection::serve(socket, state, peer).await
    });
    response.into_response()
}

/// The socket's limits and compression. A frame of `max_frame_bytes` is accepted, a longer one
/// closes the socket (the limits are exclusive). What the server sends keeps its context from
/// frame to frame; what the client sends does not (see [`INFLATERS`]).
fn socket_options(max_frame_bytes: usize, deflate: bool) -> Options {
    let plain = Options::default()
        .with_limits(max_frame_bytes + 1, max_frame_bytes + 1)
        .with_read_buffer_capacity(BUFFER_BYTES)
        .with_write_buffer_capacity(BUFFER_BYTES)
        .with_utf8();
    if !deflate {
        return plain;
    }
    plain
        .with_compression_level(CompressionLevel::default())
        .with_compression_threshold(COMPRESS_FROM_BYTES)
        .client_no_context_takeover()
        .with_deflate_pool(INFLATERS.clone())
}

/// One open socket in the count, for as long as it lives (however its task ends).
struct OpenSocket(std::sync::Arc<AtomicUsize>);

impl OpenSocket {
    fn count(counter: &std::sync::Arc<AtomicUsize>) -> Self {
        counter.fetch_add(1, Ordering::Relaxed);
        Self(counter.clone())
    }
}

impl Drop for OpenSocket {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}
