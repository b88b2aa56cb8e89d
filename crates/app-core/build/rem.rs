//! The stylesheets' `rem`, made the app's own. Inside a shadow root (the launcher's panel, the
//! `<confab-chat>` element), `rem` is the host page's root font size, which a site may set to
//! anything; so each `Nrem` is built as `calc(N*var(--confab-rem,1rem))`. On the app's own page
//! the variable is unset and a rem is a rem; the launcher sets it to the reader's default font
//! size, whatever the page made of its root.

/// `css` with every length in `rem` scaled by `--confab-rem`.
pub fn own_rem(css: &str) -> String {
    let bytes = css.as_bytes();
    let mut out = String::with_capacity(css.len() * 2);
    let mut copied = 0;
    let mut i = 0;
    while i < bytes.len() {
        // Not a number inside a name (`h2rem`, `--x-1rem`): a name's character, or a hyphen
        // after one, comes before it.
        let name_char = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b == b'-';
        let in_name = i > 0
            && (bytes[i - 1].is_ascii_alphanumeric()
                || bytes[i - 1] == b'.'
                || bytes[i - 1] == b'_'
                || (bytes[i - 1] == b'-' && i > 1 && name_char(bytes[i - 2])));
        let starts_number = (bytes[i].is_ascii_digit() || bytes[i] == b'.') && !in_name;
        if !starts_number {
            i += 1;
            continue;
        }
        let mut end = i;
        while end < bytes.len() && (bytes[end].is_ascii_digit() || bytes[end] == b'.') {
            end += 1;
        }
        let unit_ends = end + 3;
        let is_rem = css.get(end..unit_ends) == Some("rem")
            && bytes.get(unit_ends).is_none_or(|b| !(b.is_ascii_alphanumeric() || *b == b'-' || *b == b'_'));
        if is_rem {
            // A minus sign just before the number goes inside, where it still negates.
            let negative = i > 0 && bytes[i - 1] == b'-';
            let from = if negative { i - 1 } else { i };
            out.push_str(&css[copied..from]);
            out.push_str("calc(");
            out.push_str(&css[from..end]);
            out.push_str("*var(--confab-rem,1rem))");
            copied = unit_ends;
        }
        i = if is_rem { unit_ends } else { end };
    }
    out.push_str(&css[copied..]);
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn lengths_in_rem_scale_and_nothing_else_changes() {
        assert_eq!(
            super::own_rem("a{margin:0 -.5rem;padding:1.25rem 2px;width:calc(100% - 2rem)}"),
            "a{margin:0 calc(-.5*var(--confab-rem,1rem));padding:calc(1.25*var(--confab-rem,1rem)) 2px;\
             width:calc(100% - calc(2*var(--confab-rem,1rem)))}"
        );
        assert_eq!(super::own_rem(".h2rem{--x-1rem:1remx;top:1em}"), ".h2rem{--x-1rem:1remx;top:1em}");
    }
}
