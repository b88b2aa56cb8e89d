//! The browser's `Intl`: plural rules and date formats in the reader's language and time zone.

use confab_protocol::Timestamp;
use js_sys::{Array, Intl, Object, Reflect};
use wasm_bindgen::JsValue;

pub struct Formats {
    language: &'static str,
    plurals: Intl::PluralRules,
    times: js_sys::Function,
    dates: js_sys::Function,
}

fn options(pairs: &[(&str, &str)]) -> Object {
    let options = Object::new();
    for (key, value) in pairs {
        let _ = Reflect::set(&options, &(*key).into(), &(*value).into());
    }
    options
}

fn format(formatter: &js_sys::Function, at: Timestamp) -> String {
    let date = js_sys::Date::new(&JsValue::from_f64(at.millis() as f64));
    formatter.call1(&JsValue::NULL, &date).ok().and_then(|s| s.as_string()).unwrap_or_default()
}

impl Formats {
    pub fn new(language: &'static str) -> Self {
        let locales = Array::of1(&language.into());
        Self {
            language,
            plurals: Intl::PluralRules::new(&locales, &Object::new()),
            times: Intl::DateTimeFormat::new(&locales, &options(&[("hour", "2-digit"), ("minute", "2-digit")]))
                .format(),
            dates: Intl::DateTimeFormat::new(&locales, &options(&[("dateStyle", "long")])).format(),
        }
    }

    /// The plural category of `count` (`one`, `few`, `many`, `other`...).
    pub fn plural(&self, count: u64) -> String {
        self.plurals.select(count as f64).into()
    }

    /// The wall-clock time, hours and minutes.
    pub fn time(&self, at: Timestamp) -> String {
        format(&self.times, at)
    }

    /// The date, written out.
    pub fn date(&self, at: Timestamp) -> String {
        format(&self.dates, at)
    }

    /// The day of the week.
    pub fn weekday(&self, at: Timestamp) -> String {
        self.format_as(&[("weekday", "long")], at)
    }

    /// The date and the time, shortly. Made when asked for: only a message's timestamps show it,
    /// and the first screen has none.
    pub fn date_time(&self, at: Timestamp) -> String {
        self.format_as(&[("dateStyle", "medium"), ("timeStyle", "short")], at)
    }

    fn format_as(&self, options: &[(&str, &str)], at: Timestamp) -> String {
        let locales = Array::of1(&self.language.into());
        format(&Intl::DateTimeFormat::new(&locales, &self::options(options)).format(), at)
    }
}
