//! A bot's interactive message, seen from the browser: every supported UI Kit block renders with
//! the app's components and axe-core finds nothing in light or dark; hostile content stays text;
//! a button shows it is busy and then chosen, the block's other choices off; a suggested reply
//! posts as bob; and bob's thumbs-up is stored and shown again after a reload.

use confab_e2e::{Bot, Chromedriver, TestServer, eventually};
use serde_json::{Value, json};

fn every_block() -> Value {
    let text = |t: &str| json!({"type": "plain_text", "text": t});
    json!([
        {"type": "section", "blockId": "intro", "text": {"type": "mrkdwn", "text": "Pick a *plan* <img src=x onerror=window.__pwned=1>"},
         "fields": [{"type": "mrkdwn", "text": "*Seats*\n5"}, {"type": "plain_text", "text": "Billing: monthly"}],
         "accessory": {"type": "button", "actionId": "details", "value": "more", "text": text("Details")}},
        {"type": "divider"},
        {"type": "actions", "blockId": "plans", "elements": [
            {"type": "button", "actionId": "choose", "value": "pro", "style": "primary", "text": text("Pro")},
            {"type": "button", "actionId": "choose", "value": "team", "text": text("Team")},
            {"type": "static_select", "actionId": "seats", "placeholder": text("Seats"),
             "options": [{"value": "5", "text": text("5 seats")}, {"value": "10", "text": text("10 seats")}]},
            {"type": "overflow", "actionId": "more", "options": [{"value": "compare", "text": text("Compare plans")}]}]},
        {"type": "actions", "blockId": "suggested", "elements": [
            {"type": "button", "actionId": "confab.reply", "value": "How much is Pro?", "text": text("How much is Pro?")}]},
        {"type": "context", "elements": [{"type": "mrkdwn", "text": "Prices _exclude_ tax"}]},
        {"type": "image", "imageUrl": "https://example.com/plans.png", "altText": "The plans compared", "title": text("Plans")},
        {"type": "video", "videoUrl": "https://example.com/v.mp4"}
    ])
}

#[tokio::test(flavor = "multi_thread")]
async fn a_bots_blocks_render_act_and_take_feedback() {
    let data = tempfile::tempdir().unwrap();
    let server = TestServer::start(data.path(), 0).await;
    let driver = Chromedriver::start().await;
    let (alice, bob) = driver.alice_and_bob_in(&server, "general").await;
    let bot = Bot::make(&server, &alice, "seller", "Seller").await;
    let general = alice.script("return document.querySelector('.room-view').dataset.roomId", vec![]).await;
    assert_eq!(bot.call(&alice, "channels.join", json!({"roomId": general})).await["status"], 200);

    // A hostile address in a block is refused whole.
    let started = bot.call(&alice, "confab.streams.start", json!({"rid": general, "msg": "Our plans"})).await;
    let id = started["body"]["message"]["_id"].as_str().unwrap().to_owned();
    let hostile = json!([{"type": "actions", "elements": [{"type": "button", "actionId": "x", "url": "javascript:alert(1)",
        "text": {"type": "plain_text", "text": "x"}}]}]);
    let refused =
        bot.call(&alice, "confab.streams.end", json!({"messageId": id, "state": "done", "blocks": hostile})).await;
    assert_eq!(
        (refused["status"].clone(), refused["body"]["errorType"].clone()),
        (json!(400), json!("error-invalid-blocks"))
    );
    let ended = bot
        .call(&alice, "confab.streams.end", json!({"messageId": id, "state": "done", "blocks": every_block()}))
        .await;
    assert_eq!(ended["status"], 200, "{ended}");

    let message = format!(".message[data-message-id='{id}']");
    bob.wait_for(&format!("{message} .blocks")).await;
    let shape = bob
        .script(
            "const m = document.querySelector(arguments[0]); const n = s => m.querySelectorAll(s).length; \
             return [n('.block-section'), n('.block-fields > div'), n('.block-actions'), n('.block-menu'), n('.block-context'), \
                     n('.block-divider'), n('.block-picture-link'), n('.block-unsupported'), n('.blocks img, .blocks script'), \
                     n('select'), window.__pwned === undefined];",
            vec![json!(message)],
        )
        .await;
    assert_eq!(
        shape,
        json!([1, 2, 2, 2, 1, 1, 1, 1, 0, 0, true]),
        "every block drawn, no element from the text, no native select, the outside picture only a link"
    );
    let section = bob.text_of(&format!("{message} .block-section")).await;
    assert!(
        section.contains("<img src=x onerror=window.__pwned=1>") && section.contains("Billing: monthly"),
        "{section}"
    );
    for scheme in ["light", "dark"] {
        bob.click(".open-settings").await;
        bob.click(&format!(".dialog.settings input[value='{scheme}']")).await;
        bob.press(&fantoccini::key::Key::Escape.to_string()).await;
        bob.gets_focus(".open-settings", "Settings gives the focus back").await;
        let violations = confab_e2e::axe::check(&bob, &format!("blocks-{scheme}")).await;
        assert!(violations.is_empty(), "{scheme}: {violations:?}");
    }

    // A button: chosen once it reached the bot, the block's other choices off.
    bob.click(&format!("{message} .block-actions .btn-primary")).await;
    eventually("Pro to be chosen and Team to be off", || async {
        let state = bob
            .script(
                "const b = [...document.querySelectorAll(arguments[0] + ' .block-actions .block-button')]; \
                 return b.length >= 2 ? [b[0].getAttribute('aria-pressed'), b[1].querySelector('button').disabled] : null;",
                vec![json!(message)],
            )
            .await;
        (state == json!(["true", true])).then_some(())
    })
    .await;
    // A suggested reply is bob's own message.
    bob.click(&format!("{message} [data-block-id='suggested'] .btn")).await;
    alice.sees_once("How much is Pro?").await;

    // Feedback: bob's thumbs up is stored, and pressed again after a reload.
    let up = format!("{message} .feedback-thumb:first-child");
    bob.click(&up).await;
    eventually("the thumb to be pressed", || async {
        (bob.script("return document.querySelector(arguments[0]).getAttribute('aria-pressed')", vec![json!(up)]).await
            == json!("true"))
        .then_some(())
    })
    .await;
    bob.goto(&server.url("/")).await;
    bob.open_room("general").await;
    eventually("bob's vote to be read back", || async {
        let pressed = bob.script(
            "const t = document.querySelector(arguments[0]); return t ? t.getAttribute('aria-pressed') : null",
            vec![json!(up)],
        );
        (pressed.await == json!("true")).then_some(())
    })
    .await;

    alice.close().await;
    bob.close().await;
    server.kill().await;
}
