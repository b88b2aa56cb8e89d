//! What the app shows before it has fetched anything. On the server, which renders the first
//! screen with the app's components, that is the first screen it was given ([`StartOptions::
//! first_screen`]): its user signed in, their rooms listed, the client's look. In the browser the
//! app starts by fetching, and its core carries none of this code (these are written per target,
//! so that no unused path is left for the optimiser to find).

use confab_protocol::config::{ChatConfig, Presentation};
use yew::{Callback, UseReducerDispatcher};

use super::Boot;
use crate::services::chat::StartOptions;
use crate::state::ChatState;

#[cfg(not(target_arch = "wasm32"))]
pub(super) fn state(options: &StartOptions) -> ChatState {
    options.first_screen.as_ref().map(|given| ChatState::first_screen(&given.0)).unwrap_or_default()
}

#[cfg(not(target_arch = "wasm32"))]
pub(super) fn presentation(options: &StartOptions) -> Presentation {
    options.first_screen.as_ref().map(|given| given.0.config.presentation().0).unwrap_or_default()
}

#[cfg(not(target_arch = "wasm32"))]
pub(super) fn boot(
    options: &StartOptions,
    dispatch: UseReducerDispatcher<ChatState>,
    present: Callback<ChatConfig>,
) -> Boot {
    use crate::services::chat::ChatClient;
    match &options.first_screen {
        Some(given) => Boot::Ready(ChatClient::rendering(options, &given.0, dispatch, present)),
        None => Boot::Starting,
    }
}

#[cfg(target_arch = "wasm32")]
pub(super) fn state(_: &StartOptions) -> ChatState {
    ChatState::default()
}

#[cfg(target_arch = "wasm32")]
pub(super) fn presentation(_: &StartOptions) -> Presentation {
    Presentation::default()
}

#[cfg(target_arch = "wasm32")]
pub(super) fn boot(_: &StartOptions, _: UseReducerDispatcher<ChatState>, _: Callback<ChatConfig>) -> Boot {
    Boot::Starting
}
