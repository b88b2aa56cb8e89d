//! One value of the client's config that must never stop the app from starting.
//!
//! A business edits its config by hand. A colour given as a number, a flag given as `"yes"` or a
//! whole section given as a string must cost only that one value: it falls back to its default and
//! the app warns in the console, naming the key. So every optional key is read as any JSON first
//! and only then as its type ([`FromJson`]), and what cannot be read is remembered as invalid, not
//! as an error. Reading from the JSON value by hand, rather than through derived deserializers,
//! also keeps the wasm app small.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

pub use crate::json::FromJson;

impl<T: FromJson> FromJson for Setting<T> {
    fn from_json(value: &Value) -> Option<Self> {
        Some(Self::read(value))
    }
}

/// The setting under `key` of a JSON object.
pub fn field<T: FromJson>(object: &Map<String, Value>, key: &str) -> Setting<T> {
    object.get(key).map_or(Setting::Unset, Setting::read)
}

#[derive(Clone, Debug, Default, PartialEq)]
pub enum Setting<T> {
    /// Absent, or `null`.
    #[default]
    Unset,
    Set(T),
    /// Present but not of the expected type; holds a short description of what was given.
    Invalid(String),
}

impl<T> Setting<T> {
    pub fn is_unset(&self) -> bool {
        matches!(self, Self::Unset)
    }

    /// The value when set and valid by type, else `None`, warning for an invalid one.
    pub fn get(&self, key: &str, expected: &str, warnings: &mut Vec<String>) -> Option<&T> {
        match self {
            Self::Unset => None,
            Self::Set(value) => Some(value),
            Self::Invalid(given) => {
                warnings.push(invalid(key, given, expected));
                None
            }
        }
    }
}

impl Setting<String> {
    /// The string when set and accepted by `valid`, else `None`, warning for one that is not.
    pub fn checked(
        &self,
        key: &str,
        expected: &str,
        valid: impl Fn(&str) -> bool,
        warnings: &mut Vec<String>,
    ) -> Option<&str> {
        let value = self.get(key, expected, warnings)?;
        if valid(value) {
            return Some(value);
        }
        warnings.push(invalid(key, &quoted(value), expected));
        None
    }
}

/// The console warning for a value that was given but not used.
pub fn invalid(key: &str, given: &str, expected: &str) -> String {
    format!("config {key}: {given} is not {expected}; using the default")
}

/// `text` in quotes, for a warning. (Rust's `{:?}` would bring Unicode's tables of printable
/// characters into the wasm app for it.)
pub fn quoted(text: &str) -> String {
    format!("\"{text}\"")
}

/// What a JSON value is, for a warning: a string or whole number as written, else its kind.
/// (Formatting fractions would bring float printing into the wasm app for one warning.)
fn describe(value: &Value) -> String {
    match value {
        Value::String(text) => quoted(text),
        Value::Number(number) => number.as_i64().map_or_else(|| "a fraction".to_owned(), |n| n.to_string()),
        Value::Bool(flag) => flag.to_string(),
        Value::Null => "null".to_owned(),
        Value::Array(_) => "a list".to_owned(),
        Value::Object(_) => "an object".to_owned(),
    }
}

impl<T> From<T> for Setting<T> {
    fn from(value: T) -> Self {
        Self::Set(value)
    }
}

impl<T: FromJson> Setting<T> {
    /// The setting a JSON value makes: unset for `null`, invalid if not a `T`.
    pub fn read(value: &Value) -> Self {
        if value.is_null() {
            return Self::Unset;
        }
        match T::from_json(value) {
            Some(typed) => Self::Set(typed),
            None => Self::Invalid(describe(value)),
        }
    }
}

impl<'de, T: FromJson> Deserialize<'de> for Setting<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(Self::read(&Value::deserialize(deserializer)?))
    }
}

impl<T: Serialize> Serialize for Setting<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Set(value) => value.serialize(serializer),
            Self::Unset | Self::Invalid(_) => serializer.serialize_none(),
        }
    }
}

#[cfg(feature = "schema")]
impl<T: schemars::JsonSchema> schemars::JsonSchema for Setting<T> {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        T::schema_name()
    }

    fn schema_id() -> std::borrow::Cow<'static, str> {
        T::schema_id()
    }

    fn inline_schema() -> bool {
        T::inline_schema()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        T::json_schema(generator)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_of_the_wrong_type_is_kept_as_invalid_not_an_error() {
        #[derive(Deserialize)]
        struct Holder {
            #[serde(default)]
            flag: Setting<bool>,
        }
        let read = |json: &str| serde_json::from_str::<Holder>(json).unwrap().flag;
        assert_eq!(read(r#"{"flag": true}"#), Setting::Set(true));
        assert_eq!(read(r#"{"flag": null}"#), Setting::Unset);
        assert_eq!(read("{}"), Setting::Unset);
        assert_eq!(read(r#"{"flag": "yes"}"#), Setting::Invalid(r#""yes""#.into()));
        let mut warnings = Vec::new();
        assert_eq!(read(r#"{"flag": {"a": 1}}"#).get("features.threads", "true or false", &mut warnings), None);
        assert_eq!(warnings, ["config features.threads: an object is not true or false; using the default"]);
    }
}
