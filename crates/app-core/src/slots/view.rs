//! A view that is a part: rendered at once when its part is here, else a placeholder while it is
//! fetched, or a sentence and a retry button if the fetch failed. One wrapper serves every view.

use std::any::Any;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::rc::Rc;

use yew::prelude::*;

use super::part::{Loaded, Part, Prefetch, use_part};
use crate::i18n::use_texts;

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
    pub const fn slot() -> Self {
        Self { part: Part::slot(), props: PhantomData }
    }

    /// The view with `props`: at once when fetched, else a placeholder while it is fetched, or a
    /// sentence and a retry button if the fetch failed.
    pub fn show(&'static self, props: P) -> Html {
        html! { <OnDemand part={&self.part} props={Rc::new(props) as Rc<dyn Any>} /> }
    }

    pub const fn part(&'static self) -> &'static Part<View> {
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
