//! An OpenAI-compatible Chat Completions API, asked with `stream: true`: the API that OpenAI,
//! vLLM, llama.cpp's server and Ollama all serve. Its answer arrives as Server-Sent Events, each a
//! `chat.completion.chunk` whose `choices[0].delta.content` is the next piece, until `[DONE]`.
//!
//! The address is the admin's, so it is fetched as given (a model on the same host is the usual
//! case), unlike the addresses users hand the server. The key is sent and never shown: not in
//! errors, not in logs, not in any answer.

use std::pin::Pin;

use eventsource_stream::Eventsource;
use futures_util::{Stream, StreamExt};
use serde_json::{Value, json};

/// What an answer's words are: pieces as they come, or why they stopped coming.
pub type Pieces = Pin<Box<dyn Stream<Item = Result<String, Failure>> + Send>>;

/// Why an answer failed: a sentence for the reader, and the detail for the server's log.
#[derive(Debug, thiserror::Error)]
pub enum Failure {
    #[error("the model's API refused with 429 (rate limited)")]
    RateLimited,
    #[error("the model's API answered {0}")]
    Status(u16),
    #[error("the model's API cannot be reached: {0}")]
    Unreachable(String),
    #[error("the model's API sent nothing for too long")]
    Timeout,
    #[error("the model's stream ended before it was done")]
    Cut,
    #[error("the model's stream said: {0}")]
    Upstream(String),
    #[error("the agent is at its limit of answers at once or pieces per minute")]
    Busy,
}

impl Failure {
    /// What the reader is told, below what was written.
    pub fn sentence(&self) -> &'static str {
        match self {
            Self::RateLimited | Self::Busy => {
                "The assistant has too many questions right now. Please try again in a minute."
            }
            Self::Timeout => "The assistant took too long to answer. Please try again.",
            Self::Cut => "The answer was cut off. Please ask again.",
            Self::Status(_) | Self::Unreachable(_) | Self::Upstream(_) => {
                "The assistant could not answer right now. Please try again later."
            }
        }
    }
}

/// The key, which never prints.
struct Key(String);

impl std::fmt::Debug for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("[hidden]")
    }
}

#[derive(Debug)]
pub struct ModelApi {
    endpoint: String,
    model: String,
    key: Option<Key>,
    client: reqwest::Client,
}

impl ModelApi {
    /// The API at `base` (`…/v1`); `None` when it is not an http(s) address.
    pub fn new(base: &str, model: &str, key: Option<String>) -> Option<Self> {
        let url = url::Url::parse(base).ok().filter(|url| matches!(url.scheme(), "http" | "https"))?;
        let endpoint = format!("{}/chat/completions", url.as_str().trim_end_matches('/'));
        let client = reqwest::Client::builder()
            .connect_timeout(std::time::Duration::from_secs(10))
            .user_agent("Confab")
            .build()
            .ok()?;
        Some(Self { endpoint, model: model.to_owned(), key: key.filter(|k| !k.is_empty()).map(Key), client })
    }

    /// Asks for the answer to `messages` (`{role, content}`), streamed. Dropping the pieces
    /// closes the connection, which cancels the request upstream.
    pub async fn ask(&self, messages: Vec<Value>) -> Result<Pieces, Failure> {
        let body = json!({"model": self.model, "messages": messages, "stream": true});
        let mut request = self.client.post(&self.endpoint).json(&body);
        if let Some(Key(key)) = &self.key {
            request = request.bearer_auth(key);
        }
        // Only the error's kind is kept: reqwest's text names the address, never the key.
        let response = request.send().await.map_err(|error| Failure::Unreachable(error.without_url().to_string()))?;
        match response.status().as_u16() {
            200..=299 => {}
            429 => return Err(Failure::RateLimited),
            code => return Err(Failure::Status(code)),
        }
        let events = response.bytes_stream().eventsource();
        let pieces = futures_util::stream::unfold(Some(events), |events| async move {
            let mut events = events?;
            loop {
                let item = match events.next().await {
                    None => Err(Failure::Cut),
                    Some(Err(error)) => Err(Failure::Unreachable(error.to_string())),
                    Some(Ok(event)) if event.data.trim() == "[DONE]" => return None,
                    Some(Ok(event)) => match piece_of(&event.data) {
                        Ok(None) => continue,
                        Ok(Some(piece)) => Ok(piece),
                        Err(failure) => Err(failure),
                    },
                };
                // After a failure the stream ends.
                let next = item.is_ok().then_some(events);
                return Some((item, next));
            }
        });
        Ok(Box::pin(pieces))
    }
}

/// The text one chunk adds (`None` for a chunk without any: the role, a finish reason).
fn piece_of(data: &str) -> Result<Option<String>, Failure> {
    let chunk: Value = serde_json::from_str(data).map_err(|_| Failure::Upstream("a chunk that is not JSON".into()))?;
    if let Some(error) = chunk.get("error") {
        let said = error.get("message").and_then(Value::as_str).unwrap_or("an error");
        return Err(Failure::Upstream(said.chars().take(200).collect()));
    }
    let content = chunk.pointer("/choices/0/delta/content").and_then(Value::as_str).unwrap_or_default();
    Ok((!content.is_empty()).then(|| content.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::{Failure, piece_of};

    #[test]
    fn a_chunk_gives_its_delta_or_nothing_or_its_error() {
        let chunk = r#"{"id":"c","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"Hel"}}]}"#;
        assert_eq!(piece_of(chunk).unwrap().as_deref(), Some("Hel"));
        let role = r#"{"choices":[{"index":0,"delta":{"role":"assistant"}}]}"#;
        assert_eq!(piece_of(role).unwrap(), None);
        assert!(
            matches!(piece_of(r#"{"error":{"message":"overloaded"}}"#), Err(Failure::Upstream(m)) if m == "overloaded")
        );
        assert!(matches!(piece_of("not json"), Err(Failure::Upstream(_))));
    }
}
