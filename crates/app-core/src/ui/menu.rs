//! A menu button, as the WAI-ARIA menu button pattern and Fuselage's `Menu` have it: a button
//! that opens a list of choices below it. Enter, Space or ↓ opens it with the focus on the chosen
//! item (or the first); ↑/↓, Home and End move; Enter picks; Escape closes it and Tab leaves it,
//! both giving the focus back to the button, which a pick does too. This is what the app offers
//! wherever a native `<select>` would be.

use std::rc::Rc;

use web_sys::HtmlElement;
use yew::prelude::*;

use super::IconButton;
use crate::components::focus;

/// One choice of a menu.
#[derive(Clone, Debug, PartialEq)]
pub struct MenuItem {
    /// What `on_pick` is told.
    pub key: AttrValue,
    pub label: AttrValue,
    /// For a choice among several (a radio item): whether it is the one chosen.
    pub checked: Option<bool>,
    /// The item's own class, by which tests and the host's CSS find it.
    pub class: Option<AttrValue>,
}

impl MenuItem {
    pub fn action(key: impl Into<AttrValue>, label: impl Into<AttrValue>) -> Self {
        Self { key: key.into(), label: label.into(), checked: None, class: None }
    }

    pub fn radio(key: impl Into<AttrValue>, label: impl Into<AttrValue>, checked: bool) -> Self {
        Self { checked: Some(checked), ..Self::action(key, label) }
    }

    pub fn with_class(self, class: impl Into<AttrValue>) -> Self {
        Self { class: Some(class.into()), ..self }
    }
}

#[derive(Properties, PartialEq)]
pub struct MenuProps {
    /// The button's icon (unless it shows `current`), and its name.
    #[prop_or_default]
    pub icon: Html,
    pub label: AttrValue,
    /// The choice in force, shown on the button in place of an icon, as a form field shows it.
    #[prop_or_default]
    pub current: Option<AttrValue>,
    #[prop_or_default]
    pub class: Classes,
    pub items: Rc<[MenuItem]>,
    pub on_pick: Callback<AttrValue>,
    #[prop_or_default]
    pub disabled: bool,
}

const ITEMS: &str = "[role^='menuitem']";

fn items(list: &NodeRef) -> Vec<HtmlElement> {
    list.cast::<web_sys::Element>().map(|list| focus::all(&list, ITEMS)).unwrap_or_default()
}

#[function_component(Menu)]
pub fn menu(props: &MenuProps) -> Html {
    let open = use_state(|| false);
    let (button, list) = (use_node_ref(), use_node_ref());
    // Opening puts the focus on the chosen item, else the first.
    {
        let list = list.clone();
        use_effect_with(*open, move |open| {
            if *open {
                let all = items(&list);
                let chosen = all.iter().find(|i| i.get_attribute("aria-checked").as_deref() == Some("true"));
                if let Some(item) = chosen.or(all.first()) {
                    let _ = item.focus();
                }
            }
        });
    }
    let close = {
        let (open, button) = (open.clone(), button.clone());
        move |refocus: bool| {
            open.set(false);
            if refocus && let Some(button) = button.cast::<HtmlElement>() {
                let _ = button.focus();
            }
        }
    };
    let ontoggle = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(!*open))
    };
    let onkeydown = {
        let (open, list, close) = (open.clone(), list.clone(), close.clone());
        Callback::from(move |event: KeyboardEvent| match event.key().as_str() {
            "Escape" if *open => {
                event.prevent_default();
                event.stop_propagation();
                close(true);
            }
            "Tab" if *open => close(false),
            "ArrowDown" | "ArrowUp" if !*open => {
                event.prevent_default();
                open.set(true);
            }
            _ if *open => {
                if let Some(list) = list.cast::<web_sys::Element>() {
                    focus::move_in_list(&event, &list, ITEMS, true);
                }
            }
            _ => {}
        })
    };
    // Leaving the menu for anywhere else (a click outside, the focus moved away) closes it.
    let onfocusout = {
        let close = close.clone();
        Callback::from(move |event: FocusEvent| {
            if focus::leaves(event.current_target(), event.related_target()) {
                close(false);
            }
        })
    };
    html! {
        <div class={classes!("menu", props.class.clone())} {onkeydown} {onfocusout}>
            if let Some(current) = props.current.clone() {
                <button type="button" class="menu-button menu-field" ref={button} aria-haspopup="menu"
                        aria-expanded={open.to_string()} aria-label={format!("{}: {current}", props.label)}
                        disabled={props.disabled} onclick={ontoggle}>
                    <span>{ current }</span><span class="menu-chevron" aria-hidden="true"></span>
                </button>
            } else {
                <IconButton icon={props.icon.clone()} label={props.label.clone()} class="menu-button"
                            node_ref={button} expanded={Some(*open)} disabled={props.disabled} onclick={ontoggle} />
            }
            if *open {
                <div class="menu-list" role="menu" aria-label={props.label.clone()} ref={list}>
                    { for props.items.iter().map(|item| {
                        let (on_pick, key, close) = (props.on_pick.clone(), item.key.clone(), close.clone());
                        let onclick = Callback::from(move |_: MouseEvent| {
                            close(true);
                            on_pick.emit(key.clone());
                        });
                        let role = if item.checked.is_some() { "menuitemradio" } else { "menuitem" };
                        html! {
                            <button type="button" {role} tabindex="-1" class={classes!("menu-item", item.class.clone())}
                                    data-key={item.key.clone()}
                                    aria-checked={item.checked.map(|c| AttrValue::from(c.to_string()))} {onclick}>
                                { item.label.clone() }
                            </button>
                        }
                    }) }
                </div>
            }
        </div>
    }
}
