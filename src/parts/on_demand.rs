//! The one wrapper between the core and its parts. A [`Part`] is fetched once and kept: the first
//! component that needs it starts the fetch, every other one waits for the same fetch, and once
//! it is there every later render uses it at once, with no placeholder in between. A fetch that
//! fails is not remembered, so "Try again" (or the next component that needs the part) fetches
//! it anew; the rest of the app goes on working meanwhile.

use std::any::Any;
use std::cell::Cell;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::rc::Rc;
use std::sync::OnceLock;

use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use wasm_bindgen_futures::spawn_local;
use wasm_split_helpers::SplitLoaderError;
use yew::prelude::*;

use crate::i18n::use_texts;

type Loader<T> = fn() -> Pin<Box<dyn Future<Output = Result<T, SplitLoaderError>>>>;

/// Code outside the first load: what its wasm file hands the core once fetched (a view's render
/// function, a lookup), and how to fetch it. Declared with `part!` in `parts/mod.rs`.
pub struct Part<T: 'static> {
    name: &'static str,
    load: Loader<T>,
    loaded: OnceLock<T>,
}

impl<T: Copy + Send + Sync + 'static> Part<T> {
    pub const fn new(name: &'static str, load: Loader<T>) -> Self {
        Self { name, load, loaded: OnceLock::new() }
    }

    /// The part's file's name (without hash and extension), as the build names it.
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// What the part provides, if it has been fetched. Built without the split (tests), every
    /// part is linked in, so it is there from the start.
    pub fn get(&self) -> Option<T> {
        #[cfg(not(feature = "split"))]
        if self.loaded.get().is_none() {
            let waker = std::task::Waker::noop();
            if let std::task::Poll::Ready(Ok(loaded)) =
                (self.load)().as_mut().poll(&mut std::task::Context::from_waker(waker))
            {
                let _ = self.loaded.set(loaded);
            }
        }
        self.loaded.get().copied()
    }

    /// Fetches the part, once: the splitter's loader shares one fetch among all who wait.
    pub async fn load(&self) -> Result<T, SplitLoaderError> {
        if let Some(loaded) = self.get() {
            return Ok(loaded);
        }
        let loaded = (self.load)().await?;
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

/// What a view part hands the core: its render function, which takes the view's props as `Any`
/// so that one [`OnDemand`] component serves every part (a generic one would be compiled into
/// the core once per part).
pub type View = fn(&dyn Any) -> Html;

/// A view that is a part, with the type of its props.
pub struct ViewPart<P: 'static> {
    part: Part<View>,
    props: PhantomData<fn(P)>,
}

impl<P: 'static> ViewPart<P> {
    pub const fn new(part: Part<View>) -> Self {
        Self { part, props: PhantomData }
    }

    /// The view with `props`: at once when fetched, else a placeholder while it is fetched, or a
    /// sentence and a retry button if the fetch failed.
    pub fn show(&'static self, props: P) -> Html {
        html! { <OnDemand part={&self.part} props={Rc::new(props) as Rc<dyn Any>} /> }
    }

    pub fn part(&'static self) -> &'static Part<View> {
        &self.part
    }
}

impl<P: 'static> Prefetch for ViewPart<P> {
    fn prefetch(&'static self) -> Pin<Box<dyn Future<Output = ()>>> {
        self.part.prefetch()
    }
}

#[derive(Properties, Clone)]
struct OnDemandProps {
    part: &'static Part<View>,
    props: Rc<dyn Any>,
}

/// The same props are the same `Rc`: an owner that renders again makes new ones, and the part's
/// own view then compares what it is given.
impl PartialEq for OnDemandProps {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self.part, other.part) && Rc::ptr_eq(&self.props, &other.props)
    }
}

#[function_component(OnDemand)]
fn on_demand(props: &OnDemandProps) -> Html {
    let texts = use_texts();
    let (status, retry) = use_part(props.part, true);
    let name = props.part.name();
    match status {
        Loaded::Ready(render) => render(&*props.props),
        Loaded::Loading => html! {
            <div class="part-status" role="status" aria-busy="true" data-part={name}>{ texts.get("part.loading") }</div>
        },
        Loaded::Failed => html! {
            <div class="part-status part-failed" role="alert" data-part={name}>
                <span>{ texts.get("part.failed") }</span>
                <button type="button" class="part-retry" onclick={retry.reform(|_: MouseEvent| ())}>
                    { texts.get("part.retry") }
                </button>
            </div>
        },
    }
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

/// Once per page, when the browser is next idle: fetches `parts` one after another, so that a
/// warm page opens them at once. Called when the first screen has rendered.
pub fn prefetch_when_idle(parts: &'static [&'static dyn Prefetch]) {
    if PREFETCH_STARTED.with(|started| started.replace(true)) {
        return;
    }
    let start = Closure::once_into_js(move || {
        spawn_local(async move {
            for part in parts {
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
