//! The host's own actions (`actions` in the config): which the user may see, and telling the host
//! when one is chosen. Called from the room part only, so it travels with it.

use confab_protocol::config::actions::{HostAction, read_actions};
use confab_protocol::{Message, RoomType};
use serde_json::json;

use super::ChatClient;
use crate::services::page_api::{PageEvent, warn};
use crate::state::rights::Rights;

impl ChatClient {
    /// The config's actions, each one not offered warned about in the console.
    pub fn host_actions(&self) -> Vec<HostAction> {
        let mut warnings = Vec::new();
        let actions = read_actions(self.config.actions.as_ref(), &mut warnings);
        warnings.iter().for_each(|w| warn(w));
        actions
    }

    /// Whether the user may see `action` in a room where their roles are `room_roles`: they
    /// hold its permission and have its role, where it names them.
    pub fn may_use(&self, action: &HostAction, rights: Option<&Rights>, room_roles: &[String]) -> bool {
        let permitted = action.permission.as_deref().is_none_or(|p| self.holds(rights, room_roles, p));
        let role = action.role.as_deref().is_none_or(|r| self.roles.iter().chain(room_roles).any(|held| held == r));
        permitted && role
    }

    /// The user chose `action` in room `rid` (on `message`, if it is a message's): the host hears
    /// `{action, message, room}` as a `confab:action` event, its `onAction` callback and, when it
    /// frames Confab, a postMessage event at its origin.
    pub fn choose_host_action(
        &self,
        action: &HostAction,
        rid: &str,
        name: &str,
        t: RoomType,
        message: Option<&Message>,
    ) {
        // The message as a host needs it to act on it (a ticket from it, say), in its usual names.
        let message = message.map(|m| {
            json!({
                "_id": m.id, "rid": m.rid, "msg": m.msg, "ts": m.ts.to_iso(), "tmid": m.tmid,
                "u": {"_id": m.u.id, "username": m.u.username, "name": m.u.name},
            })
        });
        let detail = json!({
            "action": action.id,
            "message": message,
            "room": {"_id": rid, "rid": rid, "name": name, "t": t.as_str()},
        });
        if let Ok(text) = serde_json::to_string(&detail)
            && let Ok(value) = js_sys::JSON::parse(&text)
        {
            self.shared.session.hooks().action(&value);
        }
        self.shared.page.post(PageEvent::Action(detail));
    }
}
