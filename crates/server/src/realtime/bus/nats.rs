//! The bus between instances over core NATS (at-most-once). Every instance publishes each event
//! once under `<prefix>.<topic>` with its own id and a sequence number, and listens to
//! `<prefix>.>`: it delivers what other instances sent to its hub, in the order each sent it,
//! and drops what it sent itself (delivered already) and any event it has seen before.
//!
//! The subscription is in place before the server serves anything, so no socket can read the
//! database before its instance hears what changes after. When the connection to NATS drops,
//! events may have been lost in the gap; on reconnecting the instance opens a gap in its hub so
//! its clients catch up from the database.

use std::collections::{HashSet, VecDeque};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use async_nats::{Client, ConnectOptions, Event, HeaderMap};
use axum::extract::ws::Utf8Bytes;
use futures_util::StreamExt;
use tokio::sync::mpsc;

use super::Bus;
use crate::realtime::Hub;

/// The header naming an event: `<instance>-<sequence>`.
const EVENT_ID: &str = "Confab-Event";

/// How many event ids an instance remembers to drop a repeat.
const REMEMBERED: usize = 4096;

pub struct NatsBus {
    hub: Arc<Hub>,
    instance: String,
    prefix: String,
    sequence: AtomicU64,
    outgoing: mpsc::UnboundedSender<(String, HeaderMap, Utf8Bytes)>,
}

impl NatsBus {
    /// Connects to the NATS server at `url` as `instance` and listens to `prefix`'s events before
    /// returning.
    pub async fn connect(
        url: &str,
        prefix: &str,
        instance: &str,
        hub: Arc<Hub>,
    ) -> Result<Arc<Self>, async_nats::Error> {
        let instance = instance.to_owned();
        let was_down = Arc::new(AtomicBool::new(false));
        let gaps = hub.clone();
        let options = ConnectOptions::new().name(format!("confab-server {instance}")).event_callback(move |event| {
            let (was_down, gaps) = (was_down.clone(), gaps.clone());
            async move {
                match event {
                    Event::Disconnected => {
                        tracing::warn!("lost the bus (NATS); events from other instances may be missed");
                        was_down.store(true, Ordering::SeqCst);
                    }
                    Event::Connected if was_down.swap(false, Ordering::SeqCst) => {
                        tracing::info!("the bus (NATS) is back; clients here reconnect and catch up");
                        gaps.open_gap();
                    }
                    _ => {}
                }
            }
        });
        let client = options.connect(url).await?;
        let mut incoming = client.subscribe(format!("{prefix}.>")).await?;
        client.flush().await?;

        let (outgoing, mut queue) = mpsc::unbounded_channel::<(String, HeaderMap, Utf8Bytes)>();
        let bus = Arc::new(Self {
            hub: hub.clone(),
            instance: instance.clone(),
            prefix: prefix.to_owned(),
            sequence: AtomicU64::new(0),
            outgoing,
        });
        let sender: Client = client.clone();
        tokio::spawn(async move {
            while let Some((subject, headers, frame)) = queue.recv().await {
                let payload = bytes_of(&frame);
                if let Err(error) = sender.publish_with_headers(subject, headers, payload).await {
                    tracing::warn!(%error, "could not hand an event to the bus");
                }
            }
        });
        let prefix = prefix.to_owned();
        tokio::spawn(async move {
            let mut seen = Seen::default();
            let own = format!("{instance}-");
            while let Some(message) = incoming.next().await {
                let Some(id) = message.headers.as_ref().and_then(|h| h.get(EVENT_ID)).map(|v| v.as_str().to_owned())
                else {
                    continue;
                };
                if id.starts_with(&own) || !seen.first_time(id) {
                    continue;
                }
                let (Some(topic), Ok(text)) =
                    (topic_of(&prefix, message.subject.as_str()), String::from_utf8(message.payload.to_vec()))
                else {
                    continue;
                };
                hub.publish(&topic, Utf8Bytes::from(text));
            }
        });
        Ok(bus)
    }
}

impl Bus for NatsBus {
    fn name(&self) -> &'static str {
        "NATS"
    }

    fn publish(&self, topic: &str, frame: Utf8Bytes) {
        self.hub.publish(topic, frame.clone());
        let sequence = self.sequence.fetch_add(1, Ordering::Relaxed);
        let mut headers = HeaderMap::new();
        headers.insert(EVENT_ID, format!("{}-{sequence}", self.instance).as_str());
        // The queue is unbounded so a publisher never waits on the network; it is drained as
        // fast as NATS takes events.
        let _ = self.outgoing.send((subject_of(&self.prefix, topic), headers, frame));
    }
}

fn bytes_of(frame: &Utf8Bytes) -> bytes::Bytes {
    bytes::Bytes::copy_from_slice(frame.as_str().as_bytes())
}

/// Event ids seen lately, the oldest forgotten first.
#[derive(Default)]
struct Seen {
    order: VecDeque<String>,
    ids: HashSet<String>,
}

impl Seen {
    fn first_time(&mut self, id: String) -> bool {
        if !self.ids.insert(id.clone()) {
            return false;
        }
        self.order.push_back(id);
        if self.order.len() > REMEMBERED
            && let Some(old) = self.order.pop_front()
        {
            self.ids.remove(&old);
        }
        true
    }
}

/// A hub topic (`room/<id>/messages`) as a NATS subject (`<prefix>.room.<id>.messages`): each
/// part a token, with what NATS reads as syntax (`.`, `*`, `>`, spaces, `%`) percent-encoded.
fn subject_of(prefix: &str, topic: &str) -> String {
    let mut subject = prefix.to_owned();
    for part in topic.split('/') {
        subject.push('.');
        for c in part.chars() {
            match c {
                '.' | '*' | '>' | '%' => subject.push_str(&format!("%{:02X}", c as u32)),
                c if c.is_whitespace() => subject.push_str(&format!("%{:02X}", c as u32)),
                c => subject.push(c),
            }
        }
    }
    subject
}

/// The hub topic a subject of `prefix` carries.
fn topic_of(prefix: &str, subject: &str) -> Option<String> {
    let rest = subject.strip_prefix(prefix)?.strip_prefix('.')?;
    let encoded = rest.replace('.', "/");
    Some(percent_encoding::percent_decode_str(&encoded).decode_utf8().ok()?.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn topics_travel_as_subjects_and_back() {
        for topic in ["room/abc/messages", "user/u1/rooms-changed", "logged/user-status", "room/a.b*c>d e%f/x"] {
            let subject = subject_of("confab", topic);
            assert_eq!(subject.matches('.').count(), topic.matches('/').count() + 1, "{subject}");
            assert!(!subject.contains(['*', '>', ' ']), "{subject}");
            assert_eq!(topic_of("confab", &subject).as_deref(), Some(topic));
        }
        assert_eq!(topic_of("other", "confab.room.a.messages"), None);
    }

    #[test]
    fn a_repeated_event_is_dropped_and_old_ones_forgotten() {
        let mut seen = Seen::default();
        assert!(seen.first_time("a-1".into()));
        assert!(!seen.first_time("a-1".into()));
        for n in 0..REMEMBERED {
            seen.first_time(format!("b-{n}"));
        }
        assert!(seen.first_time("a-1".into()), "forgotten after {REMEMBERED} newer ones");
    }
}
