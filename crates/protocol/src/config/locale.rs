//! The config's language choice and its overrides of UI strings.
//!
//! `locale` is a BCP 47 tag (`it`, `pt-BR`); only its language matters to the app's translations.
//! `labels` maps a locale to the strings the client wants said differently, by the key the app's
//! translation files use: `{"it": {"composer.placeholder": "Scrivi al supporto"}}`. Which keys exist
//! is the app's to check, since the app holds the translations.

use std::collections::BTreeMap;

use super::setting::Setting;

/// Per locale, the UI strings to say differently.
pub type LabelOverrides = BTreeMap<String, Setting<BTreeMap<String, Setting<String>>>>;

/// Overrides after checking, by language (`it`), then key.
pub type Labels = BTreeMap<String, BTreeMap<String, String>>;

/// The language of a BCP 47 tag, lower-cased (`"pt-BR"` → `"pt"`), or `None` if it is not a tag.
pub fn language_of(tag: &str) -> Option<String> {
    let mut parts = tag.split(['-', '_']);
    let language = parts.next()?;
    let well_formed = (2..=3).contains(&language.len())
        && language.bytes().all(|b| b.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()));
    well_formed.then(|| language.to_ascii_lowercase())
}

/// The overrides that are strings under a well-formed locale, with a warning for each that is not.
pub fn resolve_labels(overrides: &Setting<LabelOverrides>, warnings: &mut Vec<String>) -> Labels {
    let Some(overrides) = overrides.get("labels", "an object of locales", warnings) else { return Labels::new() };
    let mut labels = Labels::new();
    for (locale, strings) in overrides {
        let key = format!("labels.{locale}");
        let Some(language) = language_of(locale) else {
            warnings.push(super::setting::invalid(
                &key,
                &super::setting::quoted(locale),
                "a locale such as \"it\" or \"pt-BR\"",
            ));
            continue;
        };
        let Some(strings) = strings.get(&key, "an object of strings", warnings) else { continue };
        let target = labels.entry(language).or_default();
        for (name, text) in strings {
            if let Some(text) = text.get(&format!("{key}.{name}"), "a string", warnings) {
                target.insert(name.clone(), text.clone());
            }
        }
    }
    labels
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_come_from_well_formed_tags_only() {
        assert_eq!(language_of("it").as_deref(), Some("it"));
        assert_eq!(language_of("pt-BR").as_deref(), Some("pt"));
        assert_eq!(language_of("DE_at").as_deref(), Some("de"));
        for bad in ["", "i", "english", "en-", "e1", "<script>"] {
            assert_eq!(language_of(bad), None, "{bad}");
        }
    }

    #[test]
    fn labels_keep_what_is_a_string_under_a_locale() {
        let overrides: Setting<LabelOverrides> = serde_json::from_str(
            r#"{"it-IT": {"composer.placeholder": "Scrivi", "room.empty": 3}, "nonsense!": {"a": "b"}, "fr": "x"}"#,
        )
        .unwrap();
        let mut warnings = Vec::new();
        let labels = resolve_labels(&overrides, &mut warnings);
        assert_eq!(labels.len(), 1);
        assert_eq!(labels["it"]["composer.placeholder"], "Scrivi");
        assert!(!labels["it"].contains_key("room.empty"));
        let mut named: Vec<&str> = warnings.iter().map(|w| w.split(':').next().unwrap()).collect();
        named.sort_unstable();
        assert_eq!(named, ["config labels.fr", "config labels.it-IT.room.empty", "config labels.nonsense!"]);
    }
}
