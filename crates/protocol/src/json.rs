//! Reading wire types from parsed JSON by hand ([`FromJson`]), as the wasm app does.
//!
//! The server reads and writes with serde's derived code, which is generated anew for every type
//! and every kind of input and, for internally tagged enums such as the markup tree, copies each
//! value into a buffer first. In the browser that was a fifth of the app's code. The app instead
//! parses each body once into a [`Value`] and reads its types from that with these small
//! readers. The tests hold every reader to the derived decoder on the same JSON, so the two
//! cannot drift apart.
//!
//! Readers are lenient where a client can afford to be: an optional field that is absent, `null`
//! or of the wrong type is `None`, and a field with a default takes it. A required field that is
//! missing makes the whole value unreadable (`None`).

use std::collections::BTreeMap;
use std::marker::PhantomData;

use serde::{Deserialize, Serialize};

use serde_json::{Map, Value};

/// A type read from a JSON value: `None` when the value is not one.
pub trait FromJson: Sized {
    fn from_json(value: &Value) -> Option<Self>;
}

/// Whether any text in `value`, key or string, holds a NUL: text no peer has a use for, which
/// PostgreSQL cannot store and SQLite's full-text queries end at, so servers refuse it.
pub fn has_nul(value: &Value) -> bool {
    match value {
        Value::String(text) => text.contains('\0'),
        Value::Array(items) => items.iter().any(has_nul),
        Value::Object(fields) => fields.iter().any(|(key, value)| key.contains('\0') || has_nul(value)),
        Value::Null | Value::Bool(_) | Value::Number(_) => false,
    }
}

/// Parses `text` as JSON and reads a `T` from it.
pub fn read<T: FromJson>(text: &str) -> Option<T> {
    T::from_json(&serde_json::from_str::<Value>(text).ok()?)
}

/// The fields of a JSON object.
#[derive(Clone, Copy, Debug)]
pub struct Fields<'a>(pub &'a Map<String, Value>);

impl<'a> Fields<'a> {
    pub fn of(value: &'a Value) -> Option<Self> {
        value.as_object().map(Self)
    }

    /// The field under `key` as a `T`: `None` when it is absent, `null` or not a `T`.
    pub fn get<T: FromJson>(&self, key: &str) -> Option<T> {
        self.0.get(key).and_then(T::from_json)
    }

    /// The field under `key` as text, borrowed.
    pub fn str(&self, key: &str) -> Option<&'a str> {
        self.0.get(key).and_then(Value::as_str)
    }

    /// The field under `key` as it is, if present and not `null`.
    pub fn value(&self, key: &str) -> Option<&'a Value> {
        self.0.get(key).filter(|value| !value.is_null())
    }
}

impl FromJson for String {
    fn from_json(value: &Value) -> Option<Self> {
        value.as_str().map(str::to_owned)
    }
}

impl FromJson for bool {
    fn from_json(value: &Value) -> Option<Self> {
        value.as_bool()
    }
}

impl FromJson for u8 {
    fn from_json(value: &Value) -> Option<Self> {
        value.as_u64().and_then(|n| u8::try_from(n).ok())
    }
}

impl FromJson for u32 {
    fn from_json(value: &Value) -> Option<Self> {
        value.as_u64().and_then(|n| u32::try_from(n).ok())
    }
}

impl FromJson for u64 {
    fn from_json(value: &Value) -> Option<Self> {
        value.as_u64()
    }
}

impl FromJson for usize {
    fn from_json(value: &Value) -> Option<Self> {
        value.as_u64().and_then(|n| usize::try_from(n).ok())
    }
}

impl FromJson for i64 {
    fn from_json(value: &Value) -> Option<Self> {
        value.as_i64()
    }
}

impl FromJson for f64 {
    fn from_json(value: &Value) -> Option<Self> {
        value.as_f64()
    }
}

/// Any JSON, kept as it is (`null` included): a frame's `result`, a stream event's arguments.
impl FromJson for Value {
    fn from_json(value: &Value) -> Option<Self> {
        Some(value.clone())
    }
}

impl<T: FromJson> FromJson for Box<T> {
    fn from_json(value: &Value) -> Option<Self> {
        T::from_json(value).map(Box::new)
    }
}

impl<T: FromJson> FromJson for std::sync::Arc<T> {
    fn from_json(value: &Value) -> Option<Self> {
        T::from_json(value).map(std::sync::Arc::new)
    }
}

/// A list whose every item reads; one that does not makes the list unreadable.
impl<T: FromJson> FromJson for Vec<T> {
    fn from_json(value: &Value) -> Option<Self> {
        value.as_array()?.iter().map(T::from_json).collect()
    }
}

/// A map, built by inserting: collecting into a `BTreeMap` sorts first, and each type's sort
/// would be compiled into the app's first load (the object's keys come sorted anyway).
impl<T: FromJson> FromJson for BTreeMap<String, T> {
    fn from_json(value: &Value) -> Option<Self> {
        let mut map = BTreeMap::new();
        for (key, value) in value.as_object()? {
            map.insert(key.clone(), T::from_json(value)?);
        }
        Some(map)
    }
}

/// A field kept as the JSON it came in, read into a `T` only where it is used.
///
/// Every message passes through the app's core (the stream, the reducer, the room list), but
/// only the room view shows its attachments and link previews. Keeping those as JSON in the
/// message means their readers, and the code that walks them, are linked into the part that
/// renders them instead of into the first load. The server builds them typed ([`Lazy::new`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lazy<T> {
    value: Value,
    kind: PhantomData<fn() -> T>,
}

impl<T> Lazy<T> {
    /// The JSON as it came.
    pub fn json(&self) -> &Value {
        &self.value
    }
}

impl<T: FromJson> Lazy<T> {
    /// The value as a `T`, or `None` when it is not one.
    pub fn read(&self) -> Option<T> {
        T::from_json(&self.value)
    }
}

impl<T: Serialize> Lazy<T> {
    pub fn new(value: &T) -> Self {
        Self { value: serde_json::to_value(value).unwrap_or(Value::Null), kind: PhantomData }
    }
}

impl<T> FromJson for Lazy<T> {
    fn from_json(value: &Value) -> Option<Self> {
        Some(Self { value: value.clone(), kind: PhantomData })
    }
}

impl<T> Serialize for Lazy<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(serializer)
    }
}

impl<'de, T> Deserialize<'de> for Lazy<T> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(Self { value: Value::deserialize(deserializer)?, kind: PhantomData })
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn a_nul_anywhere_in_a_document_is_found() {
        assert!(has_nul(&json!({"message": {"msg": "a\u{0}b"}})));
        assert!(has_nul(&json!({"a\u{0}": 1})));
        assert!(has_nul(&json!([[["\u{0}"]]])));
        assert!(!has_nul(&json!({"msg": "a\\u0000b", "n": 0, "list": [null, true]})));
    }

    #[test]
    fn absent_null_and_mistyped_optional_fields_are_none() {
        let value = json!({"a": "x", "b": null, "c": 3});
        let fields = Fields::of(&value).unwrap();
        assert_eq!(fields.get::<String>("a").as_deref(), Some("x"));
        assert_eq!(fields.get::<String>("b"), None);
        assert_eq!(fields.get::<String>("c"), None);
        assert_eq!(fields.get::<String>("d"), None);
        assert_eq!(fields.get::<u32>("c"), Some(3));
        assert_eq!(fields.value("b"), None);
    }

    #[test]
    fn numbers_out_of_range_and_lists_with_a_bad_item_do_not_read() {
        assert_eq!(u8::from_json(&json!(256)), None);
        assert_eq!(u32::from_json(&json!(-1)), None);
        assert_eq!(Vec::<u32>::from_json(&json!([1, "2"])), None);
        assert_eq!(Vec::<u32>::from_json(&json!([1, 2])), Some(vec![1, 2]));
        assert_eq!(read::<Vec<u32>>("not json"), None);
    }
}
