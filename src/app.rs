//! The root component: boot, then either the chat or a screen saying why not.

use std::rc::Rc;

use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::components::chat_layout::ChatLayout;
use crate::components::status_screen::StatusScreen;
use crate::services::chat::ChatClient;
use crate::services::config::BootError;
use crate::state::ChatState;
use crate::theme::ThemeStyle;

#[derive(Properties, PartialEq, Clone)]
pub struct AppProps {
    pub config_url: AttrValue,
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
        let (boot, dispatch, config_url) = (boot.clone(), state.dispatcher(), props.config_url.clone());
        use_effect_with(config_url, move |config_url| {
            let config_url = config_url.clone();
            spawn_local(async move {
                match ChatClient::start(&config_url, dispatch).await {
                    Ok(client) => boot.set(Boot::Ready(client)),
                    Err(error) => boot.set(Boot::Failed(error)),
                }
            });
        });
    }
    let content = match &*boot {
        Boot::Starting => html! { <StatusScreen title="Connecting…" busy=true /> },
        Boot::Failed(error) => html! { <StatusScreen title={error.title().to_owned()} message={error.message()} /> },
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
