//! The demo's guide, which answers without a model: from Confab's own README, the section that
//! shares the most words with the question, written word by word as a model would write it.
//! A fresh clone shows streamed answers, the agent's state and Stop with nothing to install.

use std::time::Duration;

use futures_util::StreamExt;

use super::model::Pieces;

/// Confab's README, read at build time.
const README: &str = include_str!("../../../../README.md");
/// How long the guide waits between words.
const WORD_EVERY: Duration = Duration::from_millis(25);
/// The most characters of a section the guide writes.
const MAX_CHARS: usize = 900;

/// The guide's answer to `question`, as pieces.
pub fn answer(question: &str) -> Pieces {
    let text = reply(question);
    let words: Vec<String> = text.split_inclusive(' ').map(str::to_owned).collect();
    Box::pin(futures_util::stream::iter(words).then(|word| async move {
        tokio::time::sleep(WORD_EVERY).await;
        Ok(word)
    }))
}

/// What the guide says to `question`: the opening of the section its words point to (words
/// rare across sections count most, and a word of the title more), or what it can talk about.
fn reply(question: &str) -> String {
    let asked: Vec<String> = words(question).filter(|w| w.chars().count() > 3).collect();
    let texts: Vec<(&str, &str, String)> =
        sections().map(|(title, body)| (title, body, format!("{title} {body}").to_lowercase())).collect();
    let rarity = |word: &str| {
        let holding = texts.iter().filter(|(.., text)| text.contains(word)).count();
        if holding == 0 { 0.0 } else { (texts.len() as f64 / holding as f64).ln() }
    };
    let best = texts
        .iter()
        .map(|(title, body, text)| {
            let title_words: Vec<String> = words(title).collect();
            let score: f64 = asked
                .iter()
                .filter(|word| text.contains(word.as_str()))
                .map(|word| {
                    rarity(word) * if title_words.iter().any(|t| t.starts_with(word.as_str())) { 3.0 } else { 1.0 }
                })
                .sum();
            (score, *title, *body)
        })
        .filter(|(score, ..)| *score > 0.0)
        .max_by(|a, b| a.0.total_cmp(&b.0));
    match best {
        Some((_, title, body)) => format!("From the README, **{title}**:\n\n{}", opening(body)),
        None => {
            let titles: Vec<&str> = texts.iter().map(|(title, ..)| *title).collect();
            format!(
                "I answer from Confab's README. Ask me about one of these: {}. With `--agent-url`, a real model answers instead.",
                titles.join(", ")
            )
        }
    }
}

/// What the reader might ask next: suggested replies (UI Kit buttons whose value the app posts
/// as the reader's message) for sections other than the one `question` was about.
pub fn suggestions(question: &str) -> Vec<serde_json::Value> {
    let answered = reply(question);
    let offered = ["White label", "Embedding", "Files, pictures, links and quotes", "`cargo xtask run`"]
        .into_iter()
        .map(|title| title.trim_matches('`'))
        .filter(|title| !answered.contains(&format!("**{title}**")))
        .take(3)
        .map(|title| {
            let asked = format!("Tell me about {title}");
            serde_json::json!({"type": "button", "actionId": confab_protocol::interactions::SUGGESTED_REPLY,
                "value": asked, "text": {"type": "plain_text", "text": asked}})
        })
        .collect::<Vec<_>>();
    vec![serde_json::json!({"type": "actions", "blockId": "suggested", "elements": offered})]
}

/// The README's `##` sections, as title and body.
fn sections() -> impl Iterator<Item = (&'static str, &'static str)> {
    README.split("\n## ").skip(1).filter_map(|section| {
        let (title, body) = section.split_once('\n')?;
        Some((title.trim().trim_matches('`'), body.trim()))
    })
}

/// A section's first paragraphs, whole, up to [`MAX_CHARS`].
fn opening(body: &str) -> String {
    let mut said = String::new();
    for paragraph in body.split("\n\n").filter(|p| !p.trim_start().starts_with("```") && !p.starts_with('|')) {
        if !said.is_empty() && said.len() + paragraph.len() > MAX_CHARS {
            break;
        }
        if !said.is_empty() {
            said.push_str("\n\n");
        }
        said.push_str(paragraph.trim());
    }
    said
}

fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase)
}

#[cfg(test)]
mod tests {
    use super::reply;

    #[test]
    fn the_guide_answers_from_the_section_the_question_is_about() {
        let said = reply("How do I embed Confab in my page?");
        assert!(said.starts_with("From the README, **Embedding**"), "{said}");
        let next = super::suggestions("How do I embed Confab in my page?");
        let offered: Vec<&str> =
            next[0]["elements"].as_array().unwrap().iter().map(|b| b["value"].as_str().unwrap()).collect();
        assert_eq!(
            offered,
            [
                "Tell me about White label",
                "Tell me about Files, pictures, links and quotes",
                "Tell me about cargo xtask run"
            ]
        );
        assert!(confab_protocol::blocks::check(&next).is_ok());
        let said = reply("zzz");
        assert!(said.contains("Ask me about one of these") && said.contains("White label"), "{said}");
    }
}
