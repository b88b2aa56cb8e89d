//! What readers do with bots' messages: stop an answer being written (the stopped message comes
//! back on the stream), press a block's button or choose from its menu, and say whether an
//! answer helped; a refusal becomes a notice. Reached from the room part only.

use confab_protocol::interactions::{BlockActionRequest, FeedbackRequest, MyVote, Vote};
use wasm_bindgen_futures::spawn_local;
use yew::Callback;

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

    /// Sends a block action to the bot; `done` hears whether it arrived.
    pub fn block_action(&self, action: BlockActionRequest, done: Callback<bool>) {
        let shared = self.shared.clone();
        spawn_local(async move {
            let sent = shared.rest.block_action(&action).await;
            if let Err(error) = &sent {
                let notice = Notice { what: "notice.actionNotSent", why: error.problem() };
                shared.dispatch.dispatch(Action::Notice(Some(notice)));
            }
            done.emit(sent.is_ok());
        });
    }

    /// Stores the reader's vote (and comment) on a bot's message `id`.
    pub fn give_feedback(&self, id: &str, vote: Option<Vote>, comment: Option<String>) {
        let shared = self.shared.clone();
        let request = FeedbackRequest { message_id: id.to_owned(), vote, comment };
        spawn_local(async move {
            if let Err(error) = shared.rest.give_feedback(&request).await {
                let notice = Notice { what: "notice.feedbackNotSaved", why: error.problem() };
                shared.dispatch.dispatch(Action::Notice(Some(notice)));
            }
        });
    }

    /// The reader's votes in room `rid`, for `loaded`.
    pub fn my_votes(&self, rid: &str, loaded: Callback<Vec<MyVote>>) {
        let (shared, rid) = (self.shared.clone(), rid.to_owned());
        spawn_local(async move {
            if let Ok(votes) = shared.rest.my_votes(&rid).await {
                loaded.emit(votes);
            }
        });
    }
}
