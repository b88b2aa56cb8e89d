//! Renders a message's markup tree (`md`) to Yew nodes — never through `innerHTML`. Text is
//! always a text node; links are made only for `http`, `https` and `mailto` targets (and
//! scheme-relative `//host` autolinks) and open in a new tab without an opener or referrer;
//! anything else shows as plain text.

use std::cell::Cell;

use confab_protocol::markup::{Fallback, Label, Node};
use yew::prelude::*;

use crate::parts::EmojiTable;
use confab_core::i18n::Texts;

/// Who is reading: mentions of them stand out, and dates are in their language. Shortcodes show
/// as their characters once the emoji table is there, and as written (`:tada:`) until then;
/// `missing_emoji` is set when one had to be shown as written.
#[derive(Clone, Copy)]
pub struct Reader<'a> {
    pub username: &'a str,
    pub texts: &'a Texts,
    pub emoji: Option<EmojiTable>,
    pub missing_emoji: &'a Cell<bool>,
    /// The links' tab index: out of the Tab order in the timeline (see `timeline_keys`).
    pub tabindex: Option<&'static str>,
}

impl Reader<'_> {
    /// The character of a shortcode (`None` for no such emoji), or the shortcode as written while
    /// the table is not there (noting that it is wanted).
    pub fn emoji(&self, short_code: &str) -> Option<String> {
        match self.emoji {
            Some(table) => (table.character)(short_code),
            None => {
                self.missing_emoji.set(true);
                Some(format!(":{short_code}:"))
            }
        }
    }
}

/// Whether a link target is safe to follow.
pub fn safe_href(href: &str) -> bool {
    let lower = href.trim_start().to_ascii_lowercase();
    lower.starts_with("https://")
        || lower.starts_with("http://")
        || lower.starts_with("mailto:")
        || lower.starts_with("//")
}

pub fn render(nodes: &[Node], reader: Reader) -> Html {
    nodes.iter().map(|node| render_node(node, reader)).collect::<Html>()
}

fn text_of(nodes: &[Node]) -> String {
    nodes.iter().map(Node::text).collect()
}

fn render_node(node: &Node, reader: Reader) -> Html {
    match node {
        Node::PlainText { value } => html! { { value.clone() } },
        Node::Paragraph { value } => html! { <p class="md-p">{ render(value, reader) }</p> },
        Node::Bold { value } => html! { <strong>{ render(value, reader) }</strong> },
        Node::Italic { value } => html! { <em>{ render(value, reader) }</em> },
        Node::Strike { value } => html! { <del>{ render(value, reader) }</del> },
        Node::Spoiler { value } => {
            html! { <span class="md-spoiler" tabindex={reader.tabindex.unwrap_or("0")} title={reader.texts.get("markup.spoiler")}>{ render(value, reader) }</span> }
        }
        Node::SpoilerBlock { value } => {
            html! { <div class="md-spoiler" tabindex={reader.tabindex.unwrap_or("0")} title={reader.texts.get("markup.spoiler")}>{ render(value, reader) }</div> }
        }
        Node::InlineCode { value } => html! { <code class="md-code">{ value.text() }</code> },
        Node::Code { language, value } => {
            let text: Vec<String> = value.iter().map(Node::text).collect();
            html! { <pre class="md-pre" data-language={language.clone()}><code>{ text.join("\n") }</code></pre> }
        }
        Node::CodeLine { value } => html! { { value.text() } },
        Node::Heading { level, value } => {
            let content = render(value, reader);
            match level {
                1 => html! { <h1 class="md-h">{ content }</h1> },
                2 => html! { <h2 class="md-h">{ content }</h2> },
                3 => html! { <h3 class="md-h">{ content }</h3> },
                _ => html! { <h4 class="md-h">{ content }</h4> },
            }
        }
        Node::Quote { value } => html! { <blockquote class="md-quote">{ render(value, reader) }</blockquote> },
        Node::Link { value } => {
            let href = value.src.text();
            let label = render(value.label.nodes(), reader);
            if safe_href(&href) {
                html! { <a class="md-link" href={href} target="_blank" rel="noopener noreferrer" tabindex={reader.tabindex}>{ label }</a> }
            } else {
                label
            }
        }
        Node::Image { value } => {
            let src = value.src.text();
            let alt = value.label.text();
            if safe_href(&src) && !src.to_ascii_lowercase().starts_with("mailto:") {
                html! {
                    <a class="md-link" href={src.clone()} target="_blank" rel="noopener noreferrer" tabindex={reader.tabindex}>
                        <img class="md-image" src={src} alt={alt} loading="lazy" referrerpolicy="no-referrer" />
                    </a>
                }
            } else {
                html! { { alt } }
            }
        }
        Node::MentionUser { value } => {
            let name = value.text();
            let me = name == reader.username || name == "all" || name == "here";
            html! { <span class={classes!("md-mention", me.then_some("md-mention-me"))}>{ format!("@{name}") }</span> }
        }
        Node::MentionChannel { value } => html! { <span class="md-channel">{ format!("#{}", value.text()) }</span> },
        Node::Emoji { value, short_code, unicode } => {
            let shown = unicode
                .clone()
                .or_else(|| short_code.as_deref().and_then(|code| reader.emoji(code)))
                .or_else(|| value.as_ref().map(|v| v.text()))
                .unwrap_or_default();
            let label = short_code.clone().unwrap_or_else(|| shown.clone());
            html! { <span class="md-emoji" role="img" aria-label={label}>{ shown }</span> }
        }
        Node::BigEmoji { value } => html! { <div class="md-big-emoji">{ render(value, reader) }</div> },
        Node::Color { value } => {
            // Eight hex digits carry the alpha too, and keep float formatting out of the app.
            let style = format!("background-color: #{:02x}{:02x}{:02x}{:02x}", value.r, value.g, value.b, value.a);
            let label = format!("#{:02x}{:02x}{:02x}", value.r, value.g, value.b);
            html! { <span class="md-color"><span class="md-swatch" style={style}></span>{ label }</span> }
        }
        Node::Tasks { value } => html! { <ul class="md-tasks">{ render(value, reader) }</ul> },
        Node::Task { status, value } => html! {
            <li><input type="checkbox" checked={*status} disabled=true aria-label={text_of(value)} />{ " " }{ render(value, reader) }</li>
        },
        Node::OrderedList { value } => html! { <ol class="md-list">{ render(value, reader) }</ol> },
        Node::UnorderedList { value } => html! { <ul class="md-list">{ render(value, reader) }</ul> },
        Node::ListItem { value, number } => match number {
            Some(n) => html! { <li value={n.to_string()}>{ render(value, reader) }</li> },
            None => html! { <li>{ render(value, reader) }</li> },
        },
        Node::LineBreak => html! { <br /> },
        Node::HorizontalRule { .. } => html! { <hr class="md-hr" /> },
        Node::Katex { value } => html! { <pre class="md-katex"><code>{ value.clone() }</code></pre> },
        Node::InlineKatex { value } => html! { <code class="md-katex">{ value.clone() }</code> },
        Node::Timestamp { value, fallback } => {
            let shown = value
                .timestamp
                .parse::<i64>()
                .map(|secs| reader.texts.date_time(confab_protocol::Timestamp(secs.saturating_mul(1000))))
                .unwrap_or_else(|_| fallback_text(fallback));
            html! { <time class="md-time">{ shown }</time> }
        }
        Node::Table { value, .. } => html! {
            <table class="md-table">
                <thead><tr>{ for value.header.iter().map(|cell| render_cell(cell, reader, true)) }</tr></thead>
                <tbody>{ for value.rows.iter().map(|row| render_node(row, reader)) }</tbody>
            </table>
        },
        Node::TableRow { value } => {
            html! { <tr>{ for value.iter().map(|cell| render_cell(cell, reader, false)) }</tr> }
        }
        Node::TableCell { .. } => render_cell(node, reader, false),
    }
}

fn fallback_text(fallback: &Option<Fallback>) -> String {
    match fallback {
        Some(Fallback::Plain(node)) => node.text(),
        _ => String::new(),
    }
}

fn render_cell(cell: &Node, reader: Reader, header: bool) -> Html {
    let Node::TableCell { align, value } = cell else { return render_node(cell, reader) };
    let class = align.as_deref().map(|a| format!("md-align-{a}"));
    if header {
        html! { <th class={class}>{ render(value, reader) }</th> }
    } else {
        html! { <td class={class}>{ render(value, reader) }</td> }
    }
}

/// The nodes of a label, for callers that show one without its link.
pub fn label_text(label: &Label) -> String {
    text_of(label.nodes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_and_mail_links_are_followable() {
        for good in ["https://a.io", "http://a.io/x", "mailto:a@b.io", "//rocket.chat", "HTTPS://A.IO"] {
            assert!(safe_href(good), "{good}");
        }
        for bad in
            ["javascript:alert(1)", " javascript:alert(1)", "data:text/html,x", "vbscript:x", "tel:123", "file:///etc"]
        {
            assert!(!safe_href(bad), "{bad}");
        }
    }
}
