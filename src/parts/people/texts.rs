//! The people part's strings, every language of them, carried by the part
//! (`locales/parts/people.json`) so the first screen carries none. A client's label override of a
//! `people.` key still wins (the core keeps it, see `catalog::PART_AREAS`).

use std::collections::HashMap;

use yew::AttrValue;

use crate::i18n::Texts;

thread_local! {
    static STRINGS: HashMap<String, HashMap<String, String>> =
        serde_json::from_str(include_str!("../../../locales/parts/people.json")).unwrap_or_default();
}

/// The string of `key` in the reader's language (English if it lacks one; the key if neither
/// has it, so a gap shows).
pub fn text(texts: &Texts, key: &str) -> AttrValue {
    if let Some(overridden) = texts.part_override(key) {
        return overridden;
    }
    STRINGS.with(|strings| {
        [texts.language, crate::i18n::catalog::FALLBACK]
            .iter()
            .find_map(|language| strings.get(*language)?.get(key))
            .map_or_else(|| AttrValue::from(key.to_owned()), |found| AttrValue::from(found.clone()))
    })
}

/// `key` with its placeholders filled.
pub fn fill(texts: &Texts, key: &str, args: &[(&str, &str)]) -> String {
    crate::i18n::catalog::fill(&text(texts, key), args)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    #[test]
    fn every_language_has_every_people_string_with_the_same_placeholders() {
        let all: HashMap<String, HashMap<String, String>> =
            serde_json::from_str(include_str!("../../../locales/parts/people.json")).unwrap();
        let english = &all["en"];
        let placeholders = |text: &str| {
            text.split('{').skip(1).filter_map(|p| Some(p.split_once('}')?.0.to_owned())).collect::<BTreeSet<_>>()
        };
        for (language, _) in crate::i18n::LANGUAGES {
            let strings = all.get(language).unwrap_or_else(|| panic!("people.json lacks {language}"));
            let keys: BTreeSet<&String> = strings.keys().collect();
            assert_eq!(keys, english.keys().collect::<BTreeSet<_>>(), "{language}");
            for (key, text) in strings {
                assert_eq!(placeholders(text), placeholders(&english[key]), "{language} {key}");
            }
        }
        assert!(english.keys().all(|key| key.starts_with("people.")), "one area per part file");
    }
}
