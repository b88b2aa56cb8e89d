//! Sending the outbox: oldest first, one at a time, while the connection is up. A send that
//! does not reach the server stays first in line; one the server refuses is shown as failed.

use std::rc::Rc;

use confab_protocol::OutgoingMessage;
use gloo_timers::future::TimeoutFuture;
use wasm_bindgen_futures::spawn_local;

use super::RESEND_AFTER_MS;
use super::shared::Shared;
use crate::services::rest::ApiError;
use crate::state::Action;

impl Shared {
    /// Sends the outbox, oldest first, one at a time, while the connection is up.
    pub(super) fn flush(self: &Rc<Self>) {
        if self.flushing.replace(true) {
            return;
        }
        let shared = self.clone();
        spawn_local(async move {
            while shared.live.get() && !shared.session.is_closed() {
                let Some(message) = shared.outbox.front() else { break };
                let outgoing = OutgoingMessage {
                    id: Some(message.id.clone()),
                    rid: message.rid.clone(),
                    msg: message.msg.clone(),
                    tmid: message.tmid.clone(),
                };
                match shared.rest.send_message(outgoing).await {
                    Ok(stored) => {
                        shared.outbox.remove(&message.id);
                        shared.dispatch.dispatch(Action::SendConfirmed(stored));
                    }
                    // Not refused, just not delivered: it stays first in line.
                    Err(ApiError::Network | ApiError::Unauthorized) => TimeoutFuture::new(RESEND_AFTER_MS).await,
                    Err(error) => {
                        shared.outbox.remove(&message.id);
                        let (rid, id, error) = (message.rid, message.id, error.problem());
                        shared.dispatch.dispatch(Action::SendFailed { rid, id, error });
                    }
                }
            }
            shared.flushing.set(false);
        });
    }
}
