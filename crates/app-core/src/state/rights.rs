//! What the user may do to a message, as the server will judge it: Rocket.Chat's permissions
//! (each naming the roles that hold it; the user's global roles count everywhere, their roles in
//! a room there) and the server's editing and deleting settings. The app hides what is not
//! allowed; the server refuses it anyway.
//!
//! Until the permissions are read (they come once the connection is up, after the first screen),
//! the rule is the one every default allows: one's own messages, or anyone's for an admin.

use confab_protocol::permission::Permission;
use confab_protocol::permission::names::{
    BYPASS_TIME_LIMIT, DELETE_MESSAGE, DELETE_OWN_MESSAGE, EDIT_MESSAGE, FORCE_DELETE_MESSAGE, POST_READONLY,
};
use confab_protocol::{Message, Room};

/// The server's limits on editing and deleting (`settings.public`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EditRules {
    pub allow_editing: bool,
    pub edit_block_minutes: u32,
    pub allow_deleting: bool,
    pub delete_block_minutes: u32,
}

impl Default for EditRules {
    fn default() -> Self {
        Self { allow_editing: true, edit_block_minutes: 0, allow_deleting: true, delete_block_minutes: 0 }
    }
}

/// The permissions and rules as read from the server.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Rights {
    pub permissions: Vec<Permission>,
    pub rules: EditRules,
}

/// What the user may do to one message.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MayChange {
    pub edit: bool,
    pub delete: bool,
    /// Reacting, like posting, is not for the muted nor, without `post-readonly`, in a
    /// read-only room.
    pub react: bool,
}

/// The rights as the state holds them: shared, and compared by identity (each read or change is
/// a new value), so comparing states stays cheap.
#[derive(Clone, Debug)]
pub struct Held(pub std::rc::Rc<Rights>);

impl PartialEq for Held {
    fn eq(&self, other: &Self) -> bool {
        std::rc::Rc::ptr_eq(&self.0, &other.0)
    }
}

/// Who is asking: their global roles, their roles in the message's room, and the time now.
pub struct Asker<'a> {
    pub user_id: &'a str,
    pub roles: &'a [String],
    pub room_roles: &'a [String],
    pub now_ms: i64,
}

impl Rights {
    /// Replaces or adds `permission`.
    pub fn update(&mut self, permission: Permission) {
        self.permissions.retain(|p| p.id != permission.id);
        self.permissions.push(permission);
    }

    pub fn holds(&self, asker: &Asker, permission: &str) -> bool {
        let roles = asker.roles.iter().chain(asker.room_roles).map(String::as_str);
        self.permissions.iter().find(|p| p.id == permission).is_some_and(|p| p.granted_to(roles))
    }

    fn too_old(&self, asker: &Asker, message: &Message, minutes: u32) -> bool {
        minutes > 0
            && asker.now_ms - message.ts.millis() > i64::from(minutes) * 60_000
            && !self.holds(asker, BYPASS_TIME_LIMIT)
    }

    pub fn may_edit(&self, asker: &Asker, message: &Message) -> bool {
        let own = message.u.id == asker.user_id;
        message.t.is_none()
            && ((own && self.rules.allow_editing) || self.holds(asker, EDIT_MESSAGE))
            && !self.too_old(asker, message, self.rules.edit_block_minutes)
    }

    /// Why the user may not post to `room` (a text's key), if they may not: muted there, or a
    /// read-only room without `post-readonly`.
    pub fn post_refusal(rights: Option<&Self>, asker: &Asker, username: &str, room: &Room) -> Option<&'static str> {
        if room.muted.iter().any(|name| name == username) {
            return Some("composer.muted");
        }
        let may_post_read_only = match rights {
            Some(rights) => rights.holds(asker, POST_READONLY),
            None => asker.roles.iter().any(|r| r == "admin"),
        };
        (room.ro && !may_post_read_only).then_some("composer.readOnly")
    }

    pub fn may_delete(&self, asker: &Asker, message: &Message) -> bool {
        if message.t.is_some() {
            return false;
        }
        if self.holds(asker, FORCE_DELETE_MESSAGE) {
            return true;
        }
        let own = message.u.id == asker.user_id;
        (self.holds(asker, DELETE_MESSAGE) || (own && self.holds(asker, DELETE_OWN_MESSAGE)))
            && self.rules.allow_deleting
            && !self.too_old(asker, message, self.rules.delete_block_minutes)
    }
}

#[cfg(test)]
mod tests {
    use confab_protocol::{Timestamp, UserRef};

    use super::*;

    fn permission(id: &str, roles: &[&str]) -> Permission {
        Permission { id: id.into(), roles: roles.iter().map(|r| (*r).to_owned()).collect(), updated_at: Timestamp(0) }
    }

    fn defaults() -> Rights {
        Rights {
            permissions: vec![
                permission(EDIT_MESSAGE, &["admin", "owner", "moderator"]),
                permission(DELETE_MESSAGE, &["admin", "owner", "moderator"]),
                permission(DELETE_OWN_MESSAGE, &["admin", "user"]),
                permission(FORCE_DELETE_MESSAGE, &["admin", "owner"]),
            ],
            rules: EditRules::default(),
        }
    }

    fn by(author: &str, ts: i64) -> Message {
        Message::new(
            "m",
            "r",
            "text",
            UserRef { id: author.into(), username: author.into(), name: None },
            Timestamp(ts),
        )
    }

    fn asker<'a>(user_id: &'a str, roles: &'a [String], room_roles: &'a [String]) -> Asker<'a> {
        Asker { user_id, roles, room_roles, now_ms: 10 * 60_000 }
    }

    #[test]
    fn members_change_their_own_moderators_anyones_guests_only_edit() {
        let rights = defaults();
        let (user, guest, none) = (vec!["user".to_owned()], vec!["guest".to_owned()], Vec::new());
        let moderator = vec!["moderator".to_owned()];
        let (mine, theirs) = (by("bob", 0), by("carol", 0));
        let bob = asker("bob", &user, &none);
        assert!(rights.may_edit(&bob, &mine) && rights.may_delete(&bob, &mine));
        assert!(!rights.may_edit(&bob, &theirs) && !rights.may_delete(&bob, &theirs));
        let bob_moderating = asker("bob", &user, &moderator);
        assert!(rights.may_edit(&bob_moderating, &theirs) && rights.may_delete(&bob_moderating, &theirs));
        let gus = asker("bob", &guest, &none);
        assert!(rights.may_edit(&gus, &mine) && !rights.may_delete(&gus, &mine));
    }

    #[test]
    fn a_changed_permission_and_the_time_limits_apply() {
        let mut rights = defaults();
        let (user, none) = (vec!["user".to_owned()], Vec::new());
        let bob = asker("bob", &user, &none);
        let mine = by("bob", 0);
        rights.update(permission(DELETE_OWN_MESSAGE, &["admin"]));
        assert!(!rights.may_delete(&bob, &mine), "delete-own-message taken from users");
        rights.rules.edit_block_minutes = 5;
        assert!(!rights.may_edit(&bob, &mine), "ten minutes old, editable for five");
        assert!(rights.may_edit(&bob, &by("bob", 9 * 60_000)));
        let mut system = by("bob", 0);
        system.t = Some("uj".into());
        assert!(!defaults().may_edit(&bob, &system) && !defaults().may_delete(&bob, &system));
    }
}
