//! The emoji part: GitHub's table of shortcodes (about 1,800, and tens of kilobytes), the picker
//! that searches it, and the lookups messages, reactions and the composer's suggestions use.

mod picker;

use yew::prelude::*;

pub use picker::EmojiPickerProps;

use super::EmojiTable;

/// The picker's view.
pub fn picker(props: EmojiPickerProps) -> Html {
    confab_core::i18n::catalog::add_part_strings(include_str!(concat!(env!("OUT_DIR"), "/parts/emoji.json")));
    html! { <picker::EmojiPicker ..props /> }
}

pub const TABLE: EmojiTable = EmojiTable { character, search: picker::search };

/// Rocket.Chat's (EmojiOne) names that GitHub's shortcode set spells differently.
const ROCKET_CHAT_NAMES: &[(&str, &str)] =
    &[("slight_smile", "🙂"), ("person_gesturing_ok", "🙆"), ("slight_frown", "🙁")];

/// The Unicode character of an emoji shortcode (`smile`, `+1`, `slight_smile`).
fn character(short_code: &str) -> Option<String> {
    gh_emoji::get(short_code)
        .or_else(|| ROCKET_CHAT_NAMES.iter().find(|(name, _)| *name == short_code).map(|(_, emoji)| *emoji))
        .map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::character;

    #[test]
    fn shortcodes_and_emoticon_names_map_to_unicode() {
        assert_eq!(character("smile").as_deref(), Some("😄"));
        assert_eq!(character("+1").as_deref(), Some("👍"));
        assert_eq!(character("slight_smile").as_deref(), Some("🙂"));
        for emoticon in
            ["smiley", "wink", "heart", "broken_heart", "thumbsup", "cry", "person_gesturing_ok", "dizzy_face"]
        {
            assert!(character(emoticon).is_some(), "{emoticon}");
        }
        assert_eq!(character("not-an-emoji"), None);
    }
}
