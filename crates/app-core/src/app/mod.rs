//! The root component: boot, then either the chat or a screen saying why not — in the reader's
//! language and the client's theme, both of which follow a new config without a reload.

pub mod appearance;
mod starting;

use std::rc::Rc;

use confab_protocol::config::{Authentication, ChatConfig, EmbedPolicy, Presentation, embed_policy};
use gloo_events::EventListener;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::spawn_local;
use web_sys::ShadowRoot;
use yew::prelude::*;

use crate::components::SharedState;
use crate::components::chat_view::ChatView;
use crate::components::page_commands::use_page_api;
use crate::components::status_screen::status_screen;
use crate::i18n::{Texts, catalog, use_language};
use crate::services::browser;
use crate::services::chat::{ChatClient, StartOptions};
use crate::services::config::BootError;
use crate::services::prefs::{self, Prefs};
use crate::state::ChatState;
use crate::theme::{ThemeStyle, mode_name, stylesheet};

pub use appearance::{Appearance, Layout};

/// The event a host dispatches on the app's element to have the config read again now.
pub const RELOAD_CONFIG_EVENT: &str = "confab:reload-config";

#[derive(Properties, PartialEq, Clone)]
pub struct AppProps {
    pub options: StartOptions,
    #[prop_or_default]
    pub layout: Layout,
}

enum Boot {
    Starting,
    Ready(Rc<ChatClient>),
    Failed(BootError),
}

fn warn(warnings: &[String]) {
    for warning in warnings {
        web_sys::console::warn_1(&warning.into());
    }
}

#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    let state = use_reducer(|| starting::state(&props.options));
    let presentation = use_state(|| Rc::new(starting::presentation(&props.options)));
    let chosen = use_state(prefs::load);
    // Who may command the app when framed: from the config, or from a refusal to a stranger.
    let policy = use_state(EmbedPolicy::default);
    // Credentials from the framing page's `login-with-token`, once it sent a good one.
    let given = use_state(|| None::<Authentication>);
    let present = {
        let (presentation, policy) = (presentation.setter(), policy.setter());
        use_callback((), move |config: ChatConfig, _| {
            let (next, warnings) = config.presentation();
            warn(&warnings);
            policy.set(next.embed.clone());
            presentation.set(Rc::new(next));
        })
    };
    let boot = {
        let (dispatch, present) = (state.dispatcher(), present.clone());
        use_state(|| starting::boot(&props.options, dispatch, present))
    };
    let options = StartOptions { credentials: (*given).clone(), ..props.options.clone() };
    // Bumped when a visitor's first words started their conversation: the app starts again,
    // signed in.
    let starts = use_state(|| 0u32);
    {
        let (boot, dispatch, present, policy) = (boot.clone(), state.dispatcher(), present.clone(), policy.setter());
        use_effect_with((options, *starts), move |(options, _)| {
            // The client, once started, is closed when the app unmounts (or restarts with new
            // options); one still starting then is closed as soon as it has started.
            let started = Rc::new(std::cell::RefCell::new(None::<Rc<ChatClient>>));
            let gone = Rc::new(std::cell::Cell::new(false));
            let (options, slot, unmounted) = (options.clone(), started.clone(), gone.clone());
            // The visitor's view stays until their conversation is there, and a first screen
            // rendered by the server until the client that replaces it has started.
            let shown = match &*boot {
                Boot::Failed(BootError::NotStarted) => true,
                Boot::Ready(_) => options.first_screen.is_some(),
                _ => false,
            };
            if !shown {
                boot.set(Boot::Starting);
            }
            spawn_local(async move {
                let result = ChatClient::start(&options, dispatch, present).await;
                if unmounted.get() {
                    if let Ok(client) = result {
                        client.shutdown();
                    }
                    return;
                }
                match result {
                    Ok(client) => {
                        *slot.borrow_mut() = Some(client.clone());
                        boot.set(Boot::Ready(client));
                    }
                    Err(error) => {
                        if let BootError::Refused { embed, .. } = &error {
                            let mut warnings = Vec::new();
                            policy.set(embed_policy(embed, &mut warnings));
                            warn(&warnings);
                        }
                        boot.set(Boot::Failed(error))
                    }
                }
            });
            move || {
                gone.set(true);
                if let Some(client) = started.borrow_mut().take() {
                    client.shutdown();
                }
            }
        });
    }
    {
        let client = match &*boot {
            Boot::Ready(client) => Some(client.clone()),
            _ => None,
        };
        let root = props.options.hooks.root.clone();
        use_effect_with(client, move |client| {
            let listener = client
                .clone()
                .zip(root)
                .map(|(client, root)| EventListener::new(&root, RELOAD_CONFIG_EVENT, move |_| client.reload_config()));
            move || drop(listener)
        });
    }
    let client = match &*boot {
        Boot::Ready(client) => Some(client.clone()),
        _ => None,
    };
    let on_login = {
        let given = given.setter();
        use_callback((), move |credentials: Authentication, _| given.set(Some(credentials)))
    };
    use_page_api((*policy).clone(), client, state.clone(), on_login);
    // The browser's languages are read once: the app renders on every message.
    let browser_languages = use_memo((), |_| browser::languages());
    let wanted = catalog::choose(
        [chosen.language.as_deref(), presentation.language.as_deref(), props.options.language.as_deref()]
            .into_iter()
            .flatten()
            .chain(browser_languages.iter().map(String::as_str)),
    );
    // Another language than English is a part: until it arrives at start, nothing is shown.
    let shown_language = use_language(wanted);
    let language = shown_language.unwrap_or(catalog::FALLBACK);
    let texts = use_memo((language, presentation.clone()), |(language, presentation)| {
        let mut warnings = Vec::new();
        let texts = Texts::new(language, &presentation.labels, &mut warnings);
        warn(&warnings);
        Rc::new(texts)
    });
    let mode = chosen.mode.unwrap_or(presentation.theme.mode);
    let appearance = Appearance {
        layout: props.layout,
        prefs: (*chosen).clone(),
        language,
        mode,
        set: {
            let chosen = chosen.setter();
            use_callback((), move |next: Prefs, _| chosen.set(next))
        },
    };

    let content = match &*boot {
        _ if shown_language.is_none() => Html::default(),
        Boot::Failed(BootError::NotStarted) => crate::slots::VISITOR_START.show(crate::slots::VisitorStartProps {
            config: props.options.config.clone(),
            on_started: {
                let starts = starts.clone();
                Callback::from(move |()| starts.set(*starts + 1))
            },
        }),
        _ => content(&boot, &state, &texts),
    };
    // In a shadow root (the `<confab-chat>` element), styles must be added to that root: the
    // page's stylesheets do not reach in, and ours must not leak out.
    let shadow = props.options.hooks.root.as_ref().and_then(|root| root.get_root_node().dyn_into::<ShadowRoot>().ok());
    let on_host = shadow.is_some();
    // There the theme's tokens are set on the element, which carries the mode to choose them by.
    use_effect_with((shadow, mode), |(shadow, mode)| {
        if let Some(shadow) = shadow {
            let _ = shadow.host().set_attribute("data-mode", mode_name(*mode));
        }
    });
    html! {
        <ContextProvider<Rc<Texts>> context={(*texts).clone()}>
            <ContextProvider<Rc<Presentation>> context={(*presentation).clone()}>
                <ContextProvider<Appearance> context={appearance}>
                    { stylesheet() }
                    <ThemeStyle presentation={(*presentation).clone()} {on_host} />
                    <div class="confab" data-mode={mode_name(mode)} lang={language} aria-busy={shown_language.is_none().then_some("true")}>
                        { content }
                    </div>
                </ContextProvider<Appearance>>
            </ContextProvider<Rc<Presentation>>>
        </ContextProvider<Rc<Texts>>>
    }
}

/// What the app shows once its language is here: the chat, or a screen saying why not.
fn content(boot: &Boot, state: &UseReducerHandle<ChatState>, texts: &Texts) -> Html {
    match boot {
        Boot::Starting => status_screen(texts.get("app.connecting"), None, true),
        Boot::Failed(error) => {
            let (title, message) = error.describe(texts);
            status_screen(title.into(), Some(message.into()), false)
        }
        Boot::Ready(_) if let Some(reason) = state.signed_out => html! {
            { status_screen(texts.get("app.signedOut"), Some(texts.get(reason)), false) }
        },
        Boot::Ready(client) => html! {
            <ContextProvider<Rc<ChatClient>> context={client.clone()}>
                <ContextProvider<SharedState> context={SharedState::new(state)}>
                    <ChatView />
                </ContextProvider<SharedState>>
            </ContextProvider<Rc<ChatClient>>>
        },
    }
}
