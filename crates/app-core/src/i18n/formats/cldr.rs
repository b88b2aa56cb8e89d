//! ICU4X's CLDR formats, for the server's rendering: the same patterns as the browser's `Intl`
//! with the options the app asks it for, in the time zone the reader's request gave.

use confab_protocol::Timestamp;
use icu_calendar::Gregorian;
use icu_datetime::fieldsets;
use icu_datetime::input::{Date, DateTime, Time};
use icu_datetime::options::Alignment;
use icu_datetime::{DateTimeFormatterPreferences, FixedCalendarDateTimeFormatter};
use icu_locale_core::Locale;
use icu_plurals::{PluralCategory, PluralRules};

use crate::services::browser;

pub struct Formats {
    prefs: DateTimeFormatterPreferences,
    plurals: Option<PluralRules>,
}

/// `$at` written with the field set `$fields` in the formats' language; nothing if ICU4X has no
/// pattern for it (it has, for every language the app speaks). CLDR puts a narrow no-break space
/// before "AM"; browsers write a plain space there (V8 went back to it for the web's sake), and
/// the app must write what they do.
macro_rules! formatted {
    ($formats:ident, $fields:expr, $at:expr) => {
        match (
            FixedCalendarDateTimeFormatter::<Gregorian, _>::try_new($formats.prefs.clone(), $fields),
            wall_clock($at),
        ) {
            (Ok(formatter), Some(at)) => formatter.format(&at).to_string().replace('\u{202f}', " "),
            _ => String::new(),
        }
    };
}

const DAY_MS: i64 = 86_400_000;

/// `at` on the reader's wall clock, in the proleptic Gregorian calendar.
fn wall_clock(at: Timestamp) -> Option<DateTime<Gregorian>> {
    let local = at.millis() + browser::utc_offset_ms();
    let (days, in_day) = (local.div_euclid(DAY_MS), local.rem_euclid(DAY_MS) / 1000);
    // Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
    let date = Date::try_new_gregorian(year, month, day).ok()?;
    let time = Time::try_new((in_day / 3600) as u8, (in_day / 60 % 60) as u8, (in_day % 60) as u8, 0).ok()?;
    Some(DateTime { date, time })
}

impl Formats {
    pub fn new(language: &'static str) -> Self {
        let locale: Locale = language.parse().unwrap_or(Locale::UNKNOWN);
        Self { prefs: (&locale).into(), plurals: PluralRules::try_new_cardinal((&locale).into()).ok() }
    }

    pub fn time(&self, at: Timestamp) -> String {
        formatted!(self, fieldsets::T::hm().with_alignment(Alignment::Column), at)
    }

    pub fn date(&self, at: Timestamp) -> String {
        formatted!(self, fieldsets::YMD::long(), at)
    }

    pub fn weekday(&self, at: Timestamp) -> String {
        formatted!(self, fieldsets::E::long(), at)
    }

    pub fn date_time(&self, at: Timestamp) -> String {
        formatted!(
            self,
            fieldsets::YMDT::medium().with_time_precision(icu_datetime::options::TimePrecision::Minute),
            at
        )
    }

    pub fn plural(&self, count: u64) -> String {
        let category = self.plurals.as_ref().map_or(PluralCategory::Other, |rules| rules.category_for(count));
        match category {
            PluralCategory::Zero => "zero",
            PluralCategory::One => "one",
            PluralCategory::Two => "two",
            PluralCategory::Few => "few",
            PluralCategory::Many => "many",
            PluralCategory::Other => "other",
        }
        .to_owned()
    }
}
