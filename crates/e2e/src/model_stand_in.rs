//! A local stand-in for a hosted model's OpenAI-compatible API (a hosted model cannot run here):
//! `POST /v1/chat/completions` with `stream: true` answers with Server-Sent Events as the real
//! ones do, with the pieces, pace, refusals and cuts a test chooses. It keeps every request it
//! got and counts the streams its client dropped before the end (a stop cancels upstream).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Body;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt;
use serde_json::{Value, json};

/// How the stand-in answers one request.
#[derive(Clone, Debug)]
pub enum Reply {
    /// These pieces, one every `every`, then `[DONE]`; or, with `cut_after`, only that many,
    /// and the connection closes.
    Stream { pieces: Vec<String>, every: Duration, cut_after: Option<usize> },
    /// A refusal with this status.
    Status(u16),
}

impl Reply {
    pub fn pieces(pieces: &[&str]) -> Self {
        Self::Stream {
            pieces: pieces.iter().map(|p| (*p).to_owned()).collect(),
            every: Duration::ZERO,
            cut_after: None,
        }
    }
}

/// A request the stand-in got: its `Authorization` header and its JSON body.
#[derive(Clone, Debug)]
pub struct Asked {
    pub authorization: Option<String>,
    pub body: Value,
}

pub struct ModelStandIn {
    addr: std::net::SocketAddr,
    asked: Arc<Mutex<Vec<Asked>>>,
    dropped: Arc<AtomicUsize>,
    task: tokio::task::JoinHandle<()>,
}

/// Counts a stream dropped before its end.
struct Unfinished {
    dropped: Arc<AtomicUsize>,
    finished: bool,
}

impl Drop for Unfinished {
    fn drop(&mut self) {
        if !self.finished {
            self.dropped.fetch_add(1, Ordering::SeqCst);
        }
    }
}

impl ModelStandIn {
    /// Answers the n-th request with `replies[n]` (the last one again once they run out).
    pub async fn start(replies: Vec<Reply>) -> Self {
        let asked = Arc::new(Mutex::new(Vec::new()));
        let dropped = Arc::new(AtomicUsize::new(0));
        let (kept, counted, replies) = (asked.clone(), dropped.clone(), Arc::new(replies));
        let app = axum::Router::new().route(
            "/v1/chat/completions",
            axum::routing::post(move |headers: HeaderMap, body: axum::Json<Value>| {
                let (kept, counted, replies) = (kept.clone(), counted.clone(), replies.clone());
                async move {
                    let authorization = headers.get("authorization").and_then(|v| v.to_str().ok()).map(str::to_owned);
                    let n = {
                        let mut asked = kept.lock().unwrap();
                        asked.push(Asked { authorization, body: body.0 });
                        asked.len() - 1
                    };
                    answer(replies[n.min(replies.len() - 1)].clone(), counted)
                }
            }),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let task = tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        Self { addr, asked, dropped, task }
    }

    /// The API's base address, as `--agent-url` takes it.
    pub fn url(&self) -> String {
        format!("http://{}/v1", self.addr)
    }

    pub fn asked(&self) -> Vec<Asked> {
        self.asked.lock().unwrap().clone()
    }

    /// How many answers were dropped by the client before their end.
    pub fn dropped(&self) -> usize {
        self.dropped.load(Ordering::SeqCst)
    }
}

impl Drop for ModelStandIn {
    fn drop(&mut self) {
        self.task.abort();
    }
}

fn chunk(content: &str) -> String {
    let chunk = json!({"id": "chatcmpl-1", "object": "chat.completion.chunk", "model": "stand-in",
        "choices": [{"index": 0, "delta": {"content": content}, "finish_reason": null}]});
    format!("data: {chunk}\n\n")
}

fn answer(reply: Reply, dropped: Arc<AtomicUsize>) -> Response {
    let (pieces, every, cut_after) = match reply {
        Reply::Status(code) => {
            let body = axum::Json(json!({"error": {"message": "refused by the stand-in", "code": code}}));
            return (StatusCode::from_u16(code).unwrap(), body).into_response();
        }
        Reply::Stream { pieces, every, cut_after } => (pieces, every, cut_after),
    };
    let sent = cut_after.unwrap_or(pieces.len());
    let guard = Unfinished { dropped, finished: false };
    let role = format!("data: {}\n\n", json!({"choices": [{"index": 0, "delta": {"role": "assistant"}}]}));
    let events =
        futures_util::stream::iter(std::iter::once(role).chain(pieces.into_iter().take(sent).map(|p| chunk(&p))))
            .then(move |event| async move {
                tokio::time::sleep(every).await;
                event
            })
            .chain(futures_util::stream::once(async move {
                // The whole guard moves in (not only its field): it lives as long as the stream.
                let mut guard = guard;
                guard.finished = true;
                if cut_after.is_some() { String::new() } else { "data: [DONE]\n\n".to_owned() }
            }))
            .map(Ok::<_, std::convert::Infallible>);
    Response::builder().header("content-type", "text/event-stream").body(Body::from_stream(events)).unwrap()
}
