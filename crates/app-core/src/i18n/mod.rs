//! What the app says, in the reader's language: the catalog of strings (`catalog`) plus the
//! browser's `Intl` for plural forms, times and dates in that language.
//!
//! The language comes from the reader's own choice in Settings, then the config's `locale`, then
//! the host (`language` when mounted from JavaScript), then the browser's languages, then English.

pub mod catalog;

use std::ops::Deref;
use std::rc::Rc;

use confab_protocol::Timestamp;
use confab_protocol::config::Labels;
use js_sys::{Array, Intl, Object, Reflect};
use wasm_bindgen::JsValue;
use yew::prelude::*;

pub use catalog::{Catalog, LANGUAGES};

use crate::services::browser;

/// The catalog of the active language and the browser's formatters for it.
pub struct Texts {
    catalog: Catalog,
    plurals: Intl::PluralRules,
    times: js_sys::Function,
    dates: js_sys::Function,
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

fn options(pairs: &[(&str, &str)]) -> Object {
    let options = Object::new();
    for (key, value) in pairs {
        let _ = Reflect::set(&options, &(*key).into(), &(*value).into());
    }
    options
}

impl Texts {
    /// The texts of `language` (one of `LANGUAGES`) with the config's label overrides.
    pub fn new(language: &'static str, labels: &Labels, warnings: &mut Vec<String>) -> Self {
        let locales = Array::of1(&language.into());
        let catalog = Catalog::new(language, labels.get(language), warnings);
        Self {
            catalog,
            plurals: Intl::PluralRules::new(&locales, &Object::new()),
            times: Intl::DateTimeFormat::new(&locales, &options(&[("hour", "2-digit"), ("minute", "2-digit")]))
                .format(),
            dates: Intl::DateTimeFormat::new(&locales, &options(&[("dateStyle", "long")])).format(),
        }
    }

    /// The string of a count: `key`'s form for `count` in this language, `{count}` filled in.
    pub fn count(&self, key: &str, count: u64, args: &[(&str, &str)]) -> String {
        let category = String::from(self.plurals.select(count as f64));
        let count = count.to_string();
        let mut all = vec![("count", count.as_str())];
        all.extend_from_slice(args);
        self.catalog.plural(key, &category, &all)
    }

    fn format(&self, formatter: &js_sys::Function, at: Timestamp) -> String {
        let date = js_sys::Date::new(&JsValue::from_f64(at.millis() as f64));
        formatter.call1(&JsValue::NULL, &date).ok().and_then(|s| s.as_string()).unwrap_or_default()
    }

    /// The wall-clock time of `at`, as this language writes it.
    pub fn time(&self, at: Timestamp) -> String {
        self.format(&self.times, at)
    }

    /// The date and time of `at`, as this language writes them.
    pub fn date_time(&self, at: Timestamp) -> String {
        // Made when asked for: only a message's timestamps show it, and the first screen has none.
        self.format_as(&[("dateStyle", "medium"), ("timeStyle", "short")], at)
    }

    /// `at` formatted with a formatter made for the occasion, with `options` (`Intl`'s).
    fn format_as(&self, options: &[(&str, &str)], at: Timestamp) -> String {
        let locales = Array::of1(&self.language.into());
        self.format(&Intl::DateTimeFormat::new(&locales, &self::options(options)).format(), at)
    }

    /// A day as people say it: today, yesterday, or the date as this language writes it.
    pub fn day(&self, midnight: Timestamp) -> String {
        match days_ago(midnight) {
            0 => self.get("day.today").to_string(),
            1 => self.get("day.yesterday").to_string(),
            _ => self.format(&self.dates, midnight),
        }
    }

    /// When something happened, as a list of rooms says it: the time today, then "Yesterday",
    /// then the weekday within the week, then the date.
    pub fn when(&self, at: Timestamp) -> String {
        match days_ago(at) {
            0 => self.time(at),
            2..=6 => self.format_as(&[("weekday", "long")], at),
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
