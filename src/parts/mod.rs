//! The parts: everything the first screen does not need, each built into a wasm file of its own
//! and fetched the first time it is used (or, earlier, when the browser is idle after the room
//! list has rendered). The core (`confab-core`, which this crate depends on) is what a browser
//! downloads before the room list shows, held to a ceiling by `cargo xtask test`; a part costs
//! nothing until it is opened.
//!
//! The core renders and calls the parts through its slots (`confab_core::slots`), which
//! [`install`] fills when the app starts; the parts that only other parts open are declared here. The split itself is done after compiling: `#[wasm_split]` marks each loader, and the
//! build's splitter (`wasm-split-cli`, see the README) moves the code only a loader reaches into
//! that part's file. Built without the `split` feature (tests, `cargo check`), every part is
//! linked in and its loader answers at once.

use confab_core::i18n::catalog;
use confab_core::services::chat::RealtimeCode;
use confab_core::services::page_api::PageApi;
use confab_core::slots::{self, Part, Prefetch, Source, View, ViewPart};

pub use confab_core::slots::{Loaded, use_part};

/// A part's source: the build's name for its file, and a loader that is that file in split
/// builds. A view hands the core its render function, which takes the props as `Any`.
macro_rules! source {
    ($name:ident: view($props:ty) = $render:path, in $file:ident) => {
        source!($name: View = |props: &dyn std::any::Any| {
            // The core hands every view its props as `Any` (one on-demand wrapper for all); the
            // props' type is the slot's, so the downcast always succeeds.
            props.downcast_ref::<$props>().map_or_else(yew::Html::default, |props| $render(props.clone()))
        }, in $file)
    };
    ($name:ident: $kind:ty = $value:expr, in $file:ident) => {
        slots::Source {
            name: stringify!($file),
            load: || {
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
            },
        }
    };
}

/// The design system's stylesheet (`styles/ui.css`, see `confab_core::ui`), beside the views of
/// each part that uses its controls.
pub fn ui_stylesheet() -> yew::Html {
    yew::html! { <style>{ include_str!(concat!(env!("OUT_DIR"), "/ui.css")) }</style> }
}

mod emoji;
mod find;
pub mod icons;
mod image_viewer;
mod markup_parser;
mod new_room_form;
mod page_api;
mod people;
mod person_search;
mod realtime;
pub mod room;
mod room_frame;
mod settings;
pub mod support;
mod upload_dialog;

pub use emoji::EmojiPickerProps;
pub use find::{FindProps, Finding};
pub use image_viewer::ImageViewerProps;
pub use people::{MemberListProps, RoomOf, UserCardProps};
pub use upload_dialog::UploadDialogProps;

/// The emoji picker: a search over every shortcode, and the grid of matches.
pub static EMOJI_PICKER: ViewPart<EmojiPickerProps> = ViewPart::slot();

/// The emoji table's lookups.
#[derive(Clone, Copy)]
pub struct EmojiTable {
    /// The character of a shortcode (`tada` → 🎉), for messages and reactions.
    pub character: fn(&str) -> Option<String>,
    /// Shortcodes containing a term, closest first (favourites for none), with their characters.
    pub search: fn(&str) -> Vec<(&'static str, &'static str)>,
}

/// The emoji table, for messages, reactions and the composer's suggestions.
pub static EMOJI_TABLE: Part<EmojiTable> = Part::slot();

/// The markup parser: a message's tree (`md`) from its text, as of a time in seconds.
pub static MARKUP_PARSER: Part<MarkupParser> = Part::slot();

type MarkupParser = fn(&str, i64) -> Option<confab_protocol::markup::Root>;

/// The upload dialog: the files to send, checked against the server's limits, each with its
/// progress.
pub static UPLOAD_DIALOG: ViewPart<UploadDialogProps> = ViewPart::slot();

/// The image viewer: the original pictures of a room, one at a time.
pub static IMAGE_VIEWER: ViewPart<ImageViewerProps> = ViewPart::slot();

/// A room's members: search, pages, roles and presence.
pub static MEMBER_LIST: ViewPart<MemberListProps> = ViewPart::slot();

/// Who someone is, and what the viewer may do about them in a room.
pub static USER_CARD: ViewPart<UserCardProps> = ViewPart::slot();

/// Beside a room: message search (the room's or all rooms'), pinned and starred messages.
pub static FIND_PANEL: ViewPart<FindProps> = ViewPart::slot();

/// What is fetched as soon as the room list has rendered: what a click on a room shows. (The
/// markup parser is not: stored messages come with their tree, and only one's own message being
/// sent needs it.)
static WITH_THE_LIST: &[&dyn Prefetch] = &[&slots::ROOM_VIEW];

/// What is fetched when the browser is idle after the room list has rendered: the parts a reader
/// is likely to open, so that opening them is instant.
static PREFETCHED: &[&dyn Prefetch] = &[
    &slots::THREAD_PANEL,
    &MARKUP_PARSER,
    &EMOJI_TABLE,
    &EMOJI_PICKER,
    &slots::SETTINGS,
    &slots::NEW_ROOM_FORM,
    &IMAGE_VIEWER,
    &UPLOAD_DIALOG,
    &MEMBER_LIST,
    &USER_CARD,
];

/// Every slot's source: the core's and this module's, one constant each, by kind of part.
static VIEWS: [(&Part<View>, Source<View>); 12] = [
    (slots::ROOM_VIEW.part(), source!(ROOM_VIEW: view(slots::RoomViewProps) = room::room, in room)),
    // In the room's file: a thread is opened from the room.
    (slots::THREAD_PANEL.part(), source!(THREAD_PANEL: view(()) = room::thread, in room)),
    // A file of its own: only a visitor sees it, and a member opening a room would fetch it too.
    (
        slots::VISITOR_START.part(),
        source!(VISITOR_START: view(slots::VisitorStartProps) = room::visitor_start::view, in visitor_start),
    ),
    (slots::ROOM_FRAME.part(), source!(ROOM_FRAME: view(slots::RoomFrameProps) = room_frame::view, in room_frame)),
    // The sidebar's two dialogs share a file: they are built of the same few controls.
    (slots::SETTINGS.part(), source!(SETTINGS: view(slots::SettingsProps) = settings::view, in sidebar)),
    (
        slots::NEW_ROOM_FORM.part(),
        source!(NEW_ROOM_FORM: view(slots::NewRoomFormProps) = new_room_form::view, in sidebar),
    ),
    (EMOJI_PICKER.part(), source!(EMOJI_PICKER: view(EmojiPickerProps) = emoji::picker, in emoji)),
    (UPLOAD_DIALOG.part(), source!(UPLOAD_DIALOG: view(UploadDialogProps) = upload_dialog::view, in upload_dialog)),
    (IMAGE_VIEWER.part(), source!(IMAGE_VIEWER: view(ImageViewerProps) = image_viewer::view, in image_viewer)),
    (MEMBER_LIST.part(), source!(MEMBER_LIST: view(MemberListProps) = people::member_list, in people)),
    (USER_CARD.part(), source!(USER_CARD: view(UserCardProps) = people::user_card, in people)),
    (FIND_PANEL.part(), source!(FIND_PANEL: view(FindProps) = find::panel, in find)),
];

static LANGUAGES: [(&Part<&str>, Source<&str>); 4] = [
    (
        &catalog::LANGUAGE_IT,
        source!(LANGUAGE_IT: &'static str = include_str!(concat!(env!("OUT_DIR"), "/it.json")), in locale_it),
    ),
    (
        &catalog::LANGUAGE_DE,
        source!(LANGUAGE_DE: &'static str = include_str!(concat!(env!("OUT_DIR"), "/de.json")), in locale_de),
    ),
    (
        &catalog::LANGUAGE_FR,
        source!(LANGUAGE_FR: &'static str = include_str!(concat!(env!("OUT_DIR"), "/fr.json")), in locale_fr),
    ),
    (
        &catalog::LANGUAGE_ES,
        source!(LANGUAGE_ES: &'static str = include_str!(concat!(env!("OUT_DIR"), "/es.json")), in locale_es),
    ),
];

static REALTIME: Source<RealtimeCode> = source!(REALTIME: RealtimeCode = realtime::CODE, in realtime);
static PAGE_API: Source<PageApi> = source!(PAGE_API: PageApi = page_api::API, in page_api);
static EMOJI: Source<EmojiTable> = source!(EMOJI_TABLE: EmojiTable = emoji::TABLE, in emoji);
static MARKUP: Source<MarkupParser> = source!(MARKUP_PARSER: MarkupParser = markup_parser::parse, in markup_parser);

/// Fills every slot with its part's source: called once, before the app starts. The sources are
/// constants and the slots are filled in loops, because this runs in the first load.
pub fn install() {
    for (slot, source) in &VIEWS {
        slot.install(*source);
    }
    for (slot, source) in &LANGUAGES {
        slot.install(*source);
    }
    confab_core::services::chat::REALTIME.install(REALTIME);
    confab_core::services::page_api::PAGE_API.install(PAGE_API);
    EMOJI_TABLE.install(EMOJI);
    MARKUP_PARSER.install(MARKUP);
    slots::install_prefetched(WITH_THE_LIST, PREFETCHED);
}
