//! The reducer's tests: each action from a known state, as the app and the server would send it.

use confab_protocol::{Message, Room, RoomType, Subscription, Timestamp, UserRef};

use super::*;

fn user(name: &str) -> UserRef {
    UserRef { id: format!("id-{name}"), username: name.into(), name: None }
}

fn message(id: &str, ts: i64, text: &str) -> Message {
    Message::new(id, "room", text, user("alice"), Timestamp(ts))
}

fn texts(state: &ChatState) -> Vec<(String, Delivery)> {
    state.timeline("room").unwrap().entries.iter().map(|e| (e.message.msg.clone(), e.delivery.clone())).collect()
}

/// Applies `actions` to a state in which room `room` is open.
fn run(actions: impl IntoIterator<Item = Action>) -> ChatState {
    let mut state = ChatState::default();
    state.apply(Action::OpenRoom("room".into()));
    for action in actions {
        state.apply(action);
    }
    state
}

#[test]
fn messages_are_ordered_by_time_whatever_order_they_arrive_in() {
    let state = run([
        Action::Received(message("c", 30, "third")),
        Action::HistoryLoaded {
            rid: "room".into(),
            messages: vec![message("b", 20, "second"), message("a", 10, "first")],
        },
    ]);
    let order: Vec<_> = texts(&state).into_iter().map(|(t, _)| t).collect();
    assert_eq!(order, ["first", "second", "third"]);
    assert_eq!(state.timeline("room").unwrap().status, Load::Ready);
}

#[test]
fn a_live_message_also_in_history_appears_once() {
    let state = run([
        Action::Received(message("a", 10, "hello")),
        Action::HistoryLoaded { rid: "room".into(), messages: vec![message("a", 10, "hello")] },
        Action::Received(message("a", 10, "hello")),
    ]);
    assert_eq!(texts(&state), [("hello".to_owned(), Delivery::Sent)]);
}

#[test]
fn a_sent_message_goes_pending_then_sent_once_whichever_confirmation_comes_first() {
    let local = message("mine", 100, "hello bob");
    let mut from_server = message("mine", 105, "hello bob");
    from_server.updated_at = Timestamp(105);

    // The REST answer before the stream echo.
    let mut state = run([Action::SendStarted(local.clone())]);
    assert_eq!(texts(&state), [("hello bob".to_owned(), Delivery::Pending)]);
    state.apply(Action::SendConfirmed(from_server.clone()));
    state.apply(Action::Received(from_server.clone()));
    assert_eq!(texts(&state), [("hello bob".to_owned(), Delivery::Sent)]);
    assert_eq!(state.timeline("room").unwrap().entries[0].message.ts, Timestamp(105));

    // The stream echo before the REST answer.
    let state =
        run([Action::SendStarted(local), Action::Received(from_server.clone()), Action::SendConfirmed(from_server)]);
    assert_eq!(texts(&state), [("hello bob".to_owned(), Delivery::Sent)]);
}

#[test]
fn a_confirmed_message_moves_to_the_servers_time() {
    // The client clock ran ahead: the pending copy sorts last until the server's time arrives.
    let state = run([
        Action::SendStarted(message("mine", 500, "mine")),
        Action::Received(message("theirs", 200, "theirs")),
        Action::SendConfirmed(message("mine", 150, "mine")),
    ]);
    let order: Vec<_> = texts(&state).into_iter().map(|(t, _)| t).collect();
    assert_eq!(order, ["mine", "theirs"]);
}

#[test]
fn a_failed_send_can_be_retried_and_a_late_failure_never_undoes_a_confirmation() {
    let local = message("mine", 100, "hello");
    let mut state = run([
        Action::SendStarted(local.clone()),
        Action::SendFailed { rid: "room".into(), id: "mine".into(), error: "offline".into() },
    ]);
    assert_eq!(texts(&state), [("hello".to_owned(), Delivery::Failed("offline".into()))]);
    state.apply(Action::SendStarted(local.clone()));
    assert_eq!(texts(&state), [("hello".to_owned(), Delivery::Pending)]);
    state.apply(Action::SendConfirmed(local.clone()));
    state.apply(Action::SendFailed { rid: "room".into(), id: "mine".into(), error: "timeout".into() });
    assert_eq!(texts(&state), [("hello".to_owned(), Delivery::Sent)]);
}

#[test]
fn an_older_copy_never_replaces_a_newer_one() {
    let mut edited = message("a", 10, "edited");
    edited.updated_at = Timestamp(50);
    let state = run([
        Action::Received(edited),
        Action::HistoryLoaded { rid: "room".into(), messages: vec![message("a", 10, "original")] },
    ]);
    assert_eq!(texts(&state), [("edited".to_owned(), Delivery::Sent)]);
}

fn sub(name: &str, t: RoomType) -> Subscription {
    Subscription {
        id: format!("s-{name}"),
        rid: format!("r-{name}"),
        u: user("alice"),
        name: name.into(),
        fname: None,
        t,
        unread: 0,
        user_mentions: 0,
        group_mentions: 0,
        alert: false,
        open: true,
        ls: None,
        ts: Timestamp(0),
        updated_at: Timestamp(0),
        roles: Vec::new(),
        notifications: Default::default(),
    }
}

fn room(name: &str, t: RoomType, lm: i64) -> Room {
    Room {
        id: format!("r-{name}"),
        t,
        name: Some(name.into()),
        fname: None,
        topic: None,
        u: None,
        usernames: None,
        users_count: 2,
        msgs: 1,
        ts: Timestamp(0),
        lm: Some(Timestamp(lm)),
        last_message: None,
        updated_at: Timestamp(lm),
        ro: false,
        muted: Vec::new(),
        #[cfg(not(target_arch = "wasm32"))]
        livechat: None,
    }
}

fn loaded() -> ChatState {
    let mut state = run([Action::SignedIn(user("alice"))]);
    state.apply(Action::RoomsLoaded {
        subscriptions: vec![
            sub("bob", RoomType::Direct),
            sub("random", RoomType::Channel),
            sub("design", RoomType::Group),
            sub("general", RoomType::Channel),
        ],
        rooms: vec![
            room("bob", RoomType::Direct, 50),
            room("random", RoomType::Channel, 10),
            room("design", RoomType::Group, 5),
            room("general", RoomType::Channel, 20),
        ],
    });
    state
}

fn names(state: &ChatState) -> Vec<&str> {
    state.rooms.entries.iter().map(|r| r.subscription.name.as_str()).collect()
}

fn in_room(rid: &str, id: &str, ts: i64, from: &str) -> Message {
    let mut message = Message::new(id, rid, "hi", user(from), Timestamp(ts));
    message.rid = rid.into();
    message
}

#[test]
fn rooms_are_listed_by_section_then_latest_activity() {
    let mut state = loaded();
    assert_eq!(names(&state), ["general", "random", "design", "bob"]);
    assert_eq!(state.rooms_status, Load::Ready);
    state.apply(Action::Received(in_room("r-random", "m1", 100, "bob")));
    assert_eq!(names(&state), ["random", "general", "design", "bob"], "a new message moves its room up");
}

#[test]
fn others_messages_count_as_unread_and_mentions_of_me_as_mentions() {
    let mut state = loaded();
    state.apply(Action::Received(in_room("r-general", "m1", 100, "bob")));
    let mut mention = in_room("r-general", "m2", 101, "bob");
    mention.mentions = Some(vec![confab_protocol::message::Mention {
        id: "id-alice".into(),
        username: Some("alice".into()),
        name: None,
        kind: None,
    }]);
    state.apply(Action::Received(mention));
    state.apply(Action::Received(in_room("r-general", "m3", 102, "alice")));
    let general = &state.room("r-general").unwrap().subscription;
    assert_eq!((general.unread, general.user_mentions, general.alert), (2, 1, true));
    assert_eq!(state.room("r-general").unwrap().last_message().unwrap().id, "m3");

    // Edits (not later than the last activity) and thread replies are not new messages.
    let mut reply = in_room("r-general", "m4", 103, "bob");
    reply.tmid = Some("m1".into());
    state.apply(Action::Received(reply));
    state.apply(Action::Received(in_room("r-general", "m1", 100, "bob")));
    assert_eq!(state.room("r-general").unwrap().subscription.unread, 2);

    state.apply(Action::MarkedRead("r-general".into()));
    let general = &state.room("r-general").unwrap().subscription;
    assert_eq!((general.unread, general.user_mentions, general.alert), (0, 0, false));
}

#[test]
fn the_servers_updates_replace_older_ones_only() {
    let mut state = loaded();
    let mut newer = sub("general", RoomType::Channel);
    newer.unread = 7;
    newer.updated_at = Timestamp(500);
    state.apply(Action::SubscriptionChanged(newer.clone()));
    let mut older = newer.clone();
    older.unread = 1;
    older.updated_at = Timestamp(400);
    state.apply(Action::SubscriptionChanged(older));
    assert_eq!(state.room("r-general").unwrap().subscription.unread, 7);
    state.apply(Action::SubscriptionChanged(sub("new-room", RoomType::Channel)));
    assert!(state.room("r-new-room").is_some(), "a joined room appears");
}

#[test]
fn leaving_the_open_room_closes_it() {
    let mut state = loaded();
    state.apply(Action::OpenRoom("r-design".into()));
    state.apply(Action::RoomRemoved("r-design".into()));
    assert!(state.room("r-design").is_none());
    assert_eq!(state.open_room, None);
}

#[test]
fn live_messages_grow_only_opened_timelines_and_deletions_remove_them() {
    let mut state = loaded();
    state.apply(Action::Received(in_room("r-random", "m1", 100, "bob")));
    assert!(state.timeline("r-random").is_none(), "unopened rooms load their history when opened");
    state.apply(Action::OpenRoom("r-random".into()));
    state.apply(Action::Received(in_room("r-random", "m2", 101, "bob")));
    state
        .apply(Action::HistoryLoaded { rid: "r-random".into(), messages: vec![in_room("r-random", "m1", 100, "bob")] });
    assert_eq!(state.timeline("r-random").unwrap().entries.len(), 2);
    state.apply(Action::Deleted { rid: "r-random".into(), id: "m1".into() });
    let ids: Vec<_> = state.timeline("r-random").unwrap().entries.iter().map(|e| e.message.id.as_str()).collect();
    assert_eq!(ids, ["m2"]);
}

#[test]
fn a_room_made_ready_keeps_what_arrives_before_it_is_opened() {
    let mut state = loaded();
    state.apply(Action::Watch("r-random".into()));
    assert_eq!(state.open_room, None, "made ready, not opened");
    state.apply(Action::Received(in_room("r-random", "m2", 101, "bob")));
    state
        .apply(Action::HistoryLoaded { rid: "r-random".into(), messages: vec![in_room("r-random", "m1", 100, "bob")] });
    state.apply(Action::OpenRoom("r-random".into()));
    let ids: Vec<_> = state.timeline("r-random").unwrap().entries.iter().map(|e| e.message.id.as_str()).collect();
    assert_eq!(ids, ["m1", "m2"]);
    assert_eq!(state.timeline("r-random").unwrap().status, Load::Ready);
}

#[test]
fn a_long_list_in_any_order_is_sorted_by_section_then_activity_then_name() {
    let mut state = run([Action::SignedIn(user("alice"))]);
    let kinds = [RoomType::Direct, RoomType::Channel, RoomType::Group];
    // 90 rooms in a scrambled order, their activity in 7 values so that many tie.
    let rooms: Vec<(String, RoomType, i64)> =
        (0..90).map(|n| (format!("room{:02}", (n * 37) % 90), kinds[n % 3], (n % 7) as i64)).collect();
    state.apply(Action::RoomsLoaded {
        subscriptions: rooms.iter().map(|(name, t, _)| sub(name, *t)).collect(),
        rooms: rooms.iter().map(|(name, t, lm)| room(name, *t, *lm)).collect(),
    });
    let mut expected = rooms.clone();
    expected.sort_by(|a, b| {
        crate::state::rooms::section_order(a.1)
            .cmp(&crate::state::rooms::section_order(b.1))
            .then(b.2.cmp(&a.2))
            .then(a.0.cmp(&b.0))
    });
    let expected: Vec<&str> = expected.iter().map(|(name, _, _)| name.as_str()).collect();
    assert_eq!(names(&state), expected);
}

#[test]
fn opening_a_room_starts_its_timeline_loading() {
    let state = run([Action::OpenRoom("room".into())]);
    assert_eq!(state.open_room.as_deref(), Some("room"));
    assert_eq!(state.timeline("room").unwrap().status, Load::Loading);
    let failed =
        run([Action::OpenRoom("room".into()), Action::HistoryFailed { rid: "room".into(), error: "gone".into() }]);
    assert_eq!(failed.timeline("room").unwrap().status, Load::Failed("gone".into()));
}

#[test]
fn typing_signals_come_and_go_and_lapse() {
    let mut state = loaded();
    let typing = |name: &str, on: bool, at: i64| Action::Typing {
        rid: "r-general".into(),
        username: name.into(),
        typing: on,
        at: Timestamp(at),
    };
    state.apply(typing("bob", true, 1_000));
    state.apply(typing("carol", true, 2_000));
    state.apply(typing("alice", true, 2_000));
    assert_eq!(state.typists("r-general", Timestamp(3_000)), ["bob", "carol"], "the reader is never listed");
    state.apply(typing("bob", false, 3_000));
    assert_eq!(state.typists("r-general", Timestamp(3_000)), ["carol"]);
    assert!(state.typists("r-general", Timestamp(2_000 + TYPING_TIMEOUT_MS)).is_empty(), "a signal lapses");
    state.apply(typing("dave", true, 4_000));
    state.apply(Action::Received(in_room("r-general", "m1", 5_000, "dave")));
    assert_eq!(state.typists("r-general", Timestamp(5_000)), ["carol"], "sending ends typing");
    // An agent's state rides after its name, and is taken back by that same entry.
    state.apply(typing("guide\nagent-searching\nthe docs", true, 5_100));
    assert_eq!(state.typists("r-general", Timestamp(5_200)), ["carol", "guide\nagent-searching\nthe docs"]);
    state.apply(typing("guide\nagent-searching\nthe docs", false, 5_300));
    assert_eq!(state.typists("r-general", Timestamp(5_300)), ["carol"]);
}

#[test]
fn up_finds_the_last_sent_own_message_and_deleting_it_stops_editing() {
    let mut state = loaded();
    state.apply(Action::OpenRoom("r-general".into()));
    let mine = in_room("r-general", "m1", 100, "alice");
    state.apply(Action::HistoryLoaded {
        rid: "r-general".into(),
        messages: vec![mine.clone(), in_room("r-general", "m2", 101, "bob")],
    });
    state.apply(Action::SendStarted(in_room("r-general", "pending", 102, "alice")));
    assert_eq!(
        state.last_own_message("r-general").map(|m| m.id.as_str()),
        Some("m1"),
        "a pending message cannot be edited yet"
    );
    state.apply(Action::Edit(Some(mine)));
    state.apply(Action::Deleted { rid: "r-general".into(), id: "m1".into() });
    assert_eq!(state.editing, None);
    assert_eq!(state.last_own_message("r-general"), None);
}

#[test]
fn an_open_thread_gathers_its_replies_live_and_loaded() {
    let mut state = loaded();
    state.apply(Action::OpenRoom("r-general".into()));
    state.apply(Action::OpenThread { rid: "r-general".into(), parent: "p".into() });
    let reply = |id: &str, ts: i64, from: &str| {
        let mut m = in_room("r-general", id, ts, from);
        m.tmid = Some("p".into());
        m
    };
    state.apply(Action::Received(reply("r2", 200, "bob")));
    state.apply(Action::SendStarted(reply("mine", 300, "alice")));
    state.apply(Action::ThreadLoaded {
        parent: "p".into(),
        replies: vec![reply("r1", 100, "bob"), reply("r2", 200, "bob")],
    });
    state.apply(Action::Received(in_room("r-general", "elsewhere", 250, "bob")));
    let thread = state.thread.as_ref().unwrap();
    let ids: Vec<_> = thread.replies.entries.iter().map(|e| (e.message.id.as_str(), e.delivery.clone())).collect();
    assert_eq!(ids, [("r1", Delivery::Sent), ("r2", Delivery::Sent), ("mine", Delivery::Pending)]);
    state.apply(Action::SendFailed { rid: "r-general".into(), id: "mine".into(), error: "offline".into() });
    assert_eq!(state.thread.as_ref().unwrap().replies.entries[2].delivery, Delivery::Failed("offline".into()));
    state.apply(Action::CloseThread);
    assert_eq!(state.thread, None);
}

#[test]
fn another_members_read_marks_my_messages_read_but_my_own_read_does_not() {
    let mut state = loaded();
    state.apply(Action::OpenRoom("r-bob".into()));
    let mut first = in_room("r-bob", "m1", 100, "alice");
    first.unread = Some(true);
    let mut second = in_room("r-bob", "m2", 200, "alice");
    second.unread = Some(true);
    state.apply(Action::HistoryLoaded { rid: "r-bob".into(), messages: vec![first, second] });
    state.apply(Action::ReadBy { rid: "r-bob".into(), reader: Some("id-alice".into()), until: Timestamp(300) });
    let unread = |state: &ChatState| {
        state.timeline("r-bob").unwrap().entries.iter().map(|e| e.message.unread).collect::<Vec<_>>()
    };
    assert_eq!(unread(&state), [Some(true), Some(true)], "alice's own read is no receipt");
    state.apply(Action::ReadBy { rid: "r-bob".into(), reader: Some("id-bob".into()), until: Timestamp(150) });
    assert_eq!(unread(&state), [None, Some(true)]);
}

#[test]
fn closing_the_room_closes_its_thread() {
    let mut state = loaded();
    state.apply(Action::OpenRoom("r-general".into()));
    let parent = in_room("r-general", "p1", 100, "bob");
    state.apply(Action::HistoryLoaded { rid: "r-general".into(), messages: vec![parent.clone()] });
    state.apply(Action::OpenThread { rid: "r-general".into(), parent: "p1".into() });
    assert!(state.thread.is_some());
    state.apply(Action::CloseRoom);
    assert_eq!((state.open_room.as_deref(), state.thread.is_some()), (None, false));
}

#[test]
fn a_message_counts_once_whether_it_or_its_rooms_update_comes_first() {
    let mut state = loaded();
    let message = in_room("r-general", "m1", 100, "bob");
    let mut general = room("general", RoomType::Channel, 100);
    general.last_message = Some(Box::new(message.clone()));
    state.apply(Action::RoomChanged(general));
    state.apply(Action::Received(message.clone()));
    assert_eq!(state.room("r-general").unwrap().subscription.unread, 1, "counted after its room's update");
    state.apply(Action::Received(message));
    assert_eq!(state.room("r-general").unwrap().subscription.unread, 1, "counted once");

    // The server's own count covers what its subscription's update does.
    let mut counted = sub("random", RoomType::Channel);
    counted.unread = 1;
    counted.updated_at = Timestamp(200);
    state.apply(Action::SubscriptionChanged(counted));
    state.apply(Action::Received(in_room("r-random", "m2", 150, "bob")));
    assert_eq!(state.room("r-random").unwrap().subscription.unread, 1, "already in the server's count");
}

#[test]
fn signing_in_again_as_another_user_shows_nothing_of_the_last_session() {
    let alice =
        || [Action::SignedIn(user("alice")), Action::OpenRoom("room".into()), Action::Received(message("a", 10, "hi"))];
    let mut state = run(alice());
    assert!(state.timeline("room").is_some());
    state.apply(Action::SignedIn(user("bob")));
    assert_eq!(state.me, Some(user("bob")));
    assert!(state.timeline("room").is_none() && state.open_room.is_none());
    let mut state = run(alice());
    state.apply(Action::SignedOut("end.signedOut"));
    state.apply(Action::SignedIn(user("bob")));
    assert_eq!(state.signed_out, None);
}

#[test]
fn presence_changes_replace_a_users_status_and_leave_the_others() {
    use confab_protocol::presence::{UserPresence, UserStatus};
    let heard = |username: &str, status| UserPresence {
        id: format!("id-{username}"),
        username: username.into(),
        name: None,
        status,
        status_text: String::new(),
    };
    let mut state = ChatState::default();
    assert_eq!(state.presence_of("alice"), None, "unknown until heard");
    state.apply(Action::Presence(vec![heard("alice", UserStatus::Online), heard("bob", UserStatus::Offline)]));
    let before = state.presence.clone();
    state.apply(Action::Presence(vec![heard("alice", UserStatus::Busy)]));
    assert_eq!(state.presence_of("alice"), Some(UserStatus::Busy));
    assert_eq!(state.presence_of("bob"), Some(UserStatus::Offline));
    assert_eq!(state.presence.len(), 2, "one entry per user");
    assert_eq!(before.len(), 2, "an earlier state keeps what it had");
    assert_eq!(crate::state::presence_in(&before, "alice"), Some(UserStatus::Online));
    state.apply(Action::SignedIn(user("carol")));
    assert!(state.presence.is_empty(), "a new session starts knowing nobody's presence");
}

#[test]
fn a_timeline_opened_around_an_old_message_grows_forward_only_by_its_next_pages() {
    let old = |n: i64| message(&format!("m{n}"), n, &format!("message {n}"));
    let change = |f: fn(&mut Timeline)| Action::ChangeTimeline { rid: "room".into(), change: TimelineChange::new(f) };
    let state = run([
        Action::HistoryLoaded { rid: "room".into(), messages: vec![old(9_000), old(9_001)] },
        change(|t| t.set_target("m5".into(), true)),
        change(|t| {
            let old = |n: i64| message(&format!("m{n}"), n, &format!("message {n}"));
            t.surround((4..=6).map(old).collect(), true, true)
        }),
        // Live messages and a late first page land past the gap: not in this timeline.
        Action::Received(old(9_002)),
        Action::HistoryLoaded { rid: "room".into(), messages: vec![old(8_999)] },
        // A change to a message it holds still shows.
        Action::Received(Message { msg: "message 6, edited".into(), updated_at: Timestamp(7), ..old(6) }),
    ]);
    let timeline = state.timeline("room").unwrap();
    let order: Vec<_> = texts(&state).into_iter().map(|(t, _)| t).collect();
    assert_eq!(order, ["message 4", "message 5", "message 6, edited"]);
    assert!(timeline.gap_after && !timeline.complete);
    assert_eq!(timeline.target, Some(("m5".into(), false)), "loaded: shown, no longer asked for");

    let mut state = state;
    state.apply(change(|t| {
        let old = |n: i64| message(&format!("m{n}"), n, &format!("message {n}"));
        t.extend_newer((7..=8).map(old).collect(), false)
    }));
    let timeline = state.timeline("room").unwrap();
    assert_eq!(timeline.entries.len(), 5);
    assert!(!timeline.gap_after, "the last page met the newest");
    state.apply(Action::Received(old(9_003)));
    assert_eq!(state.timeline("room").unwrap().entries.len(), 6, "and live messages follow again");

    state.apply(change(|t| *t = Timeline::default()));
    let timeline = state.timeline("room").unwrap();
    assert!(timeline.entries.is_empty() && timeline.status == Load::Loading && timeline.target.is_none());
}
