//! The on-demand slots: how the core reaches code outside the first load. The parts' code (the
//! `confab` crate) depends on the core; the core knows a part only by its slot, so it cannot reach
//! into one, and Cargo, not only the size check, keeps each part out of the first load. The
//! `confab` crate fills every slot when the app starts.
//!
//! The views the core shows as parts are declared here with their props. The other slots are
//! declared beside the code that calls them: the Realtime client (`services::chat::REALTIME`), the
//! page API (`services::page_api::PAGE_API`) and the languages (`i18n::catalog`). A slot's part is
//! fetched the first time it is needed, or earlier, once the first screen shows
//! ([`prefetch_after_first_screen`]); [`part`] says how it is fetched once and shared.

pub mod part;
mod view;

use std::sync::OnceLock;

use yew::prelude::*;

pub use part::{Loaded, Loader, Part, Prefetch, Source, Unfetched, use_part};
pub use view::{View, ViewPart};

/// An open room: its timeline, messages and composer.
pub static ROOM_VIEW: ViewPart<RoomViewProps> = ViewPart::slot();

#[derive(Properties, PartialEq, Clone)]
pub struct RoomViewProps {
    pub rid: AttrValue,
}

/// A thread beside the room (in the room's file: it is opened from the room).
pub static THREAD_PANEL: ViewPart<()> = ViewPart::slot();

/// A room as a frame of the provider's room page (`view.mode: "iframe"`).
pub static ROOM_FRAME: ViewPart<RoomFrameProps> = ViewPart::slot();

#[derive(Properties, PartialEq, Clone)]
pub struct RoomFrameProps {
    pub rid: AttrValue,
    /// `view.roomUrl`, with its placeholders.
    pub template: AttrValue,
}

/// Settings: the reader's language and look.
pub static SETTINGS: ViewPart<SettingsProps> = ViewPart::slot();

#[derive(Properties, PartialEq, Clone)]
pub struct SettingsProps {
    pub on_close: Callback<()>,
}

/// The form that starts a channel (or finds one to join) or a direct conversation; and the
/// support team's section of the sidebar, which comes with it (a slot of its own would cost the
/// first load more than the one it shares). The section is shown under the room list.
pub static NEW_ROOM_FORM: ViewPart<NewRoomFormProps> = ViewPart::slot();

/// What the new-room form starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RoomKind {
    Channel,
    Direct,
}

#[derive(Properties, PartialEq, Clone)]
pub struct NewRoomFormProps {
    /// The form open, if one is.
    pub kind: Option<RoomKind>,
    /// Whether the support team's section shows: waiting, served and closed conversations.
    pub support: bool,
    /// Called once the form has done its work or was dismissed with Escape.
    pub on_done: Callback<()>,
}

/// A visitor's conversation before they write: the welcome it will open with, the pre-chat
/// form, and the field for their first words, which start it (a file of its own: members never
/// need it).
pub static VISITOR_START: ViewPart<VisitorStartProps> = ViewPart::slot();

#[derive(Properties, PartialEq, Clone)]
pub struct VisitorStartProps {
    /// Where the visitor's config came from: it says the rest.
    pub config: crate::services::config::ConfigSource,
    /// Called once the conversation is started, to sign the visitor in.
    pub on_started: Callback<()>,
}

/// The parts fetched as soon as the first screen shows, and those fetched when the browser is
/// next idle.
type Prefetched = (&'static [&'static dyn Prefetch], &'static [&'static dyn Prefetch]);

static PREFETCHED: OnceLock<Prefetched> = OnceLock::new();

/// The parts fetched once the first screen shows: `at_once`, what the first click on a room
/// needs, right away; `when_idle`, the parts a reader is likely to open, when the browser is idle.
pub fn install_prefetched(at_once: &'static [&'static dyn Prefetch], when_idle: &'static [&'static dyn Prefetch]) {
    let _ = PREFETCHED.set((at_once, when_idle));
}

/// Waits until the parts fetched with the list (what a click on a room needs) are here, or
/// failed. The live connection's part is fetched after them: on a slow network the first room's
/// code then has the bandwidth to itself, and the connection follows a moment later.
pub async fn with_the_list() {
    if let Some((at_once, _)) = PREFETCHED.get() {
        for part in *at_once {
            // The fetch under way is shared: this only waits for it.
            part.prefetch().await;
        }
    }
}

/// Once per page, called when the first screen has rendered: fetches the parts installed to come
/// at once, then the others when the browser is next idle, one after another.
pub fn prefetch_after_first_screen() {
    if let Some((at_once, when_idle)) = PREFETCHED.get() {
        part::prefetch(at_once, when_idle);
    }
}
