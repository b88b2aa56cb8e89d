//! The people part: a room's member list (search, pages of members with their roles and
//! presence) and the user card (who someone is, a direct message, and the moderation actions the
//! viewer holds; on one's own card, one's status and its text). Fetched the first time either is opened, or when the browser is idle.
//!
//! What the viewer may do is worked out from the permissions the app keeps live; the server
//! checks every action again, and a refusal is shown as it says it.

mod member_list;
mod own_status;
mod user_card;

use confab_protocol::RoomType;
use confab_protocol::permission::room_roles;
use confab_protocol::rest::RoomMemberRoles;
use yew::prelude::*;

pub use member_list::MemberListProps;
pub use user_card::UserCardProps;

/// The part's strings, which came with it.
fn strings() {
    confab_core::i18n::catalog::add_part_strings(include_str!(concat!(env!("OUT_DIR"), "/parts/people.json")));
}

/// The part's stylesheet, beside each of its views (see the room part's).
fn stylesheet() -> Html {
    html! { <style>{ include_str!(concat!(env!("OUT_DIR"), "/people.css")) }</style> }
}

pub fn member_list(props: MemberListProps) -> Html {
    strings();
    html! { <>{ stylesheet() }<member_list::MemberList ..props /></> }
}

pub fn user_card(props: UserCardProps) -> Html {
    strings();
    html! { <>{ stylesheet() }<user_card::UserCard ..props /></> }
}

/// The room a list or card is about.
#[derive(Clone, Debug, PartialEq)]
pub struct RoomOf {
    pub rid: AttrValue,
    pub kind: RoomType,
}

/// `user_id`'s roles in the room, as the room's role holders list them.
fn room_roles_of<'a>(holders: &'a [RoomMemberRoles], user_id: &str) -> &'a [String] {
    holders.iter().find(|h| h.u.id == user_id).map_or(&[], |h| h.roles.as_slice())
}

/// The badge text keys of a member's roles: room roles first, then the global ones worth showing.
fn role_keys<'a>(room: &'a [String], global: &'a [String]) -> impl Iterator<Item = &'static str> + 'a {
    room.iter().chain(global).filter_map(|role| {
        Some(match role.as_str() {
            room_roles::OWNER => "people.roleOwner",
            room_roles::MODERATOR => "people.roleModerator",
            room_roles::LEADER => "people.roleLeader",
            "admin" => "people.roleAdmin",
            "guest" => "people.roleGuest",
            "bot" => "people.roleBot",
            _ => return None,
        })
    })
}
