//! Where a send's time goes on an idle server: confab-server runs in this process (its release
//! build, SQLite) under a tracing layer that times the `send.*` and `request.*` spans of each
//! `chat.sendMessage`, while the client times the whole request. Sends go one at a time, so no
//! figure waits on another send.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use serde_json::{Value, json};
use tracing::span::{Attributes, Id};
use tracing::{Subscriber, subscriber};
use tracing_subscriber::layer::{Context, SubscriberExt};
use tracing_subscriber::registry::LookupSpan;
use tracing_subscriber::{Layer, Registry};

use crate::stats;

const WARM_UP: usize = 200;
const SENDS: usize = 2_000;

/// The steps of a send, in the order they run, and what each is.
const STEPS: [(&str, &str); 9] = [
    ("request.auth", "the login token looked up"),
    ("send.room", "the room and the sender's membership read"),
    ("send.check", "the right to post (and a thread's parent) checked"),
    ("send.mentions", "mentions resolved"),
    ("send.markup", "the text parsed into markup"),
    ("send.links", "links read (previews come later)"),
    ("send.store", "the message written"),
    ("send.publish", "the room's event published"),
    ("send.after", "notifications, previews and webhooks started"),
];

/// Milliseconds each span of a name lasted, from its creation to its close.
#[derive(Clone, Default)]
struct SpanTimes(Arc<Mutex<BTreeMap<&'static str, Vec<f64>>>>);

struct Opened(Instant);

impl<S: Subscriber + for<'a> LookupSpan<'a>> Layer<S> for SpanTimes {
    fn on_new_span(&self, _: &Attributes<'_>, id: &Id, ctx: Context<'_, S>) {
        if let Some(span) = ctx.span(id) {
            span.extensions_mut().insert(Opened(Instant::now()));
        }
    }

    fn on_close(&self, id: Id, ctx: Context<'_, S>) {
        let Some(span) = ctx.span(&id) else { return };
        let Some(opened) = span.extensions().get::<Opened>().map(|o| o.0) else { return };
        let name = span.metadata().name();
        if STEPS.iter().any(|(step, _)| *step == name) {
            let lasted = opened.elapsed().as_secs_f64() * 1000.0;
            self.0.lock().expect("the span times").entry(name).or_default().push(lasted);
        }
    }
}

pub async fn run() -> String {
    let times = SpanTimes::default();
    let filter = tracing_subscriber::filter::Targets::new().with_target("confab_server", tracing::Level::DEBUG);
    subscriber::set_global_default(Registry::default().with(times.clone().with_filter(filter)))
        .expect("the bench's tracing is the process's");

    let data = tempfile::tempdir().expect("a temporary directory");
    let mut settings = confab_server::settings::Settings::for_tests(data.path());
    settings.send_rate_per_minute = u32::MAX / 2;
    let server = confab_server::startup::Server::start(settings).await.expect("the server starts");
    let base = format!("http://{}", server.addr());
    let http = reqwest::Client::new();
    let config: Value = http
        .get(format!("{base}/chat/config?clientType=web"))
        .header("userid", "alice")
        .send()
        .await
        .expect("the config")
        .json()
        .await
        .expect("JSON");
    let (user_id, token) = (
        config["authentication"]["userId"].as_str().unwrap_or_default().to_owned(),
        config["authentication"]["userToken"].as_str().unwrap_or_default().to_owned(),
    );
    let rooms: Value = http
        .get(format!("{base}/api/v1/rooms.get"))
        .header("X-User-Id", &user_id)
        .header("X-Auth-Token", &token)
        .send()
        .await
        .expect("rooms.get")
        .json()
        .await
        .expect("JSON");
    let rid = rooms["update"]
        .as_array()
        .and_then(|rooms| rooms.iter().find(|r| r["name"] == "random"))
        .and_then(|r| r["_id"].as_str())
        .expect("#random is listed")
        .to_owned();

    let mut requests = Vec::with_capacity(SENDS);
    for n in 0..WARM_UP + SENDS {
        if n == WARM_UP {
            times.0.lock().expect("the span times").clear();
        }
        let body = json!({"message": {"rid": rid, "msg": format!("Message {n}: a plain sentence, with @bob in it")}});
        let started = Instant::now();
        let answer = http
            .post(format!("{base}/api/v1/chat.sendMessage"))
            .header("X-User-Id", &user_id)
            .header("X-Auth-Token", &token)
            .json(&body)
            .send()
            .await
            .expect("the server answers");
        assert!(answer.status().is_success(), "a send was refused: {}", answer.status());
        let _ = answer.bytes().await;
        if n >= WARM_UP {
            requests.push(started.elapsed().as_secs_f64() * 1000.0);
        }
    }
    requests.sort_by(f64::total_cmp);
    let mut recorded = times.0.lock().expect("the span times").clone();
    let mut rows = String::new();
    let mut accounted = 0.0;
    for (step, what) in STEPS {
        let samples = recorded.entry(step).or_default();
        samples.sort_by(f64::total_cmp);
        let p50 = stats::percentile(samples, 50.0);
        accounted += p50;
        rows.push_str(&format!("| `{step}`: {what} | {p50:.3} ms | {:.3} ms |\n", stats::percentile(samples, 99.0)));
    }
    let (p50, p99) = (stats::percentile(&requests, 50.0), stats::percentile(&requests, 99.0));
    format!(
        "## Where a send's time goes\n\n\
         confab-server's release build in the bench's process, SQLite, idle; {SENDS} `chat.sendMessage` \
         one at a time after {WARM_UP} to warm up, each with a mention.\n\n\
         | step | p50 | p99 |\n|---|---:|---:|\n{rows}\
         | the steps' p50s added | {accounted:.3} ms | |\n\
         | **request to response, at the client** | **{p50:.3} ms** | {p99:.3} ms |\n\n\
         Target: request to response p50 ≤ 3 ms. What the steps do not account for is HTTP, routing, \
         JSON and the client.\n"
    )
}
