//! The markup parser against the reference implementation, `@rocket.chat/message-parser`
//! (pinned in `reference-js/`): both parse the same corpus — hand-written edge cases plus
//! generated combinations — and every tree must be identical. The agreement is printed.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use confab_protocol::markup::{Options, parse};
use serde_json::Value;

/// Pieces the generator combines: every construct of the grammar, and the characters that
/// interact with them.
const FRAGMENTS: &[&str] = &[
    "hello",
    "world",
    "*bold*",
    "_italic_",
    "~strike~",
    "**b**",
    "__i__",
    "`code`",
    "@alice",
    "#general",
    ":smile:",
    ":)",
    "😀",
    "https://rocket.chat",
    "example.com",
    "[l](https://a.io)",
    "<https://a.io|x>",
    "me@example.com",
    "+15551234567",
    "> quote",
    "- item",
    "1. one",
    "# head",
    "||s||",
    "*",
    "_",
    "~",
    "`",
    ":",
    "@",
    "#",
    "|",
    "(",
    ")",
    "[",
    "]",
    "<",
    ">",
    "!",
    "\\",
    "-",
    "x_y",
    "a*b",
    "color:#abc",
    "<t:1630360800:R>",
    "---",
    "\\(a\\)",
    "ünï",
    "日本",
    ";)",
    "<3",
    "-_-",
];

const JOINERS: &[&str] = &["", " ", "  ", "\n", " ", ""];

/// A small deterministic generator: the corpus is the same on every run.
fn generated(count: usize) -> Vec<String> {
    let mut state: u64 = 0x5eed_c0ff_ee00_0001;
    let mut next = move |bound: usize| {
        state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        ((state >> 33) as usize) % bound
    };
    (0..count)
        .map(|_| {
            let parts = 1 + next(5);
            let mut text = String::new();
            for i in 0..parts {
                if i > 0 {
                    text.push_str(JOINERS[next(JOINERS.len())]);
                }
                text.push_str(FRAGMENTS[next(FRAGMENTS.len())]);
            }
            text
        })
        .collect()
}

/// Short random strings over the characters the grammar treats specially.
fn scrambled(count: usize) -> Vec<String> {
    const ALPHABET: &[char] = &[
        '*', '_', '~', '`', ':', '@', '#', '|', '(', ')', '[', ']', '<', '>', '!', '\\', '-', '+', '=', ';', '\'', '"',
        '/', '.', ',', 'a', 'b', 'c', 'X', 'D', 'P', 'O', '0', '1', '9', ' ', ' ', '\n', '😀', 'ü', '$', 'h', 't', 'p',
        's',
    ];
    let mut state: u64 = 0x0dd5_eed0_1234_5678;
    let mut next = move |bound: usize| {
        state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        ((state >> 33) as usize) % bound
    };
    (0..count).map(|_| (0..1 + next(48)).map(|_| ALPHABET[next(ALPHABET.len())]).collect()).collect()
}

fn reference_trees(inputs: &[String]) -> Vec<Value> {
    let reference = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../reference-js");
    assert!(
        reference.join("node_modules/@rocket.chat/message-parser").is_dir(),
        "the reference parser is not installed in {}: run `cargo xtask test`, which installs it",
        reference.display()
    );
    let mut child = Command::new("node")
        .arg(reference.join("markup-reference.mjs"))
        .env("TZ", "UTC")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("node runs");
    child.stdin.take().unwrap().write_all(serde_json::to_string(inputs).unwrap().as_bytes()).unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "the reference parser failed");
    serde_json::from_slice(&output.stdout).expect("the reference writes JSON")
}

#[test]
fn the_parser_agrees_with_rocket_chats_on_the_whole_corpus() {
    let mut inputs: Vec<String> = serde_json::from_str(include_str!("fixtures/markup_corpus.json")).unwrap();
    let hand_written = inputs.len();
    inputs.extend(generated(1000));
    inputs.extend(scrambled(2000));
    let expected = reference_trees(&inputs);
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64;
    let options = Options::confab(now);
    let mut disagreements = Vec::new();
    for (input, expected) in inputs.iter().zip(&expected) {
        let ours = parse(input, &options).map(|tree| serde_json::to_value(tree).unwrap()).unwrap_or(Value::Null);
        if &ours != expected {
            disagreements.push((input, ours, expected));
        }
    }
    let agree = inputs.len() - disagreements.len();
    println!(
        "markup differential: {agree}/{} inputs agree ({:.1}%), {hand_written} hand-written and {} generated",
        inputs.len(),
        100.0 * agree as f64 / inputs.len() as f64,
        inputs.len() - hand_written
    );
    for (input, ours, expected) in disagreements.iter().take(15) {
        println!("  {input:?}\n    ours:      {ours}\n    reference: {expected}");
    }
    assert!(inputs.len() >= 300);
    assert!(disagreements.is_empty(), "{} of {} inputs disagree", disagreements.len(), inputs.len());
}
