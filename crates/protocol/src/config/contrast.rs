//! WCAG 2 contrast between two colours, so a theme whose text is hard to read is flagged when the
//! app starts rather than by the readers who cannot read it.

/// The contrast WCAG 2 (AA) asks of normal text against its background.
pub const MIN_TEXT_CONTRAST: f64 = 4.5;

/// The contrast ratio of two `#rgb`/`#rrggbb` colours, from 1 to 21; `None` if either is not one.
pub fn contrast_ratio(a: &str, b: &str) -> Option<f64> {
    let (a, b) = (luminance(a)?, luminance(b)?);
    let (light, dark) = if a > b { (a, b) } else { (b, a) };
    Some((light + 0.05) / (dark + 0.05))
}

/// Relative luminance of an sRGB colour.
fn luminance(hex: &str) -> Option<f64> {
    let digits = hex.strip_prefix('#')?;
    let channel = |i: usize| -> Option<f64> {
        let byte = match digits.len() {
            3 => u8::from_str_radix(digits.get(i..=i)?, 16).ok()? * 17,
            6 => u8::from_str_radix(digits.get(2 * i..2 * i + 2)?, 16).ok()?,
            _ => return None,
        };
        let c = f64::from(byte) / 255.0;
        Some(if c <= 0.040_45 { c / 12.92 } else { pow_2_4((c + 0.055) / 1.055) })
    };
    Some(0.2126 * channel(0)? + 0.7152 * channel(1)? + 0.0722 * channel(2)?)
}

/// `x` to the power 2.4, for `x` in [0, 1]: `x²` times the fifth root of `x²`, which Newton's
/// method finds from above in a dozen steps. The app checks its theme as it starts, and
/// `f64::powf` would bring libm's `pow` (2 kB of wasm) into its first load for this alone.
fn pow_2_4(x: f64) -> f64 {
    let square = x * x;
    if square <= 0.0 {
        return 0.0;
    }
    let mut root = 1.0_f64.max(square);
    loop {
        let fourth = root * root * root * root;
        let next = root - (fourth * root - square) / (5.0 * fourth);
        if next >= root {
            return square * root;
        }
        root = next;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_power_is_powf_s_for_every_channel_value() {
        for byte in 0..=255u8 {
            let x = (f64::from(byte) / 255.0 + 0.055) / 1.055;
            let (ours, libm) = (pow_2_4(x), x.powf(2.4));
            assert!((ours - libm).abs() <= 1e-14 * libm.max(1e-300), "{byte}: {ours} against {libm}");
        }
        assert_eq!(pow_2_4(0.0), 0.0);
        assert_eq!(pow_2_4(1.0), 1.0);
    }

    #[test]
    fn matches_the_wcag_reference_values() {
        assert_eq!(contrast_ratio("#000", "#fff"), Some(21.0));
        assert_eq!(contrast_ratio("#abc", "#abc"), Some(1.0));
        // #767676 on white is the well-known lightest grey that passes AA: 4.54:1.
        let grey = contrast_ratio("#767676", "#ffffff").unwrap();
        assert!((grey - 4.54).abs() < 0.01, "{grey}");
        assert_eq!(contrast_ratio("#fff", "white"), None);
        assert_eq!(contrast_ratio("#ff", "#fff"), None);
    }
}
