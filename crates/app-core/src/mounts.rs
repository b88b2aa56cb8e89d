//! Mounting and unmounting Confab from JavaScript, as often as a host likes, without leaking.
//!
//! Yew registers its delegated event listeners on an app's root element once and never removes
//! them (its registry lives as long as the page), so every new app root costs listeners and the
//! closures behind them for good. A host that mounts and unmounts Confab repeatedly — micro-lc
//! switching applications, a `<confab-chat>` re-rendered by a framework — would grow without
//! bound. So an unmounted app is not destroyed but parked: its chat client is shut down (socket
//! closed, timers and listeners stopped) by rendering nothing, and its root element is kept for
//! the next mount, which starts a fresh [`App`] (a new key, so no state carries over) in it.
//! An app whose element leaves the page without an unmount stops too, and starts again if the
//! element comes back.

use std::cell::RefCell;
use std::rc::Rc;

use gloo_timers::callback::Interval;
use yew::prelude::*;

use crate::app::{App, AppProps};

/// The channel to a parked-or-active shell: which app it shows now.
#[derive(Clone, Default)]
pub struct Switch(Rc<RefCell<Option<Callback<Option<AppProps>>>>>);

impl PartialEq for Switch {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl Switch {
    fn show(&self, app: Option<AppProps>) {
        if let Some(set) = self.0.borrow().as_ref() {
            set.emit(app);
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct ShellProps {
    pub switch: Switch,
    pub first: AppProps,
    /// The element the shell renders in.
    pub root: web_sys::Element,
}

/// How often a shown (or orphaned) app checks that its element is still in the page.
const ORPHAN_CHECK_MS: u32 = 1_000;

/// What a shell shows: an app (a new generation each time, so nothing carries over), or nothing;
/// and the app it stopped because its element left the page without an unmount, to start again
/// if the element comes back.
struct Showing {
    generation: u64,
    app: Option<AppProps>,
    orphaned: Option<AppProps>,
}

#[function_component(Shell)]
fn shell(props: &ShellProps) -> Html {
    let showing = use_mut_ref(|| Showing { generation: 0, app: Some(props.first.clone()), orphaned: None });
    let watch = use_mut_ref(|| None::<Interval>);
    let redraw = use_force_update();
    {
        let (showing, switch, root) = (showing.clone(), props.switch.clone(), props.root.clone());
        use_effect_with((), move |_| {
            // A host may drop the element without unmounting (micro-lc does when its language
            // changes): the app must not keep its socket open in a detached element. The check
            // runs only while the shell has an app, shown or orphaned; a parked shell has no timer.
            let start_watch = {
                let (showing, redraw) = (showing.clone(), redraw.clone());
                move || {
                    let (showing, redraw, root) = (showing.clone(), redraw.clone(), root.clone());
                    Interval::new(ORPHAN_CHECK_MS, move || {
                        let connected = root.is_connected();
                        let mut now = showing.borrow_mut();
                        if !connected && now.app.is_some() {
                            now.orphaned = now.app.take();
                        } else if connected && now.orphaned.is_some() {
                            now.app = now.orphaned.take();
                            now.generation += 1;
                        } else {
                            return;
                        }
                        drop(now);
                        redraw.force_update();
                    })
                }
            };
            *watch.borrow_mut() = Some(start_watch());
            let show = {
                let watch = watch.clone();
                move |app: Option<AppProps>| {
                    *watch.borrow_mut() = app.is_some().then(&start_watch);
                    let mut now = showing.borrow_mut();
                    now.generation += 1;
                    now.app = app;
                    now.orphaned = None;
                    drop(now);
                    redraw.force_update();
                }
            };
            *switch.0.borrow_mut() = Some(Callback::from(show));
            move || drop(watch.borrow_mut().take())
        });
    }
    let now = showing.borrow();
    match &now.app {
        Some(app) => html! { <App key={now.generation} ..app.clone() /> },
        None => Html::default(),
    }
}

/// A root element with its shell, mounted or parked.
struct Root {
    element: web_sys::Element,
    switch: Switch,
    _handle: yew::AppHandle<Shell>,
}

thread_local! {
    static PARKED: RefCell<Vec<Root>> = const { RefCell::new(Vec::new()) };
}

/// An app shown inside `container` with `app`'s options until [`Mounted::release`]. Dropping it
/// does not release the app: a host that does not keep the handle (JavaScript's garbage collector
/// frees it) still has its chat.
pub struct Mounted {
    root: Option<Root>,
}

impl Mounted {
    pub fn show(container: &web_sys::Element, app: AppProps) -> Option<Self> {
        if let Some(root) = PARKED.with(|parked| parked.borrow_mut().pop()) {
            container.append_child(&root.element).ok()?;
            root.switch.show(Some(app));
            return Some(Self { root: Some(root) });
        }
        let element = container.owner_document()?.create_element("div").ok()?;
        // The root adds no box of its own: the app lays out as the container's child.
        element.set_attribute("style", "display: contents").ok()?;
        container.append_child(&element).ok()?;
        let switch = Switch::default();
        let props = ShellProps { switch: switch.clone(), first: app, root: element.clone() };
        let handle = yew::Renderer::<Shell>::with_root_and_props(element.clone(), props).render();
        Some(Self { root: Some(Root { element, switch, _handle: handle }) })
    }

    /// Shuts the app down (its client closes its socket) and parks its root for the next mount.
    pub fn release(&mut self) {
        if let Some(root) = self.root.take() {
            root.switch.show(None);
            root.element.remove();
            PARKED.with(|parked| parked.borrow_mut().push(root));
        }
    }
}
