//! Settings: the reader's language and light or dark look, over the client's defaults. A modal
//! dialog: it takes the focus, keeps Tab inside, closes on Escape, and its opener gets the focus
//! back (the layout does that).

use confab_protocol::config::ThemeMode;
use web_sys::{HtmlElement, HtmlSelectElement};
use yew::prelude::*;

use crate::app::Appearance;
use crate::components::focus;
use crate::i18n::{LANGUAGES, use_texts};
use crate::services::prefs::Prefs;

/// The dialog's view.
pub fn view(props: SettingsProps) -> Html {
    html! { <Settings ..props /> }
}

#[derive(Properties, PartialEq, Clone)]
pub struct SettingsProps {
    pub on_close: Callback<()>,
}

const MODES: [(ThemeMode, &str); 3] =
    [(ThemeMode::Auto, "settings.auto"), (ThemeMode::Light, "settings.light"), (ThemeMode::Dark, "settings.dark")];

#[function_component(Settings)]
pub fn settings(props: &SettingsProps) -> Html {
    let texts = use_texts();
    let appearance = use_context::<Appearance>().expect("the app provides its appearance");
    let dialog = use_node_ref();
    let first = use_node_ref();
    {
        let first = first.clone();
        use_effect_with((), move |_| {
            if let Some(select) = first.cast::<HtmlElement>() {
                let _ = select.focus();
            }
        });
    }
    let onkeydown = {
        let (dialog, on_close) = (dialog.clone(), props.on_close.clone());
        Callback::from(move |event: KeyboardEvent| {
            if event.key() == "Escape" {
                event.prevent_default();
                on_close.emit(());
            } else if let Some(dialog) = dialog.cast::<web_sys::Element>() {
                focus::trap_tab(&event, &dialog);
            }
        })
    };
    let choose_language = {
        let appearance = appearance.clone();
        Callback::from(move |event: Event| {
            let code = event.target_unchecked_into::<HtmlSelectElement>().value();
            let language = LANGUAGES.iter().any(|(c, _)| *c == code).then_some(code);
            appearance.set.emit(Prefs { language, ..appearance.prefs.clone() });
        })
    };
    let close = props.on_close.reform(|_: MouseEvent| ());
    html! {
        <div class="dialog-backdrop">
            <div class="dialog settings" role="dialog" aria-modal="true" aria-label={texts.get("settings.title")}
                 ref={dialog} {onkeydown}>
              // A form of its own, so its radio group is its own even with several apps on a page.
              <form class="dialog-form" onsubmit={Callback::from(|event: SubmitEvent| event.prevent_default())}>
                <h2>{ texts.get("settings.title") }</h2>
                <label class="field">
                    <span>{ texts.get("settings.language") }</span>
                    <select ref={first} class="language" onchange={choose_language}>
                        { for LANGUAGES.iter().map(|(code, name)| html! {
                            <option value={*code} lang={*code} selected={*code == appearance.language}>{ *name }</option>
                        }) }
                    </select>
                </label>
                <fieldset class="field">
                    <legend>{ texts.get("settings.appearance") }</legend>
                    { for MODES.iter().map(|(mode, key)| {
                        let (appearance, mode) = (appearance.clone(), *mode);
                        let onchange = Callback::from(move |_: Event| {
                            appearance.set.emit(Prefs { mode: Some(mode), ..appearance.prefs.clone() });
                        });
                        html! {
                            <label class="choice">
                                <input type="radio" name="confab-mode" value={crate::theme::mode_name(mode)}
                                       checked={appearance.mode == mode} {onchange} />
                                { texts.get(key) }
                            </label>
                        }
                    }) }
                </fieldset>
                <div class="dialog-actions">
                    <button type="button" class="close-settings" onclick={close}>{ texts.get("settings.close") }</button>
                </div>
              </form>
            </div>
        </div>
    }
}
