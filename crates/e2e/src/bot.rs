//! A bot account for browser tests: made by an admin's page (`users.create` with the `bot` role),
//! signed in with a personal access token from the operator's CLI, as a bot SDK would be, and
//! calling the REST API from any page, as any HTTP client could.

use serde_json::{Value, json};

use crate::{Browser, TestServer};

pub struct Bot {
    pub user_id: String,
    pub token: String,
}

impl Bot {
    /// Bot `username` (shown as `name`), made by the admin signed in on `admin`.
    pub async fn make(server: &TestServer, admin: &Browser, username: &str, name: &str) -> Self {
        let made = admin
            .api(
                "users.create",
                Some(json!({"username": username, "name": name, "email": format!("{username}@example.com"), "roles": ["bot"]})),
            )
            .await;
        assert_eq!(made["status"], 200, "{made}");
        let printed = server.admin(&["personal-token", "--username", username, "--name", "e2e"]).await;
        let field = |label: &str| {
            printed.lines().find_map(|line| line.strip_prefix(label)).map(|v| v.trim().to_owned()).expect("printed")
        };
        Self { user_id: field("userId "), token: field("authToken ") }
    }

    /// `POST /api/v1/<path>` with `body` as the bot, from `page`. Answers `{status, body}`.
    pub async fn call(&self, page: &Browser, path: &str, body: Value) -> Value {
        let script = "const [uid, token, path, body, done] = arguments; \
            fetch('/api/v1/' + path, { method: 'POST', body: JSON.stringify(body), \
                headers: { 'X-User-Id': uid, 'X-Auth-Token': token, 'Content-Type': 'application/json' } }) \
            .then(async r => done({ status: r.status, body: await r.json() }), e => done({ error: String(e) }));";
        page.script_async(script, vec![json!(self.user_id), json!(self.token), json!(path), body]).await
    }
}
