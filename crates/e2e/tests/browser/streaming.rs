//! A bot's streamed answer, seen from the browser: bob watches an answer of 400 pieces grow
//! while his socket carries only the pieces; carol, who opens the room halfway, catches up and
//! ends with the same text; the agent's state shows where typing does; bob stops a second answer
//! and it shows as stopped within half a second, the focus staying on it.

use confab_e2e::{Bot, Browser, Chromedriver, TestServer, eventually};
use serde_json::{Value, json};

/// Counts what the page's sockets receive, before the app's own scripts run.
const COUNT_SOCKET_BYTES: &str = "(() => { const Native = window.WebSocket; window.__socketBytes = 0; \
    window.WebSocket = class extends Native { constructor(...args) { super(...args); \
      this.addEventListener('open', () => { window.__socketExtensions = this.extensions; }); \
      this.addEventListener('message', e => { window.__socketBytes += new TextEncoder().encode(e.data).length; }); } }; })();";

/// Appends pieces `from..to` of the answer, in order, each after the last was stored.
async fn append_pieces(page: &Browser, bot: &Bot, id: &str, from: usize, to: usize) {
    let script = "const [uid, token, id, from, to, done] = arguments; (async () => { \
        for (let i = from; i < to; i++) { \
          const r = await fetch('/api/v1/confab.streams.append', { method: 'POST', \
            headers: { 'X-User-Id': uid, 'X-Auth-Token': token, 'Content-Type': 'application/json' }, \
            body: JSON.stringify({ messageId: id, piece: (i % 25 === 24 ? 'w' + i + '\\n' : 'w' + i + ' ') }) }); \
          if (!r.ok) return done('append ' + i + ': ' + r.status); } done('ok'); })();";
    let answer =
        page.script_async(script, vec![json!(bot.user_id), json!(bot.token), json!(id), json!(from), json!(to)]).await;
    assert_eq!(answer, json!("ok"));
}

/// The answer's full text after `count` pieces.
fn answer_text(count: usize) -> String {
    (0..count).map(|i| if i % 25 == 24 { format!("w{i}\n") } else { format!("w{i} ") }).collect()
}

/// The shown words of message `id` on `page` (its lines are paragraphs, however they are spaced).
async fn shown_text(page: &Browser, id: &str) -> Option<String> {
    let script = "const m = document.querySelector(`.message[data-message-id='${arguments[0]}'] .message-text`); \
        return m ? m.innerText : null;";
    page.script(script, vec![json!(id)]).await.as_str().map(words)
}

fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[tokio::test(flavor = "multi_thread")]
async fn bob_watches_an_answer_grow_piece_by_piece_and_stops_another() {
    let data = tempfile::tempdir().unwrap();
    let server = TestServer::start(data.path(), 0).await;
    let driver = Chromedriver::start().await;
    let (alice, bob) = driver.alice_and_bob_in(&server, "general").await;
    let bot = Bot::make(&server, &alice, "guide", "Guide").await;
    let general = alice.script("return document.querySelector('.room-view').dataset.roomId", vec![]).await;
    let joined = bot.call(&alice, "channels.join", json!({"roomId": general})).await;
    assert_eq!(joined["status"], 200, "{joined}");
    bob.before_each_page(COUNT_SOCKET_BYTES).await;
    bob.goto(&server.url("/")).await;
    bob.open_room("general").await;

    // The agent's state shows where typing does, and clears.
    let state = |activity: Value, label: Value| json!({"rid": general, "activity": activity, "label": label});
    let said = bot.call(&alice, "confab.agents.state", state(json!("agent-searching"), json!("the docs"))).await;
    assert_eq!(said["status"], 200, "{said}");
    eventually("bob to see what the agent looks up", || async {
        let shown = bob.text_of(".typing").await;
        (shown == "Guide is looking up the docs…").then_some(())
    })
    .await;
    let cleared = bot.call(&alice, "confab.agents.state", state(Value::Null, Value::Null)).await;
    assert_eq!(cleared["status"], 200, "{cleared}");
    eventually("the agent's state to clear", || async { bob.text_of(".typing").await.is_empty().then_some(()) }).await;

    // An answer of 400 pieces: bob's socket carries the pieces, not the text again per piece.
    let started = bot.call(&alice, "confab.streams.start", json!({"rid": general})).await;
    let id = started["body"]["message"]["_id"].as_str().unwrap_or_else(|| panic!("{started}")).to_owned();
    eventually("bob to see the answer start, with a cursor and a Stop button", || async {
        let script = "const m = document.querySelector(`.message[data-message-id='${arguments[0]}']`); \
            return !!m && !!m.querySelector('.message-text[aria-busy=true]') && !!m.querySelector('button.answer-stop');";
        (bob.script(script, vec![json!(id)]).await == json!(true)).then_some(())
    })
    .await;
    let before: u64 = bob.script("return window.__socketBytes", vec![]).await.as_u64().unwrap();
    append_pieces(&alice, &bot, &id, 0, 200).await;
    let carol = driver.browser().await;
    carol.sign_in(&server.url("/"), "carol").await;
    carol.open_room("general").await;
    append_pieces(&alice, &bot, &id, 200, 400).await;
    let full = answer_text(400);
    eventually("bob to see all 400 pieces", || async {
        (shown_text(&bob, &id).await == Some(words(&full))).then_some(())
    })
    .await;
    let received = bob.script("return window.__socketBytes", vec![]).await.as_u64().unwrap() - before;
    let (answer_bytes, naive) = (full.len() as u64, 400 * full.len() as u64);
    println!(
        "streamed answer: {answer_bytes} B of text in 400 pieces; bob's socket received {received} B \
         ({:.1} × the text; the whole text per piece would be {naive} B)",
        received as f64 / answer_bytes as f64
    );
    assert!(received * 10 < naive, "bob received {received} B, not well under {naive} B");
    let extensions = bob.script("return window.__socketExtensions", vec![]).await;
    assert!(
        extensions.as_str().is_some_and(|agreed| agreed.starts_with("permessage-deflate")),
        "bob's socket is compressed on the wire: {extensions}"
    );
    eventually("carol, who came in at piece 200, to catch up", || async {
        (shown_text(&carol, &id).await == Some(words(&full))).then_some(())
    })
    .await;
    let ended = bot.call(&alice, "confab.streams.end", json!({"messageId": id, "state": "done"})).await;
    assert_eq!(ended["status"], 200, "{ended}");
    for (who, page) in [("bob", &bob), ("carol", &carol)] {
        eventually(&format!("{who} to see the finished answer, without cursor or Stop"), || async {
            let script = "const m = document.querySelector(`.message[data-message-id='${arguments[0]}']`); \
                return !!m && !m.querySelector('.message-text[aria-busy], .answer-stop');";
            (page.script(script, vec![json!(id)]).await == json!(true)).then_some(())
        })
        .await;
        assert_eq!(shown_text(page, &id).await, Some(words(&full)), "{who}'s text");
    }

    // A second answer: bob stops it; it ends within half a second and his focus stays on it.
    let started = bot.call(&alice, "confab.streams.start", json!({"rid": general, "msg": "Let me see"})).await;
    let second = started["body"]["message"]["_id"].as_str().unwrap().to_owned();
    let stop = format!(".message[data-message-id='{second}'] button.answer-stop");
    bob.wait_for(&stop).await;
    for scheme in ["light", "dark"] {
        bob.click(".open-settings").await;
        bob.click(&format!(".dialog.settings input[value='{scheme}']")).await;
        bob.press(&fantoccini::key::Key::Escape.to_string()).await;
        bob.gets_focus(".open-settings", "Settings gives the focus back").await;
        let violations = confab_e2e::axe::check(&bob, &format!("streamed-answer-{scheme}")).await;
        assert!(violations.is_empty(), "{scheme}: {violations:?}");
    }
    let script = "const [css, done] = arguments; const began = performance.now(); \
        document.querySelector(css).click(); \
        const check = () => { const note = document.querySelector(css.replace(' button.answer-stop', ' .answer-note')); \
          if (note) done(performance.now() - began); else requestAnimationFrame(check); }; check();";
    let took = bob.script_async(script, vec![json!(stop)]).await.as_f64().unwrap();
    println!("stop: the answer showed as stopped {took:.0} ms after the click");
    assert!(took < 500.0, "stopped after {took} ms");
    assert_eq!(bob.text_of(&format!(".message[data-message-id='{second}'] .answer-note")).await, "Stopped");
    bob.gets_focus(&format!(".message[data-message-id='{second}']"), "the stopped answer keeps the focus").await;
    let late = bot.call(&alice, "confab.streams.append", json!({"messageId": second, "piece": "..."})).await;
    assert_eq!((late["status"].clone(), late["body"]["errorType"].clone()), (json!(400), json!("error-stream-ended")));

    alice.close().await;
    bob.close().await;
    carol.close().await;
    server.kill().await;
}
