//! Settings: the reader's picture, language and light or dark look, over the client's defaults,
//! and desktop notifications (the browser's permission, asked only when the reader presses its
//! button). A modal
//! dialog: it takes the focus, keeps Tab inside, closes on Escape, and its opener gets the focus
//! back (the layout does that).

use confab_core::slots::SettingsProps;
use confab_protocol::config::ThemeMode;
use std::rc::Rc;

use yew::prelude::*;

use confab_core::app::Appearance;
use confab_core::components::avatar::avatar;
use confab_core::components::{use_chat_state, use_client};
use confab_core::i18n::{LANGUAGES, use_texts};
use confab_core::services::chat::notify;
use confab_core::services::prefs::{self, Prefs};
use confab_core::ui::{Button, Dialog, Menu, MenuItem, Variant};

/// The dialog's view.
pub fn view(props: SettingsProps) -> Html {
    confab_core::i18n::catalog::add_part_strings(include_str!(concat!(env!("OUT_DIR"), "/parts/settings.json")));
    html! { <>{ crate::parts::ui_stylesheet() }<Settings ..props /></> }
}

const MODES: [(ThemeMode, &str); 3] =
    [(ThemeMode::Auto, "settings.auto"), (ThemeMode::Light, "settings.light"), (ThemeMode::Dark, "settings.dark")];

/// Stores the reader's new choices (for the next visit and its first screen) and shows them.
fn choose(appearance: &Appearance, chosen: Prefs) {
    prefs::save(&chosen);
    appearance.set.emit(chosen);
}

#[function_component(Settings)]
pub fn settings(props: &SettingsProps) -> Html {
    let texts = use_texts();
    let appearance = use_context::<Appearance>().expect("the app provides its appearance");
    let choose_language = {
        let appearance = appearance.clone();
        Callback::from(move |code: AttrValue| {
            let language = LANGUAGES.iter().any(|(c, _)| *c == code.as_str()).then(|| code.to_string());
            choose(&appearance, Prefs { language, ..appearance.prefs.clone() });
        })
    };
    let close = props.on_close.reform(|_: MouseEvent| ());
    let client = use_client();
    let languages: Rc<[MenuItem]> =
        LANGUAGES.iter().map(|(code, name)| MenuItem::radio(*code, *name, *code == appearance.language)).collect();
    let current =
        LANGUAGES.iter().find(|(code, _)| *code == appearance.language).map(|(_, name)| AttrValue::from(*name));
    html! {
        <Dialog class="settings" label={texts.get("settings.title")} on_close={props.on_close.clone()}>
              // A form of its own, so its radio group is its own even with several apps on a page.
              <form class="dialog-form" onsubmit={Callback::from(|event: SubmitEvent| event.prevent_default())}>
                <h2>{ texts.get("settings.title") }</h2>
                <PictureField />
                <div class="field">
                    <span>{ texts.get("settings.language") }</span>
                    <Menu class="language" label={texts.get("settings.language")} {current} items={languages} on_pick={choose_language} />
                </div>
                <fieldset class="field">
                    <legend>{ texts.get("settings.appearance") }</legend>
                    { for MODES.iter().map(|(mode, key)| {
                        let (appearance, mode) = (appearance.clone(), *mode);
                        let checked = appearance.mode == mode;
                        let onchange = Callback::from(move |_: Event| {
                            choose(&appearance, Prefs { mode: Some(mode), ..appearance.prefs.clone() });
                        });
                        html! {
                            <label class="choice">
                                <input type="radio" name="confab-mode" value={confab_core::theme::mode_name(mode)}
                                       {checked} {onchange} />
                                { texts.get(key) }
                            </label>
                        }
                    }) }
                </fieldset>
                if client.notifies() {
                    <NotificationFields />
                }
                <div class="dialog-actions">
                    <Button variant={Variant::Primary} class="close-settings" onclick={close}>{ texts.get("settings.close") }</Button>
                </div>
              </form>
        </Dialog>
    }
}

/// The reader's picture: chosen from the computer, sent to the server, shown to everyone.
#[function_component(PictureField)]
fn picture_field() -> Html {
    let texts = use_texts();
    let client = use_client();
    let state = use_chat_state();
    let picture_status = use_state(|| None::<AttrValue>);
    let choose_picture = {
        let (client, status, texts) = (client.clone(), picture_status.clone(), texts.clone());
        Callback::from(move |event: Event| {
            let input: web_sys::HtmlInputElement = event.target_unchecked_into();
            let Some(picture) = input.files().and_then(|files| files.get(0)) else { return };
            input.set_value("");
            let (rest, status, texts) = (client.rest(), status.clone(), texts.clone());
            status.set(Some(texts.get("settings.pictureSending")));
            wasm_bindgen_futures::spawn_local(async move {
                match rest.set_avatar(&picture).await {
                    Ok(()) => status.set(Some(texts.get("settings.pictureSet"))),
                    Err(error) => {
                        status.set(Some(texts.fill("settings.pictureFailed", &[("error", &error.to_string())]).into()))
                    }
                }
            });
        })
    };
    let reset_picture = {
        let (client, status, texts) = (client.clone(), picture_status.clone(), texts.clone());
        Callback::from(move |_: MouseEvent| {
            let (rest, status, texts) = (client.rest(), status.clone(), texts.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match rest.reset_avatar().await {
                    Ok(()) => status.set(Some(texts.get("settings.pictureReset"))),
                    Err(error) => {
                        status.set(Some(texts.fill("settings.pictureFailed", &[("error", &error.to_string())]).into()))
                    }
                }
            });
        })
    };
    let me = client.me().username.clone();
    let picture = client.avatar_url(&me, state.avatar_etag(&me));
    // The file input is the browser's; a button of the app's own opens its dialog.
    let input = use_node_ref();
    let pick = {
        let input = input.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(input) = input.cast::<web_sys::HtmlInputElement>() {
                input.click();
            }
        })
    };
    html! {
        <div class="field picture-field">
            { avatar(&me, Some(picture)) }
            <div class="choose-picture">
                <span>{ texts.get("settings.picture") }</span>
                <input type="file" class="picture-input" ref={input} tabindex="-1" aria-hidden="true"
                       accept="image/png,image/jpeg,image/gif,image/webp" onchange={choose_picture} />
                <span class="picture-buttons">
                    <Button class="pick-picture" onclick={pick}>{ texts.get("settings.choosePicture") }</Button>
                    <Button variant={Variant::Quiet} class="reset-picture" onclick={reset_picture}>{ texts.get("settings.resetPicture") }</Button>
                </span>
            </div>
            if let Some(status) = (*picture_status).clone() {
                <p class="picture-status" role="status">{ status }</p>
            }
        </div>
    }
}

/// Desktop notifications (the browser asks the reader only when they press the button) and the
/// chime's volume and mute, tried out with a button.
#[function_component(NotificationFields)]
fn notification_fields() -> Html {
    let texts = use_texts();
    let permission = use_state(notify::permission);
    let allow_notifications = {
        let permission = permission.clone();
        Callback::from(move |_: MouseEvent| {
            let permission = permission.clone();
            wasm_bindgen_futures::spawn_local(async move {
                notify::ask_permission().await;
                permission.set(notify::permission());
            });
        })
    };
    // The chime's volume and mute, tried out with a button.
    let sound = use_state(notify::Sound::load);
    let change_sound = |change: fn(&mut notify::Sound, &web_sys::HtmlInputElement)| {
        let sound = sound.clone();
        Callback::from(move |event: Event| {
            let mut chosen = *sound;
            change(&mut chosen, &event.target_unchecked_into());
            chosen.save();
            sound.set(chosen);
        })
    };
    let mute = change_sound(|sound, input| sound.muted = input.checked());
    let set_volume =
        change_sound(|sound, input| sound.volume = input.value().parse::<u8>().map_or(sound.volume, |v| v.min(100)));
    let try_sound = {
        let sound = sound.clone();
        Callback::from(move |_: MouseEvent| notify::chime(&sound))
    };
    let notifications = match permission.as_str() {
        "granted" => html! { <p class="notifications-state">{ texts.get("settings.notificationsOn") }</p> },
        "denied" | "unsupported" => {
            html! { <p class="notifications-state">{ texts.get("settings.notificationsBlocked") }</p> }
        }
        _ => html! {
            <Button class="allow-notifications" onclick={allow_notifications}>{ texts.get("settings.allowNotifications") }</Button>
        },
    };
    html! {
        <>
                <div class="field notifications-field">
                    <span>{ texts.get("settings.notifications") }</span>
                    { notifications }
                </div>
                <fieldset class="field sound-field">
                    <legend>{ texts.get("settings.sound") }</legend>
                    <label class="choice">
                        <input type="checkbox" class="sound-muted" checked={sound.muted} onchange={mute} />
                        { texts.get("settings.soundMuted") }
                    </label>
                    <label class="choice">
                        { texts.get("settings.volume") }
                        <input type="range" class="sound-volume" min="0" max="100" step="5" value={sound.volume.to_string()}
                               disabled={sound.muted} onchange={set_volume} />
                    </label>
                    <Button class="try-sound" disabled={sound.muted} onclick={try_sound}>{ texts.get("settings.trySound") }</Button>
                </fieldset>
        </>
    }
}
