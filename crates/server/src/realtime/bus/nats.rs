//! The bus between instances over core NATS (at-most-once). Every instance publishes each event
//! once under `<prefix>.<topic>` with an id (its own id and a sequence number, or the event's
//! key) and its own id as the origin, and listens to `<prefix>.>`: it delivers what other
//! instances sent to its hub, in the order each sent it, and drops what it sent itself
//! (delivered already) and any event whose id it has seen before.
//!
//! The subscription is in place before the server serves anything, so no socket can read the
//! database before its instance hears what changes after. When the connection to NATS drops,
//! events may have been lost in the gap; on reconnecting the instance opens a gap in its hub so
//! its clients catch up from the database.
//!
//! Events go out through a queue, flushed to NATS batch by batch; [`Bus::handed_over`] waits for
//! the flush, so a message's sender is answered only once its event has left the instance.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_nats::{Client, ConnectOptions, Event, HeaderMap};
use axum::extract::ws::Utf8Bytes;
use futures_util::StreamExt;
use futures_util::future::BoxFuture;
use tokio::sync::{mpsc, watch};

use super::{Bus, Seen};
use crate::realtime::Hub;

/// The header naming an event: `<instance>-<sequence>`, or the key it was published once by.
const EVENT_ID: &str = "Confab-Event";
/// The header naming the instance that published an event.
const ORIGIN: &str = "Confab-Origin";

/// How long [`Bus::handed_over`] waits for NATS before it lets the sender be answered anyway.
const HAND_OVER_LIMIT: Duration = Duration::from_secs(2);

pub struct NatsBus {
    hub: Arc<Hub>,
    instance: String,
    prefix: String,
    /// The next event's sequence number, held while the event is queued, so the queue's order
    /// is the numbers' order.
    sequence: Mutex<u64>,
    outgoing: mpsc::UnboundedSender<Outgoing>,
    /// How many events NATS has been handed (flushed, or given up on while it was down).
    flushed: watch::Sender<u64>,
    /// The ids of events delivered here lately, heard or published.
    seen: Arc<Mutex<Seen>>,
}

/// An event queued for NATS: its subject, headers and frame, and its sequence number.
type Outgoing = (String, HeaderMap, Utf8Bytes, u64);

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
        in_place(&client, &instance).await;

        let (outgoing, mut queue) = mpsc::unbounded_channel::<Outgoing>();
        let bus = Arc::new(Self {
            hub: hub.clone(),
            instance: instance.clone(),
            prefix: prefix.to_owned(),
            sequence: Mutex::new(0),
            outgoing,
            flushed: watch::Sender::new(0),
            seen: Arc::default(),
        });
        let (sender, flushed): (Client, _) = (client.clone(), bus.flushed.clone());
        tokio::spawn(async move {
            let mut batch = Vec::new();
            while queue.recv_many(&mut batch, 1024).await > 0 {
                let mut through = 0;
                for (subject, headers, frame, sequence) in batch.drain(..) {
                    through = sequence + 1;
                    if let Err(error) = sender.publish_with_headers(subject, headers, bytes_of(&frame)).await {
                        tracing::warn!(%error, "could not hand an event to the bus");
                    }
                }
                if let Err(error) = sender.flush().await {
                    tracing::warn!(%error, "could not flush events to the bus");
                }
                flushed.send_replace(through);
            }
        });
        let (prefix, seen) = (prefix.to_owned(), bus.seen.clone());
        tokio::spawn(async move {
            while let Some(message) = incoming.next().await {
                let header =
                    |name: &str| message.headers.as_ref().and_then(|h| h.get(name)).map(|v| v.as_str().to_owned());
                let (Some(id), Some(origin)) = (header(EVENT_ID), header(ORIGIN)) else {
                    continue;
                };
                if origin == instance || !seen.lock().unwrap_or_else(|e| e.into_inner()).first_time(id) {
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
        self.send(topic, frame, None);
    }

    fn publish_once(&self, topic: &str, frame: Utf8Bytes, key: String) {
        if self.seen.lock().unwrap_or_else(|e| e.into_inner()).first_time(key.clone()) {
            self.hub.publish(topic, frame.clone());
            self.send(topic, frame, Some(key));
        }
    }

    fn handed_over(&self) -> BoxFuture<'_, ()> {
        let published = *self.sequence.lock().unwrap_or_else(|e| e.into_inner());
        let mut flushed = self.flushed.subscribe();
        Box::pin(async move {
            let _ = tokio::time::timeout(HAND_OVER_LIMIT, flushed.wait_for(|count| *count >= published)).await;
        })
    }
}

impl NatsBus {
    /// Queues `frame` for the other instances, named by `key` or else by a sequence number.
    fn send(&self, topic: &str, frame: Utf8Bytes, key: Option<String>) {
        let subject = subject_of(&self.prefix, topic);
        let mut sequence = self.sequence.lock().unwrap_or_else(|e| e.into_inner());
        let mut headers = HeaderMap::new();
        let id = key.unwrap_or_else(|| format!("{}-{sequence}", self.instance));
        headers.insert(EVENT_ID, id.as_str());
        headers.insert(ORIGIN, self.instance.as_str());
        // The queue is unbounded so a publisher never waits on the network; it is drained as
        // fast as NATS takes events.
        let _ = self.outgoing.send((subject, headers, frame, *sequence));
        *sequence += 1;
    }
}

/// Returns once NATS has read everything `client` sent so far, its subscriptions included.
/// (`Client::flush` only writes to the socket.) A request to a subject nobody serves is answered
/// by the server itself, after the commands sent before it.
pub async fn in_place(client: &Client, name: &str) {
    let _ = client.request(format!("_confab_settle.{name}"), bytes::Bytes::new()).await;
}

fn bytes_of(frame: &Utf8Bytes) -> bytes::Bytes {
    bytes::Bytes::copy_from_slice(frame.as_str().as_bytes())
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

    #[tokio::test]
    async fn handed_over_means_nats_has_every_event_and_never_hangs_while_nats_is_down() {
        let nats = confab_cluster::Nats::start().unwrap();
        let bus = NatsBus::connect(&nats.url(), "handed", "one", Arc::new(Hub::new(16))).await.unwrap();
        let watcher = async_nats::connect(nats.url()).await.unwrap();
        let mut heard = watcher.subscribe("handed.>").await.unwrap();
        in_place(&watcher, "watcher").await;

        for n in 0..500 {
            bus.publish(&format!("room/r{n}/messages"), Utf8Bytes::from(format!("event {n}")));
        }
        bus.handed_over().await;
        assert_eq!(*bus.flushed.borrow(), 500, "every event published so far was flushed");
        for n in 0..500 {
            let message = tokio::time::timeout(Duration::from_secs(5), heard.next()).await.unwrap().unwrap();
            assert_eq!(message.payload.as_ref(), format!("event {n}").as_bytes());
        }

        nats.halt();
        bus.publish("room/r/messages", Utf8Bytes::from("while NATS is down"));
        let started = std::time::Instant::now();
        bus.handed_over().await;
        assert!(started.elapsed() < HAND_OVER_LIMIT + Duration::from_secs(1), "{:?}", started.elapsed());
    }
}
