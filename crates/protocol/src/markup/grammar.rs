//! Rocket.Chat's message grammar as a PEG (the `peg` crate), rule for rule as
//! `@rocket.chat/message-parser` 0.32.0 parses, so the trees agree node for node.
//!
//! Emphasis rules guard against re-entering themselves (bold inside bold, ...) with flags that
//! are set on the way in and cleared on the way out, exactly as the reference does.

use std::cell::Cell;

use super::build::{self, Piece, plain};
use super::{Fallback, Node, Options, utf16_offset};

/// Re-entrancy guards of the emphasis and reference rules.
#[derive(Default)]
pub struct Guards {
    pub bold: Cell<bool>,
    pub italic: Cell<bool>,
    pub strike: Cell<bool>,
    pub references: Cell<bool>,
}

fn enter(flag: &Cell<bool>) -> Result<(), &'static str> {
    if flag.get() {
        Err("re-entered")
    } else {
        flag.set(true);
        Ok(())
    }
}

fn alnum_char(c: char) -> bool {
    super::chars::is_alpha(c) || super::chars::is_decimal(c)
}

fn alnum_or_mark(c: char) -> bool {
    super::chars::is_alpha(c)
        || super::chars::is_decimal(c)
        || super::chars::is_emoji_char(c)
        || super::chars::is_mark(c)
}

fn any_text(c: char) -> bool {
    matches!(c, '\u{20}'..='\u{27}' | '\u{2B}'..='\u{5A}' | '\u{61}'..='\u{7A}') || c >= '\u{80}'
}

fn astral_emoji_lead(c: char) -> bool {
    ('\u{1F000}'..='\u{1FBFF}').contains(&c)
}

peg::parser! {
    pub grammar markup(options: &Options, guards: &Guards, src: &str) for str {
        // ---- Start ----
        pub rule start() -> Vec<Node>
            = b:big_emoji() ![_] { b }
            / blocks:(block() / paragraph() / eol() { Node::Paragraph { value: vec![plain("")] } })+ { blocks }

        rule big_emoji() -> Vec<Node>
            = (eol() / space())* es:(e:(emoji() / emoticon()) (eol() / space())* { e })*<1,3> { vec![Node::BigEmoji { value: es }] }

        // ---- Blocks ----
        rule block() -> Node
            = lines:blockquote_line()+ { Node::Quote { value: lines } }
            / "||" eol() first:(!"||" p:paragraph() { p }) rest:(!"||" p:paragraph() { p })* eol()? "||" {
                let mut value = vec![first];
                value.extend(rest);
                Node::SpoilerBlock { value }
            }
            / "```" language:$(['a'..='z' | 'A'..='Z' | '0'..='9' | ' ' | '_' | '-' | '.']+)? eol() lines:code_line()+ eol() "```" {
                Node::Code { language: Some(language.filter(|l| !l.is_empty()).unwrap_or("none").to_owned()), value: lines }
            }
            / [' ' | '\t']* range:hr_dashes() [' ' | '\t']* (eol() / ![_]) {
                Node::HorizontalRule { fallback: Some(Fallback::Range(range)) }
            }
            / table()
            / count:heading_start() [' ' | '\t']+ text:(i:inline_item() { i } / !eol() a:any() { a.into() })+ eol()? {
                Node::Heading { level: count, value: build::reduce(text) }
            }
            / items:task()+ { Node::Tasks { value: items } }
            / items:ordered_item()+ { Node::OrderedList { value: items } }
            / items:(hyphen_item()+ / asterisk_item()+) { Node::UnorderedList { value: items } }
            / katex_start() content:$(([^ '$' | '\\'] / !katex_end() [_])*) katex_end() { Node::Katex { value: content.to_owned() } }
            / space()* eol() { Node::LineBreak }

        rule blockquote_line() -> Node
            = ">" [' ' | '\t']* eol() { Node::Paragraph { value: vec![plain("")] } }
            / ">" [' ' | '\t']* p:paragraph() { p }

        rule code_line() -> Node
            = chunk:code_chunk() { Node::CodeLine { value: Box::new(chunk) } }
            / "\n" chunk:code_chunk() { Node::CodeLine { value: Box::new(chunk) } }
            / "\n" !"```" { Node::CodeLine { value: Box::new(plain("")) } }

        rule code_chunk() -> Node
            = text:$(code_char()+) { plain(text) }

        rule code_char()
            = [^ '\r' | '\n' | '`']
            / "`" [^ '`' | '\r' | '\n']
            / "``" [^ '`' | '\r' | '\n']
            / "``" &(['\n' | '\r'] / ![_])
            / "`" &(['\n' | '\r'] / ![_])

        rule hr_dashes() -> [usize; 2]
            = start:utf16_pos() "-"*<3,> end:utf16_pos() { [start, end] }

        rule table() -> Node
            = start:utf16_pos() header:table_row() aligns:table_separator() rows:table_row()* end:utf16_pos() {
                build::table(header, aligns, rows, [start, end])
            }

        rule table_row() -> Vec<Vec<Node>>
            = "|" cells:(c:table_cell() "|" { c })+ eol()? { cells }

        rule table_cell() -> Vec<Node>
            = parts:table_cell_part()* { build::reduce(parts) }

        rule table_cell_part() -> Piece
            = "\\|" { plain("|").into() }
            / !"|" !eol() i:(inline_item() / a:any() { a.into() }) { i }

        rule table_separator() -> Vec<Option<String>>
            = "|" aligns:(a:table_align() "|" { a })+ eol()? { aligns }

        rule table_align() -> Option<String>
            = [' ' | '\t']* left:":"? "-"+ right:":"? [' ' | '\t']* { build::alignment(left.is_some(), right.is_some()) }

        rule heading_start() -> u8
            = hashes:$("#"*<1,4>) { hashes.len() as u8 }

        rule task() -> Node
            = "- [" status:("x" { true } / " " { false }) "]" [' ' | '\t']+ text:inline() { Node::Task { status, value: text } }

        rule ordered_item() -> Node
            = number:digits() "." [' ' | '\t']+ text:inline() { build::list_item(text, number.parse().ok()) }

        rule hyphen_item() -> Node
            = "-" [' ' | '\t']+ text:inline() { build::list_item(text, None) }

        rule asterisk_item() -> Node
            = "*" [' ' | '\t']+ parts:(i:inline_item() { i } / !"*" a:any() { a.into() })+ !"*" eol()? {
                build::list_item(build::reduce(parts), None)
            }

        rule katex_start()
            = parenthesis_katex() "\\[" / dollar_katex() "$$"
        rule katex_end()
            = parenthesis_katex() "\\]" / dollar_katex() "$$"
        rule parenthesis_katex() = "" {? if options.katex_parenthesis { Ok(()) } else { Err("off") } }
        rule dollar_katex() = "" {? if options.katex_dollar { Ok(()) } else { Err("off") } }

        // ---- Paragraphs and inlines ----
        rule paragraph() -> Node
            = value:inline() { Node::Paragraph { value } }

        rule inline() -> Vec<Node>
            = parts:(i:inline_item() { i } / a:any() { a.into() })+ eol()? { build::reduce(parts) }

        /// One inline element, chosen by its first character as the reference does.
        rule inline_item() -> Piece
            = &[' ' | '\t'] w:whitespace() { w.into() }
            / &"\\" i:(escaped_timestamp() / inline_katex() / "\\" c:$(['*' | '_' | '~' | '`' | '#' | '.']) { plain(c) }) { i.into() }
            / &"[" r:maybe_references() { r.into() }
            / &"<" i:(timestamp() / maybe_references() / inline_emoticon()) { i.into() }
            / &"!" i:image() { i.into() }
            / &"|" s:spoiler() { s.into() }
            / &"@" m:user_mention() { m.into() }
            / &"`" c:inline_code() { c.into() }
            / &"+" p:phone() { build::phone(p.0, p.1).into() }
            / &"$" k:inline_katex() { k.into() }
            / &":" e:(emoji() / inline_emoticon()) { e.into() }
            / &"*" e:(w:emphasis_with_whitespace() { Piece::One(w) } / emphasis() / m:inline_emoticon() { Piece::One(m) }) { e }
            / &"~" e:(w:emphasis_with_whitespace() { Piece::One(w) } / emphasis()) { e }
            / &"-" e:(plain_before_emoticon() / inline_emoticon()) { e.into() }
            / e:autolinked_email() { e.into() }
            / "_" d:domain_name() &(eol() / ![_] / [^ '_']) { plain(format!("_{d}")).into() }
            / u:autolinked_url() { u.into() }
            / e:emphasis_with_whitespace() { e.into() }
            / emphasis()
            / c:channel_mention() { c.into() }
            / e:emoji() { e.into() }
            / p:plain_before_emoticon() { p.into() }
            / e:inline_emoticon() { e.into() }
            / c:color() { c.into() }
            / run:$([^ '*' | '_' | '~' | '`' | ':' | '\n' | '<' | '[' | ']' | '!' | ' ' | '\t' | '(' | ')' | '\\' | '|']+) { plain(run).into() }

        rule inline_emoticon() -> Node
            = e:emoticon() &(emoticon_neighbor() / inline_item()) { e }

        rule emoticon_neighbor()
            = eol() / whitespace() / "*" / ![_]

        rule plain_before_emoticon() -> Node
            = "-" &("_" "-" [_]) { plain("-") }

        rule any() -> Node
            = c:$([^ '\r' | '\n']) { plain(c) }

        rule whitespace() -> Node
            = w:$(space()+) { plain(w) }

        rule line() -> Node
            = head:$(space()*) text:$([c if any_text(c)]+) tail:$(space()*) { plain(format!("{head}{text}{tail}")) }

        /// One character of text. JavaScript matches one UTF-16 unit here, so a character beyond
        /// the Basic Multilingual Plane never counts as a single one.
        rule text() -> Node
            = c:$([c if any_text(c) && u32::from(c) < 0x10000]) { plain(c) }

        // ---- Timestamps ----
        rule timestamp() -> Node
            = start:utf16_pos() "<t:" date:timestamp_date() ":" format:timestamp_format() ">" end:utf16_pos() {
                build::timestamp(date, Some(format), [start, end])
            }
            / start:utf16_pos() "<t:" date:timestamp_date() ">" end:utf16_pos() { build::timestamp(date, None, [start, end]) }

        rule escaped_timestamp() -> Node
            = "\\" "<t:" raw:$(timestamp_date()) ":" format:timestamp_format() ">" { plain(format!("<t:{raw}:{format}>")) }
            / "\\" "<t:" raw:$(timestamp_date()) ">" { plain(format!("<t:{raw}>")) }

        rule timestamp_format() -> char
            = c:['D' | 'F' | 'R' | 'T' | 'd' | 'f' | 't'] { c }

        rule timestamp_date() -> String
            = n:$(['0'..='9']*<10>) { n.to_owned() }
            / y:d4() "-" mo:d2() "-" d:d2() "T" h:d2() ":" mi:d2() ":" s:d2() "." ms:$(['0'..='9']*<3>) tz:timezone()? {
                build::js_seconds(build::epoch_seconds((y, mo, d), (h, mi, s), tz.as_deref()))
            }
            / y:d4() "-" mo:d2() "-" d:d2() "T" h:d2() ":" mi:d2() ":" s:d2() tz:timezone()? {
                build::js_seconds(build::epoch_seconds((y, mo, d), (h, mi, s), tz.as_deref()))
            }
            / h:d2() ":" mi:d2() ":" s:d2() tz:timezone()? { options.today_at(h, mi, s, tz.as_deref()) }
            / h:d2() ":" mi:d2() tz:timezone()? { options.today_at(h, mi, 0, tz.as_deref()) }

        rule timezone() -> String
            = sign:$(['+' | '-']) h:$(['0'..='9']*<2>) ":" m:$(['0'..='9']*<2>) { format!("{sign}{h}:{m}") }

        rule d2() -> i64 = n:$(['0'..='9']*<2>) {? n.parse().map_err(|_| "digits") }
        rule d4() -> i64 = n:$(['0'..='9']*<4>) {? n.parse().map_err(|_| "digits") }

        // ---- KaTeX ----
        rule inline_katex() -> Node
            = inline_katex_start() content:$(([^ '$' | '\\' | '\r' | '\n'] / !inline_katex_end() [_])*) inline_katex_end() {
                Node::InlineKatex { value: content.to_owned() }
            }
        rule inline_katex_start() = parenthesis_katex() "\\(" / dollar_katex() "$"
        rule inline_katex_end() = parenthesis_katex() "\\)" / dollar_katex() "$"

        // ---- Spoilers, images, links ----
        rule spoiler() -> Node
            = "||" parts:(!"||" i:inline_item() { i } / !"||" a:any() { a.into() })+ "||" { Node::Spoiler { value: build::reduce(parts) } }

        rule image() -> Node
            = "![" title:line()? "](" href:markdown_link_ref() ")" { build::image(href, title) }

        rule maybe_references() -> Node
            = enter_references() r:(r:references() { guards.references.set(false); r } / leave_references() "unreachable" { plain("") }) { r }
        rule enter_references() = "" {? enter(&guards.references) }
        rule leave_references() = "" {? guards.references.set(false); Err("blocked") }

        rule references() -> Node
            = "[" title:link_title()* "](" href:markdown_link_ref() ")" {
                if title.is_empty() { build::link(href, None) } else { build::link(href, Some(build::reduce(title))) }
            }
            / "<" href:link_ref() "|" title:$([c if matches!(c, '\u{20}'..='\u{3B}' | '\u{3D}' | '\u{3F}'..='\u{7B}') || c >= '\u{7D}']+) ">" {
                build::link(href, Some(vec![plain(title)]))
            }

        rule link_title() -> Piece
            = w:whitespace() { w.into() }
            / emphasis()
            / run:$([^ ']' | '(' | ')' | '*' | '_' | '~' | ' ' | '\t' | '\r' | '\n']+) { plain(run).into() }
            / c:$(!("](" [_]) !("] [" [^ ']']* "](") [_]) { plain(c).into() }

        rule markdown_link_ref() -> String
            = head:$(url_scheme() url_authority() / url_authority_host()) tail:$(markdown_url_body()*) { format!("{head}{tail}") }
            / path:$(url_scheme() markdown_url_body()+) { path.to_owned() }
            / p:phone_number() { format!("tel:{}", p.1) }

        rule markdown_url_body()
            = (!(markdown_link_extra()+ (whitespace() / eol()) / whitespace()) !")"
               ([c if matches!(c, '\u{20}'..='\u{27}' | '\u{2A}'..='\u{5B}' | '\u{5D}'..='\u{7B}' | '\u{7D}'..='\u{7E}') || c >= '\u{80}']
                / "(" markdown_url_paren()* ")"))+

        rule markdown_url_paren()
            = !(whitespace() / eol() / ")") [c if url_body_char(c)]

        rule markdown_link_extra() = ['.' | ',' | '!' | '%' | '*' | '"' | '\'' | ':' | ';' | '=']

        rule link_ref() -> String
            = head:$(url_scheme() url_authority() / url_authority_host()) tail:$(url_body()*) { format!("{head}{tail}") }
            / path:$(url_scheme() url_body()+) { path.to_owned() }
            / p:phone_number() { format!("tel:{}", p.1) }

        rule url_body()
            = (!(extra()+ (whitespace() / eol() / ![_]) / whitespace()) [c if url_body_char(c)])+

        rule url_scheme() = ['A'..='Z' | 'a'..='z' | '0'..='9' | '+' | '-']*<1,32> ":"

        rule url_authority() = "//" url_user_info()? url_authority_host()

        rule url_user_info() = url_credential() (":" url_credential())? "@"

        rule url_credential() = (['a'..='z' | 'A'..='Z' | '0'..='9'] / !['@' | '/'] safe())+

        rule url_authority_host() = (domain_name() / digits() **<4,4> ".") (":" digits())?

        rule domain_name() -> &'input str
            = $("localhost")
            / $(!['_'] domain_label() ("." domain_char() domain_label()*)+)

        rule domain_label() = domain_char()+ ("-" domain_char()+)*

        rule domain_char()
            = ['a'..='z' | 'A'..='Z' | '0'..='9']
            / !extra() (['_' | '-'] / !safe()) !eol() !space() !['\\' | '/' | '|' | '>' | '<' | '%' | '`' | '[' | ']'] [_]

        rule safe() = ['$' | '@' | '&' | '+' | '_' | '#' | '?' | '-']
        rule extra() = ['.' | ',' | '!' | '%' | '~' | '*' | '"' | '\'' | ':' | ';' | '(' | ')' | '=']

        // ---- Phone numbers ----
        rule phone() -> (String, String)
            = &"+" p:phone_number() { p }

        rule phone_number() -> (String, String)
            = "+" p:phone_digits() { (format!("+{}", p.0), p.1) }

        rule phone_digits() -> (String, String)
            = p:phone_prefix() "-" d:digits() { (format!("{}-{d}", p.0), format!("{}{d}", p.1)) }
            / p:phone_prefix() d1:digits() "-" d2:digits() { (format!("{}{d1}-{d2}", p.0), format!("{}{d1}{d2}", p.1)) }
            / p:phone_prefix() d:digits() { (format!("{}{d}", p.0), format!("{}{d}", p.1)) }
            / d:digits() { (d.to_owned(), d.to_owned()) }

        rule phone_prefix() -> (String, String)
            = d:digits() { (d.to_owned(), d.to_owned()) }
            / "(" d:digits() ")" { (format!("({d})"), d.to_owned()) }

        // ---- Autolinks ----
        rule autolinked_email() -> Node
            = &([^ ' ' | '\t' | '\r' | '\n' | '@']* "@") "mailto:"? address:$(local_part() "@" domain_name()) { build::auto_email(address) }

        rule local_part() = local_part_chunk()+ ("." local_part_chunk()+)*

        rule local_part_chunk() = [c if alnum_or_mark(c)]+ ['!' | '#' | '$' | '%' | '&' | '\'' | '*' | '+' | '/' | '=' | '?' | '^' | '_' | '`' | '{' | '|' | '}' | '~' | '-']*

        rule autolinked_url() -> Node
            = &([^ ' ' | '\t' | '\r' | '\n' | ':' | '.' | '/' | '@']* ("://" / "."))
              head:$(url_scheme() url_authority() / url_authority_host()) tail:$(autolink_body()*) {
                build::auto_link(&format!("{head}{tail}"), &options.custom_domains)
            }

        rule autolink_body()
            = [^ ' ' | '\t' | '\r' | '\n' | '.' | ',' | '!' | '%' | '~' | '*' | '"' | '\'' | ':' | ';' | '(' | ')' | '=']
            / !(extra()* (whitespace() / eol() / ![_])) [_]

        // ---- Emphasis ----
        rule emphasis_with_whitespace() -> Node
            = a:$("*"+) b:$(space()+) c:$("*"+) { plain(format!("{a}{b}{c}")) }
            / a:$("_"+) b:$(space()+) c:$("_"+) { plain(format!("{a}{b}{c}")) }
            / a:$("~"+) b:$(space()+) c:$("~"+) { plain(format!("{a}{b}{c}")) }

        rule emphasis() -> Piece
            = b:maybe_bold() { b.into() }
            / maybe_italic()
            / s:maybe_strike() { s.into() }

        rule maybe_bold() -> Node
            = enter_bold() r:(r:bold() { guards.bold.set(false); r } / leave_bold() "unreachable" { plain("") }) { r }
        rule enter_bold() = "" {? enter(&guards.bold) }
        rule leave_bold() = "" {? guards.bold.set(false); Err("blocked") }

        rule maybe_italic() -> Piece
            = enter_italic() r:(r:italic() { guards.italic.set(false); r } / leave_italic() "unreachable" { Piece::Many(Vec::new()) }) { r }
        rule enter_italic() = "" {? enter(&guards.italic) }
        rule leave_italic() = "" {? guards.italic.set(false); Err("blocked") }

        rule maybe_strike() -> Node
            = enter_strike() r:(r:strike() { guards.strike.set(false); r } / leave_strike() "unreachable" { plain("") }) { r }
        rule enter_strike() = "" {? enter(&guards.strike) }
        rule leave_strike() = "" {? guards.strike.set(false); Err("blocked") }

        rule bold() -> Node
            = "**" b:bold_content() "**" { b }
            / "*" b:bold_content() "*" { b }

        rule bold_content() -> Node
            = parts:bold_item()+ { Node::Bold { value: build::reduce(parts) } }

        rule bold_item() -> Piece
            = bold_preferred()
            / run:$([^ '\n' | '*' | ' ' | '_' | '~']+) { plain(run).into() }
            / c:$([^ '\n' | '*' | ' ']) { plain(c).into() }
            / l:line() { l.into() }

        rule bold_preferred() -> Piece
            = w:whitespace() { w.into() }
            / c:inline_code() { c.into() }
            / t:timestamp() { t.into() }
            / r:maybe_references() { r.into() }
            / m:user_mention_after_text() { m.into() }
            / c:channel_mention() { c.into() }
            / maybe_italic()
            / s:maybe_strike() { s.into() }
            / e:emoji() { e.into() }
            / e:emoticon() &(emoticon_neighbor() / bold_preferred()) { e.into() }

        rule italic() -> Piece
            = word:$(['a'..='z' | 'A'..='Z' | '0'..='9']+ "_" "_"?) { plain(word).into() }
            / "__" i:italic_items() "__" t:$(['a'..='z' | 'A'..='Z' | '0'..='9']+) {
                let mut parts = vec![Piece::One(plain("__"))];
                parts.extend(i.into_iter().map(Piece::One));
                parts.push(Piece::One(plain("__")));
                parts.push(Piece::One(plain(t)));
                Piece::Many(build::reduce(parts))
            }
            / "_" i:italic_items() "_" t:$(['a'..='z' | 'A'..='Z']+) {
                let mut parts = vec![Piece::One(plain("_"))];
                parts.extend(i.into_iter().map(Piece::One));
                parts.push(Piece::One(plain("_")));
                parts.push(Piece::One(plain(t)));
                Piece::Many(build::reduce(parts))
            }
            / "__" i:italic_items() "__" { Piece::One(Node::Italic { value: i }) }
            / "_" i:italic_items() "_" { Piece::One(Node::Italic { value: i }) }

        rule italic_items() -> Vec<Node>
            = parts:italic_item()+ { build::reduce(parts) }

        rule italic_item() -> Piece
            = italic_preferred()
            / run:$([^ '\n' | '_' | ' ' | '*' | '~']+) { plain(run).into() }
            / c:$([^ '\n' | '_' | ' ']) { plain(c).into() }
            / l:line() { l.into() }

        rule italic_preferred() -> Piece
            = w:whitespace() { w.into() }
            / c:inline_code() { c.into() }
            / t:timestamp() { t.into() }
            / r:maybe_references() { r.into() }
            / m:user_mention_after_text() { m.into() }
            / c:channel_mention() { c.into() }
            / b:maybe_bold() { b.into() }
            / s:maybe_strike() { s.into() }
            / e:emoji() { e.into() }
            / e:emoticon() &(emoticon_neighbor() / italic_preferred() / "_") { e.into() }

        rule strike() -> Node
            = "~~" s:strike_content() "~~" { s }
            / "~" s:strike_content() "~" { s }

        rule strike_content() -> Node
            = parts:strike_item()+ { Node::Strike { value: build::reduce(parts) } }

        rule strike_item() -> Piece
            = run:$([c if !matches!(c, '\n' | '~' | ' ' | '*' | '_' | ':' | '`' | '@' | '#' | '[' | ']' | '\\' | '<' | '!' | '|')
                        && !astral_emoji_lead(c) && !('\u{2300}'..='\u{27BF}').contains(&c)]+) { plain(run).into() }
            / e:escaped_timestamp() { e.into() }
            / t:timestamp() { t.into() }
            / w:whitespace() { w.into() }
            / c:inline_code() { c.into() }
            / r:maybe_references() { r.into() }
            / m:user_mention_after_text() { m.into() }
            / c:channel_mention() { c.into() }
            / maybe_italic()
            / b:maybe_bold() { b.into() }
            / e:emoji() { e.into() }
            / e:emoticon() { e.into() }
            / c:$([^ '\n' | '~' | ' ']) { plain(c).into() }
            / l:line() { l.into() }

        // ---- Mentions ----
        rule user_mention() -> Node
            = "@"+ user:$(names() ([':' | '@'] names())?) {? if user.ends_with("__") { Err("mention") } else { Ok(Node::MentionUser { value: Box::new(plain(user)) }) } }

        rule user_mention_after_text() -> Node
            = t:text() "@"+ c:$([c if alnum_char(c)]) { build::reduce_first(vec![t, plain(format!("@{c}"))]) }
            / user_mention()

        rule channel_mention() -> Node
            = t:text() "#" c:$([c if alnum_char(c)]) { build::reduce_first(vec![t, plain(format!("#{c}"))]) }
            / "#" channel:names() { Node::MentionChannel { value: Box::new(plain(channel)) } }

        rule names() -> &'input str
            = $([c if c == '-' || c == '.' || c == '_' || alnum_char(c)]+)

        // ---- Emoji ----
        rule emoji() -> Node
            = ":" code:$(['0'..='9' | 'a'..='z' | 'A'..='Z' | '-' | '_' | '+' | '.']+) ":" { build::emoji(code) }
            / e:unicode_emoji() { build::emoji_unicode(e) }

        rule unicode_emoji() -> &'input str
            = $("\u{1F3F4}" ['\u{E0020}'..='\u{E007E}']+ "\u{E007F}")
            / $(['0'..='9' | '#' | '*'] "\u{FE0F}"? "\u{20E3}")
            / $((zwj_element() "\u{200D}")* zwj_element())
            / $(['\u{1F600}'..='\u{1F64F}'] variation()?)
            / $(['\u{1F680}'..='\u{1F6FF}'] variation()?)
            / $(['\u{2300}'..='\u{23FF}'] variation()?)
            / $(['\u{2600}'..='\u{26FF}'] variation()?)
            / $(['\u{2700}'..='\u{27BF}'] variation()?)
            / $(geometric_emoji())
            / $(['\u{1F0CF}' | '\u{1F18E}' | '\u{1F191}'..='\u{1F19A}' | '\u{1F201}' | '\u{1F232}'..='\u{1F23A}' | '\u{1F250}'..='\u{1F251}'] variation()?)
            / $(['\u{A9}' | '\u{AE}' | '\u{203C}' | '\u{2049}' | '\u{2122}' | '\u{2139}' | '\u{2196}'..='\u{2199}' | '\u{21A9}'..='\u{21AA}'
                 | '\u{24C2}' | '\u{25AA}'..='\u{25AB}' | '\u{25B6}' | '\u{25C0}' | '\u{25FB}'..='\u{25FE}' | '\u{2934}'..='\u{2935}'
                 | '\u{2B05}'..='\u{2B07}' | '\u{2B50}' | '\u{2B55}' | '\u{3030}' | '\u{303D}' | '\u{3297}' | '\u{3299}'] "\u{FE0F}")
            / $(['\u{1F004}' | '\u{1F170}'..='\u{1F171}' | '\u{1F17E}'..='\u{1F17F}' | '\u{1F202}' | '\u{1F21A}' | '\u{1F22F}'] "\u{FE0F}")
            / $(['\u{1F1E6}'..='\u{1F1FF}'] ['\u{1F1E6}'..='\u{1F1FF}'])

        rule zwj_element()
            = (['\u{1F900}'..='\u{1FBFF}']
               / ['\u{1F300}'..='\u{1F3FF}'] variation()?
               / ['\u{1F400}'..='\u{1F5FF}'] variation()?
               / ['\u{1F600}'..='\u{1F64F}'] variation()?
               / ['\u{1F680}'..='\u{1F6FF}'] variation()?
               / ['\u{2700}'..='\u{27BF}'] variation()?
               / ['\u{2600}'..='\u{26FF}'] variation()?
               / ['\u{2194}'..='\u{2195}'] variation()?
               / geometric_emoji())
              ['\u{1F3FB}'..='\u{1F3FF}']?

        rule geometric_emoji()
            = ['\u{2B1B}'..='\u{2B1C}'] variation()?
            / ['\u{1F7E0}'..='\u{1F7EB}' | '\u{1F7F0}'] variation()?

        rule variation() = ['\u{FE00}'..='\u{FE0F}']

        rule emoticon() -> Node
            = emoticons_on() e:emoticon_pattern() { e }
        rule emoticons_on() = "" {? if options.emoticons { Ok(()) } else { Err("off") } }

        rule emoticon_pattern() -> Node
            = &":" e:(
                t:$(":-D" / ":D") { build::emoticon(t, "smiley") }
                / t:$(":')" / ":'-)") { build::emoticon(t, "joy") }
                / t:$(":-)" / ":)" / ":]") { build::emoticon(t, "slight_smile") }
                / t:$(":-*" / ":*" / ":^*") { build::emoticon(t, "kissing_heart") }
                / t:$(":-P" / ":P" / ":-Þ" / ":Þ" / ":-b" / ":b") { build::emoticon(t, "stuck_out_tongue") }
                / t:$(":-(" / ":(" / ":-[" / ":[") { build::emoticon(t, "disappointed") }
                / t:$(":-/" / ":-." / ":/" / ":\\" / ":L") { build::emoticon(t, "confused") }
                / t:$(":'(" / "':-(") { build::emoticon(t, "cry") }
                / t:$(":@") { build::emoticon(t, "angry") }
                / t:$(":$") { build::emoticon(t, "flushed") }
                / t:$(":-X" / ":X" / ":-#" / ":#") { build::emoticon(t, "no_mouth") }
                / t:$(":-O" / ":O") { build::emoticon(t, "open_mouth") }
            ) { e }
            / &";" e:(
                t:$(";)" / ";-)" / ";-]" / ";]" / ";D" / ";^)") { build::emoticon(t, "wink") }
                / t:$(";(" / ";-(") { build::emoticon(t, "cry") }
            ) { e }
            / &"<" e:(t:$("</3") { build::emoticon(t, "broken_heart") } / t:$("<3") { build::emoticon(t, "heart") }) { e }
            / &">" e:(
                t:$(">:)" / ">;)" / ">:-)" / ">=)") { build::emoticon(t, "laughing") }
                / t:$(">.<") { build::emoticon(t, "persevere") }
                / t:$(">:P") { build::emoticon(t, "stuck_out_tongue_winking_eye") }
                / t:$(">:\\" / ">;/") { build::emoticon(t, "confused") }
                / t:$(">:(" / ">:-(") { build::emoticon(t, "angry") }
                / t:$(">:[") { build::emoticon(t, "disappointed") }
                / t:$(">:O") { build::emoticon(t, "open_mouth") }
            ) { e }
            / &"=" e:(
                t:$("=D") { build::emoticon(t, "smiley") }
                / t:$("=]" / "=)") { build::emoticon(t, "slight_smile") }
                / t:$("=*") { build::emoticon(t, "kissing_heart") }
                / t:$("=P") { build::emoticon(t, "stuck_out_tongue") }
                / t:$("=(") { build::emoticon(t, "disappointed") }
                / t:$("=/" / "=\\" / "=L") { build::emoticon(t, "confused") }
                / t:$("=$") { build::emoticon(t, "flushed") }
                / t:$("=X" / "=#") { build::emoticon(t, "no_mouth") }
            ) { e }
            / &"D" t:$("D:") { build::emoticon(t, "fearful") }
            / &"B" t:$("B-)" / "B)" / "B-D") { build::emoticon(t, "sunglasses") }
            / &"8" t:$("8)" / "8-)" / "8-D") { build::emoticon(t, "sunglasses") }
            / &"'" e:(
                t:$("':)" / "':-)" / "'=)" / "':D" / "':-D" / "'=D") { build::emoticon(t, "sweat_smile") }
                / t:$("':(" / "':-(" / "'=(") { build::emoticon(t, "sweat") }
            ) { e }
            / &"O" e:(
                t:$("O:-)" / "O:)" / "O;-)" / "O=)" / "O:-3" / "O:3") { build::emoticon(t, "innocent") }
                / t:$("O_O") { build::emoticon(t, "open_mouth") }
            ) { e }
            / &"0" t:$("0:-3" / "0:3" / "0:-)" / "0:)" / "0;^)" / "0;-)") { build::emoticon(t, "innocent") }
            / &"*" e:(
                t:$("*-)" / "*)") { build::emoticon(t, "wink") }
                / t:$("*\\0/*" / "*\\O/*") { build::emoticon(t, "person_gesturing_ok") }
            ) { e }
            / &"X" e:(t:$("X-P") { build::emoticon(t, "stuck_out_tongue_winking_eye") } / t:$("X)" / "X-)") { build::emoticon(t, "dizzy_face") }) { e }
            / &"#" t:$("#-)" / "#)") { build::emoticon(t, "dizzy_face") }
            / &"%" t:$("%-)" / "%)") { build::emoticon(t, "dizzy_face") }
            / &"(" t:$("(y)") { build::emoticon(t, "thumbsup") }
            / &"-" t:$("-___-" / "-__-" / "-_-") { build::emoticon(t, "expressionless") }
            / &"\\" t:$("\\0\\/" / "\\O\\/") { build::emoticon(t, "person_gesturing_ok") }

        // ---- Code, colour ----
        rule inline_code() -> Node
            = "`" text:$([^ '`' | '\n']+) "`" { Node::InlineCode { value: Box::new(plain(text)) } }

        rule color() -> Node
            = colors_on() "color:#" rgba:(hex_byte()*<3,4> / hex_nibble()*<3,4>) ![c if any_text(c)] { build::color(&rgba) }
        rule colors_on() = "" {? if options.colors { Ok(()) } else { Err("off") } }
        rule hex_byte() -> u8 = h:$(['0'..='9' | 'A'..='F' | 'a'..='f']*<2>) {? u8::from_str_radix(h, 16).map_err(|_| "hex") }
        rule hex_nibble() -> u8 = h:$(['0'..='9' | 'A'..='F' | 'a'..='f']) {? u8::from_str_radix(&h.repeat(2), 16).map_err(|_| "hex") }

        // ---- Characters ----
        rule eol() = "\r\n" / ['\n' | '\r']
        rule space() = [' ' | '\t']
        rule digits() -> &'input str = $(['0'..='9']+)

        rule utf16_pos() -> usize = p:position!() { utf16_offset(src, p) }
    }
}

fn url_body_char(c: char) -> bool {
    matches!(c, '\u{20}'..='\u{28}' | '\u{2A}'..='\u{5B}' | '\u{5D}'..='\u{7B}' | '\u{7D}'..='\u{7E}') || c >= '\u{80}'
}
