//! `confab-server admin ...` against a real database directory.

use std::process::Command;

fn admin(data: &std::path::Path, args: &[&str]) -> (bool, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_confab-server"))
        .arg("--data-dir")
        .arg(data)
        .arg("admin")
        .args(args)
        .output()
        .expect("the binary runs");
    let text = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    (output.status.success(), text)
}

#[tokio::test]
async fn operators_manage_users_rooms_and_tokens_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let (ok, out) = admin(data, &["create-user", "--username", "olga", "--name", "Olga", "--admin"]);
    assert!(ok, "{out}");
    assert!(admin(data, &["create-user", "--username", "pete"]).0);
    assert!(!admin(data, &["create-user", "--username", "olga"]).0, "duplicates are refused");
    assert!(!admin(data, &["create-user", "--username", "bad name"]).0);
    let (ok, out) = admin(data, &["create-room", "--name", "ops", "--kind", "group", "--member", "olga"]);
    assert!(ok && out.contains("with 1 members"), "{out}");
    let (ok, out) = admin(data, &["add-member", "--room", "ops", "--username", "pete"]);
    assert!(ok && out.contains("added pete"), "{out}");
    assert!(!admin(data, &["add-member", "--room", "nope", "--username", "pete"]).0);

    let (ok, out) = admin(data, &["mint-token", "--username", "pete"]);
    assert!(ok, "{out}");
    let token = out.lines().find_map(|l| l.strip_prefix("authToken ")).unwrap().to_owned();
    let store = confab_server::store::Store::open(&format!("sqlite://{}", data.join("confab.sqlite3").display()))
        .await
        .unwrap();
    let (user, _) =
        store.login_token(&token, confab_protocol::Timestamp::now()).await.unwrap().expect("the token works");
    assert_eq!(user.username, "pete");
    let ops = store.room_by_name("ops").await.unwrap().unwrap();
    assert!(store.subscription(&ops, &user.id).await.unwrap().is_some());

    let (ok, out) = admin(data, &["revoke-tokens", "--username", "pete"]);
    assert!(ok && out.contains("revoked 1"), "{out}");
    assert!(store.login_token(&token, confab_protocol::Timestamp::now()).await.unwrap().is_none());
}

#[tokio::test]
async fn an_operator_makes_a_bot_and_its_personal_token_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let (ok, out) = admin(data, &["create-user", "--username", "helper", "--name", "Helper", "--bot"]);
    assert!(ok, "{out}");
    assert!(!admin(data, &["create-user", "--username", "both", "--bot", "--admin"]).0, "a bot is not an admin");
    let (ok, out) = admin(data, &["personal-token", "--username", "helper", "--name", "ci"]);
    assert!(ok, "{out}");
    let token = out.lines().find_map(|l| l.strip_prefix("authToken ")).unwrap().to_owned();
    assert!(!admin(data, &["personal-token", "--username", "helper", "--name", "ci"]).0, "one token per name");

    let store = confab_server::store::Store::open(&format!("sqlite://{}", data.join("confab.sqlite3").display()))
        .await
        .unwrap();
    let (user, _) = store.login_token(&token, confab_protocol::Timestamp::now()).await.unwrap().expect("it works");
    assert_eq!((user.username.as_str(), user.roles.clone()), ("helper", vec!["bot".to_owned()]));
    // Ending the bot's sessions leaves its personal token.
    let (ok, out) = admin(data, &["revoke-tokens", "--username", "helper"]);
    assert!(ok && out.contains("revoked 0"), "{out}");
    assert!(store.login_token(&token, confab_protocol::Timestamp::now()).await.unwrap().is_some());
}
