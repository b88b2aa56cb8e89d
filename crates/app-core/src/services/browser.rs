//! What the app takes from the browser: the clock, randomness and the page's location. On the
//! server, which renders the first screen with the same components, the clock and the time zone
//! are the ones the rendering was asked for ([`render_at`]) and there are no browser languages.

use confab_protocol::Timestamp;
use confab_protocol::ids::{ID_LEN, random_id};

#[cfg(target_arch = "wasm32")]
pub fn now() -> Timestamp {
    Timestamp(js_sys::Date::now() as i64)
}

#[cfg(not(target_arch = "wasm32"))]
pub fn now() -> Timestamp {
    RENDERED.get().0
}

#[cfg(not(target_arch = "wasm32"))]
thread_local! {
    /// The moment and the reader's offset from UTC (ms) of what this thread renders.
    static RENDERED: std::cell::Cell<(Timestamp, i64)> = const { std::cell::Cell::new((Timestamp(0), 0)) };
}

/// On the server: what is rendered next on this thread is rendered at `now`, for a reader
/// `utc_offset_minutes` east of UTC.
#[cfg(not(target_arch = "wasm32"))]
pub fn render_at(now: Timestamp, utc_offset_minutes: i32) {
    RENDERED.set((now, i64::from(utc_offset_minutes) * 60_000));
}

/// A new document id from `crypto.getRandomValues`, as the client-chosen `_id` of a message.
pub fn new_id() -> String {
    let crypto = web_sys::window().and_then(|w| w.crypto().ok());
    random_id(ID_LEN, |buf| match &crypto {
        Some(crypto) => {
            // Only fails for buffers over 64 KiB; ours is 64 bytes.
            let _ = crypto.get_random_values_with_u8_array(buf);
        }
        None => buf.iter_mut().for_each(|b| *b = (js_sys::Math::random() * 256.0) as u8),
    })
}

/// The page's origin, e.g. `http://127.0.0.1:3000`.
pub fn page_origin() -> String {
    web_sys::window().and_then(|w| w.location().origin().ok()).unwrap_or_default()
}

/// The Realtime API's address for a server at `base` (`http(s)://host` → `ws(s)://host/websocket`).
pub fn websocket_url(base: &str) -> String {
    let base = base.trim_end_matches('/');
    let socket_base = match base.split_once("://") {
        Some(("https", rest)) => format!("wss://{rest}"),
        Some((_, rest)) => format!("ws://{rest}"),
        None => format!("ws://{base}"),
    };
    format!("{socket_base}/websocket")
}

/// The local time zone's offset from UTC, in milliseconds (east positive).
#[cfg(target_arch = "wasm32")]
pub fn utc_offset_ms() -> i64 {
    -(js_sys::Date::new_0().get_timezone_offset() * 60_000.0) as i64
}

#[cfg(not(target_arch = "wasm32"))]
pub fn utc_offset_ms() -> i64 {
    RENDERED.get().1
}

/// The page address's query parameters, decoded, in order.
/// The room the page's address names, and whether it asks for the embedded layout:
/// `/embed/room/<id or name>` (the embedded layout as a path, for hosts whose framing rules are
/// written per path), or a Rocket.Chat permalink's `/channel/<name>`, `/group/<name>` or
/// `/direct/<id>`.
pub fn room_route() -> Option<(String, bool)> {
    let path = web_sys::window().and_then(|w| w.location().pathname().ok())?;
    let (room, embedded) = match path.strip_prefix("/embed/room/") {
        Some(room) => (room, true),
        None => {
            let (kind, room) = path.strip_prefix('/')?.split_once('/')?;
            (room, matches!(kind, "channel" | "group" | "direct").then_some(false)?)
        }
    };
    let room = js_sys::decode_uri_component(room.trim_end_matches('/')).map(String::from).ok()?;
    (!room.is_empty() && !room.contains('/')).then_some((room, embedded))
}

pub fn query_parameters() -> Vec<(String, String)> {
    let search = web_sys::window().and_then(|w| w.location().search().ok()).unwrap_or_default();
    let decode = |part: &str| {
        js_sys::decode_uri_component(&part.replace('+', " ")).map(String::from).unwrap_or_else(|_| part.to_owned())
    };
    search
        .trim_start_matches('?')
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(key), decode(value))
        })
        .collect()
}

/// The reader's preferred languages, as the browser reports them, most preferred first.
pub fn languages() -> Vec<String> {
    if cfg!(not(target_arch = "wasm32")) {
        return Vec::new();
    }
    let Some(navigator) = web_sys::window().map(|w| w.navigator()) else { return Vec::new() };
    navigator.languages().iter().filter_map(|l| l.as_string()).collect()
}

/// Records a performance mark (`confab:…`), which start-up benchmarks and a host's own
/// monitoring read with `performance.getEntriesByName`.
pub fn mark(name: &str) {
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.mark(name);
    }
}

#[cfg(test)]
mod tests {
    use super::websocket_url;

    #[test]
    fn the_socket_lives_beside_the_rest_api() {
        assert_eq!(websocket_url("http://127.0.0.1:3000"), "ws://127.0.0.1:3000/websocket");
        assert_eq!(websocket_url("https://chat.example.com/"), "wss://chat.example.com/websocket");
        assert_eq!(websocket_url("chat.example.com"), "ws://chat.example.com/websocket");
    }
}
