//! Deciding whether a bare address is a real host worth linking, as Rocket.Chat does with tldts:
//! extract the hostname, check that it is well formed, then accept IP addresses, `localhost` and
//! configured custom domains, and names whose suffix is on the Public Suffix List.

/// The hostname of a URL-ish string, lowercased; `None` when there is none.
fn extract_hostname(url: &str, is_hostname: bool) -> Option<String> {
    let bytes = url.as_bytes();
    let mut start = 0;
    let mut end = bytes.len();
    let mut uppercase = false;
    if !is_hostname {
        if url.starts_with("data:") {
            return None;
        }
        while start < end && bytes[start] <= 32 {
            start += 1;
        }
        while end > start + 1 && bytes[end - 1] <= 32 {
            end -= 1;
        }
        if bytes.get(start) == Some(&b'/') && bytes.get(start + 1) == Some(&b'/') {
            start += 2;
        } else if let Some(offset) = url[start..].find(":/") {
            let colon = start + offset;
            let scheme = &url[start..colon];
            if !matches!(scheme, "https" | "http" | "wss" | "ws")
                && !scheme.bytes().all(|b| (b | 32).is_ascii_lowercase() || b.is_ascii_digit() || b"+-.".contains(&b))
            {
                return None;
            }
            start = colon + 2;
            while bytes.get(start) == Some(&b'/') {
                start += 1;
            }
        }
        let (mut at, mut bracket, mut colon) = (None, None, None);
        for (i, &b) in bytes.iter().enumerate().take(end).skip(start) {
            match b {
                b'#' | b'/' | b'?' => {
                    end = i;
                    break;
                }
                b'@' => at = Some(i),
                b']' => bracket = Some(i),
                b':' => colon = Some(i),
                b'A'..=b'Z' => uppercase = true,
                _ => {}
            }
        }
        if let Some(at) = at.filter(|&at| at > start && at < end) {
            start = at + 1;
        }
        if bytes.get(start) == Some(&b'[') {
            return bracket.map(|close| url[start + 1..close].to_lowercase());
        }
        if let Some(colon) = colon.filter(|&c| c > start && c < end) {
            end = colon;
        }
    }
    while end > start + 1 && bytes[end - 1] == b'.' {
        end -= 1;
    }
    let host = &url[start..end];
    Some(if uppercase || (is_hostname && host.bytes().any(|b| b.is_ascii_uppercase())) {
        host.to_lowercase()
    } else {
        host.to_owned()
    })
}

fn host_char(b: u32) -> bool {
    (97..=122).contains(&b) || (48..=57).contains(&b) || b > 127
}

/// tldts' hostname validation, over UTF-16 code units as JavaScript sees them.
fn is_valid_hostname(host: &str) -> bool {
    let units: Vec<u16> = host.encode_utf16().collect();
    if units.is_empty() || units.len() > 255 {
        return false;
    }
    let first = u32::from(units[0]);
    if !host_char(first) && first != 46 && first != 95 {
        return false;
    }
    let (mut last_dot, mut previous): (isize, u32) = (-1, 0);
    for (i, &unit) in units.iter().enumerate() {
        let c = u32::from(unit);
        if c == 46 {
            if i as isize - last_dot > 64 || previous == 46 || previous == 45 || previous == 95 {
                return false;
            }
            last_dot = i as isize;
        } else if !host_char(c) && c != 45 && c != 95 {
            return false;
        }
        previous = c;
    }
    (units.len() as isize - last_dot - 1) <= 63 && previous != 45
}

fn is_ipv6(host: &str) -> bool {
    if host.len() < 3 {
        return false;
    }
    let inner = host.strip_prefix('[').unwrap_or(host);
    let inner = inner.strip_suffix(']').unwrap_or(inner);
    inner.len() <= 39
        && inner.contains(':')
        && inner.bytes().all(|b| b == b':' || b.is_ascii_hexdigit() || b.is_ascii_uppercase())
}

fn is_ipv4(host: &str) -> bool {
    (7..=15).contains(&host.len())
        && host.bytes().all(|b| b == b'.' || b.is_ascii_digit())
        && host.bytes().filter(|&b| b == b'.').count() == 3
        && !host.starts_with('.')
        && !host.ends_with('.')
}

/// Whether the hostname's public suffix is on the list (ICANN or private section).
#[cfg(feature = "public-suffix-list")]
fn known_suffix(host: &str) -> bool {
    psl::suffix(host.as_bytes()).is_some_and(|suffix| suffix.is_known())
}

/// Without the list: any alphabetic top-level domain of two or more letters.
#[cfg(not(feature = "public-suffix-list"))]
fn known_suffix(host: &str) -> bool {
    host.rsplit('.').next().is_some_and(|tld| tld.len() >= 2 && tld.bytes().all(|b| b.is_ascii_alphabetic()))
}

fn hostname_of(src: &str) -> Option<String> {
    extract_hostname(src, is_valid_hostname(src)).filter(|h| !h.is_empty())
}

fn ends_with_host(host: &str, valid: &str) -> bool {
    host.ends_with(valid) && (host.len() == valid.len() || host.as_bytes()[host.len() - valid.len() - 1] == b'.')
}

pub fn linkable(src: &str, custom_domains: &[String]) -> bool {
    let Some(host) = hostname_of(src) else { return false };
    if is_ipv6(&host) || is_ipv4(&host) {
        return true;
    }
    if !is_valid_hostname(&host) {
        return false;
    }
    let valid_host =
        std::iter::once("localhost").chain(custom_domains.iter().map(String::as_str)).any(|v| ends_with_host(&host, v));
    valid_host || known_suffix(&host)
}

pub fn email_linkable(address: &str) -> bool {
    let Some(host) = extract_hostname(&format!("mailto:{address}"), false).filter(|h| !h.is_empty()) else {
        return false;
    };
    is_valid_hostname(&host) && known_suffix(&host)
}

/// Whether the text starts with something `URL.canParse` takes for a scheme (`name:`), or a
/// scheme followed by `//`.
pub fn has_scheme(src: &str) -> bool {
    let Some((scheme, rest)) = src.split_once(':') else { return false };
    let valid = scheme.len() <= 32
        && scheme.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
    let special = matches!(scheme.to_ascii_lowercase().as_str(), "http" | "https" | "ws" | "wss" | "ftp" | "file");
    valid && (!special || !rest.trim_start_matches('/').is_empty())
}
