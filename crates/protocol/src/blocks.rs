//! Rocket.Chat UI Kit blocks (`@rocket.chat/ui-kit`) on a message, and the rules a message's
//! blocks must keep before any server stores them, whoever sent them (a webhook, a bot, an
//! endpoint's answer).
//!
//! Blocks are data for the app to draw with its own components, never markup: their text is only
//! ever text. What could do harm is refused whole, with the place it was found: an address with
//! another scheme than `http`, `https` or `mailto` (a picture's: `http` or `https`), control
//! characters, too much of anything, or nesting deeper than any real block goes. A block or
//! element type the app does not draw is kept (the app says it is not supported), but held to
//! the same rules.

use serde_json::Value;

/// The most blocks on one message.
pub const MAX_BLOCKS: usize = 50;
/// The most elements in one `actions` or `context` block, and options in one menu.
pub const MAX_ELEMENTS: usize = 25;
/// The longest text, in characters.
pub const MAX_TEXT_CHARS: usize = 3000;
/// The longest id or value (`actionId`, `blockId`, `value`), in characters.
pub const MAX_ID_CHARS: usize = 255;
/// How deep objects and arrays may nest, counted from the list of blocks.
pub const MAX_DEPTH: usize = 8;
/// The most bytes all of a message's blocks may take as JSON.
pub const MAX_BYTES: usize = 64 * 1024;

/// Why blocks were refused, and where.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("blocks{at}: {why}")]
pub struct BlocksError {
    pub at: String,
    pub why: String,
}

fn refuse(at: &str, why: impl Into<String>) -> BlocksError {
    BlocksError { at: at.to_owned(), why: why.into() }
}

/// Checks a message's `blocks` against the rules above.
pub fn check(blocks: &[Value]) -> Result<(), BlocksError> {
    if blocks.len() > MAX_BLOCKS {
        return Err(refuse("", format!("at most {MAX_BLOCKS} blocks")));
    }
    let size = serde_json::to_vec(blocks).map_or(usize::MAX, |bytes| bytes.len());
    if size > MAX_BYTES {
        return Err(refuse("", format!("{size} bytes; at most {MAX_BYTES}")));
    }
    for (n, block) in blocks.iter().enumerate() {
        let at = format!("[{n}]");
        check_shape(block, &at, 1)?;
        check_block(block, &at)?;
    }
    Ok(())
}

/// Depth and strings everywhere, whatever the type.
fn check_shape(value: &Value, at: &str, depth: usize) -> Result<(), BlocksError> {
    if depth > MAX_DEPTH {
        return Err(refuse(at, format!("nested deeper than {MAX_DEPTH}")));
    }
    match value {
        Value::String(text) => {
            if text.chars().count() > MAX_TEXT_CHARS {
                return Err(refuse(at, format!("a text longer than {MAX_TEXT_CHARS} characters")));
            }
            if text.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
                return Err(refuse(at, "a control character"));
            }
            Ok(())
        }
        Value::Array(items) => {
            if items.len() > MAX_ELEMENTS {
                return Err(refuse(at, format!("more than {MAX_ELEMENTS} items")));
            }
            items.iter().enumerate().try_for_each(|(n, item)| check_shape(item, &format!("{at}[{n}]"), depth + 1))
        }
        Value::Object(fields) => {
            fields.iter().try_for_each(|(key, item)| check_shape(item, &format!("{at}.{key}"), depth + 1))
        }
        _ => Ok(()),
    }
}

/// The rules of the types the app draws: a type, sensible ids, and safe addresses.
fn check_block(block: &Value, at: &str) -> Result<(), BlocksError> {
    let kind = block.get("type").and_then(Value::as_str).ok_or_else(|| refuse(at, "a block without a type"))?;
    check_ids(block, at)?;
    match kind {
        "section" => {
            if let Some(accessory) = block.get("accessory") {
                check_element(accessory, &format!("{at}.accessory"))?;
            }
            Ok(())
        }
        "actions" | "context" => {
            let elements = block.get("elements").and_then(Value::as_array).ok_or_else(|| refuse(at, "no elements"))?;
            elements
                .iter()
                .enumerate()
                .try_for_each(|(n, element)| check_element(element, &format!("{at}.elements[{n}]")))
        }
        "image" => check_address(block.get("imageUrl"), &format!("{at}.imageUrl"), &["http", "https"]),
        _ => Ok(()),
    }
}

fn check_element(element: &Value, at: &str) -> Result<(), BlocksError> {
    check_ids(element, at)?;
    match element.get("type").and_then(Value::as_str) {
        Some("button") => match element.get("url") {
            Some(url) => check_address(Some(url), &format!("{at}.url"), &["http", "https", "mailto"]),
            None => Ok(()),
        },
        Some("image") => check_address(element.get("imageUrl"), &format!("{at}.imageUrl"), &["http", "https"]),
        Some("static_select" | "overflow") => {
            let options = element.get("options").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
            for (n, option) in options.iter().enumerate() {
                let at = format!("{at}.options[{n}]");
                if let Some(url) = option.get("url") {
                    check_address(Some(url), &format!("{at}.url"), &["http", "https", "mailto"])?;
                }
                check_id(option.get("value"), &format!("{at}.value"))?;
            }
            Ok(())
        }
        Some(_) => Ok(()),
        None => Err(refuse(at, "an element without a type")),
    }
}

fn check_ids(value: &Value, at: &str) -> Result<(), BlocksError> {
    for key in ["actionId", "blockId", "value", "appId"] {
        check_id(value.get(key), &format!("{at}.{key}"))?;
    }
    Ok(())
}

fn check_id(id: Option<&Value>, at: &str) -> Result<(), BlocksError> {
    match id {
        None => Ok(()),
        Some(Value::String(id)) if id.chars().count() <= MAX_ID_CHARS => Ok(()),
        Some(_) => Err(refuse(at, format!("not a text of at most {MAX_ID_CHARS} characters"))),
    }
}

/// An address whose scheme is one of `schemes`, written as browsers read it (no leading spaces
/// or control characters to hide `javascript:` behind).
fn check_address(address: Option<&Value>, at: &str, schemes: &[&str]) -> Result<(), BlocksError> {
    let address = address.and_then(Value::as_str).ok_or_else(|| refuse(at, "not an address"))?;
    let scheme = address.split_once(':').map(|(scheme, _)| scheme.to_ascii_lowercase());
    let plain = address.len() <= 2048 && !address.starts_with(char::is_whitespace);
    match scheme {
        Some(scheme) if plain && schemes.contains(&scheme.as_str()) => Ok(()),
        _ => Err(refuse(at, format!("an address that is not {}", schemes.join(", ")))),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn section_with_button(url: &str) -> Value {
        json!({"type": "section", "text": {"type": "mrkdwn", "text": "Deploy?"},
            "accessory": {"type": "button", "actionId": "go", "text": {"type": "plain_text", "text": "Go"}, "url": url}})
    }

    #[test]
    fn the_blocks_the_app_draws_pass() {
        let blocks = [
            section_with_button("https://ci.example.com/run/1"),
            json!({"type": "actions", "blockId": "b", "elements": [
                {"type": "button", "actionId": "yes", "value": "yes", "text": {"type": "plain_text", "text": "Yes"}},
                {"type": "static_select", "actionId": "pick", "placeholder": {"type": "plain_text", "text": "Pick"},
                    "options": [{"text": {"type": "plain_text", "text": "A"}, "value": "a"}]},
                {"type": "overflow", "actionId": "more", "options": [{"text": {"type": "plain_text", "text": "Docs"}, "value": "d", "url": "mailto:help@example.com"}]}]}),
            json!({"type": "context", "elements": [{"type": "mrkdwn", "text": "<b>not html</b>, just text"},
                {"type": "image", "imageUrl": "https://example.com/a.png", "altText": "a"}]}),
            json!({"type": "divider"}),
            json!({"type": "image", "imageUrl": "https://example.com/chart.png", "altText": "A chart"}),
            json!({"type": "video_conf", "callId": "x"}),
        ];
        assert_eq!(check(&blocks), Ok(()));
    }

    #[test]
    fn hostile_blocks_are_refused_with_the_place_they_were_found() {
        for url in [
            "javascript:alert(1)",
            " javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "data:text/html,<script>",
            "vbscript:x",
        ] {
            let refused = check(&[section_with_button(url)]).unwrap_err();
            assert_eq!(refused.at, "[0].accessory.url", "{url}");
        }
        let picture = json!({"type": "image", "imageUrl": "mailto:x@example.com", "altText": ""});
        assert!(check(&[picture]).is_err(), "a picture is only http(s)");
        let mut deep = json!("leaf");
        for _ in 0..20 {
            deep = json!({"type": "section", "text": deep});
        }
        assert!(check(&[deep]).unwrap_err().why.contains("nested"));
        let many: Vec<Value> = (0..51).map(|_| json!({"type": "divider"})).collect();
        assert!(check(&many).is_err());
        let huge = json!({"type": "section", "text": {"type": "plain_text", "text": "x".repeat(MAX_TEXT_CHARS + 1)}});
        assert!(check(&[huge]).is_err());
        let control = json!({"type": "section", "text": {"type": "plain_text", "text": "a\u{202e}b\u{0}"}});
        assert!(check(&[control]).is_err());
        assert!(check(&[json!({"text": "no type"})]).is_err());
        let long_id = json!({"type": "actions", "elements": [{"type": "button", "actionId": "x".repeat(300)}]});
        assert!(check(&[long_id]).is_err());
    }
}
