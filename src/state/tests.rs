use confab_protocol::{Message, RoomType, Subscription, Timestamp, UserRef};

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

fn run(actions: impl IntoIterator<Item = Action>) -> ChatState {
    let mut state = ChatState::default();
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

#[test]
fn rooms_are_listed_by_section_then_name() {
    let sub = |name: &str, t: RoomType| Subscription {
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
    };
    let state = run([Action::RoomsLoaded(vec![
        sub("bob", RoomType::Direct),
        sub("random", RoomType::Channel),
        sub("design", RoomType::Group),
        sub("General", RoomType::Channel),
    ])]);
    let names: Vec<_> = state.rooms.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["General", "random", "design", "bob"]);
    assert_eq!(state.rooms_status, Load::Ready);
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
