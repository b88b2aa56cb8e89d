//! What someone was typing, per room and per thread, kept in the browser's storage under their
//! user id as it is typed, so a reload brings it back. The texts live in the chat client; this
//! part reads them back once and writes them, throttled (a burst of keys is one write). A sent
//! draft is written away at once; the core removes them all at logout, and nothing is written
//! once the session is over.

use std::collections::HashMap;
use std::rc::Rc;

use confab_protocol::json;
use gloo_storage::{LocalStorage, Storage};

use confab_core::services::chat::ChatClient;

/// How long typing may go on before what was typed is stored.
const SAVE_AFTER_MS: u64 = 300;

/// The draft of `place` (a room id, or `room#thread`).
pub fn get(client: &ChatClient, place: &str) -> String {
    restore(client);
    client.drafts().0.borrow().get(place).cloned().unwrap_or_default()
}

/// Keeps `text` as the draft of `place`; an empty one is none.
pub fn keep(client: &Rc<ChatClient>, place: &str, text: &str) {
    restore(client);
    let (texts, _, _) = client.drafts();
    if text.trim().is_empty() {
        // Sent or wiped: stored at once, so a reload right after never brings it back.
        texts.borrow_mut().remove(place);
        save(client);
        return;
    }
    let changed = texts.borrow_mut().insert(place.to_owned(), text.to_owned()).is_none_or(|old| old != text);
    if changed && !SAVING.replace(true) {
        let client = client.clone();
        yew::platform::spawn_local(async move {
            yew::platform::time::sleep(std::time::Duration::from_millis(SAVE_AFTER_MS)).await;
            SAVING.set(false);
            save(&client);
        });
    }
}

thread_local! {
    /// A throttled write is on its way.
    static SAVING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

fn restore(client: &ChatClient) {
    let (texts, key, read) = client.drafts();
    if read.replace(true) {
        return;
    }
    let stored = LocalStorage::raw().get_item(key).ok().flatten();
    if let Some(stored) = stored.and_then(|text| json::read::<std::collections::BTreeMap<String, String>>(&text)) {
        let mut texts = texts.borrow_mut();
        for (place, text) in stored {
            texts.entry(place).or_insert(text);
        }
    }
}

fn save(client: &ChatClient) {
    if client.ended() {
        return;
    }
    let (texts, key, _) = client.drafts();
    let texts: &HashMap<String, String> = &texts.borrow();
    let storage = LocalStorage::raw();
    let _ = match serde_json::to_string(texts) {
        Ok(text) if !texts.is_empty() => storage.set_item(key, &text),
        _ => storage.remove_item(key),
    };
}
