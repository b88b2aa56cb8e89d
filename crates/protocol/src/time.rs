//! Dates on the wire come in two spellings: REST uses ISO-8601 strings and DDP uses EJSON
//! `{"$date": <ms since epoch>}`. One `Timestamp` type reads both, so a message parsed from either
//! transport is the same value.
//!
//! A timestamp read from the wire lies between the epoch and the end of year 9999, the dates an
//! ISO-8601 string of four-digit years can spell: any other is refused as it is read, so every
//! `Timestamp` can be written, in either spelling.
//!
//! Serde gives a serializer no context, so the spelling on output is chosen per thread:
//! ISO by default, EJSON while [`as_ejson`] runs (which is what `ddp::Frame::encode` does).
//! Serialization is synchronous, so the setting cannot leak into another frame.

use std::cell::Cell;
use std::fmt;
use std::time::{Duration, UNIX_EPOCH};

use serde::de::{self, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Milliseconds since the Unix epoch, UTC.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(pub i64);

thread_local! {
    static EJSON: Cell<bool> = const { Cell::new(false) };
}

/// Runs `f` with every `Timestamp` serialized as EJSON `{"$date": ms}`.
pub fn as_ejson<T>(f: impl FnOnce() -> T) -> T {
    struct Restore(bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            EJSON.with(|flag| flag.set(self.0));
        }
    }
    let _restore = Restore(EJSON.with(|flag| flag.replace(true)));
    f()
}

impl Timestamp {
    /// The last millisecond of year 9999.
    pub const LATEST_MILLIS: i64 = 253_402_300_799_999;

    pub const fn from_millis(ms: i64) -> Self {
        Self(ms)
    }

    /// `ms` as a timestamp read from the wire: `None` outside the epoch to the end of year 9999.
    pub fn checked(ms: i64) -> Option<Self> {
        (0..=Self::LATEST_MILLIS).contains(&ms).then_some(Self(ms))
    }

    /// `ms` given as a number of any kind, checked.
    fn checked_f64(ms: f64) -> Option<Self> {
        // `as` saturates, and NaN becomes 0; both are then checked.
        if ms.is_nan() { None } else { Self::checked(ms as i64) }
    }

    pub const fn millis(self) -> i64 {
        self.0
    }

    /// Parses RFC 3339 / ISO-8601 as Rocket.Chat writes it (`2024-05-01T10:00:00.000Z`). The
    /// date is quoted as given, not with `{:?}`, which would bring Unicode's tables into the app.
    pub fn parse_iso(text: &str) -> Result<Self, String> {
        let time = humantime::parse_rfc3339_weak(text).map_err(|e| format!("invalid date \"{text}\": {e}"))?;
        let ms = match time.duration_since(UNIX_EPOCH) {
            Ok(after) => i64::try_from(after.as_millis()).unwrap_or(i64::MAX),
            Err(before) => -i64::try_from(before.duration().as_millis()).unwrap_or(i64::MAX),
        };
        Self::checked(ms).ok_or_else(|| format!("date \"{text}\" is not between 1970 and 9999"))
    }

    /// Formats as ISO-8601 with milliseconds in UTC, Rocket.Chat's REST spelling. A time made
    /// outside what can be spelt (never one read from the wire) is written as the nearest that can.
    pub fn to_iso(self) -> String {
        let ms = self.0.clamp(0, Self::LATEST_MILLIS);
        humantime::format_rfc3339_millis(UNIX_EPOCH + Duration::from_millis(ms.unsigned_abs())).to_string()
    }

    /// The current time on native targets; the wasm app reads its clock from `js_sys::Date`.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn now() -> Self {
        let ms = std::time::SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_millis() as i64).unwrap_or(0);
        Self(ms)
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_iso())
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if EJSON.with(Cell::get) {
            let mut map = serializer.serialize_map(Some(1))?;
            map.serialize_entry("$date", &self.0)?;
            map.end()
        } else {
            serializer.serialize_str(&self.to_iso())
        }
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(TimestampVisitor)
    }
}

struct TimestampVisitor;

impl<'de> Visitor<'de> for TimestampVisitor {
    type Value = Timestamp;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an ISO-8601 date string or an EJSON {\"$date\": ms} object")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Timestamp, E> {
        Timestamp::parse_iso(text).map_err(E::custom)
    }

    fn visit_i64<E: de::Error>(self, ms: i64) -> Result<Timestamp, E> {
        Timestamp::checked(ms).ok_or_else(|| out_of_range(ms))
    }

    fn visit_u64<E: de::Error>(self, ms: u64) -> Result<Timestamp, E> {
        self.visit_i64(i64::try_from(ms).unwrap_or(i64::MAX))
    }

    fn visit_f64<E: de::Error>(self, ms: f64) -> Result<Timestamp, E> {
        Timestamp::checked_f64(ms).ok_or_else(|| out_of_range(ms))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Timestamp, A::Error> {
        let mut date = None;
        while let Some(key) = map.next_key::<String>()? {
            if key == "$date" {
                date = Some(map.next_value::<EjsonDate>()?.0);
            } else {
                map.next_value::<de::IgnoredAny>()?;
            }
        }
        date.ok_or_else(|| de::Error::missing_field("$date"))
    }
}

fn out_of_range<E: de::Error>(ms: impl fmt::Display) -> E {
    E::custom(format_args!("{ms} ms is not a date between 1970 and 9999"))
}

/// The value under `$date`: milliseconds, or (in MongoDB's relaxed EJSON) an ISO string.
struct EjsonDate(Timestamp);

impl<'de> Deserialize<'de> for EjsonDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Inner;
        impl<'de> Visitor<'de> for Inner {
            type Value = Timestamp;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("milliseconds or an ISO-8601 string")
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<Timestamp, E> {
                TimestampVisitor.visit_str(text)
            }
            fn visit_i64<E: de::Error>(self, ms: i64) -> Result<Timestamp, E> {
                TimestampVisitor.visit_i64(ms)
            }
            fn visit_u64<E: de::Error>(self, ms: u64) -> Result<Timestamp, E> {
                TimestampVisitor.visit_u64(ms)
            }
            fn visit_f64<E: de::Error>(self, ms: f64) -> Result<Timestamp, E> {
                TimestampVisitor.visit_f64(ms)
            }
        }
        deserializer.deserialize_any(Inner).map(EjsonDate)
    }
}

/// An ISO-8601 string, milliseconds, or EJSON `{"$date": ms or ISO string}`, as the derived
/// decoder reads them.
impl crate::json::FromJson for Timestamp {
    fn from_json(value: &serde_json::Value) -> Option<Self> {
        use serde_json::Value;
        match value {
            Value::String(text) => Self::parse_iso(text).ok(),
            Value::Number(ms) => match ms.as_i64() {
                Some(ms) => Self::checked(ms),
                None => ms.as_u64().map_or_else(|| Self::checked_f64(ms.as_f64()?), |_| None),
            },
            Value::Object(object) => match object.get("$date")? {
                date @ (Value::String(_) | Value::Number(_)) => Self::from_json(date),
                _ => None,
            },
            _ => None,
        }
    }
}

/// In a config document a timestamp is an ISO-8601 string, as the config endpoint writes it.
#[cfg(feature = "schema")]
impl schemars::JsonSchema for Timestamp {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Timestamp".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({"type": "string", "format": "date-time"})
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_that_cannot_be_spelt_are_refused_as_they_are_read_and_never_panic_when_written() {
        use crate::json::FromJson;
        for refused in ["-1", "{\"$date\": -5}", "{\"$date\": 253402300800000}", "1e300", "\"1900-01-01T00:00:00Z\""] {
            assert!(serde_json::from_str::<Timestamp>(refused).is_err(), "{refused}");
            assert_eq!(Timestamp::from_json(&serde_json::from_str(refused).unwrap()), None, "{refused}");
        }
        assert_eq!(Timestamp(-5).to_iso(), "1970-01-01T00:00:00.000Z");
        assert_eq!(Timestamp(i64::MAX).to_iso(), "9999-12-31T23:59:59.999Z");
        assert_eq!(serde_json::from_str::<Timestamp>("253402300799999").unwrap().to_iso(), "9999-12-31T23:59:59.999Z");
    }

    #[test]
    fn reads_both_spellings_as_the_same_instant() {
        let iso: Timestamp = serde_json::from_str("\"2024-05-01T10:00:00.123Z\"").unwrap();
        let ejson: Timestamp = serde_json::from_str("{\"$date\": 1714557600123}").unwrap();
        assert_eq!(iso, ejson);
        assert_eq!(iso.millis(), 1_714_557_600_123);
    }

    #[test]
    fn writes_iso_by_default_and_ejson_on_request() {
        let ts = Timestamp(1_714_557_600_123);
        assert_eq!(serde_json::to_string(&ts).unwrap(), "\"2024-05-01T10:00:00.123Z\"");
        let ejson = as_ejson(|| serde_json::to_string(&ts).unwrap());
        assert_eq!(ejson, "{\"$date\":1714557600123}");
        // The setting ends with the closure.
        assert_eq!(serde_json::to_string(&ts).unwrap(), "\"2024-05-01T10:00:00.123Z\"");
    }

    #[test]
    fn the_hand_reader_reads_every_spelling_as_serde_does() {
        use crate::json::FromJson;
        for json in [
            serde_json::json!("2024-05-01T10:00:00.123Z"),
            serde_json::json!({"$date": 1_714_557_600_123_i64}),
            serde_json::json!({"$date": "2024-05-01T10:00:00Z"}),
            serde_json::json!(1_714_557_600_123_i64),
            serde_json::json!(0),
        ] {
            let derived: Timestamp = serde_json::from_value(json.clone()).unwrap();
            assert_eq!(Timestamp::from_json(&json), Some(derived), "{json}");
        }
        for bad in [
            serde_json::json!("yesterday"),
            serde_json::json!({"when": 1}),
            serde_json::json!(true),
            serde_json::json!(-5),
        ] {
            assert_eq!(Timestamp::from_json(&bad), None, "{bad}");
        }
    }

    #[test]
    fn rejects_garbage_with_a_clear_error() {
        let err = serde_json::from_str::<Timestamp>("\"yesterday\"").unwrap_err();
        assert!(err.to_string().contains("invalid date"), "{err}");
        assert!(serde_json::from_str::<Timestamp>("{\"when\": 1}").is_err());
        assert!(serde_json::from_str::<Timestamp>("true").is_err());
    }
}
