//! Tests that need a real DOM, run in headless Chromium by wasm-bindgen-test.

#![cfg(target_arch = "wasm32")]

use std::time::Duration;

use std::rc::Rc;

use confab::parts::room::message_item::{MessageItem, MessageItemProps};
use confab_core::i18n::Texts;
use confab_core::services::browser;
use confab_core::state::rights::MayChange;
use confab_core::state::{Delivery, Entry};
use confab_core::theme::{ThemeStyle, ThemeStyleProps};
use confab_protocol::config::{ChatConfig, DARK, LIGHT, Labels};
use confab_protocol::{Message, Timestamp, UserRef};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};
use yew::prelude::*;

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

/// The element holding the focus.
fn browser_focused() -> Option<Element> {
    document().active_element()
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

#[derive(Properties, PartialEq)]
struct InAppProps {
    item: MessageItemProps,
    #[prop_or("en")]
    language: &'static str,
}

/// A message item with what the app around it provides: its texts in `language` (with the room
/// part's own, as its views have them).
#[function_component(InApp)]
fn in_app(props: &InAppProps) -> Html {
    confab::parts::install();
    confab::parts::room::strings();
    let texts = use_memo(props.language, |language| Rc::new(Texts::new(language, &Labels::new(), &mut Vec::new())));
    html! {
        <ContextProvider<Rc<Texts>> context={(*texts).clone()}>
            <MessageItem ..props.item.clone() />
        </ContextProvider<Rc<Texts>>>
    }
}

/// Renders a message item into `root`, in English.
fn render_item(root: &Element, item: MessageItemProps) {
    yew::Renderer::<InApp>::with_root_and_props(root.clone(), InAppProps { item, language: "en" }).render();
}

/// A plain message as reader `me` sees it: not their own to moderate, not in a direct room, no
/// handlers.
fn item(entry: Entry, me: &str) -> MessageItemProps {
    MessageItemProps {
        entry: std::rc::Rc::new(entry),
        me: me.to_owned().into(),
        continued: false,
        may: MayChange::default(),
        direct: false,
        on_action: Callback::noop(),
        on_retry: Callback::noop(),
        on_view: Callback::noop(),
        tab_stop: None,
    }
}

#[wasm_bindgen_test]
async fn hostile_message_text_and_names_render_as_inert_text() {
    let payload = r#"<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>"#;
    let root = mount_point("hostile");
    let props = item(entry(payload, "<b onmouseover=alert(1)>Mallory</b>"), "bob");
    render_item(&root, props);
    until(|| root.query_selector(".message-text").unwrap().is_some()).await;
    let text = root.query_selector(".message-text").unwrap().unwrap();
    assert_eq!(text.text_content().unwrap(), payload);
    assert!(
        root.query_selector("img:not(.avatar > img), script, b, [onerror]").unwrap().is_none(),
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
    render_item(&root, MessageItemProps { on_retry, ..item(failed, "alice") });
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

/// The theme the app derives from a config holding `theme` (JSON).
fn presentation(theme: &str) -> Rc<confab_protocol::config::Presentation> {
    let json = format!(r#"{{"authentication": {{"userId": "u", "userToken": "t"}}, "theme": {theme}}}"#);
    Rc::new(serde_json::from_str::<ChatConfig>(&json).unwrap().presentation().0)
}

/// An app root in `mode`, with the theme of `theme` (JSON) applied to the page.
fn themed_root(class: &str, mode: &str, theme: &str) -> Element {
    let app = mount_point(&format!("confab {class}"));
    app.set_attribute("data-mode", mode).unwrap();
    let style_root = mount_point(&format!("{class}-style"));
    yew::Renderer::<ThemeStyle>::with_root_and_props(
        style_root,
        ThemeStyleProps { presentation: presentation(theme), on_host: false },
    )
    .render();
    app
}

#[wasm_bindgen_test]
async fn every_token_of_the_theme_reaches_the_app_root_in_light_and_dark() {
    let theme = r##"{"light": {"primary": "#c0392b", "text": "#111111"}, "dark": {"background": "#101010"},
                     "fontScale": 1.25, "radius": 3, "density": "compact"}"##;
    let light = themed_root("themed-light", "light", theme);
    until(|| custom_property(&light, "--confab-primary") == "#c0392b").await;
    assert_eq!(custom_property(&light, "--confab-text"), "#111111");
    assert_eq!(custom_property(&light, "--confab-background"), LIGHT[2], "an unset token keeps its default");
    assert_eq!(custom_property(&light, "--confab-mention"), LIGHT[9]);
    assert_eq!(custom_property(&light, "--confab-radius"), "3px");
    assert_eq!(custom_property(&light, "--confab-font-size"), "125.0%");
    assert_eq!(custom_property(&light, "--confab-space"), "0.6");
    let dark = mount_point("confab");
    dark.set_attribute("data-mode", "dark").unwrap();
    until(|| custom_property(&dark, "--confab-background") == "#101010").await;
    assert_eq!(custom_property(&dark, "--confab-primary"), DARK[0]);
    assert_eq!(custom_property(&dark, "--confab-text"), DARK[4]);
}

#[wasm_bindgen_test]
async fn computed_colours_follow_the_theme_and_a_hosts_css_override_wins() {
    let style = document().create_element("style").unwrap();
    style.set_text_content(Some(include_str!("../styles/app.css")));
    document().head().unwrap().append_child(&style).unwrap();
    let app = themed_root("computed", "light", r##"{"light": {"background": "#fafaf0", "text": "#202020"}}"##);
    let computed = |name: &str| {
        web_sys::window().unwrap().get_computed_style(&app).unwrap().unwrap().get_property_value(name).unwrap()
    };
    until(|| computed("background-color") == "rgb(250, 250, 240)").await;
    assert_eq!(computed("color"), "rgb(32, 32, 32)");
    // A host's plain CSS, added before or after the theme, overrides any token.
    let host = document().create_element("style").unwrap();
    host.set_text_content(Some(".confab.computed { --confab-background: #003300; }"));
    document().head().unwrap().prepend_with_node_1(&host).unwrap();
    until(|| computed("background-color") == "rgb(0, 51, 0)").await;
    host.remove();
    style.remove();
}

#[wasm_bindgen_test]
async fn a_hostile_theme_value_is_refused_and_the_page_keeps_its_layout() {
    let app = themed_root("hostile", "light", r##"{"light": {"primary": "red; } body { display: none"}}"##);
    until(|| custom_property(&app, "--confab-primary") == LIGHT[0]).await;
    let body = document().body().unwrap();
    assert_ne!(
        web_sys::window().unwrap().get_computed_style(&body).unwrap().unwrap().get_property_value("display").unwrap(),
        "none"
    );
}

#[wasm_bindgen_test]
async fn a_messages_actions_exist_only_while_it_is_hovered_or_holds_the_focus() {
    let root = mount_point("engaged");
    let outside: HtmlElement = document().create_element("button").unwrap().dyn_into().unwrap();
    document().body().unwrap().append_child(&outside).unwrap();
    render_item(&root, item(entry("hello", "Alice"), "bob"));
    until(|| root.query_selector(".message").unwrap().is_some()).await;
    let message = root.query_selector(".message").unwrap().unwrap();
    let actions = || root.query_selector(".message-actions").unwrap().is_some();
    assert!(!actions(), "a message nobody points at has no actions");
    let pointer = |name: &str| message.dispatch_event(&web_sys::Event::new(name).unwrap()).unwrap();
    pointer("pointerenter");
    until(actions).await;
    pointer("pointerleave");
    until(|| !actions()).await;
    // The focus inside the message shows them too, until it goes to something outside.
    let author: HtmlElement = root.query_selector(".author").unwrap().unwrap().dyn_into().unwrap();
    author.focus().unwrap();
    until(actions).await;
    let quote: HtmlElement = root.query_selector(".action-quote").unwrap().unwrap().dyn_into().unwrap();
    quote.focus().unwrap();
    // Yew renders a state change before the next task: after one, the actions are still there.
    yew::platform::time::sleep(Duration::ZERO).await;
    assert!(actions(), "moving between the message's own controls keeps them");
    assert_eq!(browser_focused(), Some(quote.clone().into()), "and the focus stays where it went");
    outside.focus().unwrap();
    until(|| !actions()).await;
    outside.remove();
}

#[wasm_bindgen_test]
async fn a_message_speaks_the_readers_language() {
    let root = mount_point("localised");
    let mut props = item(entry("ciao", "Alice"), "bob");
    props.entry = Rc::new(Entry { delivery: Delivery::Failed("boom".into()), ..(*props.entry).clone() });
    yew::Renderer::<InApp>::with_root_and_props(root.clone(), InAppProps { item: props, language: "de" }).render();
    until(|| root.query_selector(".retry").unwrap().is_some()).await;
    assert_eq!(root.query_selector(".retry").unwrap().unwrap().text_content().as_deref(), Some("Erneut versuchen"));
    assert!(root.text_content().unwrap().contains("Nicht gesendet: boom"));
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
    render_item(&root, props);
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
    render_item(&root, props);
    until(|| root.query_selector(".md-swatch").unwrap().is_some()).await;
    let swatch = root.query_selector(".md-swatch").unwrap().unwrap();
    let computed = web_sys::window().unwrap().get_computed_style(&swatch).unwrap().unwrap();
    assert_eq!(computed.get_property_value("background-color").unwrap(), "rgba(255, 0, 0, 0.5)");
    assert_eq!(root.query_selector(".md-color").unwrap().unwrap().text_content().as_deref(), Some("#ff0000"));
}

#[wasm_bindgen_test]
async fn avatars_show_initials_in_capitals_through_the_stylesheet() {
    let style = document().create_element("style").unwrap();
    // Avatars are styled by the core's stylesheet (the room list shows them too).
    style.set_text_content(Some(include_str!("../styles/app.css")));
    document().head().unwrap().append_child(&style).unwrap();
    let root = mount_point("avatar");
    // The initials are the username's, as the server draws them where there is no picture.
    let mut author = entry("hello", "Élodie Durand");
    author.message.u.username = "élodie.durand".into();
    let props = item(author, "bob");
    render_item(&root, props);
    until(|| root.query_selector(".avatar").unwrap().is_some()).await;
    let avatar: HtmlElement = root.query_selector(".avatar").unwrap().unwrap().dyn_into().unwrap();
    assert_eq!(avatar.text_content().as_deref(), Some("éd"));
    assert_eq!(avatar.inner_text(), "ÉD");
    assert!(avatar.query_selector("img").unwrap().is_none(), "no picture outside the app, initials only");
    style.remove();
}
