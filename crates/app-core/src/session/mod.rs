//! The chat session: the user's credentials, kept fresh without tearing the UI down.
//!
//! The token is refreshed a little before it expires — by fetching the host backend's config
//! again, or by asking the host's token provider — and a call refused as unauthorized triggers one
//! shared refresh and is replayed once. The rules are a plain state machine in [`refresh`], which
//! holds no sockets and reads no clock, so its schedule is tested natively with controlled time.
//! Everything the host should know is announced through [`HostHooks`].

pub mod refresh;

use std::cell::RefCell;
use std::rc::Rc;

use confab_protocol::Timestamp;
use futures::FutureExt;
use futures::future::{LocalBoxFuture, Shared};
use gloo_timers::callback::Timeout;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::{JsFuture, spawn_local};
use yew::Callback;

use crate::services::browser;
use confab_protocol::config::ChatConfig;

use crate::i18n::Catalog;
use crate::services::config::ConfigSource;
use crate::services::host_page::{HostHooks, SessionEvent};
use refresh::{Refresh, Rejected, refresh_at};

/// Where fresh tokens come from.
#[derive(Clone, Debug, PartialEq)]
pub enum TokenSource {
    /// The host backend's config endpoint, which mints a new token on every call.
    Config(ConfigSource),
    /// The host's `tokenProvider(resolve, reject)`, with Sendbird's semantics: `resolve(token)`
    /// refreshes, `reject(error)` is a session error, `resolve(null)` closes the session. The
    /// token may also be given as `{token, expiresAt}` (milliseconds since the epoch).
    Provider(js_sys::Function),
    /// The framing page's `login-with-token`: no refresh; when the token ends, so does the
    /// session, and the page signs the app in again.
    Given,
}

/// A refreshed token, its expiry when known, and the config it came with, if from a config.
type Fresh = (String, Option<Timestamp>, Option<ChatConfig>);

impl TokenSource {
    /// A new token for `user_id`; `Ok(None)` when the host declines to give one.
    async fn fetch(&self, user_id: &str) -> Result<Option<Fresh>, String> {
        match self {
            Self::Config(source) => {
                let config = source.fetch().await.map_err(|e| e.message())?;
                if config.authentication.user_id != user_id {
                    return Err("The chat service answered with another user's credentials.".into());
                }
                Ok(Some((config.authentication.user_token.clone(), config.token_expires, Some(config))))
            }
            Self::Given => Ok(None),
            Self::Provider(provider) => {
                let mut ask = |resolve: js_sys::Function, reject: js_sys::Function| {
                    if let Err(thrown) = provider.call2(&JsValue::NULL, &resolve, &reject) {
                        let _ = reject.call1(&JsValue::NULL, &thrown);
                    }
                };
                match JsFuture::from(js_sys::Promise::new(&mut ask)).await {
                    Ok(answer) if answer.is_null() || answer.is_undefined() => Ok(None),
                    Ok(answer) => provided_token(&answer)
                        .map(Some)
                        .ok_or_else(|| "The token provider gave something that is not a token.".to_owned()),
                    Err(error) => Err(error
                        .as_string()
                        .or_else(|| js_sys::Reflect::get(&error, &"message".into()).ok()?.as_string())
                        .unwrap_or_else(|| "The token provider refused to give a token.".into())),
                }
            }
        }
    }
}

/// A token string, or `{token, expiresAt}`.
fn provided_token(answer: &JsValue) -> Option<Fresh> {
    if let Some(token) = answer.as_string() {
        return (!token.is_empty()).then_some((token, None, None));
    }
    let token = js_sys::Reflect::get(answer, &"token".into()).ok()?.as_string().filter(|t| !t.is_empty())?;
    let expires = js_sys::Reflect::get(answer, &"expiresAt".into()).ok().and_then(|e| e.as_f64());
    Some((token, expires.map(|ms| Timestamp(ms as i64)), None))
}

#[derive(Clone, Debug, PartialEq)]
enum Outcome {
    Refreshed,
    Failed,
    Closed,
}

pub struct Session {
    user_id: String,
    token: RefCell<String>,
    machine: RefCell<Refresh>,
    source: TokenSource,
    hooks: HostHooks,
    flight: RefCell<Option<Shared<LocalBoxFuture<'static, Outcome>>>>,
    timer: RefCell<Option<Timeout>>,
    /// Told (once) when the session ends, with the reason.
    on_closed: RefCell<Callback<&'static str>>,
    /// Told of every config fetched to refresh the token.
    on_config: RefCell<Callback<ChatConfig>>,
}

impl Session {
    pub fn new(user_id: &str, token: &str, source: TokenSource, hooks: HostHooks) -> Rc<Self> {
        Rc::new(Self {
            user_id: user_id.to_owned(),
            token: RefCell::new(token.to_owned()),
            machine: RefCell::default(),
            source,
            hooks,
            flight: RefCell::default(),
            timer: RefCell::default(),
            on_closed: RefCell::new(Callback::noop()),
            on_config: RefCell::new(Callback::noop()),
        })
    }

    pub fn user_id(&self) -> &str {
        &self.user_id
    }

    /// The current token and its generation (to report a refusal of it).
    pub fn token(&self) -> (String, u64) {
        (self.token.borrow().clone(), self.machine.borrow().generation())
    }

    pub fn is_closed(&self) -> bool {
        self.machine.borrow().is_closed()
    }

    pub fn hooks(&self) -> &HostHooks {
        &self.hooks
    }

    pub fn on_closed(&self, callback: Callback<&'static str>) {
        *self.on_closed.borrow_mut() = callback;
    }

    pub fn on_config(&self, callback: Callback<ChatConfig>) {
        *self.on_config.borrow_mut() = callback;
    }

    /// Refreshes now when tokens come from the config, whose endpoint mints one on every call,
    /// so reading the config again costs no extra token; false when the host's provider gives
    /// tokens and the config must be read on its own.
    pub fn refresh_with_config(self: &Rc<Self>) -> bool {
        if !matches!(self.source, TokenSource::Config(_)) || self.is_closed() {
            return false;
        }
        let under_way = self.flight.borrow().clone();
        let refresh = under_way.unwrap_or_else(|| self.start_refresh());
        spawn_local(async move {
            refresh.await;
        });
        true
    }

    /// The current token expires at `expires`: refresh it a little before.
    pub fn expires_at(self: &Rc<Self>, expires: Timestamp) {
        let now = browser::now().millis();
        let delay = (refresh_at(now, expires.millis()) - now).clamp(0, i64::from(i32::MAX)) as u32;
        let session = Rc::downgrade(self);
        let timer = Timeout::new(delay, move || {
            if let Some(session) = session.upgrade()
                && session.machine.borrow_mut().due()
            {
                let refresh = session.start_refresh();
                spawn_local(async move {
                    refresh.await;
                });
            }
        });
        *self.timer.borrow_mut() = Some(timer);
    }

    /// A call made with the token of `generation` was refused as unauthorized: refreshes (or
    /// waits for the refresh under way) and says whether the call should be replayed.
    pub async fn recover(self: &Rc<Self>, generation: u64) -> bool {
        let decision = self.machine.borrow_mut().rejected(generation, browser::now().millis());
        match decision {
            Rejected::Replay => true,
            Rejected::Refresh => self.start_refresh().await == Outcome::Refreshed,
            Rejected::AwaitRefresh => {
                let flight = self.flight.borrow().clone();
                match flight {
                    Some(flight) => flight.await == Outcome::Refreshed,
                    None => false,
                }
            }
            Rejected::GiveUp => {
                self.hooks.emit(&SessionEvent::Error("The chat service refused a freshly issued token.".into()));
                false
            }
            Rejected::Closed => false,
        }
    }

    /// Runs one refresh; every caller waiting for it shares its outcome.
    fn start_refresh(self: &Rc<Self>) -> Shared<LocalBoxFuture<'static, Outcome>> {
        let session = self.clone();
        let refresh = async move {
            let outcome = match session.source.fetch(&session.user_id).await {
                _ if session.is_closed() => Outcome::Closed,
                Ok(Some((token, expires, config))) => {
                    *session.token.borrow_mut() = token;
                    if let Some(config) = config {
                        let on_config = session.on_config.borrow().clone();
                        on_config.emit(config);
                    }
                    session.machine.borrow_mut().refreshed(browser::now().millis());
                    if let Some(expires) = expires {
                        session.expires_at(expires);
                    }
                    session.hooks.emit(&SessionEvent::Refreshed);
                    Outcome::Refreshed
                }
                Ok(None) => {
                    session.close("end.hostEnded");
                    Outcome::Closed
                }
                Err(message) => {
                    session.machine.borrow_mut().failed();
                    session.hooks.emit(&SessionEvent::Error(message));
                    Outcome::Failed
                }
            };
            session.flight.borrow_mut().take();
            outcome
        }
        .boxed_local()
        .shared();
        *self.flight.borrow_mut() = Some(refresh.clone());
        refresh
    }

    /// Ends the session (once): no more refreshes, the host is told (in English), and so is the
    /// app (by `reason`, the key of the sentence it shows).
    pub fn close(&self, reason: &'static str) {
        if self.machine.borrow().is_closed() {
            return;
        }
        self.machine.borrow_mut().close();
        self.timer.borrow_mut().take();
        self.hooks.emit(&SessionEvent::Closed(Catalog::english(reason).to_string()));
        let on_closed = self.on_closed.borrow().clone();
        on_closed.emit(reason);
    }
}
