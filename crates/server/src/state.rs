//! What every request handler and socket shares.

use std::sync::Arc;

use crate::branding::Branding;
use crate::files::storage::FileStorage;
use crate::host::TokenMinter;
use crate::limits::Limits;
use crate::realtime::{Bus, Hub};
use crate::settings::Settings;
use crate::store::Store;

#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    /// The guarded client for addresses users give (link previews, avatar addresses).
    pub fetcher: crate::outbound::Fetcher,
    pub preview_counts: Arc<crate::links::previews::Counts>,
    /// Where uploaded files' bytes are.
    pub files: Arc<dyn FileStorage>,
    /// Where pictures are read and made into thumbnails and avatars, within bounds.
    pub images: Arc<crate::files::image_pool::ImagePool>,
    /// This instance's subscribers, which its sockets read.
    pub hub: Arc<Hub>,
    /// Where events are published: to this hub and every other instance's.
    pub bus: Arc<dyn Bus>,
    /// This instance's open sockets per user, from which presence is derived.
    pub connections: Arc<crate::presence::Connections>,
    pub minter: Arc<TokenMinter>,
    pub limits: Arc<Limits>,
    pub settings: Arc<Settings>,
    /// What every config carries of the client's theme, features, labels and locale.
    pub branding: Arc<Branding>,
    /// Realtime sockets open now (reported by `statistics`).
    pub open_sockets: Arc<std::sync::atomic::AtomicUsize>,
}
