//! Users as Rocket.Chat describes them: the full document from `me`, and the short reference
//! (`_id`, `username`, `name`) embedded in messages and subscriptions.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::json::{Fields, FromJson};

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct UserRef {
    #[serde(rename = "_id")]
    pub id: String,
    pub username: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

impl UserRef {
    /// The name people read: the display name when there is one, else the username.
    pub fn display_name(&self) -> &str {
        self.name.as_deref().filter(|n| !n.trim().is_empty()).unwrap_or(&self.username)
    }
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct User {
    #[serde(rename = "_id")]
    pub id: String,
    pub username: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// What the user says of their status ("In a meeting"), set with `users.setStatus`.
    #[serde(rename = "statusText", default, skip_serializing_if = "Option::is_none")]
    pub status_text: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active: Option<bool>,
    #[serde(default)]
    pub roles: Vec<String>,
}

impl User {
    pub fn to_ref(&self) -> UserRef {
        UserRef { id: self.id.clone(), username: self.username.clone(), name: self.name.clone() }
    }

    pub fn is_admin(&self) -> bool {
        self.roles.iter().any(|r| r == "admin")
    }
}

impl FromJson for UserRef {
    fn from_json(value: &Value) -> Option<Self> {
        let f = Fields::of(value)?;
        Some(Self { id: f.get("_id")?, username: f.get("username")?, name: f.get("name") })
    }
}

impl FromJson for User {
    fn from_json(value: &Value) -> Option<Self> {
        let f = Fields::of(value)?;
        Some(Self {
            id: f.get("_id")?,
            username: f.get("username")?,
            name: f.get("name"),
            status: f.get("status"),
            status_text: f.get("statusText"),
            active: f.get("active"),
            roles: f.get("roles").unwrap_or_default(),
        })
    }
}
