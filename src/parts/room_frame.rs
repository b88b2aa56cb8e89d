//! A room shown as a frame of the chat provider's own room page (`view.mode: "iframe"`), for
//! Rocket.Chat `…/channel/general?layout=embedded`. The frame is signed in with Rocket.Chat's
//! `login-with-token`, posted only to the provider's origin: when the frame loads, and again
//! when its app reports `startup` (an app may start listening after its page's load event).

use confab_core::slots::RoomFrameProps;
use confab_protocol::RoomType;
use confab_protocol::config::{RoomView, origin_of};
use gloo_events::EventListener;
use serde_json::json;
use wasm_bindgen::JsCast;
use web_sys::{HtmlIFrameElement, MessageEvent};
use yew::prelude::*;

use super::page_api::to_js;
use confab_core::components::{use_chat_state, use_client};
use confab_core::i18n::use_texts;

/// The frame's view.
pub fn view(props: RoomFrameProps) -> Html {
    html! { <>{ crate::parts::ui_stylesheet() }<RoomFrame ..props /></> }
}

fn path_segment(t: RoomType) -> &'static str {
    match t {
        RoomType::Channel => "channel",
        RoomType::Group => "group",
        RoomType::Direct => "direct",
        RoomType::Livechat => "live",
    }
}

#[function_component(RoomFrame)]
pub fn room_frame(props: &RoomFrameProps) -> Html {
    let state = use_chat_state();
    let client = use_client();
    let texts = use_texts();
    let frame = use_node_ref();
    let entry = state.room(&props.rid);
    let name = entry.map(|e| e.subscription.name.clone()).unwrap_or_default();
    let kind = entry.map_or("channel", |e| path_segment(e.subscription.t));
    let url = RoomView::frame_url(&props.template, &props.rid, &name, kind);
    let origin = origin_of(&props.template).unwrap_or_default().to_owned();
    let token = client.token();
    {
        let frame = frame.clone();
        use_effect_with((url.clone(), origin, token), move |(_, origin, token)| {
            let command = to_js(&json!({"externalCommand": "login-with-token", "token": token}));
            let sign_in = {
                let (frame, origin) = (frame.clone(), origin.clone());
                move || {
                    let window = frame.cast::<HtmlIFrameElement>().and_then(|f| f.content_window());
                    if let (Some(window), Some(command)) = (window, &command) {
                        let _ = window.post_message(command, &origin);
                    }
                }
            };
            let on_load = frame.cast::<HtmlIFrameElement>().map(|iframe| {
                let sign_in = sign_in.clone();
                EventListener::new(&iframe, "load", move |_| sign_in())
            });
            let on_startup = web_sys::window().map(|window| {
                let (frame, origin) = (frame.clone(), origin.clone());
                EventListener::new(&window, "message", move |event| {
                    let Some(event) = event.dyn_ref::<MessageEvent>() else { return };
                    let from_frame = frame
                        .cast::<HtmlIFrameElement>()
                        .and_then(|f| f.content_window())
                        .zip(event.source())
                        .is_some_and(|(window, source)| js_sys::Object::is(&window, &source));
                    let name =
                        js_sys::Reflect::get(&event.data(), &"eventName".into()).ok().and_then(|n| n.as_string());
                    if from_frame && event.origin() == origin && name.as_deref() == Some("startup") {
                        sign_in();
                    }
                })
            });
            move || drop((on_load, on_startup))
        });
    }
    let back = Callback::from(move |_: MouseEvent| client.close_room());
    // The provider's page has its own header; ours only leads back to the list in a narrow space.
    // Sandboxed so the provider's page cannot navigate the host's page away.
    html! {
        <section class="room-view framed" aria-label={name.clone()} data-room-id={props.rid.clone()}>
            <button type="button" class="back-to-rooms" onclick={back}>{ "← " }{ texts.get("layout.back") }</button>
            <iframe class="room-frame" ref={frame} src={url} title={name}
                    sandbox="allow-scripts allow-same-origin allow-forms allow-popups allow-popups-to-escape-sandbox" />
        </section>
    }
}
