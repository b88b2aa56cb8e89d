//! `GET /api/v1/spotlight?query=`: users and rooms whose names start with a term, as Rocket.Chat's
//! spotlight answers (`{users, rooms}`): public channels and the caller's own rooms, never a
//! private room they are not in. `@term` asks for users only, `#term` for rooms only.

use serde::{Deserialize, Serialize};

use crate::{RoomType, User};

#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq, Eq)]
pub struct SpotlightQuery {
    pub query: String,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct SpotlightRoom {
    #[serde(rename = "_id")]
    pub id: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fname: Option<String>,
    pub t: RoomType,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct SpotlightResponse {
    pub users: Vec<User>,
    pub rooms: Vec<SpotlightRoom>,
    pub success: bool,
}
