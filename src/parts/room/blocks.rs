//! A bot's Rocket.Chat UI Kit blocks, drawn with the app's own components and never as HTML:
//! `section` (text, fields, an accessory), `actions` (buttons, a menu of options, an overflow
//! menu), `context`, `divider` and `image`. A block of another type says it cannot be shown.
//!
//! Pressing a button tells the bot (Rocket.Chat's block action) and shows the button busy until
//! the server has it; the choice is then made, and the block's other choices are off. A button
//! whose `actionId` is `confab.reply` is a suggested reply: its value is posted as the reader's
//! own message. Pictures are shown only from the chat server; another address is a link, never
//! fetched by the reader's browser.

use std::cell::Cell;
use std::rc::Rc;

use serde_json::Value;
use yew::prelude::*;

use confab_core::components::use_client;
use confab_core::i18n::use_texts;
use confab_core::services::rest::is_server_path;
use confab_core::ui::{Button, Menu, MenuItem, Variant};
use confab_protocol::Message;
use confab_protocol::interactions::{BlockActionRequest, SUGGESTED_REPLY};

use super::markup::{self, Reader};
use crate::parts::{MARKUP_PARSER, use_part};

/// A choice in a block: which block, which action, which value.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Choice {
    block: String,
    action: String,
    value: Option<String>,
}

#[derive(Properties, PartialEq)]
pub struct BlocksProps {
    pub message: Message,
    /// The reader's username, whose mentions stand out.
    pub me: AttrValue,
    pub tabindex: Option<&'static str>,
}

#[function_component(Blocks)]
pub fn blocks(props: &BlocksProps) -> Html {
    let client = use_client();
    let texts = use_texts();
    // The choice on its way to the bot, and those made.
    let busy = use_state(|| None::<Choice>);
    let made = use_state(Vec::<Choice>::new);
    // `mrkdwn` text is read by the markup parser, a part of its own.
    use_part(&MARKUP_PARSER, props.message.blocks.is_some());
    let Some(blocks) = props.message.blocks.as_ref().and_then(|b| b.json().as_array().cloned()) else {
        return html! {};
    };
    let choose = {
        let (client, busy, made, message) = (client.clone(), busy.clone(), made.clone(), props.message.clone());
        Callback::from(move |choice: Choice| {
            if busy.is_some() {
                return;
            }
            if choice.action == SUGGESTED_REPLY {
                client.send(&message.rid, message.tmid.as_deref(), choice.value.as_deref().unwrap_or_default());
                made.set([(*made).clone(), vec![choice]].concat());
                return;
            }
            busy.set(Some(choice.clone()));
            let request = BlockActionRequest {
                mid: message.id.clone(),
                rid: message.rid.clone(),
                block_id: choice.block.clone(),
                action_id: choice.action.clone(),
                value: choice.value.clone(),
            };
            let (busy, made) = (busy.clone(), made.clone());
            let done = Callback::from(move |arrived: bool| {
                if arrived {
                    made.set([(*made).clone(), vec![choice.clone()]].concat());
                }
                busy.set(None);
            });
            client.block_action(request, done);
        })
    };
    let missing_emoji = Cell::new(false);
    let reader = Reader {
        username: &props.me,
        texts: &texts,
        emoji: None,
        missing_emoji: &missing_emoji,
        tabindex: props.tabindex,
    };
    let draw = Draw { reader: &reader, choose: &choose, busy: (*busy).as_ref(), made: &made, tabindex: props.tabindex };
    html! { <div class="blocks">{ for blocks.iter().enumerate().map(|(n, block)| draw.block(n, block)) }</div> }
}

/// What drawing a message's blocks needs.
struct Draw<'a> {
    reader: &'a Reader<'a>,
    choose: &'a Callback<Choice>,
    busy: Option<&'a Choice>,
    made: &'a [Choice],
    tabindex: Option<&'static str>,
}

fn str_of<'v>(value: &'v Value, key: &str) -> Option<&'v str> {
    value.get(key)?.as_str()
}

impl Draw<'_> {
    fn block(&self, n: usize, block: &Value) -> Html {
        let id = str_of(block, "blockId").map_or_else(|| format!("block-{n}"), str::to_owned);
        match str_of(block, "type").unwrap_or_default() {
            "section" => {
                let fields = block.get("fields").and_then(Value::as_array).map(|fields| {
                    html! { <div class="block-fields">{ for fields.iter().map(|f| html! { <div>{ self.text(f) }</div> }) }</div> }
                });
                let accessory = block.get("accessory").map(|element| self.element(&id, element, false));
                html! {
                    <div class="block block-section" data-block-id={id.clone()}>
                        <div class="block-main">{ block.get("text").map(|t| self.text(t)).unwrap_or_default() }{ for fields }</div>
                        { for accessory.map(|a| html! { <div class="block-accessory">{ a }</div> }) }
                    </div>
                }
            }
            "actions" => {
                let elements = block.get("elements").and_then(Value::as_array).cloned().unwrap_or_default();
                let decided = self.made.iter().any(|choice| choice.block == id);
                html! {
                    <div class="block block-actions" role="group" data-block-id={id.clone()}>
                        { for elements.iter().map(|element| self.element(&id, element, decided)) }
                    </div>
                }
            }
            "context" => {
                let elements = block.get("elements").and_then(Value::as_array).cloned().unwrap_or_default();
                html! {
                    <div class="block block-context">
                        { for elements.iter().map(|element| match str_of(element, "type") {
                            Some("image") => self.picture(element, "block-context-image"),
                            _ => html! { <span>{ self.text(element) }</span> },
                        }) }
                    </div>
                }
            }
            "divider" => html! { <hr class="block block-divider" /> },
            "image" => html! {
                <figure class="block block-image">
                    { self.picture(block, "block-picture") }
                    { for block.get("title").map(|title| html! { <figcaption>{ self.text(title) }</figcaption> }) }
                </figure>
            },
            _ => html! { <p class="block block-unsupported">{ self.reader.texts.get("message.blockUnsupported") }</p> },
        }
    }

    /// A text object: `plain_text` as written, `mrkdwn` read as the message markup (once the
    /// parser is there).
    fn text(&self, text: &Value) -> Html {
        let words = str_of(text, "text").unwrap_or_default();
        let parse = MARKUP_PARSER.get().filter(|_| str_of(text, "type") == Some("mrkdwn"));
        match parse.and_then(|parse| parse(words, 0)) {
            Some(tree) => markup::render(&tree, *self.reader),
            None => html! { { words.to_owned() } },
        }
    }

    /// A picture from the chat server; any other address is a link with the picture's words.
    fn picture(&self, image: &Value, class: &'static str) -> Html {
        let address = str_of(image, "imageUrl").unwrap_or_default();
        let alt = str_of(image, "altText").unwrap_or_default().to_owned();
        if is_server_path(address) {
            html! { <img class={class} src={address.to_owned()} alt={alt} /> }
        } else {
            html! {
                <a class="block-picture-link" href={address.to_owned()} target="_blank" rel="noopener noreferrer nofollow"
                   tabindex={self.tabindex}>{ if alt.is_empty() { address.to_owned() } else { alt } }</a>
            }
        }
    }

    /// An interactive element of block `block`; `decided` once a choice of the block was made.
    fn element(&self, block: &str, element: &Value, decided: bool) -> Html {
        let action = str_of(element, "actionId").unwrap_or_default().to_owned();
        let choice = |value: Option<&str>| Choice {
            block: block.to_owned(),
            action: action.clone(),
            value: value.map(str::to_owned),
        };
        let label = |key: &str| element.get(key).and_then(|t| str_of(t, "text")).unwrap_or_default().to_owned();
        match str_of(element, "type").unwrap_or_default() {
            "button" => {
                let mine = choice(str_of(element, "value"));
                let chosen = self.made.contains(&mine);
                let busy = self.busy == Some(&mine);
                let variant = match str_of(element, "style") {
                    Some("primary") => Variant::Primary,
                    Some("danger") => Variant::Danger,
                    _ => Variant::Secondary,
                };
                if let Some(url) = str_of(element, "url") {
                    return html! {
                        <a class={classes!("btn", "btn-secondary", "block-link")} href={url.to_owned()} target="_blank"
                           rel="noopener noreferrer nofollow" tabindex={self.tabindex}>{ label("text") }</a>
                    };
                }
                let onclick = self.choose.reform(move |_: MouseEvent| mine.clone());
                html! {
                    <span class="block-button" aria-pressed={chosen.then_some("true")} aria-busy={busy.then_some("true")}>
                        <Button {variant} class={classes!(chosen.then_some("chosen"))} {onclick}
                                disabled={decided || self.busy.is_some()} tabindex={self.tabindex}>
                            { label("text") }
                        </Button>
                    </span>
                }
            }
            kind @ ("static_select" | "overflow") => {
                let options = element.get("options").and_then(Value::as_array).cloned().unwrap_or_default();
                let current = self.made.iter().find(|c| c.block == block && c.action == action);
                let items: Rc<[MenuItem]> = options
                    .iter()
                    .filter_map(|option| {
                        let value = str_of(option, "value")?;
                        let shown = option.get("text").and_then(|t| str_of(t, "text")).unwrap_or(value);
                        let checked = current.is_some_and(|c| c.value.as_deref() == Some(value));
                        Some(if kind == "overflow" {
                            MenuItem::action(value.to_owned(), shown.to_owned())
                        } else {
                            MenuItem::radio(value.to_owned(), shown.to_owned(), checked)
                        })
                    })
                    .collect();
                let chosen_label = current.and_then(|c| {
                    options
                        .iter()
                        .find(|o| str_of(o, "value") == c.value.as_deref())?
                        .get("text")
                        .and_then(|t| str_of(t, "text"))
                        .map(|t| AttrValue::from(t.to_owned()))
                });
                let (block, action) = (block.to_owned(), action.clone());
                let on_pick = self.choose.reform(move |value: AttrValue| Choice {
                    block: block.clone(),
                    action: action.clone(),
                    value: Some(value.to_string()),
                });
                let (label, icon) = if kind == "overflow" {
                    (AttrValue::from(self.reader.texts.get("message.blockMore").to_string()), html! { { "⋯" } })
                } else {
                    (AttrValue::from(label("placeholder")), html! {})
                };
                let current = if kind == "overflow" { None } else { chosen_label.or_else(|| Some(label.clone())) };
                html! { <Menu class="block-menu" {icon} {label} {current} {items} {on_pick} disabled={decided || self.busy.is_some()} /> }
            }
            "image" => self.picture(element, "block-accessory-image"),
            _ => html! { <span class="block-unsupported">{ self.reader.texts.get("message.blockUnsupported") }</span> },
        }
    }
}
