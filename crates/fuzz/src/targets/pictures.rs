//! Picture intake, on real pictures damaged in place (bytes changed, cut short, sizes in their
//! headers rewritten) and on the hostile pictures: reading one for an upload and making one into
//! an avatar never panics, never runs out of its time budget, and never allocates more than a
//! bound set by what it produces (the decoded pixels at most, with the outputs and the decoder's
//! own tables) however large the picture claims to be.

use std::sync::OnceLock;
use std::time::{Duration, Instant};

use arbitrary::Arbitrary;
use confab_server::files::images::{self, Budget, ImageError, MAX_DECODED_BYTES};

/// The pixel limit the server runs with by default.
const MAX_PIXELS: u64 = 40_000_000;
/// Far more than any of these pictures needs, even in a debug build: running out is a hang.
const TIME: Duration = Duration::from_secs(20);
/// The decoded pixels at their most, and room for the decoder, the outputs and the input.
const MAX_ALLOCATED: usize = MAX_DECODED_BYTES as usize + 64 * 1024 * 1024;

/// Real pictures to damage: small, so a debug build reads many a second.
fn seeds() -> &'static [Vec<u8>] {
    static SEEDS: OnceLock<Vec<Vec<u8>>> = OnceLock::new();
    SEEDS.get_or_init(|| {
        let mut seeds = vec![
            confab_hostile::png(40, 30),
            confab_hostile::png(600, 20),
            confab_hostile::jpeg(48, 40),
            confab_hostile::with_exif_orientation(&confab_hostile::jpeg(20, 60), 6),
            confab_hostile::gif(24, 16),
            confab_hostile::black_png(700, 500, confab_hostile::Pixels::Bit),
        ];
        seeds.extend(confab_hostile::pictures().into_iter().map(|(_, bytes)| bytes).filter(|b| b.len() < 64 * 1024));
        seeds
    })
}

#[derive(Arbitrary, Debug)]
pub enum Damage {
    /// The byte at an offset (taken modulo the length) becomes another.
    Byte(u32, u8),
    /// The picture ends at an offset.
    Cut(u32),
    /// Four bytes at an offset become a number, as a header's width or height would.
    Number(u32, u32),
    /// Bytes are inserted at an offset.
    Insert(u32, Vec<u8>),
}

#[derive(Arbitrary, Debug)]
pub struct Input {
    seed: u8,
    damage: Vec<Damage>,
    avatar: bool,
}

pub fn check(input: &Input) {
    let seeds = seeds();
    let mut bytes = seeds[usize::from(input.seed) % seeds.len()].clone();
    for damage in input.damage.iter().take(16) {
        let at = |offset: u32, len: usize| if len == 0 { 0 } else { offset as usize % len };
        match damage {
            Damage::Byte(offset, value) if !bytes.is_empty() => {
                let at = at(*offset, bytes.len());
                bytes[at] = *value;
            }
            Damage::Cut(offset) => bytes.truncate(at(*offset, bytes.len())),
            Damage::Number(offset, value) if bytes.len() >= 4 => {
                let at = at(*offset, bytes.len() - 3);
                bytes[at..at + 4].copy_from_slice(&value.to_be_bytes());
            }
            Damage::Insert(offset, more) => {
                let at = at(*offset, bytes.len() + 1);
                bytes.splice(at..at, more.iter().copied().take(256));
            }
            _ => {}
        }
    }
    let budget = Budget::until(Instant::now() + TIME);
    let (outcome, allocated) = crate::alloc::peak_during(|| {
        if input.avatar {
            images::avatar(&bytes, MAX_PIXELS, &budget).map(drop)
        } else {
            images::examine(&bytes, MAX_PIXELS, &budget).map(drop)
        }
    });
    assert_ne!(outcome, Err(ImageError::OutOfTime), "a {}-byte picture took over {TIME:?}", bytes.len());
    assert!(allocated <= MAX_ALLOCATED, "a {}-byte picture allocated {allocated} bytes", bytes.len());
}
