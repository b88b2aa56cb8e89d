//! What the app says, in the reader's language: the catalog of strings (`catalog`) plus plural
//! forms, times and dates in that language (`formats`: the browser's `Intl`, or on the server
//! ICU4X's).
//!
//! The language comes from the reader's own choice in Settings, then the config's `locale`, then
//! the host (`language` when mounted from JavaScript), then the browser's languages, then English.

pub mod catalog;
mod formats;

use std::ops::Deref;
use std::rc::Rc;

use confab_protocol::Timestamp;
use confab_protocol::config::Labels;
use yew::prelude::*;

pub use catalog::{Catalog, LANGUAGES};
use formats::Formats;

use crate::services::browser;

/// The catalog of the active language and the formats for it.
pub struct Texts {
    catalog: Catalog,
    formats: Formats,
}

impl PartialEq for Texts {
    fn eq(&self, other: &Self) -> bool {
        self.catalog == other.catalog
    }
}

// Eq lets `Rc<Texts>` compare by pointer first: the app hands its context the same `Rc` on every
// render (one per message), which then costs no comparison of the catalogs.
impl Eq for Texts {}

impl Deref for Texts {
    type Target = Catalog;

    fn deref(&self) -> &Catalog {
        &self.catalog
    }
}

impl Texts {
    /// The texts of `language` (one of `LANGUAGES`) with the config's label overrides.
    pub fn new(language: &'static str, labels: &Labels, warnings: &mut Vec<String>) -> Self {
        Self { catalog: Catalog::new(language, labels.get(language), warnings), formats: Formats::new(language) }
    }

    /// The string of a count: `key`'s form for `count` in this language, `{count}` filled in.
    pub fn count(&self, key: &str, count: u64, args: &[(&str, &str)]) -> String {
        let category = self.formats.plural(count);
        let count = count.to_string();
        let mut all = vec![("count", count.as_str())];
        all.extend_from_slice(args);
        self.catalog.plural(key, &category, &all)
    }

    /// The wall-clock time of `at`, as this language writes it.
    pub fn time(&self, at: Timestamp) -> String {
        self.formats.time(at)
    }

    /// The date and time of `at`, as this language writes them.
    pub fn date_time(&self, at: Timestamp) -> String {
        self.formats.date_time(at)
    }

    /// A day as people say it: today, yesterday, or the date as this language writes it.
    pub fn day(&self, midnight: Timestamp) -> String {
        match days_ago(midnight) {
            0 => self.get("day.today").to_string(),
            1 => self.get("day.yesterday").to_string(),
            _ => self.formats.date(midnight),
        }
    }

    /// When something happened, as a list of rooms says it: the time today, then "Yesterday",
    /// then the weekday within the week, then the date.
    pub fn when(&self, at: Timestamp) -> String {
        match days_ago(at) {
            0 => self.time(at),
            2..=6 => self.formats.weekday(at),
            _ => self.day(at),
        }
    }
}

/// How many days before today (the reader's, in their time zone) `at` was.
fn days_ago(at: Timestamp) -> i64 {
    let offset = browser::utc_offset_ms();
    (browser::now().millis() + offset).div_euclid(86_400_000) - (at.millis() + offset).div_euclid(86_400_000)
}

/// The language whose strings are here to render with: `wanted` once its part has arrived;
/// until then the language shown before (a reader switching languages keeps reading the old one
/// for that moment), or none at start, when the app shows nothing rather than a flash of English.
/// A language that cannot be fetched leaves English.
#[hook]
pub fn use_language(wanted: &'static str) -> Option<&'static str> {
    let shown = use_mut_ref(|| None::<&'static str>);
    let failed = use_state(|| None::<&'static str>);
    let redraw = use_force_update();
    {
        let failed = failed.setter();
        use_effect_with(wanted, move |&wanted| {
            if let Some(part) = catalog::language_part(wanted).filter(|part| part.get().is_none()) {
                wasm_bindgen_futures::spawn_local(async move {
                    match part.load().await {
                        Ok(_) => redraw.force_update(),
                        Err(_) => failed.set(Some(wanted)),
                    }
                });
            }
        });
    }
    let language = if catalog::source(wanted).is_some() {
        Some(wanted)
    } else if *failed == Some(wanted) {
        Some(shown.borrow().unwrap_or(catalog::FALLBACK))
    } else {
        *shown.borrow()
    };
    *shown.borrow_mut() = language;
    language
}

/// The app's texts, provided at the root.
#[hook]
pub fn use_texts() -> Rc<Texts> {
    use_context::<Rc<Texts>>().expect("components render inside the app")
}
