//! Everything an operator can set, from flags or `CONFAB_*` environment variables.

use std::net::IpAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Parser};

/// The settings alone on a command line, as tests and benchmarks give them.
#[derive(Parser)]
struct Flags {
    #[command(flatten)]
    settings: Settings,
}

#[derive(Args, Clone, Debug)]
pub struct Settings {
    /// Address to listen on.
    #[arg(long, env = "CONFAB_HOST", default_value = "127.0.0.1")]
    pub host: IpAddr,

    /// Port to listen on (0 picks a free one).
    #[arg(long, env = "CONFAB_PORT", default_value_t = 3000)]
    pub port: u16,

    /// Directory of the SQLite database (unless `--database` names another) and of uploaded
    /// files; created when missing.
    #[arg(long, env = "CONFAB_DATA_DIR", default_value = "data")]
    pub data_dir: PathBuf,

    /// The database: `postgres://user:password@host/name`, which any number of instances may
    /// share, or `sqlite://path`. By default the SQLite file `confab.sqlite3` in the data directory.
    #[arg(long, env = "CONFAB_DATABASE", hide_env_values = true)]
    pub database: Option<String>,

    /// The bus between instances: a NATS server, `nats://host:4222`. Without it events reach
    /// only this process's sockets, which is right for a single instance.
    #[arg(long, env = "CONFAB_BUS")]
    pub bus: Option<String>,

    /// The first token of every NATS subject this cluster uses, so several clusters can share
    /// one NATS server.
    #[arg(long, env = "CONFAB_BUS_PREFIX", default_value = "confab")]
    pub bus_prefix: String,

    /// Directory of the built app (trunk's `dist/`) to serve at `/`.
    #[arg(long, env = "CONFAB_STATIC_DIR")]
    pub static_dir: Option<PathBuf>,

    /// Demo mode: seed demo users and rooms into an empty database and serve a sign-in page at
    /// `/demo` that lets a browser act as any of them. Never for production.
    #[arg(long, env = "CONFAB_DEMO")]
    pub demo: bool,

    /// In demo mode, a guide bot in every demo user's direct messages, which answers from
    /// Confab's README (or with the model at `--agent-url`).
    #[arg(long, env = "CONFAB_DEMO_GUIDE")]
    pub demo_guide: bool,

    /// A JSON file of the client's branding — `theme`, `features`, `labels`, `locale`, as in the
    /// config (docs/config.md) — which every config the server hands out carries.
    #[arg(long, env = "CONFAB_BRANDING")]
    pub branding: Option<PathBuf>,

    /// Request header carrying the host application's user id, as set by its trusted gateway.
    /// A dotted path reaches into a JSON header value: `x-user.profile.username` reads
    /// `profile.username` from the JSON in header `x-user`.
    #[arg(long, env = "CONFAB_IDENTITY_HEADER", default_value = "userid")]
    pub identity_header: String,

    /// Believe the identity header. Safe only behind a gateway that sets (and strips) it; demo
    /// mode believes it too.
    #[arg(long, env = "CONFAB_TRUST_IDENTITY_HEADER")]
    pub trust_identity_header: bool,

    /// Shared secret of `Authorization: Bearer` JWTs (HS256) signed by the host application;
    /// their `exp` is enforced.
    #[arg(long, env = "CONFAB_JWT_SECRET", hide_env_values = true)]
    pub jwt_secret: Option<String>,

    /// The JWT claim holding the username.
    #[arg(long, env = "CONFAB_JWT_CLAIM", default_value = "sub")]
    pub jwt_claim: String,

    /// Provider mode: mint tokens on this Rocket.Chat-compatible server instead of locally.
    #[arg(long, env = "CONFAB_PROVIDER_URL", requires_all = ["provider_user_id", "provider_token"])]
    pub provider_url: Option<String>,

    /// The provider admin's user id.
    #[arg(long, env = "CONFAB_PROVIDER_USER_ID")]
    pub provider_user_id: Option<String>,

    /// The provider admin's login token.
    #[arg(long, env = "CONFAB_PROVIDER_TOKEN", hide_env_values = true)]
    pub provider_token: Option<String>,

    /// The provider's token-minting secret (Rocket.Chat's `CREATE_TOKENS_FOR_USERS_SECRET`).
    #[arg(long, env = "CONFAB_PROVIDER_SECRET", hide_env_values = true)]
    pub provider_secret: Option<String>,

    /// Lifetime of a login token, in seconds.
    #[arg(long, env = "CONFAB_TOKEN_TTL_SECS", default_value_t = 30 * 24 * 3600)]
    pub token_ttl_secs: u64,

    /// Longest message text accepted, in characters.
    #[arg(long, env = "CONFAB_MAX_MESSAGE_CHARS", default_value_t = 5000)]
    pub max_message_chars: usize,

    /// Longest streamed answer a bot may write, in characters: a model's answer runs longer than
    /// a person's message.
    #[arg(long, env = "CONFAB_MAX_ANSWER_CHARS", default_value_t = 20_000)]
    pub max_answer_chars: usize,

    /// Seconds a streamed answer may go without a piece before it ends as failed (its bot died).
    #[arg(long, env = "CONFAB_ANSWER_IDLE_SECS", default_value_t = 60)]
    pub answer_idle_secs: u64,

    /// An OpenAI-compatible API (`…/v1`) whose model answers as the agent bot: OpenAI, vLLM,
    /// llama.cpp's server or Ollama. Its key is read from `CONFAB_AGENT_KEY` or
    /// `--agent-key-file`, never stored. Without it the demo's guide answers from Confab's docs.
    #[arg(long, env = "CONFAB_AGENT_URL")]
    pub agent_url: Option<String>,

    /// The model the agent asks.
    #[arg(long, env = "CONFAB_AGENT_MODEL", default_value = "llama3.2")]
    pub agent_model: String,

    /// A file holding the agent API's key (instead of the `CONFAB_AGENT_KEY` variable).
    #[arg(long, env = "CONFAB_AGENT_KEY_FILE")]
    pub agent_key_file: Option<std::path::PathBuf>,

    /// The bot account the agent answers as.
    #[arg(long, env = "CONFAB_AGENT_BOT", default_value = "guide")]
    pub agent_bot: String,

    /// What the agent is told before every conversation.
    #[arg(long, env = "CONFAB_AGENT_PROMPT", default_value = DEFAULT_AGENT_PROMPT)]
    pub agent_prompt: String,

    /// How many earlier messages of the conversation the agent reads.
    #[arg(long, env = "CONFAB_AGENT_HISTORY", default_value_t = 10)]
    pub agent_history: u32,

    /// How many answers the agent writes at once, across conversations.
    #[arg(long, env = "CONFAB_AGENT_MAX_ANSWERS", default_value_t = 4)]
    pub agent_max_answers: usize,

    /// How many pieces of answer (about a token each) the agent writes per minute.
    #[arg(long, env = "CONFAB_AGENT_TOKENS_PER_MINUTE", default_value_t = 20_000)]
    pub agent_tokens_per_minute: u32,

    /// Seconds the agent's API may stay silent before the answer ends as failed.
    #[arg(long, env = "CONFAB_AGENT_TIMEOUT_SECS", default_value_t = 30)]
    pub agent_timeout_secs: u64,

    /// Let `/chat/config?visitor` serve visitors: people without an account who talk to the
    /// support team, stored once they first write (always on in demo mode).
    #[arg(long, env = "CONFAB_VISITORS")]
    pub visitors: bool,

    /// Seconds the agent bot may leave a visitor's message unanswered before the conversation
    /// goes to the team's queue.
    #[arg(long, env = "CONFAB_SUPPORT_BOT_PATIENCE_SECS", default_value_t = 60)]
    pub support_bot_patience_secs: u64,

    /// The SMTP relay transcripts are mailed through, as `smtp://host:port`: a relay on the same
    /// network (such as the host's Postfix), which carries mail on with TLS. Without it visitors
    /// can only download theirs.
    #[arg(long, env = "CONFAB_SMTP_URL")]
    pub smtp_url: Option<String>,

    /// The sender of mailed transcripts.
    #[arg(long, env = "CONFAB_SMTP_FROM", default_value = "Confab <no-reply@confab.localhost>")]
    pub smtp_from: String,

    /// Compress the chat socket (permessage-deflate) for clients that offer it, as every browser
    /// does. A reader then pays about a tenth of each event's JSON, and a streamed answer little
    /// more than its own text; the price is about 300 kB of compressor per socket once it has
    /// carried a sizeable frame. `false` keeps every socket plain and light.
    #[arg(long, env = "CONFAB_SOCKET_DEFLATE", default_value_t = true, action = clap::ArgAction::Set)]
    pub socket_deflate: bool,

    /// Largest WebSocket frame accepted, in bytes.
    #[arg(long, env = "CONFAB_MAX_FRAME_BYTES", default_value_t = 64 * 1024)]
    pub max_frame_bytes: usize,

    /// Events a subscriber may fall behind before it is told to resynchronise.
    #[arg(long, env = "CONFAB_FANOUT_CAPACITY", default_value_t = 1024)]
    pub fanout_capacity: usize,

    /// Largest REST request body accepted, in bytes.
    #[arg(long, env = "CONFAB_MAX_BODY_BYTES", default_value_t = 64 * 1024)]
    pub max_body_bytes: usize,

    /// The secret `users.createToken` requires (Rocket.Chat's `CREATE_TOKENS_FOR_USERS_SECRET`);
    /// without it, minting tokens over REST is disabled.
    #[arg(long, env = "CONFAB_CREATE_TOKENS_SECRET", hide_env_values = true)]
    pub create_tokens_secret: Option<String>,

    /// Origins (`https://app.example.com`) allowed to call the API from a browser (CORS) and to
    /// open the Realtime socket, besides the server's own. Repeatable, or comma-separated.
    #[arg(long = "allowed-origin", env = "CONFAB_ALLOWED_ORIGINS", value_delimiter = ',')]
    pub allowed_origins: Vec<String>,

    /// Who may frame the app (CSP `frame-ancestors` sources). Repeatable, or comma-separated.
    #[arg(long = "frame-ancestor", env = "CONFAB_FRAME_ANCESTORS", value_delimiter = ',', default_value = "'self'")]
    pub frame_ancestors: Vec<String>,

    /// Logins (REST and DDP) allowed per client address per minute.
    #[arg(long, env = "CONFAB_LOGIN_RATE", default_value_t = 60)]
    pub login_rate_per_minute: u32,

    /// Tokens minted (config endpoint, users.createToken) per user per minute.
    #[arg(long, env = "CONFAB_MINT_RATE", default_value_t = 30)]
    pub mint_rate_per_minute: u32,

    /// Messages sent per user per minute (bursts of a sixth of it are allowed).
    #[arg(long, env = "CONFAB_SEND_RATE", default_value_t = 600)]
    pub send_rate_per_minute: u32,

    /// The `apiKey` handed to clients in the config's `authentication` object.
    #[arg(long, env = "CONFAB_API_KEY", default_value = "confab")]
    pub api_key: String,

    /// Directory of uploaded files; by default `files` in the data directory. Instances of one
    /// cluster share it.
    #[arg(long, env = "CONFAB_FILES_DIR")]
    pub files_dir: Option<PathBuf>,

    /// Largest file accepted for upload, in bytes (Rocket.Chat's `FileUpload_MaxFileSize`).
    #[arg(long, env = "CONFAB_MAX_FILE_BYTES", default_value_t = 100 * 1024 * 1024)]
    pub max_file_bytes: u64,

    /// Media types accepted for upload; `image/*` accepts a group, `*` everything (Rocket.Chat's
    /// `FileUpload_MediaTypeWhiteList`). Repeatable, or comma-separated.
    #[arg(
        long = "accepted-media-type",
        env = "CONFAB_ACCEPTED_MEDIA_TYPES",
        value_delimiter = ',',
        default_value = DEFAULT_ACCEPTED_MEDIA_TYPES
    )]
    pub accepted_media_types: Vec<String>,

    /// Most pixels an uploaded image may have, read from its header before it is decoded.
    #[arg(long, env = "CONFAB_MAX_IMAGE_PIXELS", default_value_t = 40_000_000)]
    pub max_image_pixels: u64,

    /// Read previews (Open Graph, Twitter and page tags) of the links in messages.
    #[arg(long, env = "CONFAB_LINK_PREVIEWS", default_value_t = true, action = clap::ArgAction::Set)]
    pub link_previews: bool,

    /// The address people reach this server at, sent to outgoing webhooks as `siteUrl`
    /// (by default `http://HOST:PORT`).
    #[arg(long, env = "CONFAB_SITE_URL")]
    pub site_url: Option<String>,

    /// Let link previews, avatars set from an address and outgoing webhooks reach loopback,
    /// private and link-local addresses. Only for tests and closed networks.
    #[arg(long, env = "CONFAB_FETCH_PRIVATE_ADDRESSES")]
    pub fetch_private_addresses: bool,

    /// Silence (milliseconds) after which clients give their realtime connection up and make a
    /// new one: the config's `connection.deadAfterMs`. Clients default to 35 s.
    #[arg(long, env = "CONFAB_CLIENT_DEAD_AFTER_MS")]
    pub client_dead_after_ms: Option<u32>,

    /// Let authors edit their messages (Rocket.Chat's `Message_AllowEditing`); holders of
    /// `edit-message` may edit any.
    #[arg(long, env = "CONFAB_ALLOW_EDITING", default_value_t = true, action = clap::ArgAction::Set)]
    pub allow_editing: bool,

    /// Minutes after which a message can no longer be edited; 0 for never
    /// (`Message_AllowEditing_BlockEditInMinutes`).
    #[arg(long, env = "CONFAB_EDIT_BLOCK_MINUTES", default_value_t = 0)]
    pub edit_block_minutes: u32,

    /// Let messages be deleted (`Message_AllowDeleting`); holders of `force-delete-message`
    /// always may.
    #[arg(long, env = "CONFAB_ALLOW_DELETING", default_value_t = true, action = clap::ArgAction::Set)]
    pub allow_deleting: bool,

    /// Minutes after which a message can no longer be deleted; 0 for never
    /// (`Message_AllowDeleting_BlockDeleteInMinutes`).
    #[arg(long, env = "CONFAB_DELETE_BLOCK_MINUTES", default_value_t = 0)]
    pub delete_block_minutes: u32,

    /// Milliseconds a user stays shown as connected after their last socket closed, so a reload
    /// does not flicker them offline.
    #[arg(long, env = "CONFAB_PRESENCE_GRACE_MS", default_value_t = 5_000)]
    pub presence_grace_ms: u64,

    /// Milliseconds within which the users of an instance that died are shown offline (unless
    /// connected through another); each instance renews its lease on their connections well
    /// within this time.
    #[arg(long, env = "CONFAB_PRESENCE_LEASE_MS", default_value_t = 5_000, value_parser = clap::value_parser!(u64).range(400..))]
    pub presence_lease_ms: u64,

    /// Seconds without input after which the app reports its user away
    /// (`Accounts_Default_User_Preferences_idleTimeLimit`).
    #[arg(long, env = "CONFAB_IDLE_SECONDS", default_value_t = 300)]
    pub idle_seconds: u32,
}

/// What may be uploaded unless the operator says otherwise: pictures, sound, video, text and the
/// usual documents and archives. Executables and unknown binaries are not on it.
pub const DEFAULT_ACCEPTED_MEDIA_TYPES: &str = "image/*,audio/*,video/*,text/*,application/pdf,application/json,\
     application/xml,application/zip,application/gzip,application/x-7z-compressed,application/x-tar,\
     application/msword,application/vnd.ms-excel,application/vnd.ms-powerpoint,\
     application/vnd.openxmlformats-officedocument.wordprocessingml.document,\
     application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,\
     application/vnd.openxmlformats-officedocument.presentationml.presentation,\
     application/vnd.oasis.opendocument.text,application/vnd.oasis.opendocument.spreadsheet,\
     application/vnd.oasis.opendocument.presentation";

/// What the agent is told before every conversation, unless the admin says otherwise.
pub const DEFAULT_AGENT_PROMPT: &str = "You are Guide, the assistant inside Confab, a chat. Answer briefly, kindly \
    and in the language you are asked in.";

/// The environment variable naming the PostgreSQL server tests run on (see [`Settings::for_tests`]).
pub const TEST_DATABASE: &str = "CONFAB_TEST_DATABASE";
/// The environment variable naming the NATS server tests run on.
pub const TEST_BUS: &str = "CONFAB_TEST_BUS";

impl Settings {
    pub fn files_dir(&self) -> PathBuf {
        self.files_dir.clone().unwrap_or_else(|| self.data_dir.join("files"))
    }

    pub fn token_ttl(&self) -> Duration {
        Duration::from_secs(self.token_ttl_secs)
    }

    pub fn presence_grace(&self) -> Duration {
        Duration::from_millis(self.presence_grace_ms)
    }

    pub fn presence_lease(&self) -> Duration {
        Duration::from_millis(self.presence_lease_ms)
    }

    /// The settings these flags give (the first is the program's name), the rest at their defaults.
    pub fn from_flags<'a>(flags: impl IntoIterator<Item = &'a str>) -> Self {
        Flags::parse_from(flags).settings
    }

    /// The database's URL: `--database`, or the SQLite file in the data directory.
    pub fn database_url(&self) -> String {
        self.database.clone().unwrap_or_else(|| format!("sqlite://{}", self.data_dir.join("confab.sqlite3").display()))
    }

    /// Settings for tests: a free port, the given data directory, demo data, no app.
    ///
    /// The database is SQLite in the data directory unless `CONFAB_TEST_DATABASE` names a
    /// PostgreSQL server (`postgres://user@host:port`): then it is a database of that server
    /// named after the data directory, so each test has its own and a restarted server finds
    /// its data again. The bus is in-process unless `CONFAB_TEST_BUS` names a NATS server,
    /// with subjects of the test's own. This is how the same tests run against both backends.
    pub fn for_tests(data_dir: impl Into<PathBuf>) -> Self {
        let mut settings = Self::from_flags(["confab-server", "--port", "0", "--demo"]);
        settings.data_dir = data_dir.into();
        let name = format!("test_{}", &crate::secrets::hash_secret(&settings.data_dir.display().to_string())[..16]);
        if let Ok(server) = std::env::var(TEST_DATABASE) {
            settings.database = Some(format!("{}/{name}", server.trim_end_matches('/')));
        }
        if let Ok(bus) = std::env::var(TEST_BUS) {
            settings.bus = Some(bus);
            settings.bus_prefix = name;
        }
        settings
    }
}
