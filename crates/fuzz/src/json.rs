//! JSON that looks like the wire's: documents built from the keys and values of the protocol's
//! own fixtures, and the fixtures themselves damaged by a few edits. Random bytes almost never
//! make a DDP frame or a login answer; these make one most of the time, and then get it wrong in
//! one place, which is where readers differ.

use std::sync::OnceLock;

use arbitrary::{Arbitrary, Result, Unstructured};
use serde_json::{Map, Value};

/// A fixture of the protocol crate: its name and its JSON.
pub struct Fixture {
    pub name: &'static str,
    pub value: Value,
}

macro_rules! fixtures {
    ($($name:literal),* $(,)?) => {
        [$(($name, include_str!(concat!("../../protocol/tests/fixtures/", $name)))),*]
    };
}

/// Every JSON fixture of the protocol crate, and each DDP frame of `ddp_frames.jsonl`.
pub fn fixtures() -> &'static [Fixture] {
    static FIXTURES: OnceLock<Vec<Fixture>> = OnceLock::new();
    FIXTURES.get_or_init(|| {
        let files = fixtures![
            "config.json",
            "config_error_error.json",
            "config_error_errors.json",
            "error_response.json",
            "history.json",
            "login_response.json",
            "logout_response.json",
            "markup_trees.json",
            "me_response.json",
            "rooms_get.json",
            "send_message_request.json",
            "send_message_response.json",
            "subscriptions_get.json",
            "unauthorized_response.json",
        ];
        let mut all: Vec<Fixture> = files
            .iter()
            .map(|(name, text)| Fixture { name, value: serde_json::from_str(text).expect("a fixture is JSON") })
            .collect();
        let frames = include_str!("../../protocol/tests/fixtures/ddp_frames.jsonl");
        all.extend(frames.lines().filter(|l| !l.trim().is_empty()).map(|line| Fixture {
            name: "ddp_frames.jsonl",
            value: serde_json::from_str(line).expect("a frame is JSON"),
        }));
        all
    })
}

/// The keys and the short texts found anywhere in the fixtures.
struct Vocabulary {
    keys: Vec<String>,
    texts: Vec<String>,
}

fn vocabulary() -> &'static Vocabulary {
    static WORDS: OnceLock<Vocabulary> = OnceLock::new();
    WORDS.get_or_init(|| {
        let mut words = Vocabulary { keys: Vec::new(), texts: Vec::new() };
        fn walk(value: &Value, words: &mut Vocabulary) {
            match value {
                Value::Object(fields) => {
                    for (key, value) in fields {
                        if !words.keys.contains(key) {
                            words.keys.push(key.clone());
                        }
                        walk(value, words);
                    }
                }
                Value::Array(items) => items.iter().for_each(|item| walk(item, words)),
                Value::String(text) if text.len() <= 64 && !words.texts.contains(text) => {
                    words.texts.push(text.clone())
                }
                _ => {}
            }
        }
        for fixture in fixtures() {
            walk(&fixture.value, &mut words);
        }
        words
    })
}

fn pick<'v>(u: &mut Unstructured, from: &'v [String]) -> Result<&'v str> {
    Ok(from[u.choose_index(from.len())?].as_str())
}

/// A JSON value of at most `depth` levels, mostly made of the fixtures' keys and texts.
pub fn value(u: &mut Unstructured, depth: u32) -> Result<Value> {
    let words = vocabulary();
    let kinds = if depth == 0 { 6 } else { 8 };
    Ok(match u.choose_index(kinds)? {
        0 => Value::Null,
        1 => Value::Bool(u.arbitrary()?),
        2 => Value::from(u.arbitrary::<i64>()?),
        3 => serde_json::Number::from_f64(u.arbitrary()?).map_or(Value::Null, Value::Number),
        4 => Value::String(pick(u, &words.texts)?.to_owned()),
        5 => Value::String(u.arbitrary()?),
        6 => Value::Array((0..u.choose_index(4)?).map(|_| value(u, depth - 1)).collect::<Result<_>>()?),
        _ => {
            let mut fields = Map::new();
            for _ in 0..u.choose_index(6)? {
                let key = if u.ratio(7, 8)? { pick(u, &words.keys)?.to_owned() } else { u.arbitrary()? };
                fields.insert(key, value(u, depth - 1)?);
            }
            Value::Object(fields)
        }
    })
}

/// Whether `given` has an array where what serde read from it is written as an object: serde's
/// leniency (it reads a struct from its fields in order), which the hand readers do not share.
pub fn arrays_for_objects(given: &Value, written: &Value) -> bool {
    match (given, written) {
        (Value::Array(_), Value::Object(_)) => true,
        (Value::Array(given), Value::Array(written)) => {
            given.iter().zip(written).any(|(given, written)| arrays_for_objects(given, written))
        }
        (Value::Object(given), Value::Object(written)) => {
            given.iter().any(|(key, given)| written.get(key).is_some_and(|written| arrays_for_objects(given, written)))
        }
        _ => false,
    }
}

/// A JSON value built by [`value`].
#[derive(Debug)]
pub struct Json(pub Value);

impl<'a> Arbitrary<'a> for Json {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        value(u, 4).map(Self)
    }
}

/// One change to a document: where (a path of choices, each taken modulo the children there)
/// and what.
#[derive(Arbitrary, Debug)]
pub struct Edit {
    path: Vec<u8>,
    change: Change,
}

#[derive(Arbitrary, Debug)]
enum Change {
    /// The node becomes another value.
    Replace(Json),
    /// The node goes (from its object or array).
    Remove,
    /// A field is added beside the node.
    Add(Json),
    /// The node's text or number becomes the other kind.
    Retype,
}

/// A fixture with a few edits.
#[derive(Arbitrary, Debug)]
pub struct Damaged {
    fixture: u8,
    edits: Vec<Edit>,
}

impl Damaged {
    /// The damaged document, from among the fixtures `keep` accepts.
    pub fn build(&self, keep: impl Fn(&Fixture) -> bool) -> Option<(&'static str, Value)> {
        let chosen: Vec<&Fixture> = fixtures().iter().filter(|f| keep(f)).collect();
        let fixture = chosen.get(usize::from(self.fixture) % chosen.len().max(1))?;
        let mut value = fixture.value.clone();
        for edit in self.edits.iter().take(8) {
            apply(&mut value, &edit.path, &edit.change);
        }
        Some((fixture.name, value))
    }
}

fn apply(node: &mut Value, path: &[u8], change: &Change) {
    let Some((&step, rest)) = path.split_first() else {
        match change {
            Change::Replace(Json(value)) => *node = value.clone(),
            Change::Retype => {
                let retyped = match &*node {
                    Value::String(text) => text
                        .parse::<f64>()
                        .ok()
                        .and_then(serde_json::Number::from_f64)
                        .map_or(Value::Null, Value::Number),
                    Value::Number(number) => Value::String(number.to_string()),
                    other => Value::String(other.to_string()),
                };
                *node = retyped;
            }
            Change::Remove | Change::Add(_) => {}
        }
        return;
    };
    match node {
        Value::Object(fields) if !fields.is_empty() => {
            let key = fields.keys().nth(usize::from(step) % fields.len()).cloned().expect("a key at that place");
            match (rest.is_empty(), change) {
                (true, Change::Remove) => {
                    fields.remove(&key);
                }
                (true, Change::Add(Json(value))) => {
                    fields.insert(format!("{key}{step}"), value.clone());
                }
                _ => apply(fields.get_mut(&key).expect("the key is there"), rest, change),
            }
        }
        Value::Array(items) if !items.is_empty() => {
            let index = usize::from(step) % items.len();
            match (rest.is_empty(), change) {
                (true, Change::Remove) => {
                    items.remove(index);
                }
                (true, Change::Add(Json(value))) => items.insert(index, value.clone()),
                _ => apply(&mut items[index], rest, change),
            }
        }
        _ => apply(node, &[], change),
    }
}
