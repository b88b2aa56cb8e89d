//! The root component: boot, then either the chat or a screen saying why not.

use std::rc::Rc;

use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::components::chat_layout::ChatLayout;
use crate::components::status_screen::StatusScreen;
use crate::services::chat::{ChatClient, StartOptions};
use crate::services::config::BootError;
use crate::state::ChatState;
use crate::theme::ThemeStyle;

#[derive(Properties, PartialEq, Clone)]
pub struct AppProps {
    pub options: StartOptions,
}

enum Boot {
    Starting,
    Ready(Rc<ChatClient>),
    Failed(BootError),
}

#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    let state = use_reducer(ChatState::default);
    let boot = use_state(|| Boot::Starting);
    {
        let (boot, dispatch) = (boot.clone(), state.dispatcher());
        use_effect_with(props.options.clone(), move |options| {
            // The client, once started, is closed when the app unmounts (or restarts with new options).
            let started = Rc::new(std::cell::RefCell::new(None::<Rc<ChatClient>>));
            let (options, slot) = (options.clone(), started.clone());
            spawn_local(async move {
                match ChatClient::start(&options, dispatch).await {
                    Ok(client) => {
                        *slot.borrow_mut() = Some(client.clone());
                        boot.set(Boot::Ready(client));
                    }
                    Err(error) => boot.set(Boot::Failed(error)),
                }
            });
            move || {
                if let Some(client) = started.borrow_mut().take() {
                    client.shutdown();
                }
            }
        });
    }
    let content = match &*boot {
        Boot::Starting => html! { <StatusScreen title="Connecting…" busy=true /> },
        Boot::Failed(error) => html! { <StatusScreen title={error.title().to_owned()} message={error.message()} /> },
        Boot::Ready(_) if state.signed_out.is_some() => html! {
            <StatusScreen title="Signed out" message={state.signed_out.clone().map(AttrValue::from)} />
        },
        Boot::Ready(client) => html! {
            <ContextProvider<Rc<ChatClient>> context={client.clone()}>
                <ThemeStyle theme={client.config().theme.clone()} />
                <ContextProvider<UseReducerHandle<ChatState>> context={state.clone()}>
                    <ChatLayout />
                </ContextProvider<UseReducerHandle<ChatState>>>
            </ContextProvider<Rc<ChatClient>>>
        },
    };
    html! { <div class="confab">{ content }</div> }
}
