//! Every view as a person sees it, at a laptop's and a phone's size, light and dark: written to
//! `docs/screenshots/views/` and compared with the committed pictures (see `confab_e2e::gallery`).

use confab_e2e::gallery::{CLOCK, VARIANTS, shoot, shoot_as_served};
use confab_e2e::{Bot, Browser, Chromedriver, Fixture, TestServer};
use fantoccini::key::Key;
use serde_json::json;

/// Clicks the first element matching `css` inside the message whose text is `text`.
async fn in_message(browser: &Browser, text: &str, css: &str) {
    browser.click_in_message(text, css).await;
    // The pictures show no message hovered.
    browser.rest_pointer().await;
}

/// Back to the room list, where a phone shows it alone.
async fn back_to_rooms(browser: &Browser, phone: bool) {
    if phone {
        browser.click(".back-to-rooms").await;
        browser.wait_for(".room-list").await;
    }
}

async fn escape(browser: &Browser, gone: &str) {
    browser.press(&Key::Escape.to_string()).await;
    confab_e2e::eventually(&format!("{gone} to close"), || async { (!browser.has(gone).await).then_some(()) }).await;
}

/// In #random, alice asks and a bot answers: streamed, then ended with suggested replies and a
/// note, as an assistant's answer looks.
async fn answer_as_a_bot(server: &TestServer, alice: &Browser) {
    let helper = Bot::make(server, alice, "helper", "Helper").await;
    alice.open_room("random").await;
    let random = alice.script("return document.querySelector('.room-view').dataset.roomId", vec![]).await;
    assert_eq!(helper.call(alice, "channels.join", json!({"roomId": random})).await["status"], 200);
    alice.send("How do I put Confab into our help centre?").await;
    let started = helper.call(alice, "confab.streams.start", json!({"rid": random})).await;
    let id = started["body"]["message"]["_id"].as_str().unwrap_or_else(|| panic!("{started}")).to_owned();
    for piece in [
        "Three ways, from the lightest: ",
        "the `<confab-chat>` element in any page, ",
        "a **micro-lc** parcel, or an iframe. ",
        "Each takes your colours and labels from `/chat/config`.",
    ] {
        let appended = helper.call(alice, "confab.streams.append", json!({"messageId": id, "piece": piece})).await;
        assert_eq!(appended["status"], 200, "{appended}");
    }
    let reply = |text: &str| json!({"type": "button", "actionId": "confab.reply", "value": text, "text": {"type": "plain_text", "text": text}});
    let blocks = json!([
        {"type": "actions", "blockId": "next", "elements": [reply("Show me the element"), reply("Which is lightest?")]},
        {"type": "context", "elements": [{"type": "mrkdwn", "text": "From Confab's README"}]},
    ]);
    let ended =
        helper.call(alice, "confab.streams.end", json!({"messageId": id, "state": "done", "blocks": blocks})).await;
    assert_eq!(ended["status"], 200, "{ended}");
}

#[tokio::test(flavor = "multi_thread")]
async fn every_view_looks_as_committed_at_both_sizes_light_and_dark() {
    let data = tempfile::tempdir().unwrap();
    // One moment, whenever the test runs: the demo's history and "Today" fall alike.
    let server = TestServer::start_at(data.path(), CLOCK).await;
    let driver = Chromedriver::start().await;
    let (alice, bob) = driver.alice_and_bob_in(&server, "general").await;
    bob.send("Morning! Has everyone seen the launch checklist?").await;
    alice.send("Yes, **all green** on my side. The demo is at 3 pm.").await;
    bob.send("Great, see you there").await;
    alice.confirmed("Great, see you there").await;
    alice.make_file("chart.png", Fixture::PlainPng { width: 360, height: 240 }).await;
    alice.drop_files("form.composer", &["chart.png"]).await;
    alice.click(".upload-send").await;
    alice.wait_for(".attachment.image img").await;
    // A pin (and its notice), a star and an edit, as a room has them.
    in_message(&alice, "Morning! Has everyone seen the launch checklist?", ".action-pin").await;
    alice.wait_for(".system-message").await;
    in_message(&alice, "Great, see you there", ".action-star").await;
    in_message(&alice, "The demo is at 3 pm.", ".action-edit").await;
    alice.press(&Key::End.to_string()).await;
    alice.press(" Room 4.").await;
    alice.press(&Key::Enter.to_string()).await;
    alice.wait_for(".message .edited").await;
    bob.close().await;
    // Every room as read as it will stay, so that each variant shows the same list.
    for room in ["random", "design", "bob", "general"] {
        alice.open_room(room).await;
    }
    confab_e2e::eventually("the rooms to show as read", || async {
        (!alice.has(".room-entry.unread").await).then_some(())
    })
    .await;

    let mut failures = Vec::new();
    for (variant, width, height, scheme) in VARIANTS {
        let phone = width < 600;
        alice.viewport(width, height, phone).await;
        alice.emulate_color_scheme(scheme).await;
        alice.goto(&server.url("/")).await;
        alice.wait_for(".room-list .room-entry").await;
        // The demo's theme is light: the reader's own choice, in Settings, makes it dark.
        alice.click(".open-settings").await;
        alice.click(&format!(".dialog.settings input[value='{scheme}']")).await;
        failures.extend(shoot(&alice, "settings", variant).await);
        escape(&alice, ".dialog.settings").await;
        alice.gets_focus(".open-settings", "Settings gives the focus back to its button").await;
        failures.extend(shoot(&alice, "rooms", variant).await);
        // The first screen the server renders into the page, in the reader's mode, as it shows
        // before the app's code has come (it is kept from coming).
        alice.devtools("Network.setCacheDisabled", json!({ "cacheDisabled": true })).await;
        alice.block_urls(&["*main_bg.wasm", "*/main.js"]).await;
        alice.client.goto(&server.url("/")).await.expect("navigation");
        alice.wait_for("#confab-first .room-list .room-entry").await;
        failures.extend(shoot_as_served(&alice, "first-screen", variant).await);
        alice.block_urls(&[]).await;
        alice.devtools("Network.setCacheDisabled", json!({ "cacheDisabled": false })).await;
        alice.goto(&server.url("/")).await;
        alice.wait_for(".room-list .room-entry").await;

        alice.click(".new-channel").await;
        alice.wait_for(".new-channel-dialog").await;
        failures.extend(shoot(&alice, "new-room", variant).await);
        alice.click(".new-channel-dialog .browse-channels").await;
        alice.wait_for(".directory-dialog .directory-entry").await;
        failures.extend(shoot(&alice, "directory", variant).await);
        escape(&alice, ".directory-dialog").await;
        alice.gets_focus(".new-channel", "the directory gives the focus back to the button that led to it").await;

        alice.click(".new-direct").await;
        alice.wait_for(".new-direct-dialog").await;
        failures.extend(shoot(&alice, "new-direct", variant).await);
        // Its close button (a phone has no Escape) closes it as Escape does.
        alice.click(".new-direct-dialog .dialog-close").await;
        confab_e2e::eventually("the dialog to close", || async {
            (!alice.has(".new-direct-dialog").await).then_some(())
        })
        .await;
        alice.gets_focus(".new-direct", "the dialog gives the focus back to its button").await;

        alice.open_room("general").await;
        alice.wait_for(".attachment.image img").await;
        failures.extend(shoot(&alice, "room", variant).await);
        // A message's actions, on the message under the pointer.
        alice.hover_message("Great, see you there").await;
        alice.wait_for(".message .message-actions .action-reply").await;
        failures.extend(shoot(&alice, "message-actions", variant).await);
        alice.rest_pointer().await;

        in_message(&alice, "Great, see you there", ".action-reply").await;
        alice.wait_for(".thread-panel").await;
        failures.extend(shoot(&alice, "thread", variant).await);
        escape(&alice, ".thread-panel").await;

        for (button, panel, view) in [
            (".find-messages", ".find-panel", "search"),
            (".show-pinned", ".find-panel", "pinned"),
            (".show-starred", ".find-panel", "starred"),
            (".show-members", ".members", "members"),
        ] {
            // On a phone, pinned and starred are in the header's "more" menu.
            let in_more = phone && (view == "pinned" || view == "starred");
            if in_more {
                alice.click(".room-more .menu-button").await;
                alice.click(&format!(".room-more .menu-item{button}")).await;
            } else {
                alice.click(button).await;
            }
            alice.wait_for(panel).await;
            failures.extend(shoot(&alice, view, variant).await);
            if view == "members" {
                alice.click(".members .member[data-username='bob']").await;
                alice.wait_for(".user-card").await;
                failures.extend(shoot(&alice, "user-card", variant).await);
                escape(&alice, ".user-card").await;
                alice.click(".members .member[data-username='alice']").await;
                alice.wait_for(".user-card .own-status").await;
                failures.extend(shoot(&alice, "own-card", variant).await);
                escape(&alice, ".user-card").await;
            }
            escape(&alice, panel).await;
            let opener = if in_more { ".room-more .menu-button" } else { button };
            alice.gets_focus(opener, "the panel gives the focus back to what opened it").await;
        }

        alice.click(".attachment.image .image-open").await;
        alice.wait_for(".image-viewer .viewer-image").await;
        failures.extend(shoot(&alice, "image-viewer", variant).await);
        escape(&alice, ".image-viewer").await;

        alice.make_file("chart.png", Fixture::PlainPng { width: 360, height: 240 }).await;
        alice.drop_files("form.composer", &["chart.png"]).await;
        alice.wait_for(".upload-dialog .upload-item[data-step='ready']").await;
        failures.extend(shoot(&alice, "upload", variant).await);
        escape(&alice, ".upload-dialog").await;
        back_to_rooms(&alice, phone).await;
    }

    // A bot's answer, with suggested replies and feedback: made last, so the views above, and the
    // room list in them, stay as they were.
    answer_as_a_bot(&server, &alice).await;
    for (variant, width, height, scheme) in VARIANTS {
        alice.viewport(width, height, width < 600).await;
        alice.emulate_color_scheme(scheme).await;
        alice.goto(&server.url("/")).await;
        alice.wait_for(".room-list .room-entry").await;
        alice.click(".open-settings").await;
        alice.click(&format!(".dialog.settings input[value='{scheme}']")).await;
        escape(&alice, ".dialog.settings").await;
        alice.open_room("random").await;
        alice.wait_for(".message .blocks .block-actions").await;
        alice.rest_pointer().await;
        failures.extend(shoot(&alice, "bot-answer", variant).await);
    }
    alice.close().await;
    assert!(failures.is_empty(), "views that changed:\n{}", failures.join("\n"));
}
