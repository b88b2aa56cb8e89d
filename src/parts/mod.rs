//! The parts: everything the first screen does not need, each built into a wasm file of its own
//! and fetched the first time it is used (or, earlier, when the browser is idle after the room
//! list has rendered). The core, everything outside this folder, is what a browser downloads
//! before the room list shows, and it is held to 150 kB of brotli; a part costs nothing until
//! it is opened.
//!
//! The core reaches a part only through [`Part`] and [`ViewPart`] below: each part's module is
//! private (the room's is public for the browser tests, which render messages on their own),
//! and all the core sees of it is the `Part` declared here and the props its view takes. The split itself is done after compiling: `#[wasm_split]` marks each loader, and
//! the build's splitter (`wasm-split-cli`, see the README) moves the code only a loader reaches
//! into that part's file. Built without the `split` feature (tests, `cargo check`), every part is
//! linked in and its loader answers at once.

mod on_demand;

pub use on_demand::{Loaded, Part, Prefetch, View, ViewPart, prefetch_when_idle, use_part};

/// Declares a part: a `static` [`Part`] holding what the part's code hands the core (a lookup,
/// a table), or a [`ViewPart`] for a view and the props it takes, behind a loader that is its own
/// wasm file in split builds.
macro_rules! part {
    ($(#[$doc:meta])* $vis:vis static $name:ident: view($props:ty) = $render:path, in $file:ident;) => {
        $(#[$doc])*
        $vis static $name: ViewPart<$props> = ViewPart::new(part!(@loader $name: View = |props: &dyn std::any::Any| {
            // The core hands every view its props as `Any` (one on-demand wrapper for all); the
            // props' type is the part's, so the downcast always succeeds.
            props.downcast_ref::<$props>().map_or_else(yew::Html::default, |props| $render(props.clone()))
        }, in $file));
    };
    ($(#[$doc:meta])* $vis:vis static $name:ident: $kind:ty = $value:expr, in $file:ident;) => {
        $(#[$doc])*
        $vis static $name: Part<$kind> = part!(@loader $name: $kind = $value, in $file);
    };
    (@loader $name:ident: $kind:ty = $value:expr, in $file:ident) => {
        Part::new(stringify!($file), || {
            // Named after the part: the splitter tells loaders apart by name and place.
            #[allow(non_snake_case)]
            #[cfg_attr(feature = "split", wasm_split_helpers::wasm_split($file, fallible))]
            fn $name() -> Result<$kind, wasm_split_helpers::SplitLoaderError> {
                Ok($value)
            }
            #[cfg(feature = "split")]
            return Box::pin($name());
            #[cfg(not(feature = "split"))]
            return Box::pin(std::future::ready($name()));
        })
    };
}

mod emoji;
mod find;
mod frame;
mod image_viewer;
mod markup_parser;
mod new_room_form;
mod people;
mod realtime;
pub mod room;
mod room_frame;
mod settings;
mod upload_dialog;

pub use emoji::EmojiPickerProps;
pub use find::{FindProps, Finding};
pub use image_viewer::ImageViewerProps;
pub use new_room_form::{NewRoomFormProps, RoomKind};
pub use people::{MemberListProps, RoomOf, UserCardProps};
pub use room::RoomViewProps;
pub use room_frame::RoomFrameProps;
pub use settings::SettingsProps;
pub use upload_dialog::UploadDialogProps;

part! {
    /// The emoji picker: a search over every shortcode, and the grid of matches.
    pub static EMOJI_PICKER: view(EmojiPickerProps) = emoji::picker, in emoji;
}

/// The emoji table's lookups.
#[derive(Clone, Copy)]
pub struct EmojiTable {
    /// The character of a shortcode (`tada` → 🎉), for messages and reactions.
    pub character: fn(&str) -> Option<String>,
    /// Shortcodes containing a term, closest first (favourites for none), with their characters.
    pub search: fn(&str) -> Vec<(&'static str, &'static str)>,
}

part! {
    /// The emoji table, for messages, reactions and the composer's suggestions.
    pub static EMOJI_TABLE: EmojiTable = emoji::TABLE, in emoji;
}

part! {
    /// The markup parser: a message's tree (`md`) from its text, as of a time in seconds.
    pub static MARKUP_PARSER: fn(&str, i64) -> Option<confab_protocol::markup::Root> = markup_parser::parse, in markup_parser;
}

part! {
    /// Settings: the reader's language and look.
    pub static SETTINGS: view(SettingsProps) = settings::view, in settings;
}

part! {
    /// The form that starts a channel or a direct conversation.
    pub static NEW_ROOM_FORM: view(NewRoomFormProps) = new_room_form::view, in new_room_form;
}

part! {
    /// An open room: its timeline, messages and composer.
    pub static ROOM_VIEW: view(RoomViewProps) = room::room, in room;
}

part! {
    /// A thread beside the room (in the room's file: it is opened from the room).
    pub static THREAD_PANEL: view(()) = room::thread, in room;
}

part! {
    /// The upload dialog: the files to send, checked against the server's limits, each with its
    /// progress.
    pub static UPLOAD_DIALOG: view(UploadDialogProps) = upload_dialog::view, in upload_dialog;
}

part! {
    /// The image viewer: the original pictures of a room, one at a time.
    pub static IMAGE_VIEWER: view(ImageViewerProps) = image_viewer::view, in image_viewer;
}

part! {
    /// A room's members: search, pages, roles and presence.
    pub static MEMBER_LIST: view(MemberListProps) = people::member_list, in people;
}

part! {
    /// Who someone is, and what the viewer may do about them in a room.
    pub static USER_CARD: view(UserCardProps) = people::user_card, in people;
}

part! {
    /// Beside a room: message search (the room's or all rooms'), pinned and starred messages.
    pub static FIND_PANEL: view(FindProps) = find::panel, in find;
}

part! {
    /// A room as a frame of the provider's room page (`view.mode: "iframe"`).
    pub static ROOM_FRAME: view(RoomFrameProps) = room_frame::view, in room_frame;
}

part! {
    /// The Realtime client: the socket that brings live messages, connected once the first
    /// screen is shown.
    pub static REALTIME: crate::services::realtime::RealtimeCode = realtime::CODE, in realtime;
}

part! {
    /// The postMessage API's machinery, for a framed Confab.
    pub static FRAME_API: crate::services::frame::FrameApi = frame::API, in frame;
}

part! {
    /// The Italian strings (JSON text).
    pub static LANGUAGE_IT: &'static str = include_str!("../../locales/it.json"), in locale_it;
}

part! {
    /// The German strings (JSON text).
    pub static LANGUAGE_DE: &'static str = include_str!("../../locales/de.json"), in locale_de;
}

part! {
    /// The French strings (JSON text).
    pub static LANGUAGE_FR: &'static str = include_str!("../../locales/fr.json"), in locale_fr;
}

part! {
    /// The Spanish strings (JSON text).
    pub static LANGUAGE_ES: &'static str = include_str!("../../locales/es.json"), in locale_es;
}

/// The part holding a language's strings; `None` for English, which is in the core. A reader
/// fetches only their own language, and fetches it at start, so these are never prefetched.
pub fn language(code: &str) -> Option<&'static Part<&'static str>> {
    match code {
        "it" => Some(&LANGUAGE_IT),
        "de" => Some(&LANGUAGE_DE),
        "fr" => Some(&LANGUAGE_FR),
        "es" => Some(&LANGUAGE_ES),
        _ => None,
    }
}

/// What is fetched when the browser is idle after the room list has rendered: the parts a reader
/// is likely to open, so that opening them is instant.
pub static PREFETCHED: &[&dyn on_demand::Prefetch] = &[
    &ROOM_VIEW,
    &THREAD_PANEL,
    &MARKUP_PARSER,
    &EMOJI_TABLE,
    &EMOJI_PICKER,
    &SETTINGS,
    &NEW_ROOM_FORM,
    &IMAGE_VIEWER,
    &UPLOAD_DIALOG,
    &MEMBER_LIST,
    &USER_CARD,
];
