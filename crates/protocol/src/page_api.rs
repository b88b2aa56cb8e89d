//! The page API: the postMessage API of a framed Confab, in Rocket.Chat's shapes so a host written for
//! Rocket.Chat's iframe integration works unchanged: commands `{externalCommand, …}` in, events
//! `{eventName, data}` out.
//!
//! A command is read strictly: an unknown name, a missing or empty field, or a field of the wrong
//! type makes it [`CommandError`], never a command with a default filled in. (Rocket.Chat once
//! logged a sender in as someone else on a `login-with-token` without a token.)

use serde::Serialize;
use serde_json::Value;

/// Longest accepted `go` path and `login-with-token` token; a host never needs more.
pub const MAX_FIELD_LEN: usize = 2_048;

/// A user's presence, as `set-user-status` and `users.setStatus` name it.
#[derive(Serialize, serde::Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum UserStatus {
    Online,
    Away,
    Busy,
    Offline,
}

impl UserStatus {
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "online" => Some(Self::Online),
            "away" => Some(Self::Away),
            "busy" => Some(Self::Busy),
            "offline" => Some(Self::Offline),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Online => "online",
            Self::Away => "away",
            Self::Busy => "busy",
            Self::Offline => "offline",
        }
    }
}

/// Where a `go` command leads: Rocket.Chat's room paths.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Destination {
    /// `/channel/<name>` or `/group/<name>`: a room by name.
    Room(String),
    /// `/direct/<username>`: the direct room with a user.
    Direct(String),
    /// `/room/<id>` (Confab's own): a room by id.
    RoomId(String),
    /// `/home`: no room open.
    Home,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    LoginWithToken {
        token: String,
    },
    Go(Destination),
    /// `go` to a room path with `?msg=<id>` (a permalink): that message, opened in its room.
    GoToMessage {
        to: Destination,
        msg: String,
    },
    Logout,
    SetUserStatus(UserStatus),
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CommandError {
    /// Not a command at all (another script's message to the same window): not worth a warning.
    #[error("not a command")]
    NotACommand,
    #[error("unknown command \"{0}\"")]
    Unknown(String),
    #[error("{command}: {field} is missing, empty or not a string")]
    MissingField { command: &'static str, field: &'static str },
    #[error("{command}: {field} is not accepted")]
    BadField { command: &'static str, field: &'static str },
}

impl Command {
    pub fn parse(message: &Value) -> Result<Self, CommandError> {
        let Some(name) = message.get("externalCommand") else { return Err(CommandError::NotACommand) };
        let Some(name) = name.as_str() else { return Err(CommandError::NotACommand) };
        let text = |command: &'static str, field: &'static str| {
            let value = message.get(field).and_then(Value::as_str).filter(|v| !v.trim().is_empty());
            let value = value.ok_or(CommandError::MissingField { command, field })?;
            if value.len() > MAX_FIELD_LEN {
                return Err(CommandError::BadField { command, field });
            }
            Ok(value)
        };
        match name {
            "login-with-token" => {
                let token = text("login-with-token", "token")?;
                if token.chars().any(char::is_control) {
                    return Err(CommandError::BadField { command: "login-with-token", field: "token" });
                }
                Ok(Self::LoginWithToken { token: token.to_owned() })
            }
            "go" => {
                let path = text("go", "path")?;
                let to = parse_path(path).ok_or(CommandError::BadField { command: "go", field: "path" })?;
                let query = path.split_once('?').map(|(_, q)| q.split('#').next().unwrap_or_default());
                match query.and_then(|q| q.split('&').find_map(|pair| pair.strip_prefix("msg="))) {
                    Some(msg) if crate::ids::is_plausible_id(msg) => Ok(Self::GoToMessage { to, msg: msg.to_owned() }),
                    Some(_) => Err(CommandError::BadField { command: "go", field: "path" }),
                    None => Ok(Self::Go(to)),
                }
            }
            "logout" => Ok(Self::Logout),
            "set-user-status" => {
                let status = text("set-user-status", "status")?;
                UserStatus::parse(status)
                    .map(Self::SetUserStatus)
                    .ok_or(CommandError::BadField { command: "set-user-status", field: "status" })
            }
            other => Err(CommandError::Unknown(other.chars().take(64).collect())),
        }
    }
}

/// A room path; never a URL (`//evil.example`, `https:…`), so `go` cannot lead out of the app.
fn parse_path(path: &str) -> Option<Destination> {
    let path = path.split(['?', '#']).next().unwrap_or_default();
    if path == "/home" || path == "/" {
        return Some(Destination::Home);
    }
    let rest = path.strip_prefix('/')?;
    let (kind, name) = rest.split_once('/')?;
    let name = name.trim_end_matches('/');
    let plain = !name.is_empty() && !name.contains('/') && !name.chars().any(char::is_control);
    if !plain {
        return None;
    }
    match kind {
        "channel" | "group" => Some(Destination::Room(name.to_owned())),
        "direct" => Some(Destination::Direct(name.to_owned())),
        "room" => Some(Destination::RoomId(name.to_owned())),
        _ => None,
    }
}

/// An event for the host: `{eventName, data}`. Generic, so a message is written straight to
/// JSON text (as everywhere else in the app) rather than through a `serde_json::Value`, which
/// would compile a second serializer for the message and its markup tree into the wasm.
#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct Event<T> {
    #[serde(rename = "eventName")]
    pub name: &'static str,
    pub data: T,
}

impl<T: Serialize> Event<T> {
    pub fn new(name: &'static str, data: T) -> Self {
        Self { name, data }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn parse(value: Value) -> Result<Command, CommandError> {
        Command::parse(&value)
    }

    #[test]
    fn rocket_chat_commands_are_read() {
        assert_eq!(
            parse(json!({"externalCommand": "login-with-token", "token": "abc"})),
            Ok(Command::LoginWithToken { token: "abc".into() })
        );
        assert_eq!(
            parse(json!({"externalCommand": "go", "path": "/channel/general"})),
            Ok(Command::Go(Destination::Room("general".into())))
        );
        assert_eq!(
            parse(json!({"externalCommand": "go", "path": "/direct/bob?layout=embedded"})),
            Ok(Command::Go(Destination::Direct("bob".into())))
        );
        assert_eq!(parse(json!({"externalCommand": "go", "path": "/home"})), Ok(Command::Go(Destination::Home)));
        assert_eq!(
            parse(json!({"externalCommand": "go", "path": "/channel/general?msg=Zr4Tq8WmKp2XcVb7N"})),
            Ok(Command::GoToMessage { to: Destination::Room("general".into()), msg: "Zr4Tq8WmKp2XcVb7N".into() })
        );
        assert!(parse(json!({"externalCommand": "go", "path": "/channel/general?msg=<script>"})).is_err());
        assert_eq!(parse(json!({"externalCommand": "logout"})), Ok(Command::Logout));
        assert_eq!(
            parse(json!({"externalCommand": "set-user-status", "status": "away"})),
            Ok(Command::SetUserStatus(UserStatus::Away))
        );
    }

    #[test]
    fn a_command_missing_or_misshapen_fields_is_refused() {
        for token in [json!(null), json!(""), json!("  "), json!(42), json!({"token": "x"}), json!("a\u{0}b")] {
            let message = json!({"externalCommand": "login-with-token", "token": token});
            assert!(parse(message.clone()).is_err(), "{message}");
        }
        assert!(parse(json!({"externalCommand": "login-with-token"})).is_err());
        assert!(parse(json!({"externalCommand": "login-with-token", "token": "x".repeat(5_000)})).is_err());
        for path in
            ["//evil.example/x", "https://evil.example", "channel/general", "/channel/", "/channel/a/b", "/admin/x"]
        {
            assert!(parse(json!({"externalCommand": "go", "path": path})).is_err(), "{path}");
        }
        assert!(parse(json!({"externalCommand": "set-user-status", "status": "invisible"})).is_err());
        assert_eq!(parse(json!({"externalCommand": "format-disk"})), Err(CommandError::Unknown("format-disk".into())));
        assert_eq!(parse(json!({"type": "webpackOk"})), Err(CommandError::NotACommand));
        assert_eq!(parse(json!("login-with-token")), Err(CommandError::NotACommand));
    }

    #[test]
    fn events_have_rocket_chat_shape() {
        let event = Event::new("unread-changed", 3);
        assert_eq!(serde_json::to_value(&event).unwrap(), json!({"eventName": "unread-changed", "data": 3}));
    }
}
