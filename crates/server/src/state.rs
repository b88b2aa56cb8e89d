//! What every request handler and socket shares. Each field's type lives in the module of its
//! concern, with its behaviour beside it, and none of those modules names this one: the routes
//! and the socket handler, which do, sit above them all.

use std::sync::Arc;

use crate::branding::Branding;
use crate::events::Events;
use crate::files::image_pool::ImagePool;
use crate::files::storage::FileStorage;
use crate::host_backend::TokenMinter;
use crate::limits::Limits;
use crate::links::preview_counts::Counts;
use crate::outbound::Fetcher;
use crate::presence::Presence;
use crate::realtime::bus::Bus;
use crate::realtime::hub::Hub;
use crate::settings::Settings;
use crate::store::Store;

#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    /// The guarded client for addresses users give (link previews, avatar addresses).
    pub fetcher: Fetcher,
    pub preview_counts: Arc<Counts>,
    /// Where uploaded files' bytes are.
    pub files: Arc<dyn FileStorage>,
    /// Where pictures are read and made into thumbnails and avatars, within bounds.
    pub images: Arc<ImagePool>,
    /// This instance's subscribers, which its sockets read.
    pub hub: Arc<Hub>,
    /// Where events are published: to this hub and every other instance's.
    pub bus: Arc<dyn Bus>,
    /// What clients hear when something changes.
    pub events: Events,
    /// This instance's open sockets per user, and the presence derived from them.
    pub presence: Presence,
    pub minter: Arc<TokenMinter>,
    pub limits: Arc<Limits>,
    pub settings: Arc<Settings>,
    /// What every config carries of the client's theme, features, labels and locale.
    pub branding: Arc<Branding>,
    /// The bot that answers with a model (or, in the demo, from the docs), if there is one.
    pub agent: Option<Arc<crate::agents::agent::Agent>>,
    /// Streamed answers whose stored text the room will hear shortly.
    pub flushes: Arc<crate::streaming::flushes::Flushes>,
    /// Realtime sockets open now (reported by `statistics`).
    pub open_sockets: Arc<std::sync::atomic::AtomicUsize>,
}
