//! A quote is sent as Rocket.Chat sends it: the quoted message's permalink as a link with a blank
//! label in front of the text (`[ ](https://…/channel/general?msg=ID) the reply`), from which the
//! server makes the quote block. The link itself says nothing a reader should see: shown, it is
//! an empty underlined space before the text. These are taken out of a tree before it is shown.

use super::{Node, Root};

/// Whether `node` is a quote's link: a link whose label is blank.
fn is_quote_link(node: &Node) -> bool {
    matches!(node, Node::Link { value } if value.label.nodes().iter().all(|n| n.text().trim().is_empty()))
}

/// `root` without the quote links that open its first paragraph, nor the space after them.
pub fn without_quote_links(mut root: Root) -> Root {
    let Some(Node::Paragraph { value }) = root.first_mut() else { return root };
    let links = value.iter().take_while(|n| is_quote_link(n) || n.text().trim().is_empty()).count();
    if !value.iter().take(links).any(is_quote_link) {
        return root;
    }
    value.drain(..links);
    if let Some(Node::PlainText { value: text }) = value.first_mut() {
        *text = text.trim_start().to_owned();
    }
    if value.is_empty() {
        root.remove(0);
    }
    root
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markup::{Label, LinkValue};

    fn plain(text: &str) -> Node {
        Node::PlainText { value: text.into() }
    }

    fn link(label: &str, src: &str) -> Node {
        Node::Link { value: LinkValue { src: Box::new(plain(src)), label: Label::Many(vec![plain(label)]) } }
    }

    #[test]
    fn a_quotes_blank_link_and_the_space_after_it_are_taken_out() {
        let quote = "https://chat.example/channel/general?msg=abc";
        let tree = vec![Node::Paragraph { value: vec![link(" ", quote), plain(" the reply")] }];
        assert_eq!(without_quote_links(tree), vec![Node::Paragraph { value: vec![plain("the reply")] }]);
        // Two quotes, and a quote with nothing after it.
        let two = vec![Node::Paragraph { value: vec![link(" ", quote), plain(" "), link("", quote), plain(" ok")] }];
        assert_eq!(without_quote_links(two), vec![Node::Paragraph { value: vec![plain("ok")] }]);
        let alone =
            vec![Node::Paragraph { value: vec![link(" ", quote)] }, Node::Paragraph { value: vec![plain("x")] }];
        assert_eq!(without_quote_links(alone), vec![Node::Paragraph { value: vec![plain("x")] }]);
    }

    #[test]
    fn a_link_with_words_or_one_later_in_the_text_stays() {
        let named = vec![Node::Paragraph { value: vec![link("the docs", "https://docs.example"), plain(" read")] }];
        assert_eq!(without_quote_links(named.clone()), named);
        let later = vec![Node::Paragraph { value: vec![plain("see "), link(" ", "https://x.example")] }];
        assert_eq!(without_quote_links(later.clone()), later);
    }
}
