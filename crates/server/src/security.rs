//! Browser-facing defences: the Content Security Policy and other headers on every response,
//! the origins allowed to open the Realtime socket, and CORS for configured origins only.
//!
//! The CSP allows only this origin's scripts plus `'wasm-unsafe-eval'` (to compile the app's
//! WebAssembly) and the exact inline bootstrap script trunk writes into `index.html`, pinned by
//! its SHA-256. Styles may be inline because stylist injects `<style>` elements at run time.
//! The app may be framed by the `--frame-ancestor` sources and the branding's
//! `embed.allowedOrigins` (the origins it takes commands from), and may itself frame only the
//! provider of `view.roomUrl`.

use axum::http::{HeaderValue, Method, header};
use base64::Engine;
use sha2::{Digest, Sha256};
use tower_http::cors::{AllowOrigin, CorsLayer};

use confab_protocol::config::{RoomView, origin_of};

use crate::branding::Branding;
use crate::settings::Settings;

/// `'sha256-…'` sources for every inline `<script>` in `html`.
pub fn inline_script_hashes(html: &str) -> Vec<String> {
    let mut hashes = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        let after = &rest[start..];
        let Some(open_end) = after.find('>') else { break };
        let Some(close) = after.find("</script>") else { break };
        let body = &after[open_end + 1..close.max(open_end + 1)];
        if !after[..open_end].contains(" src=") && !body.trim().is_empty() {
            let digest = Sha256::digest(body.as_bytes());
            hashes.push(format!("'sha256-{}'", base64::engine::general_purpose::STANDARD.encode(digest)));
        }
        rest = &after[close + "</script>".len()..];
    }
    hashes
}

/// The origin (`scheme://host[:port]`) of a URL, and its WebSocket twin.
fn origin_and_socket(url: &str) -> Option<(String, String)> {
    let (scheme, rest) = url.split_once("://")?;
    let host = rest.split('/').next()?;
    let socket_scheme = if scheme == "https" { "wss" } else { "ws" };
    Some((format!("{scheme}://{host}"), format!("{socket_scheme}://{host}")))
}

pub fn content_security_policy(settings: &Settings, branding: &Branding, index_html: Option<&str>) -> String {
    let scripts = index_html.map(inline_script_hashes).unwrap_or_default().join(" ");
    let (embed, view) = branding.embedding(&mut Vec::new());
    let mut ancestors = settings.frame_ancestors.clone();
    for origin in embed.allowed_origins {
        if !ancestors.contains(&origin) {
            ancestors.push(origin);
        }
    }
    let mut frames = vec!["'self'".to_owned()];
    if let RoomView::Iframe { room_url } = view {
        frames.extend(origin_of(&room_url).map(str::to_owned));
    }
    let mut connect = vec!["'self'".to_owned()];
    if let Some((origin, socket)) = settings.provider_url.as_deref().and_then(origin_and_socket) {
        connect.extend([origin, socket]);
    }
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' {scripts}; style-src 'self' 'unsafe-inline'; \
         img-src 'self' data: blob: https:; media-src 'self' blob:; connect-src {}; frame-src {}; frame-ancestors {}; base-uri 'none'; \
         object-src 'none'; form-action 'self'",
        connect.join(" "),
        frames.join(" "),
        ancestors.join(" "),
    )
}

/// Whether a browser page from `origin` may open the Realtime socket: its own origin (same host
/// as the request) or one on the allow-list.
pub fn origin_allowed(origin: &str, host: Option<&str>, allowed: &[String]) -> bool {
    let same_host = host.is_some_and(|host| origin.split_once("://").is_some_and(|(_, rest)| rest == host));
    same_host || allowed.iter().any(|a| a.trim_end_matches('/') == origin)
}

/// CORS for the API and config endpoint: only the configured origins, only what the app sends.
pub fn cors(settings: &Settings) -> Option<CorsLayer> {
    let origins: Vec<HeaderValue> =
        settings.allowed_origins.iter().filter_map(|o| HeaderValue::from_str(o.trim_end_matches('/')).ok()).collect();
    if origins.is_empty() {
        return None;
    }
    Some(
        CorsLayer::new()
            .allow_origin(AllowOrigin::list(origins))
            .allow_methods([Method::GET, Method::POST])
            .allow_headers([
                header::CONTENT_TYPE,
                header::AUTHORIZATION,
                header::HeaderName::from_static("x-user-id"),
                header::HeaderName::from_static("x-auth-token"),
            ])
            .expose_headers([header::RETRY_AFTER])
            .allow_credentials(true),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_scripts_are_hashed_and_external_ones_skipped() {
        let html = r#"<script src="/a.js"></script><script type="module">boot()</script><p><script>x</script>"#;
        let hashes = inline_script_hashes(html);
        assert_eq!(hashes.len(), 2);
        let expected = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(b"boot()"));
        assert_eq!(hashes[0], format!("'sha256-{expected}'"));
    }

    #[test]
    fn origins_are_matched_exactly() {
        let allowed = vec!["https://host.example".to_owned()];
        assert!(origin_allowed("https://host.example", None, &allowed));
        assert!(origin_allowed("http://127.0.0.1:3000", Some("127.0.0.1:3000"), &allowed));
        assert!(!origin_allowed("https://host.example.evil", None, &allowed));
        assert!(!origin_allowed("https://evil.example", Some("127.0.0.1:3000"), &allowed));
        assert!(!origin_allowed("null", Some("127.0.0.1:3000"), &allowed));
    }
}
