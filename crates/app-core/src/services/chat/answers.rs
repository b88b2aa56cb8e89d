//! Stopping a bot's streamed answer (the stopped message comes back on the stream); a refusal
//! becomes a notice. Reached from the room part only.

use wasm_bindgen_futures::spawn_local;

use super::ChatClient;
use crate::state::{Action, Notice};

impl ChatClient {
    /// Asks the server to stop answer `id`.
    pub fn stop_answer(&self, id: &str) {
        let (shared, id) = (self.shared.clone(), id.to_owned());
        spawn_local(async move {
            if let Err(error) = shared.rest.stop_answer(&id).await {
                let notice = Notice { what: "notice.answerNotStopped", why: error.problem() };
                shared.dispatch.dispatch(Action::Notice(Some(notice)));
            }
        });
    }
}
