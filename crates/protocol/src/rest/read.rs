//! Reading the REST answers the app receives by hand (see [`crate::json`]).

use serde_json::Value;

use super::*;
use crate::json::{Fields, FromJson};

impl FromJson for LoginResponse {
    fn from_json(value: &Value) -> Option<Self> {
        let f = Fields::of(value)?;
        Some(Self { status: f.get("status")?, data: f.get("data")? })
    }
}

impl FromJson for LoginData {
    fn from_json(value: &Value) -> Option<Self> {
        let f = Fields::of(value)?;
        Some(Self { user_id: f.get("userId")?, auth_token: f.get("authToken")?, me: f.get("me")? })
    }
}

impl FromJson for LogoutResponse {
    fn from_json(value: &Value) -> Option<Self> {
        let f = Fields::of(value)?;
        Some(Self { status: f.get("status")?, data: f.get("data")? })
    }
}

impl FromJson for LogoutData {
    fn from_json(value: &Value) -> Option<Self> {
        Some(Self { message: Fields::of(value)?.get("message")? })
    }
}

/// The user's fields at the top level, beside `success`.
impl FromJson for MeResponse {
    fn from_json(value: &Value) -> Option<Self> {
        let f = Fields::of(value)?;
        Some(Self { user: User::from_json(value)?, status_default: f.get("statusDefault"), success: f.get("success")? })
    }
}

impl FromJson for RoomsResponse {
    fn from_json(value: &Value) -> Option<Self> {
        let f = Fields::of(value)?;
        Some(Self { update: f.get("update")?, remove: f.get("remove").unwrap_or_default(), success: f.get("success")? })
    }
}

impl FromJson for SubscriptionsResponse {
    fn from_json(value: &Value) -> Option<Self> {
        let f = Fields::of(value)?;
        Some(Self { update: f.get("update")?, remove: f.get("remove").unwrap_or_default(), success: f.get("success")? })
    }
}

impl FromJson for Removed {
    fn from_json(value: &Value) -> Option<Self> {
        let f = Fields::of(value)?;
        Some(Self { id: f.get("_id")?, rid: f.get("rid"), deleted_at: f.get("_deletedAt") })
    }
}

impl FromJson for HistoryResponse {
    fn from_json(value: &Value) -> Option<Self> {
        let f = Fields::of(value)?;
        Some(Self { messages: f.get("messages")?, success: f.get("success")? })
    }
}

impl FromJson for SendMessageResponse {
    fn from_json(value: &Value) -> Option<Self> {
        let f = Fields::of(value)?;
        Some(Self { message: f.get("message")?, success: f.get("success")? })
    }
}

impl FromJson for ErrorResponse {
    fn from_json(value: &Value) -> Option<Self> {
        let f = Fields::of(value)?;
        Some(Self { success: f.get("success")?, error: f.get("error")?, error_type: f.get("errorType") })
    }
}

impl FromJson for SuccessResponse {
    fn from_json(value: &Value) -> Option<Self> {
        Some(Self { success: Fields::of(value)?.get("success")? })
    }
}

impl FromJson for SyncMessagesResponse {
    fn from_json(value: &Value) -> Option<Self> {
        let f = Fields::of(value)?;
        Some(Self { result: f.get("result")?, success: f.get("success")? })
    }
}

impl FromJson for SyncResult {
    fn from_json(value: &Value) -> Option<Self> {
        let f = Fields::of(value)?;
        Some(Self { updated: f.get("updated")?, deleted: f.get("deleted")? })
    }
}

impl FromJson for DeletedMessage {
    fn from_json(value: &Value) -> Option<Self> {
        let f = Fields::of(value)?;
        Some(Self { id: f.get("_id")?, deleted_at: f.get("_deletedAt")? })
    }
}

impl FromJson for DeleteMessageResponse {
    fn from_json(value: &Value) -> Option<Self> {
        let f = Fields::of(value)?;
        Some(Self { id: f.get("_id")?, ts: f.get("ts")?, success: f.get("success")? })
    }
}

impl FromJson for MessagePage {
    fn from_json(value: &Value) -> Option<Self> {
        let f = Fields::of(value)?;
        Some(Self {
            messages: f.get("messages")?,
            count: f.get("count")?,
            offset: f.get("offset")?,
            total: f.get("total")?,
            success: f.get("success")?,
        })
    }
}

impl FromJson for MembersResponse {
    fn from_json(value: &Value) -> Option<Self> {
        let f = Fields::of(value)?;
        Some(Self {
            members: f.get("members")?,
            count: f.get("count")?,
            offset: f.get("offset")?,
            total: f.get("total")?,
            success: f.get("success")?,
        })
    }
}

/// `{channel}`, `{group}` or `{room}`.
impl FromJson for RoomResponse {
    fn from_json(value: &Value) -> Option<Self> {
        let f = Fields::of(value)?;
        let channel = f.get("channel").or_else(|| f.get("group")).or_else(|| f.get("room"))?;
        Some(Self { channel, success: f.get("success")? })
    }
}

impl FromJson for AutocompleteResponse {
    fn from_json(value: &Value) -> Option<Self> {
        let f = Fields::of(value)?;
        Some(Self { items: f.get("items")?, success: f.get("success")? })
    }
}

impl FromJson for UserResponse {
    fn from_json(value: &Value) -> Option<Self> {
        let f = Fields::of(value)?;
        Some(Self { user: f.get("user")?, success: f.get("success")? })
    }
}
