//! Fetching addresses that users hand the server (a link to preview, a picture to use as their
//! avatar, an outgoing webhook's endpoint) without letting them reach what only the server can
//! reach.
//!
//! An address may name, or resolve to, the server's own loopback, the private network it sits
//! in, or the cloud's metadata service on a link-local address. Every address a request goes to
//! is checked after it is resolved, in the resolver itself, so a name that resolves to a public
//! address for the check and to a private one for the request (DNS rebinding) gets nowhere: the
//! address checked is the address connected to. Literal IP hosts, which skip the resolver, are
//! checked before the request and at every redirect. Time, size and redirects are limited; no
//! proxy is used, since a proxy would resolve names itself.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use reqwest::redirect::Policy;
use reqwest::{Client, Url};

/// The most redirects followed.
pub const MAX_REDIRECTS: usize = 3;
/// How long a whole fetch may take.
pub const TIMEOUT: Duration = Duration::from_secs(5);

#[derive(Clone, Debug, thiserror::Error, PartialEq, Eq)]
pub enum FetchError {
    #[error("only http and https addresses are fetched")]
    NotHttp,
    #[error("the address is on a network the server does not fetch from")]
    Blocked,
    #[error("the answer is larger than {0} bytes")]
    TooLarge(usize),
    #[error("the server answered {0}")]
    Status(u16),
    #[error("the address could not be fetched: {0}")]
    Failed(String),
}

/// What a fetch brought.
#[derive(Debug)]
pub struct Fetched {
    /// Where the answer came from, after redirects.
    pub url: Url,
    pub content_type: Option<String>,
    pub body: Vec<u8>,
}

/// Whether `ip` is one the server must not fetch from: loopback, private, link-local, shared
/// (carrier-grade NAT), unspecified, broadcast, multicast, documentation or reserved; IPv6 forms
/// of IPv4 addresses are judged as those.
pub fn is_blocked(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_blocked_v4(v4),
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_blocked_v4(v4);
            }
            let segments = v6.segments();
            // NAT64 (64:ff9b::/96) carries an IPv4 address in its last 32 bits.
            if segments[..6] == [0x64, 0xff9b, 0, 0, 0, 0] {
                return is_blocked_v4(Ipv4Addr::from(((segments[6] as u32) << 16) | segments[7] as u32));
            }
            v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (segments[0] & 0xfe00) == 0xfc00 // unique local, fc00::/7
                || (segments[0] & 0xffc0) == 0xfe80 // link-local, fe80::/10
                || (segments[0] & 0xffc0) == 0xfec0 // site-local (deprecated), fec0::/10
                || segments[..2] == [0x2001, 0xdb8] // documentation
                || segments[..6] == [0, 0, 0, 0, 0, 0] // IPv4-compatible, ::a.b.c.d
        }
    }
}

fn is_blocked_v4(ip: Ipv4Addr) -> bool {
    let [a, b, ..] = ip.octets();
    ip.is_loopback()
        || ip.is_private()
        || ip.is_link_local()
        || ip.is_unspecified()
        || ip.is_broadcast()
        || ip.is_multicast()
        || ip.is_documentation()
        || a == 0
        || (a == 100 && (64..128).contains(&b)) // shared address space, 100.64.0.0/10
        || (a == 192 && b == 0 && ip.octets()[2] == 0) // IETF protocol assignments
        || (a == 198 && (b == 18 || b == 19)) // benchmarking
        || a >= 240 // reserved
}

/// Resolves names and keeps only the addresses that may be fetched.
struct CheckedResolver {
    allow_private: bool,
}

impl Resolve for CheckedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let allow_private = self.allow_private;
        let host = name.as_str().to_owned();
        Box::pin(async move {
            let found: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            let allowed: Vec<SocketAddr> =
                found.into_iter().filter(|addr| allow_private || !is_blocked(addr.ip())).collect();
            if allowed.is_empty() {
                return Err(Box::new(FetchError::Blocked) as Box<dyn std::error::Error + Send + Sync>);
            }
            Ok(Box::new(allowed.into_iter()) as Addrs)
        })
    }
}

/// The IP address a URL names literally, if it does.
fn literal_ip(url: &Url) -> Option<IpAddr> {
    match url.host()? {
        url::Host::Ipv4(v4) => Some(IpAddr::V4(v4)),
        url::Host::Ipv6(v6) => Some(IpAddr::V6(v6)),
        url::Host::Domain(_) => None,
    }
}

fn check_address(url: &Url, allow_private: bool) -> Result<(), FetchError> {
    if !matches!(url.scheme(), "http" | "https") {
        return Err(FetchError::NotHttp);
    }
    match literal_ip(url) {
        Some(ip) if !allow_private && is_blocked(ip) => Err(FetchError::Blocked),
        _ => Ok(()),
    }
}

/// The one client for outbound fetches.
#[derive(Clone)]
pub struct Fetcher {
    client: Client,
    allow_private: bool,
}

impl Fetcher {
    /// A fetcher that refuses private addresses unless `allow_private` (tests, closed networks).
    pub fn new(allow_private: bool) -> Self {
        let redirects = Policy::custom(move |attempt| {
            if attempt.previous().len() > MAX_REDIRECTS {
                attempt.error(FetchError::Failed("too many redirects".into()))
            } else if let Err(refused) = check_address(attempt.url(), allow_private) {
                attempt.error(refused)
            } else {
                attempt.follow()
            }
        });
        let client = Client::builder()
            .dns_resolver(Arc::new(CheckedResolver { allow_private }))
            .redirect(redirects)
            .no_proxy()
            .connect_timeout(Duration::from_secs(3))
            .timeout(TIMEOUT)
            .user_agent(concat!("confab-server/", env!("CARGO_PKG_VERSION")))
            .build()
            .expect("the outbound HTTP client builds");
        Self { client, allow_private }
    }

    /// Whether `address` may be fetched as far as can be told before resolving it: `http(s)`, and
    /// not a literal address on a refused network.
    pub fn check(&self, address: &str) -> Result<(), FetchError> {
        let url = Url::parse(address).map_err(|e| FetchError::Failed(e.to_string()))?;
        check_address(&url, self.allow_private)
    }

    /// Fetches `address`, reading at most `max_bytes` of its body; with `truncate` a longer
    /// body is cut there (enough of a page for its head), otherwise it is an error.
    pub async fn get(&self, address: &str, max_bytes: usize, truncate: bool) -> Result<Fetched, FetchError> {
        let url = Url::parse(address).map_err(|e| FetchError::Failed(e.to_string()))?;
        check_address(&url, self.allow_private)?;
        self.read(self.client.get(url), max_bytes, truncate).await
    }

    /// POSTs `body` as JSON to `address`, reading at most `max_bytes` of the answer.
    pub async fn post_json(
        &self,
        address: &str,
        body: &serde_json::Value,
        max_bytes: usize,
    ) -> Result<Fetched, FetchError> {
        let url = Url::parse(address).map_err(|e| FetchError::Failed(e.to_string()))?;
        check_address(&url, self.allow_private)?;
        self.read(self.client.post(url).json(body), max_bytes, false).await
    }

    async fn read(
        &self,
        request: reqwest::RequestBuilder,
        max_bytes: usize,
        truncate: bool,
    ) -> Result<Fetched, FetchError> {
        let mut response = request.send().await.map_err(describe)?;
        if !response.status().is_success() {
            return Err(FetchError::Status(response.status().as_u16()));
        }
        if !truncate && response.content_length().is_some_and(|length| length > max_bytes as u64) {
            return Err(FetchError::TooLarge(max_bytes));
        }
        let content_type =
            response.headers().get(reqwest::header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).map(str::to_owned);
        let url = response.url().clone();
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(describe)? {
            let room = max_bytes - body.len();
            if chunk.len() > room {
                if truncate {
                    body.extend_from_slice(&chunk[..room]);
                    break;
                }
                return Err(FetchError::TooLarge(max_bytes));
            }
            body.extend_from_slice(&chunk);
        }
        Ok(Fetched { url, content_type, body })
    }
}

/// The reason inside reqwest's error: ours (a blocked address), or a network failure.
fn describe(error: reqwest::Error) -> FetchError {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(&error);
    while let Some(cause) = source {
        if let Some(ours) = cause.downcast_ref::<FetchError>() {
            return ours.clone();
        }
        source = cause.source();
    }
    if error.is_timeout() {
        FetchError::Failed("it took too long".into())
    } else {
        FetchError::Failed(error.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_loopback_link_local_and_disguised_addresses_are_blocked() {
        for blocked in [
            "127.0.0.1",
            "127.8.9.10",
            "10.1.2.3",
            "172.16.0.1",
            "172.31.255.255",
            "192.168.1.1",
            "169.254.169.254",
            "0.0.0.0",
            "100.64.0.1",
            "255.255.255.255",
            "224.0.0.1",
            "::1",
            "::",
            "fe80::1",
            "fd00::1",
            "::ffff:127.0.0.1",
            "::ffff:169.254.169.254",
            "64:ff9b::10.0.0.1",
            "::127.0.0.1",
        ] {
            assert!(is_blocked(blocked.parse().unwrap()), "{blocked}");
        }
        for allowed in ["93.184.216.34", "8.8.8.8", "172.32.0.1", "100.128.0.1", "2606:4700::1111", "::ffff:8.8.8.8"] {
            assert!(!is_blocked(allowed.parse().unwrap()), "{allowed}");
        }
    }

    #[tokio::test]
    async fn literal_and_resolved_private_addresses_are_refused_before_connecting() {
        let fetcher = Fetcher::new(false);
        assert_eq!(fetcher.get("http://127.0.0.1:9/", 100, true).await.unwrap_err(), FetchError::Blocked);
        assert_eq!(fetcher.get("http://[::1]:9/", 100, true).await.unwrap_err(), FetchError::Blocked);
        assert_eq!(fetcher.get("http://localhost:9/", 100, true).await.unwrap_err(), FetchError::Blocked);
        assert_eq!(fetcher.get("file:///etc/passwd", 100, true).await.unwrap_err(), FetchError::NotHttp);
        assert_eq!(fetcher.get("gopher://example.com/", 100, true).await.unwrap_err(), FetchError::NotHttp);
    }
}
