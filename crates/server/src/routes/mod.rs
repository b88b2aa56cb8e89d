//! The HTTP surface: the REST API under `/api/v1`, the config endpoint, the Realtime socket, the
//! demo sign-in, and the built app.
//!
//! The REST API is declared as one table, [`api_routes`], and every other route as another,
//! [`site_routes`]; the router is built from them, and the authorization and hostile-input tests
//! enumerate the same tables, so no endpoint can escape them.

mod access;
mod account;
mod admin;
mod app;
mod avatars;
mod config;
mod demo;
mod extract;
mod files;
mod first_screen;
mod hooks;
mod integrations;
mod interactions;
mod livechat;
pub(crate) mod messages;
mod method_call;
mod moderation;
mod notifications;
mod permissions;
mod personal_tokens;
mod pins;
mod public_settings;
mod rendered_page;
mod rooms;
mod search;
mod streams;
mod users;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderValue, Method, header};
use axum::routing::{MethodRouter, get, post};
use confab_protocol::RoomType::{Channel, Direct, Group};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::compression::predicate::{NotForContentType, Predicate, SizeAbove};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::{DefaultMakeSpan, TraceLayer};

use crate::error::ApiError;
use crate::state::AppState;
use crate::{realtime, security};
use confab_protocol::first_screen::FIRST_SCREEN_PATH;
use confab_protocol::permission::RoomRole;

/// Who may call a REST route.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// No login needed (`login` itself).
    Anyone,
    /// Any logged-in user, visitors included: the routes a visitor's own conversation needs
    /// (room routes then check membership, so a visitor reaches only their conversations).
    Visitor,
    /// Any logged-in user but a visitor (room routes then check membership).
    User,
    /// Logged-in users with the admin role.
    Admin,
}

/// How large a route's request body may be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BodyLimit {
    /// A JSON body: the server's `max_body_bytes`.
    Json,
    /// A multipart upload: the largest file accepted and its form around it.
    Upload,
    /// A picture for an avatar, in a form or as JSON naming its address.
    Avatar,
}

pub struct ApiRoute {
    pub method: Method,
    /// Path under `/api/v1`; `{rid}` and `{fileId}` stand for a room's and an upload's id.
    pub path: &'static str,
    pub access: Access,
    pub body: BodyLimit,
    handler: MethodRouter<AppState>,
}

fn route(method: Method, path: &'static str, access: Access, handler: MethodRouter<AppState>) -> ApiRoute {
    ApiRoute { method, path, access, body: BodyLimit::Json, handler }
}

fn upload_route(path: &'static str, handler: MethodRouter<AppState>) -> ApiRoute {
    ApiRoute { method: Method::POST, path, access: Access::Visitor, body: BodyLimit::Upload, handler }
}

/// A room-role endpoint: adds (`held`) or removes `role` of a member of a room of `kind`.
fn role_route(path: &'static str, kind: confab_protocol::RoomType, role: RoomRole, held: bool) -> ApiRoute {
    let handler = post(move |s, a, b| permissions::set_room_role(kind, role, held, s, a, b));
    route(Method::POST, path, Access::User, handler)
}

/// Every REST endpoint, with who may call it.
pub fn api_routes() -> Vec<ApiRoute> {
    use Access::{Admin, Anyone, User, Visitor};
    let (g, p) = (Method::GET, Method::POST);
    vec![
        route(p.clone(), "/login", Anyone, post(account::login)),
        route(p.clone(), "/logout", Visitor, post(account::logout)),
        route(g.clone(), "/me", Visitor, get(account::me)),
        route(p.clone(), "/users.create", Admin, post(admin::create_user)),
        route(p.clone(), "/users.createToken", Admin, post(admin::create_token)),
        route(g.clone(), "/users.info", User, get(users::user_info)),
        route(p.clone(), "/users.logout", Admin, post(admin::logout_user)),
        route(g.clone(), "/statistics", Admin, get(admin::statistics)),
        route(g.clone(), "/users.autocomplete", User, get(users::autocomplete)),
        route(p.clone(), "/users.setStatus", User, post(users::set_status)),
        route(g.clone(), "/users.presence", User, get(users::presence)),
        route(g.clone(), "/users.getPresence", User, get(users::one_presence)),
        route(g.clone(), "/rooms.get", Visitor, get(rooms::rooms)),
        route(g.clone(), "/subscriptions.get", Visitor, get(rooms::subscriptions)),
        route(p.clone(), "/subscriptions.read", Visitor, post(rooms::read)),
        route(g.clone(), "/subscriptions.getOne", Visitor, get(notifications::get_one)),
        route(p.clone(), "/rooms.saveNotification", User, post(notifications::save)),
        route(p.clone(), "/channels.create", User, post(|s, a, b| rooms::create(Channel, s, a, b))),
        route(p.clone(), "/groups.create", User, post(|s, a, b| rooms::create(Group, s, a, b))),
        route(p.clone(), "/channels.invite", User, post(|s, a, b| rooms::invite(Channel, s, a, b))),
        route(p.clone(), "/groups.invite", User, post(|s, a, b| rooms::invite(Group, s, a, b))),
        route(p.clone(), "/channels.join", User, post(rooms::join)),
        route(p.clone(), "/channels.leave", User, post(|s, a, b| rooms::leave(Channel, s, a, b))),
        route(p.clone(), "/groups.leave", User, post(|s, a, b| rooms::leave(Group, s, a, b))),
        route(p.clone(), "/im.create", User, post(rooms::create_direct)),
        route(g.clone(), "/channels.members", User, get(|s, a, q| rooms::members(Channel, s, a, q))),
        route(g.clone(), "/groups.members", User, get(|s, a, q| rooms::members(Group, s, a, q))),
        route(g.clone(), "/im.members", User, get(|s, a, q| rooms::members(Direct, s, a, q))),
        route(g.clone(), "/channels.history", User, get(|s, a, q| messages::history(Channel, s, a, q))),
        route(g.clone(), "/groups.history", Visitor, get(|s, a, q| messages::history(Group, s, a, q))),
        route(g.clone(), "/im.history", User, get(|s, a, q| messages::history(Direct, s, a, q))),
        route(g.clone(), "/chat.syncMessages", Visitor, get(messages::sync)),
        route(p.clone(), "/chat.sendMessage", Visitor, post(messages::send)),
        route(p.clone(), "/chat.update", Visitor, post(messages::update)),
        route(p.clone(), "/chat.delete", Visitor, post(messages::delete)),
        route(p.clone(), "/chat.react", Visitor, post(messages::react)),
        route(g.clone(), "/chat.getThreadMessages", Visitor, get(messages::thread_messages)),
        route(g.clone(), "/chat.search", User, get(search::search)),
        route(g.clone(), "/spotlight", User, get(search::spotlight)),
        route(g.clone(), "/directory", User, get(search::directory)),
        route(g.clone(), "/chat.getMessage", Visitor, get(pins::get_message)),
        route(p.clone(), "/method.call/{method}", Visitor, post(method_call::method_call)),
        route(p.clone(), "/chat.pinMessage", User, post(pins::pin)),
        route(p.clone(), "/chat.unPinMessage", User, post(pins::unpin)),
        route(p.clone(), "/chat.starMessage", User, post(|s, a, b| pins::star(true, s, a, b))),
        route(p.clone(), "/chat.unStarMessage", User, post(|s, a, b| pins::star(false, s, a, b))),
        route(g.clone(), "/chat.getPinnedMessages", User, get(pins::pinned)),
        route(g.clone(), "/chat.getStarredMessages", User, get(pins::starred)),
        upload_route("/rooms.media/{rid}", post(files::media)),
        route(p.clone(), "/rooms.mediaConfirm/{rid}/{fileId}", Visitor, post(files::confirm)),
        upload_route("/rooms.upload/{rid}", post(files::upload)),
        route(g.clone(), "/settings.public", Anyone, get(public_settings::public_settings)),
        ApiRoute {
            method: p.clone(),
            path: "/users.setAvatar",
            access: User,
            body: BodyLimit::Avatar,
            handler: post(avatars::set_avatar),
        },
        route(p.clone(), "/users.resetAvatar", User, post(avatars::reset_avatar)),
        route(p.clone(), "/users.generatePersonalAccessToken", User, post(personal_tokens::generate)),
        route(p.clone(), "/users.regeneratePersonalAccessToken", User, post(personal_tokens::regenerate)),
        route(g.clone(), "/users.getPersonalAccessTokens", User, get(personal_tokens::list)),
        route(p.clone(), "/users.removePersonalAccessToken", User, post(personal_tokens::remove)),
        route(p.clone(), "/integrations.create", User, post(integrations::create)),
        route(g.clone(), "/integrations.list", User, get(integrations::list)),
        route(g.clone(), "/integrations.get", User, get(integrations::get)),
        route(p.clone(), "/integrations.remove", User, post(integrations::remove)),
        route(g.clone(), "/integrations.history", User, get(integrations::history)),
        route(p.clone(), "/confab.streams.start", User, post(streams::start)),
        route(p.clone(), "/confab.streams.append", User, post(streams::append)),
        route(p.clone(), "/confab.streams.end", User, post(streams::end)),
        route(p.clone(), "/confab.streams.stop", Visitor, post(streams::stop)),
        route(p.clone(), "/confab.agents.state", User, post(streams::agent_state)),
        route(p.clone(), "/confab.blocks.action", Visitor, post(interactions::block_action)),
        route(p.clone(), "/confab.feedback.set", Visitor, post(interactions::set_feedback)),
        route(g.clone(), "/confab.feedback.mine", Visitor, get(interactions::my_feedback)),
        route(g.clone(), "/permissions.listAll", Visitor, get(permissions::list_all)),
        route(g.clone(), "/roles.list", User, get(permissions::roles_list)),
        route(g.clone(), "/channels.roles", User, get(|s, a, q| permissions::room_roles(Channel, s, a, q))),
        route(g.clone(), "/groups.roles", User, get(|s, a, q| permissions::room_roles(Group, s, a, q))),
        route(p.clone(), "/permissions.update", User, post(permissions::update)),
        role_route("/channels.addModerator", Channel, RoomRole::Moderator, true),
        role_route("/channels.removeModerator", Channel, RoomRole::Moderator, false),
        role_route("/channels.addOwner", Channel, RoomRole::Owner, true),
        role_route("/channels.removeOwner", Channel, RoomRole::Owner, false),
        role_route("/groups.addModerator", Group, RoomRole::Moderator, true),
        role_route("/groups.removeModerator", Group, RoomRole::Moderator, false),
        role_route("/groups.addOwner", Group, RoomRole::Owner, true),
        role_route("/groups.removeOwner", Group, RoomRole::Owner, false),
        route(p.clone(), "/rooms.muteUser", User, post(|s, a, b| moderation::set_muted(true, s, a, b))),
        route(p.clone(), "/rooms.unmuteUser", User, post(|s, a, b| moderation::set_muted(false, s, a, b))),
        route(p.clone(), "/channels.setReadOnly", User, post(|s, a, b| moderation::set_read_only(Channel, s, a, b))),
        route(p.clone(), "/groups.setReadOnly", User, post(|s, a, b| moderation::set_read_only(Group, s, a, b))),
        route(p.clone(), "/channels.kick", User, post(|s, a, b| moderation::kick(Channel, s, a, b))),
        route(p.clone(), "/groups.kick", User, post(|s, a, b| moderation::kick(Group, s, a, b))),
        // Support conversations: the visitor's routes take the visitor token as the credential.
        route(p.clone(), "/livechat/visitor", Anyone, post(livechat::visitor::register)),
        route(g.clone(), "/livechat/config", Anyone, get(livechat::visitor::config)),
        route(g.clone(), "/livechat/room", Anyone, get(livechat::visitor::room)),
        route(p.clone(), "/livechat/message", Anyone, post(livechat::visitor::message)),
        route(g.clone(), "/livechat/messages.history/{rid}", Anyone, get(livechat::visitor::history)),
        route(p.clone(), "/livechat/room.close", Anyone, post(livechat::visitor::close)),
        route(p.clone(), "/livechat/room.survey", Anyone, post(livechat::visitor::survey)),
        route(p.clone(), "/livechat/transcript", Anyone, post(livechat::visitor::transcript_email)),
        route(p.clone(), "/confab.livechat.askForPerson", Anyone, post(livechat::visitor::ask_for_person)),
        route(g.clone(), "/confab.livechat.transcript", Anyone, get(livechat::visitor::transcript_download)),
        route(g.clone(), "/livechat/department", Anyone, get(livechat::staff::departments)),
        route(g.clone(), "/livechat/inquiries.queued", User, get(livechat::staff::queued)),
        route(p.clone(), "/livechat/inquiries.take", User, post(livechat::staff::take)),
        route(p.clone(), "/livechat/room.forward", User, post(livechat::staff::forward)),
        route(p, "/livechat/room.closeByUser", User, post(livechat::staff::close)),
        route(g.clone(), "/livechat/rooms", User, get(livechat::staff::rooms)),
        route(g, "/livechat/users/agent", User, get(livechat::staff::team)),
    ]
}

/// A route outside the REST API.
pub struct SiteRoute {
    pub method: Method,
    pub path: &'static str,
    /// Whether its answers may be compressed: JSON and pages are; files and pictures, which
    /// mostly are already, go as they are.
    compressed: bool,
    handler: MethodRouter<AppState>,
}

/// Every route outside the REST API and the app's own files: the config, the Realtime socket,
/// uploaded files and avatars, and in demo mode the sign-in page.
pub fn site_routes(demo: bool) -> Vec<SiteRoute> {
    let site = |method, path, compressed, handler| SiteRoute { method, path, compressed, handler };
    let (g, p) = (Method::GET, Method::POST);
    let mut routes = vec![
        site(g.clone(), "/chat/config", true, get(config::config)),
        site(g.clone(), FIRST_SCREEN_PATH, true, get(first_screen::first_screen)),
        site(g.clone(), "/websocket", true, get(realtime::upgrade)),
        site(g.clone(), "/file-upload/{id}/{name}", false, get(files::serve)),
        site(g.clone(), "/avatar/{username}", false, get(avatars::user_avatar)),
        site(g.clone(), "/avatar/room/{rid}", false, get(avatars::room_avatar)),
        site(p.clone(), "/hooks/{id}/{token}", true, post(hooks::incoming_hook)),
    ];
    if demo {
        routes.extend([
            site(g.clone(), "/demo", true, get(demo::sign_in_page)),
            site(p.clone(), "/demo/sign-in", true, post(demo::sign_in)),
            site(p, "/demo/theme", true, post(demo::choose_theme)),
            site(g, "/demo/nightjar.svg", true, get(demo::nightjar_logo)),
        ]);
    }
    routes
}

/// The body limit of `users.setAvatar`: the largest picture and its form around it.
const AVATAR_LIMIT: usize = avatars::MAX_AVATAR_BYTES + 64 * 1024;

pub fn router(state: AppState) -> Router {
    let upload_limit = usize::try_from(state.settings.max_file_bytes + files::FORM_OVERHEAD).unwrap_or(usize::MAX);
    let api = api_routes()
        .into_iter()
        .map(|mut r| {
            // What a visitor may call: their own routes, and those anyone may (see `auth`).
            if matches!(r.access, Access::Visitor | Access::Anyone) {
                r.handler = r.handler.layer(axum::Extension(crate::auth::OpenToVisitors));
            }
            r
        })
        .fold(Router::new(), |api, r| match r.body {
            BodyLimit::Json => api.route(r.path, r.handler),
            BodyLimit::Upload => api.route(r.path, r.handler.layer(DefaultBodyLimit::max(upload_limit))),
            BodyLimit::Avatar => api.route(r.path, r.handler.layer(DefaultBodyLimit::max(AVATAR_LIMIT))),
        })
        .fallback(api_not_found)
        .method_not_allowed_fallback(method_not_allowed);
    let (compressed, plain): (Vec<SiteRoute>, Vec<SiteRoute>) =
        site_routes(state.settings.demo).into_iter().partition(|r| r.compressed);
    let mut router =
        compressed.into_iter().fold(Router::new().nest("/api/v1", api), |router, r| router.route(r.path, r.handler));
    // JSON answers above a kilobyte (history, room lists, configs) go compressed when the
    // browser accepts it; the app's own files are precompressed at build time instead.
    router = router.layer(
        CompressionLayer::new()
            .compress_when(SizeAbove::new(1024).and(NotForContentType::const_new("text/event-stream"))),
    );
    // Uploaded files go as they are: most are compressed already, and a large one would cost the
    // server more to compress than the network saves.
    router = plain.into_iter().fold(router, |router, r| router.route(r.path, r.handler));
    // Only the configured origins may call the API with credentials; the app's files, added
    // after, are readable from anywhere (see `app`).
    if let Some(cors) = security::cors(&state.settings) {
        router = router.layer(cors);
    }
    router = app::serve_app(router, &state.settings).method_not_allowed_fallback(method_not_allowed);
    let index = state.settings.static_dir.as_ref().and_then(|dir| std::fs::read_to_string(dir.join("index.html")).ok());
    let csp = security::content_security_policy(&state.settings, &state.branding, index.as_deref());
    let csp = HeaderValue::from_str(&csp).unwrap_or_else(|_| HeaderValue::from_static("default-src 'self'"));
    let max_body = state.settings.max_body_bytes;
    guarded(router, max_body, csp).with_state(state)
}

/// What every answer goes through: the default body limit, the security headers, a panicking
/// handler caught and answered, and each request traced (its span names it in every log line).
fn guarded<S: Clone + Send + Sync + 'static>(router: Router<S>, max_body: usize, csp: HeaderValue) -> Router<S> {
    router
        .layer(DefaultBodyLimit::max(max_body))
        .layer(SetResponseHeaderLayer::if_not_present(header::CONTENT_SECURITY_POLICY, csp))
        .layer(SetResponseHeaderLayer::overriding(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")))
        .layer(SetResponseHeaderLayer::overriding(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer")))
        .layer(CatchPanicLayer::custom(panicked))
        .layer(TraceLayer::new_for_http().make_span_with(DefaultMakeSpan::new().level(tracing::Level::INFO)))
}

async fn api_not_found() -> ApiError {
    ApiError::NotFound { error_type: "error-endpoint-not-found", message: "No such API endpoint".into() }
}

async fn method_not_allowed(method: Method) -> ApiError {
    ApiError::MethodNotAllowed(method.to_string())
}

/// A handler that panicked: logged within its request's span (method and address), answered as
/// any internal failure is, and the server goes on serving.
fn panicked(payload: Box<dyn std::any::Any + Send + 'static>) -> axum::response::Response {
    let what = payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic without a message".into());
    axum::response::IntoResponse::into_response(ApiError::Internal(format!("a handler panicked: {what}")))
}

#[cfg(test)]
mod tests {
    use axum::body::Body;
    use axum::http::Request;
    use tower::ServiceExt;

    use super::*;

    async fn a_handler_with_a_bug() -> &'static str {
        panic!("a bug in one handler")
    }

    #[tokio::test]
    async fn a_handler_that_panics_gets_a_500_in_rocket_chats_shape_and_serving_goes_on() {
        let router = Router::new().route("/boom", get(a_handler_with_a_bug)).route("/fine", get(|| async { "fine" }));
        let router = guarded(router, 1024, HeaderValue::from_static("default-src 'none'"));
        let get = |path: &str| Request::get(path).body(Body::empty()).unwrap();
        for _ in 0..3 {
            let boom = router.clone().oneshot(get("/boom")).await.unwrap();
            assert_eq!(boom.status(), axum::http::StatusCode::INTERNAL_SERVER_ERROR);
            let body = axum::body::to_bytes(boom.into_body(), 1024).await.unwrap();
            let body: serde_json::Value = serde_json::from_slice(&body).unwrap();
            assert_eq!(body["success"], false);
            assert_eq!(body["errorType"], "error-internal");
            assert!(!body.to_string().contains("a bug in one handler"), "the cause stays in the log: {body}");
            let fine = router.clone().oneshot(get("/fine")).await.unwrap();
            assert_eq!(fine.status(), axum::http::StatusCode::OK);
        }
    }

    #[test]
    fn the_server_is_built_to_unwind_and_for_speed_and_the_app_for_size() {
        let manifest = include_str!("../../../../Cargo.toml");
        let section = |name: &str| {
            let start = manifest.find(&format!("[profile.{name}]")).unwrap_or_else(|| panic!("a {name} profile"));
            manifest[start..].split("\n\n").next().unwrap_or_default().to_owned()
        };
        let release = section("release");
        assert!(release.contains("panic = \"unwind\"") && release.contains("opt-level = 3"), "{release}");
        let app = section("app");
        assert!(app.contains("panic = \"abort\"") && app.contains("opt-level = \"z\""), "{app}");
    }
}
