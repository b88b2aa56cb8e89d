//! How a part is fetched: once, and kept. The first component that needs it starts the fetch,
//! every other one waits for the same fetch, and once it is there every later render uses it at
//! once, with no placeholder in between. A fetch that fails is not remembered, so "Try again" (or
//! the next component that needs the part) fetches it anew; the rest of the app goes on working
//! meanwhile.

use std::cell::Cell;
use std::future::Future;
use std::pin::Pin;
use std::sync::OnceLock;

use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use wasm_bindgen_futures::spawn_local;
use wasm_split_helpers::SplitLoaderError;
use yew::prelude::*;

pub type Loader<T> = fn() -> Pin<Box<dyn Future<Output = Result<T, SplitLoaderError>>>>;

/// A part's file could not be fetched (the splitter's loader logs why), or no part filled its slot.
#[derive(Clone, Copy, Debug, thiserror::Error)]
#[error("the part could not be fetched")]
pub struct Unfetched;

/// How a part is fetched: the build's name for its file (without hash and extension), and its
/// loader.
#[derive(Clone, Copy)]
pub struct Source<T: 'static> {
    pub name: &'static str,
    pub load: Loader<T>,
}

/// Code outside the first load: what its wasm file hands the core once fetched (a view's render
/// function, a lookup), and how to fetch it. A part is a slot, declared beside the code that uses
/// it (the core's, or a part's) and filled when the app starts by the part that provides it
/// ([`Part::install`]).
pub struct Part<T: 'static> {
    source: OnceLock<Source<T>>,
    loaded: OnceLock<T>,
}

impl<T: Copy + Send + Sync + 'static> Part<T> {
    pub const fn slot() -> Self {
        Self { source: OnceLock::new(), loaded: OnceLock::new() }
    }

    /// Fills the slot; a second source for the same slot is ignored.
    pub fn install(&self, source: Source<T>) {
        let _ = self.source.set(source);
    }

    /// The part's file's name, as the build names it ("" for a slot no part filled).
    pub fn name(&self) -> &'static str {
        self.source.get().map_or("", |source| source.name)
    }

    /// What the part provides, if it has been fetched. Built without the split (tests), every
    /// part is linked in, so it is there from the start.
    pub fn get(&self) -> Option<T> {
        #[cfg(not(feature = "split"))]
        if let (None, Some(source)) = (self.loaded.get(), self.source.get()) {
            let waker = std::task::Waker::noop();
            if let std::task::Poll::Ready(Ok(loaded)) =
                (source.load)().as_mut().poll(&mut std::task::Context::from_waker(waker))
            {
                let _ = self.loaded.set(loaded);
            }
        }
        self.loaded.get().copied()
    }

    /// Fetches the part, once: the splitter's loader shares one fetch among all who wait. A slot
    /// no part filled fails as a fetch does.
    pub async fn load(&self) -> Result<T, Unfetched> {
        if let Some(loaded) = self.get() {
            return Ok(loaded);
        }
        let Some(source) = self.source.get() else { return Err(Unfetched) };
        let loaded = (source.load)().await.map_err(|_| Unfetched)?;
        Ok(*self.loaded.get_or_init(|| loaded))
    }
}

/// Where a part stands for the component that needs it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Loaded<T> {
    Loading,
    Ready(T),
    /// The fetch failed; the retry callback [`use_part`] returns starts another.
    Failed,
}

/// The part, once fetched, fetching it first if `needed` (a component that needs it only for some
/// content, such as the emoji table for a message with shortcodes, passes whether it does). The
/// component renders again when the part arrives. The callback retries after a failure.
#[hook]
pub fn use_part<T: Copy + Send + Sync + 'static>(part: &'static Part<T>, needed: bool) -> (Loaded<T>, Callback<()>) {
    let failed = use_state(|| false);
    let attempt = use_state(|| 0u32);
    let redraw = use_force_update();
    {
        let failed = failed.setter();
        // Keyed by the part too: a caller may ask for another one (a language for another).
        let key = std::ptr::from_ref(part) as usize;
        use_effect_with((key, *attempt, needed), move |&(_, _, needed)| {
            if needed && part.get().is_none() {
                spawn_local(async move {
                    match part.load().await {
                        Ok(_) => redraw.force_update(),
                        Err(error) => {
                            web_sys::console::warn_1(&format!("Confab: the {} part: {error}", part.name()).into());
                            failed.set(true);
                        }
                    }
                });
            }
        });
    }
    let retry = {
        let (failed, attempt) = (failed.clone(), attempt.clone());
        Callback::from(move |()| {
            failed.set(false);
            attempt.set(*attempt + 1);
        })
    };
    let status = match part.get() {
        Some(loaded) => Loaded::Ready(loaded),
        None if *failed => Loaded::Failed,
        None => Loaded::Loading,
    };
    (status, retry)
}

/// A part that can be fetched ahead of need.
pub trait Prefetch: Sync {
    fn prefetch(&'static self) -> Pin<Box<dyn Future<Output = ()>>>;
}

impl<T: Copy + Send + Sync + 'static> Prefetch for Part<T> {
    fn prefetch(&'static self) -> Pin<Box<dyn Future<Output = ()>>> {
        Box::pin(async move {
            // A failure here is retried when the part is needed.
            let _ = self.load().await;
        })
    }
}

thread_local! {
    static PREFETCH_STARTED: Cell<bool> = const { Cell::new(false) };
}

/// Once per page: fetches each of `at_once` now, side by side, then `when_idle` one after another
/// when the browser is next idle, so that a warm page opens them at once. The idle ones wait for
/// the others: on a slow network they would share its bandwidth with what the next click needs.
pub fn prefetch(at_once: &'static [&'static dyn Prefetch], when_idle: &'static [&'static dyn Prefetch]) {
    if PREFETCH_STARTED.with(|started| started.replace(true)) {
        return;
    }
    for part in at_once {
        spawn_local(part.prefetch());
    }
    let start = Closure::once_into_js(move || {
        spawn_local(async move {
            // The same fetches as above, shared: this waits for them to end.
            for part in at_once.iter().chain(when_idle) {
                part.prefetch().await;
            }
        })
    });
    let Some(window) = web_sys::window() else { return };
    // Safari has no requestIdleCallback: a timeout is the next best thing.
    let idle = js_sys::Reflect::has(&window, &"requestIdleCallback".into()).unwrap_or(false);
    if idle {
        let _ = window.request_idle_callback(start.unchecked_ref());
    } else {
        let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(start.unchecked_ref(), 500);
    }
}
