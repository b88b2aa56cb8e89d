//! The app's strings in each language it speaks, and the rules for filling them in.
//!
//! Each language is a flat JSON file in `locales/`, keyed like `composer.placeholder`; English is
//! the reference and every other file has exactly its keys (a test fails otherwise). A count's
//! key has one entry per plural category the language uses (`room.members.one`,
//! `room.members.other`), picked by the browser's `Intl.PluralRules`. Placeholders are `{name}`.
//! English is compiled into the core; every other language is a part of its own, fetched when a
//! reader needs it (see `use_language`). Only the active language is parsed.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};

use confab_protocol::config::language_of;
use yew::AttrValue;

use crate::slots::part::Part;
use crate::state::{Notice, Problem};

/// The languages Confab speaks: code and name in that language.
pub const LANGUAGES: [(&str, &str); 5] =
    [("en", "English"), ("it", "Italiano"), ("de", "Deutsch"), ("fr", "Français"), ("es", "Español")];

/// The language used when nothing else is known or supported.
pub const FALLBACK: &str = "en";

/// The Italian, German, French and Spanish strings (JSON text): each a part of its own.
pub static LANGUAGE_IT: Part<&str> = Part::slot();
pub static LANGUAGE_DE: Part<&str> = Part::slot();
pub static LANGUAGE_FR: Part<&str> = Part::slot();
pub static LANGUAGE_ES: Part<&str> = Part::slot();

/// The part holding a language's strings; `None` for English, which is in the core. A reader
/// fetches only their own language, and fetches it at start, so these are never prefetched.
pub fn language_part(code: &str) -> Option<&'static Part<&'static str>> {
    match code {
        "it" => Some(&LANGUAGE_IT),
        "de" => Some(&LANGUAGE_DE),
        "fr" => Some(&LANGUAGE_FR),
        "es" => Some(&LANGUAGE_ES),
        _ => None,
    }
}

/// The strings of `language` as JSON text, if they are here: English always, another language
/// once its part has been fetched.
#[cfg(target_arch = "wasm32")]
pub fn source(language: &str) -> Option<&'static str> {
    match language_part(language) {
        Some(part) => part.get(),
        None => Some(include_str!(concat!(env!("OUT_DIR"), "/en.json"))),
    }
}

/// The strings of `language` as JSON text. The server renders the first screen in any reader's
/// language, so it holds them all.
#[cfg(not(target_arch = "wasm32"))]
pub fn source(language: &str) -> Option<&'static str> {
    Some(match language {
        "it" => include_str!("../../../../locales/it.json"),
        "de" => include_str!("../../../../locales/de.json"),
        "fr" => include_str!("../../../../locales/fr.json"),
        "es" => include_str!("../../../../locales/es.json"),
        _ => include_str!(concat!(env!("OUT_DIR"), "/en.json")),
    })
}

/// The supported language of a locale tag (`"it-CH"` → `"it"`), if Confab speaks it.
pub fn supported(tag: &str) -> Option<&'static str> {
    let language = language_of(tag)?;
    LANGUAGES.iter().map(|(code, _)| *code).find(|code| *code == language)
}

/// The first supported language among `candidates`, in order of preference, else English.
pub fn choose<'a>(candidates: impl IntoIterator<Item = &'a str>) -> &'static str {
    candidates.into_iter().find_map(supported).unwrap_or(FALLBACK)
}

/// `template` with each `{name}` replaced by its value; unknown placeholders are left as written.
pub fn fill(template: &str, args: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}').map(|close| (&after[..close], close)) {
            Some((name, close)) if let Some((_, value)) = args.iter().find(|(n, _)| *n == name) => {
                out.push_str(value);
                rest = &after[close + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The areas that have strings in a part's own file (`locales/parts/`), every language of them
/// there, so the core carries none of them: a client's override of one of their keys is kept
/// until the part asks for it.
pub const PART_AREAS: [&str; 19] = [
    "actions", "composer", "emoji", "files", "find", "markup", "message", "newRoom", "notice", "people", "preview",
    "reaction", "room", "settings", "system", "thread", "timeline", "typing", "viewer",
];

fn in_a_part(key: &str) -> bool {
    key.split_once('.').is_some_and(|(area, _)| PART_AREAS.contains(&area))
}

/// The strings of the parts that have arrived: which sources are in, and the strings by language
/// and key.
#[derive(Default)]
struct PartStrings {
    added: Vec<usize>,
    by_language: HashMap<String, HashMap<String, AttrValue>>,
}

thread_local! {
    static PART_STRINGS: RefCell<PartStrings> = RefCell::default();
}

/// Makes a part's strings (`{"en": {key: text}, "it": {…}}`) available to every catalog; a part
/// calls it when it renders, and again costs nothing.
pub fn add_part_strings(source: &'static str) {
    PART_STRINGS.with(|registry| {
        let mut registry = registry.borrow_mut();
        if registry.added.contains(&(source.as_ptr() as usize)) {
            return;
        }
        registry.added.push(source.as_ptr() as usize);
        let parsed: serde_json::Value = serde_json::from_str(source).unwrap_or_default();
        for (language, strings) in parsed.as_object().into_iter().flatten() {
            let table = registry.by_language.entry(language.clone()).or_default();
            for (key, text) in strings.as_object().into_iter().flatten() {
                if let Some(text) = text.as_str() {
                    table.insert(key.clone(), AttrValue::from(text.to_owned()));
                }
            }
        }
    });
}

/// A part's string of `key` in `language`, else in English.
fn part_string(language: &str, key: &str) -> Option<AttrValue> {
    PART_STRINGS.with(|registry| {
        let registry = registry.borrow();
        [language, FALLBACK].iter().find_map(|language| registry.by_language.get(*language)?.get(key).cloned())
    })
}

/// One language's strings, with the client's overrides applied.
#[derive(Clone, Debug, PartialEq)]
pub struct Catalog {
    pub language: &'static str,
    strings: HashMap<String, AttrValue>,
}

impl Catalog {
    /// The catalog of a supported `language`, with `overrides` from the config's labels for it;
    /// an override of a key Confab does not have is warned about and ignored.
    pub fn new(
        language: &'static str,
        overrides: Option<&BTreeMap<String, String>>,
        warnings: &mut Vec<String>,
    ) -> Self {
        let parsed = source(language).and_then(|text| serde_json::from_str::<serde_json::Value>(text).ok());
        let mut strings: HashMap<String, AttrValue> = parsed
            .as_ref()
            .and_then(serde_json::Value::as_object)
            .into_iter()
            .flatten()
            .filter_map(|(key, text)| Some((key.clone(), AttrValue::from(text.as_str()?.to_owned()))))
            .collect();
        for (key, text) in overrides.into_iter().flatten() {
            match strings.get_mut(key) {
                Some(slot) => *slot = AttrValue::from(text.clone()),
                // A part's strings travel with the part; the client's override of one waits here.
                None if in_a_part(key) => {
                    strings.insert(key.clone(), AttrValue::from(text.clone()));
                }
                None => warnings
                    .push(format!("config labels.{language}.{key}: Confab has no string with this key; ignored")),
            }
        }
        Self { language, strings }
    }

    /// The English string of `key`, for what the host hears (events, callbacks).
    pub fn english(key: &str) -> AttrValue {
        Self::new(FALLBACK, None, &mut Vec::new()).get(key)
    }

    /// Why something failed, as this language says it.
    pub fn say(&self, problem: &Problem) -> String {
        match problem {
            Problem::Said(key) => self.get(key).to_string(),
            Problem::Status(status) => self.fill("error.status", &[("status", &status.to_string())]),
            Problem::Server(words) => words.clone(),
        }
    }

    /// A notice: what did not happen, then why.
    pub fn notice(&self, notice: &Notice) -> String {
        format!("{} {}", self.get(notice.what), self.say(&notice.why))
    }

    /// The string of `key`; the key itself if there is none, so a gap shows rather than hides.
    pub fn get(&self, key: &str) -> AttrValue {
        self.find(key).unwrap_or_else(|| AttrValue::from(key.to_owned()))
    }

    /// The string of `key`: the client's, the core's, or an arrived part's.
    fn find(&self, key: &str) -> Option<AttrValue> {
        self.strings.get(key).cloned().or_else(|| part_string(self.language, key))
    }

    /// The string of `key` with its placeholders filled.
    pub fn fill(&self, key: &str, args: &[(&str, &str)]) -> String {
        fill(&self.get(key), args)
    }

    /// The string of `key` for `category` (`one`, `few`, `many`, …), or its `other` form.
    pub fn plural(&self, key: &str, category: &str, args: &[(&str, &str)]) -> String {
        let form = self.find(&format!("{key}.{category}")).or_else(|| self.find(&format!("{key}.other")));
        fill(form.as_deref().unwrap_or(key), args)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    fn keys(language: &str) -> BTreeSet<String> {
        serde_json::from_str::<BTreeMap<String, String>>(&file(language)).unwrap().into_keys().collect()
    }

    /// A language's strings as its file has them: the other languages' parts are not installed in
    /// these tests, which are the core's alone.
    fn file(language: &str) -> String {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("../../locales/{language}.json"));
        std::fs::read_to_string(path).unwrap()
    }

    fn placeholders(text: &str) -> BTreeSet<&str> {
        text.split('{').skip(1).filter_map(|part| part.split_once('}').map(|(name, _)| name)).collect()
    }

    type PartFile = BTreeMap<String, BTreeMap<String, String>>;

    /// Every part's strings file, by name.
    fn part_files() -> Vec<(String, PartFile)> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../locales/parts");
        let mut files: Vec<(String, PartFile)> = std::fs::read_dir(dir)
            .unwrap()
            .flatten()
            .map(|entry| {
                let name = entry.file_name().to_string_lossy().into_owned();
                (name, serde_json::from_str(&std::fs::read_to_string(entry.path()).unwrap()).unwrap())
            })
            .collect();
        files.sort_by(|a, b| a.0.cmp(&b.0));
        assert!(files.len() >= 7, "the parts' strings are in locales/parts/");
        files
    }

    /// One language's strings against English's: the same keys (bar plural forms English does
    /// not use), the same placeholders, none empty.
    fn matches_english(what: &str, english: &BTreeMap<String, String>, strings: &BTreeMap<String, String>) {
        let missing: Vec<&String> = english.keys().filter(|k| !strings.contains_key(*k)).collect();
        assert!(missing.is_empty(), "{what} lacks {missing:?}");
        let extra: Vec<&String> = strings
            .keys()
            .filter(|k| !english.contains_key(*k))
            .filter(|k| {
                // A language may use plural categories English does not (`many`, `few`).
                let Some((base, _)) = k.rsplit_once('.') else { return true };
                !english.contains_key(&format!("{base}.other"))
            })
            .collect();
        assert!(extra.is_empty(), "{what} has keys English does not: {extra:?}");
        for (key, text) in strings {
            let reference =
                english.get(key).or_else(|| english.get(&format!("{}.other", key.rsplit_once('.').unwrap().0)));
            assert_eq!(placeholders(text), placeholders(reference.unwrap()), "{what}: {key}");
            assert!(!text.trim().is_empty(), "{what}: {key} is empty");
        }
    }

    #[test]
    fn every_part_speaks_every_language_in_its_own_areas() {
        for (name, file) in part_files() {
            let english = &file["en"];
            for (language, _) in LANGUAGES {
                let strings = file.get(language).unwrap_or_else(|| panic!("{name} lacks {language}"));
                matches_english(&format!("{name} in {language}"), english, strings);
            }
            let outside: Vec<&String> = english.keys().filter(|key| !in_a_part(key)).collect();
            assert!(outside.is_empty(), "{name}: {outside:?} are not in PART_AREAS, so overrides of them are refused");
        }
    }

    #[test]
    fn a_parts_strings_are_found_once_it_has_arrived_and_a_clients_override_wins() {
        const SOURCE: &str = r#"{"en": {"viewer.test": "Shown"}, "it": {"viewer.test": "Mostrato"}}"#;
        let overrides = BTreeMap::from([("viewer.other".to_owned(), "Given".to_owned())]);
        let mut warnings = Vec::new();
        let italian = Catalog::new("it", Some(&overrides), &mut warnings);
        assert!(warnings.is_empty(), "an override of a part's key waits for the part: {warnings:?}");
        assert_eq!(italian.get("viewer.test"), "viewer.test", "not before the part has arrived");
        add_part_strings(SOURCE);
        add_part_strings(SOURCE);
        assert_eq!(italian.get("viewer.test"), "Mostrato");
        assert_eq!(Catalog::new("de", None, &mut warnings).get("viewer.test"), "Shown", "English where it has none");
        assert_eq!(italian.get("viewer.other"), "Given");
    }

    #[test]
    fn every_language_has_every_key_and_the_same_placeholders() {
        let english: BTreeMap<String, String> = serde_json::from_str(&file("en")).unwrap();
        for (language, _) in LANGUAGES {
            let strings: BTreeMap<String, String> = serde_json::from_str(&file(language)).unwrap();
            matches_english(&format!("{language}.json"), &english, &strings);
        }
    }

    /// Every string literal in the app's code (the core's and the parts') shaped like a key (`area.name`, letters and dots)
    /// must be one, or the base of a count's forms. The REST client's endpoint names have the
    /// same shape, so it is left out.
    #[test]
    fn every_key_the_code_asks_for_exists() {
        let english = keys("en");
        let part_english: BTreeSet<String> =
            part_files().into_iter().flat_map(|(_, file)| file["en"].keys().cloned().collect::<Vec<_>>()).collect();
        let core = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut stack = vec![core.join("src"), core.join("../../src")];
        let mut asked = 0;
        while let Some(dir) = stack.pop() {
            for path in std::fs::read_dir(dir).unwrap().flatten().map(|e| e.path()) {
                if path.is_dir() {
                    stack.push(path);
                    continue;
                }
                if path.parent().is_some_and(|dir| dir.ends_with("services/rest")) {
                    continue;
                }
                let code = std::fs::read_to_string(&path).unwrap();
                for key in code.split('"').skip(1).step_by(2) {
                    let (area, name) = key.split_once('.').unwrap_or_default();
                    let shaped = !area.is_empty()
                        && area.chars().all(|c| c.is_ascii_alphabetic())
                        && area.starts_with(|c: char| c.is_ascii_lowercase())
                        && !name.is_empty()
                        && name.chars().all(|c| c.is_ascii_alphabetic() || c == '.');
                    if !shaped || NOT_KEYS.contains(&key) {
                        continue;
                    }
                    asked += 1;
                    let found = [&english, &part_english]
                        .iter()
                        .any(|strings| strings.contains(key) || strings.contains(&format!("{key}.other")));
                    assert!(
                        found,
                        "{} asks for {key:?}, which neither locales/en.json nor a part's strings have",
                        path.display()
                    );
                }
            }
        }
        assert!(asked > 90, "the scan found only {asked} keys");
    }

    /// Literals in the code shaped like keys that are not (file names and the like).
    const NOT_KEYS: &[&str] = &["chat.example.com", "confab.prefs", "confab.sound", "viewer.test", "viewer.other"];

    #[test]
    fn placeholders_are_filled_and_unknown_ones_kept() {
        assert_eq!(fill("{author} added {text}", &[("author", "Ann"), ("text", "Bo")]), "Ann added Bo");
        assert_eq!(fill("{a} {missing} {", &[("a", "1")]), "1 {missing} {");
        assert_eq!(fill("no placeholders", &[]), "no placeholders");
    }

    #[test]
    fn the_language_is_the_first_supported_candidate() {
        assert_eq!(choose(["pt-BR", "it-CH", "de"]), "it");
        assert_eq!(choose(["xx", "not a tag!"]), "en");
        assert_eq!(choose([]), "en");
    }

    #[test]
    fn overrides_replace_known_strings_and_name_unknown_keys() {
        let overrides = BTreeMap::from([
            ("composer.placeholder".to_owned(), "Chiedi ad Acme".to_owned()),
            ("no.such.key".to_owned(), "x".to_owned()),
        ]);
        // The Italian part, filled in as the `confab` crate does at start.
        LANGUAGE_IT.install(crate::slots::part::Source {
            name: "locale_it",
            load: || Box::pin(std::future::ready(Ok(include_str!("../../../../locales/it.json")))),
        });
        let mut warnings = Vec::new();
        let catalog = Catalog::new("it", Some(&overrides), &mut warnings);
        assert_eq!(catalog.get("composer.placeholder"), "Chiedi ad Acme");
        assert_eq!(catalog.get("layout.signOut"), "Esci");
        assert_eq!(warnings, ["config labels.it.no.such.key: Confab has no string with this key; ignored"]);
        assert_eq!(catalog.plural("rooms.unread", "many", &[("count", "1000000")]), "1000000 messaggi non letti");
    }
}
