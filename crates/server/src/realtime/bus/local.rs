//! The in-process bus of a single instance: publishing is delivering to its own hub.

use std::sync::{Arc, Mutex};

use axum::extract::ws::Utf8Bytes;
use futures_util::future::BoxFuture;

use super::{Bus, Seen};
use crate::realtime::Hub;

pub struct LocalBus {
    hub: Arc<Hub>,
    seen: Mutex<Seen>,
}

impl LocalBus {
    pub fn new(hub: Arc<Hub>) -> Self {
        Self { hub, seen: Mutex::default() }
    }
}

impl Bus for LocalBus {
    fn name(&self) -> &'static str {
        "in-process"
    }

    fn publish(&self, topic: &str, frame: Utf8Bytes) {
        self.hub.publish(topic, frame);
    }

    fn publish_once(&self, topic: &str, frame: Utf8Bytes, key: String) {
        if self.seen.lock().unwrap_or_else(|e| e.into_inner()).first_time(key) {
            self.hub.publish(topic, frame);
        }
    }

    /// Delivered as published: there is nowhere else to hand it.
    fn handed_over(&self) -> BoxFuture<'_, ()> {
        Box::pin(std::future::ready(()))
    }
}
