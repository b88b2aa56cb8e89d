//! Demo data, written once into an empty database in demo mode: four users (one in no room yet), two channels, a
//! private group and a direct room, with a little history so the app has something to show.

use confab_protocol::{Message, RoomType, Timestamp, User};

use crate::secrets::new_id;
use crate::store::{NewRoom, Store};

const HOUR: i64 = 3_600_000;

pub async fn seed_demo(store: &Store) -> Result<bool, sqlx::Error> {
    if store.user_count().await? > 0 {
        return Ok(false);
    }
    let alice = store.create_user("alice", Some("Alice Liddell"), &["user", "admin"]).await?;
    let bob = store.create_user("bob", Some("Bob Marley"), &["user"]).await?;
    let carol = store.create_user("carol", Some("Carol Danvers"), &["user"]).await?;
    // In no room yet: someone to add, or to write to first.
    store.create_user("dave", Some("Dave Bowman"), &["user"]).await?;

    let channel = |name, fname, topic| NewRoom {
        t: RoomType::Channel,
        name: Some(name),
        fname: Some(fname),
        topic: Some(topic),
        creator: Some(&alice),
    };
    let created = |id: Option<String>| id.ok_or_else(|| sqlx::Error::Protocol("a demo room exists".into()));
    let general = created(
        store.create_room(channel("general", "General", "Everything and anything"), &[&alice, &bob, &carol]).await?,
    )?;
    let random = created(store.create_room(channel("random", "Random", "Off-topic chatter"), &[&alice, &bob]).await?)?;
    let design = NewRoom {
        t: RoomType::Group,
        name: Some("design"),
        fname: Some("Design"),
        topic: Some("Private: the new look"),
        creator: Some(&alice),
    };
    let design = created(store.create_room(design, &[&alice, &carol]).await?)?;
    let (direct, _) = store.direct_room(&alice, &bob).await?;

    let start = Timestamp::now().millis() - 26 * HOUR;
    let history: [(&str, &User, &str, i64); 9] = [
        (&general, &alice, "Welcome to Confab! This is the general channel.", 0),
        (&general, &bob, "Hi all 👋", HOUR),
        (&general, &carol, "Morning! Has anyone seen the release notes?", 2 * HOUR),
        (&general, &alice, "They are in the wiki, under *Releases*.", 2 * HOUR + 60_000),
        (&random, &bob, "Lunch at noon?", 20 * HOUR),
        (&random, &alice, "Count me in.", 20 * HOUR + 120_000),
        (&design, &carol, "First sketches of the new look are up.", 23 * HOUR),
        (&direct, &bob, "Do you have a minute later today?", 25 * HOUR),
        (&direct, &alice, "Sure, ping me after three.", 25 * HOUR + 300_000),
    ];
    for (room, author, text, offset) in history {
        let draft = Message::new(new_id(), room, text, author.to_ref(), Timestamp(start + offset));
        store.send_message(draft, author, Timestamp(start + offset)).await?;
    }
    Ok(true)
}

/// The demo's guide: a bot account with a direct room to each demo user, where it says hello.
/// Added once, to a demo database old or new.
pub async fn seed_guide(store: &Store, username: &str) -> Result<bool, sqlx::Error> {
    if store.user_by_username(username).await?.is_some() {
        return Ok(false);
    }
    let guide = store.create_user(username, Some("Guide"), &["bot"]).await?;
    let hello = "Hi! I am Guide, a bot. Ask me anything about Confab (embedding it, white labels, files, the \
        server) and I will answer from its README as it streams in. Press Stop to cut me short.";
    for person in ["alice", "bob", "carol", "dave"] {
        let Some(person) = store.user_by_username(person).await? else { continue };
        let (room, _) = store.direct_room(&guide, &person).await?;
        let now = Timestamp::now();
        store.send_message(Message::new(new_id(), &room, hello, guide.to_ref(), now), &guide, now).await?;
    }
    Ok(true)
}

/// The demo's support team: Bob and Carol answer visitors, in a department whose first answers
/// come from `bot` when there is one. Added once, to a demo database old or new.
pub async fn seed_support(store: &Store, bot: Option<&str>) -> Result<bool, sqlx::Error> {
    let mut added = false;
    for person in ["bob", "carol"] {
        if let Some(person) = store.user_by_username(person).await? {
            added |= store.add_role(&person.id, confab_protocol::livechat::AGENT_ROLE).await?;
        }
    }
    store.ensure_department("Support", bot).await?;
    Ok(added)
}
