//! Building and running the server: open the store, seed demo data, bind, serve until told to
//! stop. Tests start it the same way on port 0 with a temporary data directory.

use std::net::SocketAddr;
use std::sync::Arc;

use confab_protocol::Timestamp;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::branding::{Branding, BrandingError};
use crate::events::Events;
use crate::files::image_pool::ImagePool;
use crate::files::storage::DirectoryStorage;
use crate::host_backend::TokenMinter;
use crate::limits::{Limits, PRUNE_EVERY};
use crate::presence::{Connections, Presence, lease};
use crate::provider::Provider;
use crate::realtime::Hub;
use crate::realtime::bus::{Bus, LocalBus, NatsBus};
use crate::routes::router;
use crate::settings::Settings;
use crate::state::AppState;
use crate::store::Store;

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("cannot open the database at {path}: {source}")]
    Database { path: String, source: sqlx::Error },
    #[error("cannot reach the bus at {url}: {source}")]
    Bus { url: String, source: async_nats::Error },
    #[error("cannot seed the demo data: {0}")]
    Seed(sqlx::Error),
    #[error("cannot listen on {addr}: {source}")]
    Bind { addr: SocketAddr, source: std::io::Error },
    #[error(transparent)]
    Branding(#[from] BrandingError),
    #[error("cannot open the file storage at {path}: {source}")]
    Files { path: String, source: std::io::Error },
    #[error(transparent)]
    Agent(#[from] crate::agents::agent::AgentError),
}

/// A running server.
pub struct Server {
    addr: SocketAddr,
    store: Store,
    hub: Arc<Hub>,
    instance: String,
    stop: oneshot::Sender<()>,
    task: JoinHandle<std::io::Result<()>>,
}

impl Server {
    pub async fn start(settings: Settings) -> Result<Self, StartError> {
        let mut branding = Branding::load(settings.branding.as_deref())?;
        // The demo shows the whole support experience unless its branding says otherwise.
        if settings.demo && branding.support == crate::livechat::settings::SupportSettings::default() {
            branding.support = crate::livechat::settings::SupportSettings::demo();
        }
        let branding = Arc::new(branding);
        // A dropped origin would otherwise show only as a host whose commands are ignored.
        let mut warnings = Vec::new();
        branding.embedding(&mut warnings);
        for warning in warnings {
            tracing::warn!("branding: {warning}");
        }
        let url = settings.database_url();
        // The URL may carry a password: only its database's kind and place are told.
        let place = || url.split_once('@').map_or(url.clone(), |(_, place)| place.to_owned());
        let store = Store::open(&url).await.map_err(|source| StartError::Database { path: place(), source })?;
        // Whoever was connected before a restart has to connect again to be shown. In a cluster
        // the others' users are still connected: instances' leases say who is gone.
        if settings.bus.is_none() {
            store.clear_presence().await.map_err(|source| StartError::Database { path: place(), source })?;
        }
        let instance = crate::secrets::new_secret().chars().take(12).collect::<String>();
        store
            .renew_lease(&instance, lease::expiry(Timestamp::now(), settings.presence_lease()))
            .await
            .map_err(|source| StartError::Database { path: place(), source })?;
        if settings.demo && crate::seed::seed_demo(&store).await.map_err(StartError::Seed)? {
            tracing::info!("seeded the demo users and rooms");
        }
        if settings.demo
            && settings.demo_guide
            && crate::seed::seed_guide(&store, &settings.agent_bot).await.map_err(StartError::Seed)?
        {
            tracing::info!("added the demo's guide");
        }
        let agent = crate::agents::agent::Agent::from_settings(&settings)?.map(Arc::new);
        if settings.demo {
            let bot = agent.as_ref().map(|agent| agent.bot_username());
            if crate::seed::seed_support(&store, bot).await.map_err(StartError::Seed)? {
                tracing::info!("made Bob and Carol the demo's support team");
            }
        }
        let files_dir = settings.files_dir();
        let files = DirectoryStorage::open(&files_dir)
            .map_err(|source| StartError::Files { path: files_dir.display().to_string(), source })?;
        let addr = SocketAddr::new(settings.host, settings.port);
        let listener = TcpListener::bind(addr).await.map_err(|source| StartError::Bind { addr, source })?;
        let addr = listener.local_addr().map_err(|source| StartError::Bind { addr, source })?;
        let hub = Arc::new(Hub::new(settings.fanout_capacity));
        // Listening before serving: no socket reads the database before its instance hears what
        // changes after.
        let bus: Arc<dyn Bus> = match &settings.bus {
            Some(url) => NatsBus::connect(url, &settings.bus_prefix, &instance, hub.clone())
                .await
                .map_err(|source| StartError::Bus { url: url.clone(), source })?,
            None => Arc::new(LocalBus::new(hub.clone())),
        };
        let events = Events::new(bus.clone(), store.clone());
        let connections = Connections::new(instance.clone());
        let presence = Presence::new(store.clone(), events.clone(), connections, settings.presence_grace());
        let state = AppState {
            store: store.clone(),
            files: Arc::new(files),
            images: Arc::new(ImagePool::new(settings.max_image_pixels)),
            fetcher: crate::outbound::Fetcher::new(settings.fetch_private_addresses),
            preview_counts: Arc::default(),
            hub: hub.clone(),
            bus,
            events,
            presence,
            minter: Arc::new(TokenMinter::new(settings.token_ttl(), Provider::from_settings(&settings))),
            limits: Arc::new(Limits::new(&settings)),
            settings: Arc::new(settings),
            branding,
            agent,
            flushes: Arc::default(),
            open_sockets: Arc::default(),
        };
        crate::agents::start(&state);
        crate::livechat::start(&state);
        let (stop, stopped) = oneshot::channel::<()>();
        let limits = state.limits.clone();
        let sweeping = state.clone();
        let leasing = lease::keep(state.clone());
        let pruning = tokio::spawn(async move {
            let mut every = tokio::time::interval(PRUNE_EVERY);
            loop {
                every.tick().await;
                limits.prune();
            }
        });
        let sweeper = tokio::spawn(async move {
            let mut every = tokio::time::interval(crate::files::SWEEP_EVERY);
            loop {
                every.tick().await;
                match crate::files::sweep_unconfirmed(&sweeping).await {
                    Ok(0) => {}
                    Ok(swept) => tracing::info!(swept, "removed uploads no message confirmed"),
                    Err(error) => tracing::warn!(%error, "could not sweep unconfirmed uploads"),
                }
            }
        });
        tracing::info!(database = store.backend_name(), bus = state.bus.name(), "store and bus ready");
        let app = router(state).into_make_service_with_connect_info::<SocketAddr>();
        let task = tokio::spawn(async move {
            // A chat's frames are small and wanted at once: none waits for the last one's
            // acknowledgement (Nagle's algorithm).
            let listener = axum::serve::ListenerExt::tap_io(listener, |tcp| {
                if let Err(error) = tcp.set_nodelay(true) {
                    tracing::debug!(%error, "TCP_NODELAY could not be set on a connection");
                }
            });
            let served = axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    let _ = stopped.await;
                })
                .await;
            pruning.abort();
            sweeper.abort();
            leasing.abort();
            served
        });
        Ok(Self { addr, store, hub, instance, stop, task })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    /// The fan-out hub, for tests that need to flood a topic.
    pub fn hub(&self) -> &Arc<Hub> {
        &self.hub
    }

    /// Stops accepting connections, waits for the listener to close, gives the instance's lease
    /// up (other instances show its users offline at their next look) and closes the database.
    pub async fn stop(self) {
        let _ = self.stop.send(());
        if let Err(error) = self.task.await.unwrap_or(Ok(())) {
            tracing::error!(%error, "server ended with an error");
        }
        if let Err(error) = self.store.renew_lease(&self.instance, Timestamp::now().millis()).await {
            tracing::warn!(%error, "cannot give this instance's lease up");
        }
        self.store.close().await;
    }
}
