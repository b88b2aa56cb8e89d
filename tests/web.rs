//! Tests that need a real DOM, run in headless Chromium by wasm-bindgen-test.

#![cfg(target_arch = "wasm32")]

use std::time::Duration;

use confab::components::message_item::{MessageItem, MessageItemProps};
use confab::services::browser;
use confab::state::{Delivery, Entry};
use confab::theme::{ThemeStyle, ThemeStyleProps};
use confab_protocol::config::{DEFAULT_PRIMARY, Theme};
use confab_protocol::{Message, Timestamp, UserRef};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};
use yew::Callback;

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// A fresh element in the page to render into.
fn mount_point(class: &str) -> Element {
    let element = document().create_element("div").unwrap();
    element.set_class_name(class);
    document().body().unwrap().append_child(&element).unwrap();
    element
}

/// Waits (polling, up to two seconds) until `condition` holds.
async fn until(mut condition: impl FnMut() -> bool) {
    for _ in 0..200 {
        if condition() {
            return;
        }
        yew::platform::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("condition not met within two seconds");
}

fn entry(text: &str, author: &str) -> Entry {
    let user = UserRef { id: "u1".into(), username: "mallory".into(), name: Some(author.into()) };
    Entry { message: Message::new("m1", "room", text, user, Timestamp(1_714_557_600_000)), delivery: Delivery::Sent }
}

/// A plain message as reader `me` sees it: not their own to moderate, not in a direct room, no
/// handlers.
fn item(entry: Entry, me: &str) -> MessageItemProps {
    MessageItemProps {
        entry: std::rc::Rc::new(entry),
        me: me.to_owned().into(),
        continued: false,
        can_moderate: false,
        direct: false,
        on_action: Callback::noop(),
        on_retry: Callback::noop(),
    }
}

#[wasm_bindgen_test]
async fn hostile_message_text_and_names_render_as_inert_text() {
    let payload = r#"<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>"#;
    let root = mount_point("hostile");
    let props = item(entry(payload, "<b onmouseover=alert(1)>Mallory</b>"), "bob");
    yew::Renderer::<MessageItem>::with_root_and_props(root.clone(), props).render();
    until(|| root.query_selector(".message-text").unwrap().is_some()).await;
    let text = root.query_selector(".message-text").unwrap().unwrap();
    assert_eq!(text.text_content().unwrap(), payload);
    assert!(
        root.query_selector("img, script, b, [onerror]").unwrap().is_none(),
        "no element was created from the text"
    );
    let author = root.query_selector(".author").unwrap().unwrap();
    assert_eq!(author.text_content().unwrap(), "<b onmouseover=alert(1)>Mallory</b>");
    let pwned = js_sys::Reflect::get(&web_sys::window().unwrap(), &"__pwned".into()).unwrap();
    assert!(pwned.is_undefined());
}

#[wasm_bindgen_test]
async fn a_failed_message_offers_a_retry_that_carries_the_same_message() {
    let root = mount_point("failed");
    let retried = std::rc::Rc::new(std::cell::RefCell::new(None));
    let on_retry = {
        let retried = retried.clone();
        Callback::from(move |message: Message| *retried.borrow_mut() = Some(message.id))
    };
    let mut failed = entry("hello", "Alice");
    failed.delivery = Delivery::Failed("offline".into());
    yew::Renderer::<MessageItem>::with_root_and_props(
        root.clone(),
        MessageItemProps { on_retry, ..item(failed, "alice") },
    )
    .render();
    until(|| root.query_selector("button.retry").unwrap().is_some()).await;
    let button: HtmlElement = root.query_selector("button.retry").unwrap().unwrap().dyn_into().unwrap();
    assert_eq!(
        root.query_selector(".message").unwrap().unwrap().get_attribute("data-delivery").as_deref(),
        Some("failed")
    );
    button.click();
    assert_eq!(retried.borrow().as_deref(), Some("m1"));
}

fn custom_property(element: &Element, name: &str) -> String {
    let style = web_sys::window().unwrap().get_computed_style(element).unwrap().unwrap();
    style.get_property_value(name).unwrap().trim().to_owned()
}

#[wasm_bindgen_test]
async fn the_theme_colour_reaches_the_app_root_and_a_hostile_one_is_refused() {
    let app = mount_point("confab");
    let style_root = mount_point("theme-a");
    let theme = Theme { primary: Some("#c0392b".into()) };
    yew::Renderer::<ThemeStyle>::with_root_and_props(style_root, ThemeStyleProps { theme }).render();
    until(|| custom_property(&app, "--confab-primary") == "#c0392b").await;

    let hostile_root = mount_point("theme-b");
    let theme = Theme { primary: Some("red; } body { display: none".into()) };
    yew::Renderer::<ThemeStyle>::with_root_and_props(hostile_root, ThemeStyleProps { theme }).render();
    until(|| custom_property(&app, "--confab-primary") == DEFAULT_PRIMARY).await;
    let body = document().body().unwrap();
    assert_ne!(
        web_sys::window().unwrap().get_computed_style(&body).unwrap().unwrap().get_property_value("display").unwrap(),
        "none"
    );
}

#[wasm_bindgen_test]
fn client_ids_come_from_the_browsers_crypto_and_do_not_repeat() {
    let ids: Vec<String> = (0..100).map(|_| browser::new_id()).collect();
    assert!(ids.iter().all(|id| id.len() == 17 && confab_protocol::ids::is_plausible_id(id)));
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), ids.len());
}

#[wasm_bindgen_test]
async fn markup_renders_safely_links_open_apart_and_mentions_of_the_reader_stand_out() {
    let root = mount_point("markup");
    let text = "*hi* @bob see https://example.com and [x](javascript:alert(1)) <data:text/html,x|y> `code`";
    let props = item(entry(text, "Alice"), "bob");
    yew::Renderer::<MessageItem>::with_root_and_props(root.clone(), props).render();
    until(|| root.query_selector(".message-text strong").unwrap().is_some()).await;
    let links = root.query_selector_all("a").unwrap();
    assert_eq!(links.length(), 1, "only the https link is a link");
    let link: Element = links.get(0).unwrap().dyn_into().unwrap();
    assert_eq!(link.get_attribute("href").as_deref(), Some("https://example.com"));
    assert_eq!(link.get_attribute("rel").as_deref(), Some("noopener noreferrer"));
    assert_eq!(link.get_attribute("target").as_deref(), Some("_blank"));
    assert!(root.query_selector(".md-mention.md-mention-me").unwrap().is_some());
    assert_eq!(root.query_selector("code").unwrap().unwrap().text_content().as_deref(), Some("code"));
    assert!(root.text_content().unwrap().contains("x"), "an unsafe link keeps its label as text");
}

#[wasm_bindgen_test]
async fn a_colour_shows_its_swatch_with_the_alpha_it_names() {
    let root = mount_point("colour");
    let props = item(entry("color:#ff000080", "Alice"), "bob");
    yew::Renderer::<MessageItem>::with_root_and_props(root.clone(), props).render();
    until(|| root.query_selector(".md-swatch").unwrap().is_some()).await;
    let swatch = root.query_selector(".md-swatch").unwrap().unwrap();
    let computed = web_sys::window().unwrap().get_computed_style(&swatch).unwrap().unwrap();
    assert_eq!(computed.get_property_value("background-color").unwrap(), "rgba(255, 0, 0, 0.5)");
    assert_eq!(root.query_selector(".md-color").unwrap().unwrap().text_content().as_deref(), Some("#ff0000"));
}

#[wasm_bindgen_test]
async fn avatars_show_initials_in_capitals_through_the_stylesheet() {
    let style = document().create_element("style").unwrap();
    style.set_text_content(Some(include_str!("../styles/app.css")));
    document().head().unwrap().append_child(&style).unwrap();
    let root = mount_point("avatar");
    let props = item(entry("hello", "élodie durand"), "bob");
    yew::Renderer::<MessageItem>::with_root_and_props(root.clone(), props).render();
    until(|| root.query_selector(".avatar").unwrap().is_some()).await;
    let avatar: HtmlElement = root.query_selector(".avatar").unwrap().unwrap().dyn_into().unwrap();
    assert_eq!(avatar.text_content().as_deref(), Some("éd"));
    assert_eq!(avatar.inner_text(), "ÉD");
    style.remove();
}
