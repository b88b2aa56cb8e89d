//! The user's room list: each subscription joined with its room document, ordered by section
//! (channels, groups, direct messages) and then by last activity, with the unread and mention
//! counts kept current from the message stream between the server's own updates.

use confab_protocol::{Message, Room, RoomType, Subscription, Timestamp, UserRef};

#[derive(Clone, Debug, PartialEq)]
pub struct RoomEntry {
    pub subscription: Subscription,
    pub room: Option<Room>,
    /// Messages up to this time are in the unread count: the server's, as of the subscription's
    /// last update, then each message counted here. A message counts if it is later, whatever
    /// came first (the room's update naming it as the last message travels on another stream).
    pub counted_until: Timestamp,
}

impl RoomEntry {
    pub fn new(subscription: Subscription, room: Option<Room>) -> Self {
        let counted_until = subscription.updated_at;
        Self { subscription, room, counted_until }
    }

    pub fn rid(&self) -> &str {
        &self.subscription.rid
    }

    pub fn last_message(&self) -> Option<&Message> {
        self.room.as_ref().and_then(|r| r.last_message.as_deref())
    }

    /// When something last happened in the room.
    pub fn last_activity(&self) -> Timestamp {
        let room = self.room.as_ref();
        room.and_then(|r| r.lm)
            .or_else(|| self.last_message().map(|m| m.ts))
            .or(room.map(|r| r.ts))
            .unwrap_or(self.subscription.ts)
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct RoomList {
    pub entries: Vec<RoomEntry>,
}

/// Whether `a` comes before `b` in the list (`Less`), after it, or ties.
fn in_order(a: &RoomEntry, b: &RoomEntry) -> std::cmp::Ordering {
    section_order(a.subscription.t)
        .cmp(&section_order(b.subscription.t))
        .then(b.last_activity().cmp(&a.last_activity()))
        .then_with(|| {
            // Ties of activity (rare) by name, ignoring ASCII case: exact enough for a tie, and
            // Unicode's case tables stay out of the app.
            let (a, b) = (a.subscription.display_name(), b.subscription.display_name());
            a.bytes().map(|c| c.to_ascii_lowercase()).cmp(b.bytes().map(|c| c.to_ascii_lowercase()))
        })
}

/// Room-list sections: channels, then private groups, then direct messages (support
/// conversations last, in the support section).
pub fn section_order(t: RoomType) -> u8 {
    match t {
        RoomType::Channel => 0,
        RoomType::Group => 1,
        RoomType::Direct => 2,
        RoomType::Livechat => 3,
    }
}

impl RoomList {
    pub fn load(&mut self, subscriptions: Vec<Subscription>, rooms: Vec<Room>) {
        self.entries = subscriptions
            .into_iter()
            .map(|subscription| {
                let room = rooms.iter().find(|r| r.id == subscription.rid).cloned();
                RoomEntry::new(subscription, room)
            })
            .collect();
        self.sort();
    }

    pub fn get(&self, rid: &str) -> Option<&RoomEntry> {
        self.entries.iter().find(|e| e.rid() == rid)
    }

    fn get_mut(&mut self, rid: &str) -> Option<&mut RoomEntry> {
        self.entries.iter_mut().find(|e| e.rid() == rid)
    }

    /// Puts the entries in order: by section, newest activity first, then by name. An event moves
    /// one entry or two in a list already in order, so an insertion sort does it in one pass, and
    /// keeps the standard library's general sort (3 kB) out of the first load.
    fn sort(&mut self) {
        for next in 1..self.entries.len() {
            let mut at = next;
            while at > 0 && in_order(&self.entries[at - 1], &self.entries[at]).is_gt() {
                self.entries.swap(at - 1, at);
                at -= 1;
            }
        }
    }

    /// A subscription arrived or changed; an older copy never replaces a newer one.
    pub fn upsert_subscription(&mut self, subscription: Subscription) {
        match self.get_mut(&subscription.rid) {
            Some(entry) if entry.subscription.updated_at > subscription.updated_at => return,
            Some(entry) => {
                entry.counted_until = entry.counted_until.max(subscription.updated_at);
                entry.subscription = subscription;
            }
            None => self.entries.push(RoomEntry::new(subscription, None)),
        }
        self.sort();
    }

    pub fn upsert_room(&mut self, room: Room) {
        if let Some(entry) = self.get_mut(&room.id)
            && entry.room.as_ref().is_none_or(|known| known.updated_at <= room.updated_at)
        {
            entry.room = Some(room);
            self.sort();
        }
    }

    pub fn remove(&mut self, rid: &str) {
        self.entries.retain(|e| e.rid() != rid);
    }

    /// A message reached the user (not a thread reply or a system line). Later than the room's
    /// last activity, it becomes the room's last message; later than what is counted, and sent
    /// by someone else, it counts as unread — and as a mention when it mentions `me`. The two
    /// are apart because the room's update naming the message as its last may arrive first.
    pub fn message_arrived(&mut self, message: &Message, me: &UserRef) {
        let Some(entry) = self.get_mut(&message.rid) else { return };
        if message.tmid.is_some() || message.t.is_some() {
            return;
        }
        if message.ts > entry.last_activity()
            && let Some(room) = entry.room.as_mut()
        {
            room.last_message = Some(Box::new(message.clone()));
            room.lm = Some(message.ts);
        }
        if message.ts <= entry.counted_until {
            self.sort();
            return;
        }
        entry.counted_until = message.ts;
        let subscription = &mut entry.subscription;
        if message.u.id != me.id {
            subscription.unread += 1;
            subscription.alert = true;
            if message.mentions.iter().flatten().any(|m| m.id == me.id) {
                subscription.user_mentions += 1;
            }
        }
        self.sort();
    }

    pub fn mark_read(&mut self, rid: &str) {
        if let Some(entry) = self.get_mut(rid) {
            let subscription = &mut entry.subscription;
            subscription.unread = 0;
            subscription.user_mentions = 0;
            subscription.group_mentions = 0;
            subscription.alert = false;
        }
    }
}
