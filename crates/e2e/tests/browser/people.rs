//! People, live in two browsers against the real server: presence dots that follow alice's
//! connections (online, away when idle, a chosen busy kept across a reload, offline once her last
//! tab is closed and the grace period is over), the member list of a 500-member room paging and
//! filtering, and the user card offering exactly the actions its viewer holds.

use std::time::{Duration, Instant};

use confab_e2e::{Browser, Chromedriver, TestServer, axe, eventually};
use serde_json::json;

/// How long the server keeps a user shown after their last socket closed, in these tests.
const GRACE_MS: u64 = 1_500;

#[tokio::test(flavor = "multi_thread")]
async fn presence_follows_alices_tabs_idleness_and_chosen_status() {
    let data = tempfile::tempdir().unwrap();
    let grace = GRACE_MS.to_string();
    let server = TestServer::start_with(data.path(), 0, &["--presence-grace-ms", &grace, "--idle-seconds", "2"]).await;
    let driver = Chromedriver::start().await;
    let (alice, bob) = (driver.browser().await, driver.browser().await);
    bob.sign_in(&server.url("/"), "bob").await;
    alice.sign_in(&server.url("/"), "alice").await;
    bob.shows_presence("alice", "online").await;
    let label = bob.script("return document.querySelector(\".room-entry[data-room-name='alice'] .presence\").getAttribute('aria-label')", vec![]).await;
    assert_eq!(label, "Online", "the dot is named for assistive technology");

    // Two seconds without input: alice's app reports her away.
    bob.shows_presence("alice", "away").await;
    // Input brings her back.
    alice.click(".room-filter").await;
    bob.shows_presence("alice", "online").await;

    // Alice chooses busy on her own card (opened from the member list), and it holds across a
    // reload (a new connection).
    alice.open_room("general").await;
    alice.click(".show-members").await;
    alice.wait_for(".members .member[data-username='alice']").await;
    alice.click(".members .member[data-username='alice']").await;
    alice.click(".user-card .own-status .status-choice .menu-button").await;
    alice.click(".user-card .own-status .status-choice .menu-item[data-key='busy']").await;
    alice.click(".user-card .status-text").await;
    alice.press("In a call").await;
    alice.click(".user-card .card-action[data-action='set-status']").await;
    bob.shows_presence("alice", "busy").await;
    eventually("alice's card to show her status text", || async {
        alice.text_of(".user-card .card-status-text").await.contains("In a call").then_some(())
    })
    .await;
    // The form goes on showing what was saved: the choice, and the text.
    assert_eq!(alice.text_of(".own-status .status-choice .menu-button").await.trim(), "Busy");
    let text = alice.script("return document.querySelector('.own-status .status-text').value", vec![]).await;
    assert_eq!(text, "In a call", "the status text stays after saving");
    let violations = axe::check(&alice, "one's own card").await;
    assert!(violations.is_empty(), "axe: {violations:?}");
    alice.goto(&server.url("/")).await;
    alice.wait_for(".room-entry").await;
    eventually("alice's new connection to be shown busy", || async {
        let me = bob.api("users.presence", None).await;
        let alice = me["body"]["users"].as_array()?.iter().find(|u| u["username"] == "alice")?.clone();
        (alice["status"] == "busy" && alice["statusText"] == "In a call").then_some(())
    })
    .await;
    assert_eq!(bob.presence_dot("alice").await.as_deref(), Some("busy"), "never offline across the reload");

    // Her last tab closes: offline within the grace period plus two seconds.
    alice.close().await;
    let closed = Instant::now();
    bob.shows_presence("alice", "offline").await;
    let took = closed.elapsed();
    println!("alice shown offline {} ms after her tab closed (grace {GRACE_MS} ms)", took.as_millis());
    assert!(took <= Duration::from_millis(GRACE_MS + 2_000), "took {took:?}");
    bob.close().await;
    server.kill().await;
}

/// Creates `count` users named `member-N` and adds them to the channel `rid`, as admin alice.
async fn fill_room(alice: &Browser, rid: &str, count: usize) {
    let script = "const [rid, count, done] = arguments;
        const auth = (await (await fetch('/chat/config?clientType=web')).json()).authentication;
        const call = (path, body) => fetch('/api/v1/' + path, { method: 'POST', body: JSON.stringify(body),
            headers: { 'X-User-Id': auth.userId, 'X-Auth-Token': auth.userToken, 'Content-Type': 'application/json' } })
            .then(r => r.json());
        let added = 0;
        for (let start = 0; start < count; start += 25) {
            await Promise.all(Array.from({ length: Math.min(25, count - start) }, async (_, i) => {
                const n = start + i;
                const made = await call('users.create', { username: 'member-' + n, name: 'Member ' + n, email: 'member' + n + '@example.com' });
                const invited = await call('channels.invite', { roomId: rid, userId: made.user._id });
                if (invited.success) added += 1;
            }));
        }
        done(added);";
    let script = format!("(async () => {{ {script} }})()");
    let added = alice.client.execute_async(&script, vec![json!(rid), json!(count)]).await.expect("the room fills");
    assert_eq!(added, json!(count));
}

/// The actions the open user card offers, by name.
async fn offered(browser: &Browser) -> Vec<String> {
    let actions = browser
        .script(
            "return Array.from(document.querySelectorAll('.user-card .card-action')).map(a => a.dataset.action)",
            vec![],
        )
        .await;
    serde_json::from_value(actions).unwrap()
}

async fn member_counts(browser: &Browser) -> (u64, u64) {
    let read = browser
        .script(
            "const s = document.querySelector('.member-status'); \
             return s && s.dataset.shown ? [Number(s.dataset.shown), Number(s.dataset.total), document.querySelectorAll('.members .member').length] : null",
            vec![],
        )
        .await;
    let Some(values) = read.as_array() else { return (0, 0) };
    assert_eq!(values[0], values[2], "the count says what the list shows");
    (values[0].as_u64().unwrap(), values[1].as_u64().unwrap())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_room_of_500_members_pages_and_filters_and_cards_offer_what_the_viewer_holds() {
    let data = tempfile::tempdir().unwrap();
    let server = TestServer::start(data.path(), 0).await;
    let driver = Chromedriver::start().await;
    let (alice, bob) = driver.alice_and_bob_in(&server, "random").await;
    let rid = alice.script("return document.querySelector('.room-view').dataset.roomId", vec![]).await;
    let rid = rid.as_str().unwrap().to_owned();
    let before =
        alice.api(&format!("channels.members?roomId={rid}&count=1"), None).await["body"]["total"].as_u64().unwrap();
    fill_room(&alice, &rid, 500).await;

    bob.click(".show-members").await;
    bob.wait_for(".member-list .member").await;
    let total = before + 500;
    eventually("the first page", || async { (member_counts(&bob).await == (50, total)).then_some(()) }).await;
    bob.click(".more-members").await;
    eventually("the second page", || async { (member_counts(&bob).await == (100, total)).then_some(()) }).await;
    bob.click(".more-members").await;
    eventually("the third page, past a hundred", || async {
        (member_counts(&bob).await == (150, total)).then_some(())
    })
    .await;
    let names: Vec<String> = serde_json::from_value(
        bob.script(
            "return Array.from(document.querySelectorAll('.members .member')).map(m => m.dataset.username)",
            vec![],
        )
        .await,
    )
    .unwrap();
    let mut unique = names.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 150, "pages neither overlap nor leave gaps");
    assert!(bob.has(".members .member[data-username='alice'] .role-badge").await, "alice's roles show");

    // Filtering asks the server: member-42 and member-420 … member-429.
    bob.click(".member-search").await;
    bob.press("member-42").await;
    eventually("the filtered members", || async { (member_counts(&bob).await == (11, 11)).then_some(()) }).await;
    assert!(!bob.has(".more-members").await, "everything matching is shown");
    assert!(bob.has(".members .member[data-username='member-427']").await);
    let violations = axe::check(&bob, "member list").await;
    assert!(violations.is_empty(), "axe: {violations:?}");

    // Bob (a member) opens alice's card: a direct message, no moderation.
    bob.click(".members .member[data-username='member-42']").await;
    bob.wait_for(".user-card .card-username").await;
    assert_eq!(offered(&bob).await, vec!["direct-message"], "a member moderates no one");
    let violations = axe::check(&bob, "user card").await;
    assert!(violations.is_empty(), "axe: {violations:?}");

    // Alice (the channel's owner and an admin) opens bob's card by his name on a message.
    bob.press("\u{E00C}").await;
    bob.send("bob is here").await;
    alice.sees_once("bob is here").await;
    // The picture opens the same card as the name.
    alice.click_in_message("bob is here", ".message-face").await;
    alice.wait_for(".user-card[data-username='bob'] .card-username").await;
    alice.press("\u{E00C}").await;
    eventually("the card to close on Escape", || async { (!alice.has(".user-card").await).then_some(()) }).await;
    alice.click_in_message("bob is here", ".author").await;
    alice.wait_for(".user-card[data-username='bob'] .card-username").await;
    assert_eq!(
        offered(&alice).await,
        vec!["direct-message", "mute", "add-moderator", "add-owner", "kick"],
        "an owner holds every moderation action"
    );
    // Muting from the card reaches bob's composer at once.
    alice.click(".user-card .card-action[data-action='mute']").await;
    bob.wait_for(".composer-refused").await;
    eventually("the card to offer unmuting", || async {
        offered(&alice).await.contains(&"unmute".to_owned()).then_some(())
    })
    .await;
    alice.click(".user-card .card-action[data-action='unmute']").await;
    bob.wait_for("textarea.composer-input").await;

    alice.close().await;
    bob.close().await;
    server.kill().await;
}
