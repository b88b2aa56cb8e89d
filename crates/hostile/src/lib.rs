//! Hostile pictures, made on demand rather than kept as binary files: what each one is for is
//! then written beside how it is made.
//!
//! Most are real files, not fakes that fail early: the 1 × 40,000,000 PNG decodes to 160 MB of
//! pixels from 155 kB, as the one that once aborted the server did. Their pixel data is all
//! zeros, so it is compressed once a mebibyte at a time and the same deflate blocks repeated
//! (each ends on a sync flush, so blocks can follow one another), which makes a file of
//! gigabytes of pixels in milliseconds.

use std::io::{Cursor, Write};

use flate2::Compression;
use flate2::write::DeflateEncoder;
use image::{ImageFormat, Rgb, RgbImage};

const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";

/// A real PNG of `width`×`height` with a gradient, so it does not compress to nothing.
pub fn png(width: u32, height: u32) -> Vec<u8> {
    let image = RgbImage::from_fn(width, height, |x, y| Rgb([(x % 256) as u8, (y % 256) as u8, 128]));
    let mut bytes = Cursor::new(Vec::new());
    image.write_to(&mut bytes, ImageFormat::Png).expect("a PNG encodes");
    bytes.into_inner()
}

/// A valid PNG of one pixel whose header claims `width`×`height`: a decompression bomb in
/// its smallest form.
pub fn png_claiming(width: u32, height: u32) -> Vec<u8> {
    let mut bytes = png(1, 1);
    // The IHDR chunk: length (4), "IHDR" (4), width (4), height (4), 5 bytes, CRC (4).
    bytes[16..20].copy_from_slice(&width.to_be_bytes());
    bytes[20..24].copy_from_slice(&height.to_be_bytes());
    let crc = crc32fast::hash(&bytes[12..29]);
    bytes[29..33].copy_from_slice(&crc.to_be_bytes());
    bytes
}

/// How a PNG's pixels are stored.
#[derive(Clone, Copy, Debug)]
pub enum Pixels {
    /// 8-bit red, green and blue: three bytes a pixel.
    Rgb8,
    /// One bit a pixel, black or white.
    Bit,
}

impl Pixels {
    fn row_bytes(self, width: u32) -> u64 {
        1 + match self {
            Self::Rgb8 => 3 * u64::from(width),
            Self::Bit => u64::from(width).div_ceil(8),
        }
    }

    /// IHDR's bit depth and colour type.
    fn depth_and_colour(self) -> [u8; 2] {
        match self {
            Self::Rgb8 => [8, 2],
            Self::Bit => [1, 0],
        }
    }
}

/// A real, complete PNG of `width`×`height` black pixels: every byte of its data is there, and
/// decoding it yields every pixel.
pub fn black_png(width: u32, height: u32, pixels: Pixels) -> Vec<u8> {
    let raw = pixels.row_bytes(width) * u64::from(height);
    let mut header = Vec::with_capacity(13);
    header.extend_from_slice(&width.to_be_bytes());
    header.extend_from_slice(&height.to_be_bytes());
    header.extend_from_slice(&pixels.depth_and_colour());
    header.extend_from_slice(&[0, 0, 0]);
    let mut png = PNG_SIGNATURE.to_vec();
    chunk(&mut png, b"IHDR", &header);
    chunk(&mut png, b"IDAT", &zlib_of_zeros(raw));
    chunk(&mut png, b"IEND", &[]);
    png
}

/// The first `keep` bytes of a real PNG claiming `width`×`height` black pixels: a few kilobytes
/// that say they are an enormous picture.
pub fn cut_black_png(width: u32, height: u32, keep: usize) -> Vec<u8> {
    let mut png = black_png(width, height, Pixels::Bit);
    png.truncate(keep);
    png
}

fn chunk(png: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    png.extend_from_slice(&u32::try_from(data.len()).expect("a chunk under 4 GiB").to_be_bytes());
    let start = png.len();
    png.extend_from_slice(kind);
    png.extend_from_slice(data);
    let crc = crc32fast::hash(&png[start..]);
    png.extend_from_slice(&crc.to_be_bytes());
}

/// A zlib stream of `count` zero bytes.
fn zlib_of_zeros(count: u64) -> Vec<u8> {
    const PIECE: u64 = 1 << 20;
    let mut stream = vec![0x78, 0x01];
    let whole = deflate_zeros(PIECE);
    for _ in 0..count / PIECE {
        stream.extend_from_slice(&whole);
    }
    stream.extend_from_slice(&deflate_zeros(count % PIECE));
    // The last block: empty, final, fixed codes.
    stream.extend_from_slice(&[0x03, 0x00]);
    // Adler-32 of zeros: the first sum stays 1, the second counts the bytes.
    let adler = ((count % 65_521) << 16) | 1;
    stream.extend_from_slice(&(adler as u32).to_be_bytes());
    stream
}

/// Deflate blocks (not final, ending on a byte) of `count` zero bytes.
fn deflate_zeros(count: u64) -> Vec<u8> {
    let mut encoder = DeflateEncoder::new(Vec::new(), Compression::best());
    let zeros = vec![0; usize::try_from(count).expect("a piece fits in memory")];
    encoder.write_all(&zeros).expect("writes to memory");
    encoder.flush().expect("writes to memory");
    std::mem::take(encoder.get_mut())
}

/// A real JPEG of `width`×`height`.
pub fn jpeg(width: u32, height: u32) -> Vec<u8> {
    let image = RgbImage::from_fn(width, height, |x, y| Rgb([(x % 256) as u8, (y % 256) as u8, 200]));
    let mut bytes = Cursor::new(Vec::new());
    image.write_to(&mut bytes, ImageFormat::Jpeg).expect("a JPEG encodes");
    bytes.into_inner()
}

/// A JPEG whose frame header has its height and width bits flipped: 480 × 640 claims
/// 65,055 × 64,895.
pub fn jpeg_with_flipped_header() -> Vec<u8> {
    let mut bytes = jpeg(640, 480);
    let frame = bytes.windows(2).position(|w| w == [0xFF, 0xC0]).expect("a baseline frame header");
    // Marker (2), length (2), precision (1), then height (2) and width (2).
    for byte in &mut bytes[frame + 5..frame + 9] {
        *byte = !*byte;
    }
    bytes
}

/// `jpeg` with an EXIF block asking for `orientation` (1–8; 6 turns it a quarter clockwise).
pub fn with_exif_orientation(jpeg: &[u8], orientation: u16) -> Vec<u8> {
    let mut exif = b"Exif\0\0".to_vec();
    // Big-endian TIFF header, the first IFD at 8: one entry, Orientation (0x0112), a SHORT.
    exif.extend_from_slice(b"MM\0\x2a\0\0\0\x08\0\x01\x01\x12\0\x03\0\0\0\x01");
    exif.extend_from_slice(&orientation.to_be_bytes());
    exif.extend_from_slice(&[0, 0, 0, 0, 0, 0]);
    let mut bytes = jpeg[..2].to_vec();
    bytes.extend_from_slice(&[0xFF, 0xE1]);
    bytes.extend_from_slice(&u16::try_from(exif.len() + 2).expect("a short segment").to_be_bytes());
    bytes.extend_from_slice(&exif);
    bytes.extend_from_slice(&jpeg[2..]);
    bytes
}

/// A real GIF of `width`×`height`.
pub fn gif(width: u32, height: u32) -> Vec<u8> {
    let image = RgbImage::from_fn(width, height, |x, y| Rgb([(x * 7 % 256) as u8, (y * 3 % 256) as u8, 0]));
    let mut bytes = Cursor::new(Vec::new());
    image::DynamicImage::ImageRgb8(image).to_rgba8().write_to(&mut bytes, ImageFormat::Gif).expect("a GIF encodes");
    bytes.into_inner()
}

/// The first half of a real GIF.
pub fn truncated_gif() -> Vec<u8> {
    let mut bytes = gif(300, 200);
    bytes.truncate(bytes.len() / 2);
    bytes
}

/// Every hostile picture, by name: what the server must refuse with a clear 4xx, quickly and
/// without much memory, wherever a picture is taken.
pub fn pictures() -> Vec<(&'static str, Vec<u8>)> {
    vec![
        ("1 × 40,000,000 PNG (155 kB)", black_png(1, 40_000_000, Pixels::Rgb8)),
        ("1 × 4,000 PNG", black_png(1, 4_000, Pixels::Rgb8)),
        ("1 × 40,000 PNG", black_png(1, 40_000, Pixels::Rgb8)),
        ("40,000 × 1 PNG", black_png(40_000, 1, Pixels::Rgb8)),
        ("30,000 × 30,000 PNG of a few kilobytes", cut_black_png(30_000, 30_000, 4_096)),
        ("JPEG with a flipped header", jpeg_with_flipped_header()),
        ("truncated GIF", truncated_gif()),
        ("decompression bomb: 100,000 × 100,000 PNG", black_png(100_000, 100_000, Pixels::Bit)),
        ("one-pixel PNG claiming 100,000 × 100,000", png_claiming(100_000, 100_000)),
        ("PNG claiming 0 × 0", png_claiming(0, 0)),
        ("HTML named .png", b"<html><script>alert(1)</script></html>".to_vec()),
        ("SVG", b"<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>".to_vec()),
        ("PNG signature alone", PNG_SIGNATURE.to_vec()),
        ("empty file", Vec::new()),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_thin_png_is_the_size_the_probe_sent_and_decodes_to_what_it_claims() {
        let thin = black_png(1, 40_000_000, Pixels::Rgb8);
        assert!((150_000..170_000).contains(&thin.len()), "{} bytes", thin.len());
        let small = black_png(3, 5, Pixels::Rgb8);
        let decoded = image::load_from_memory(&small).expect("a complete PNG").to_rgb8();
        assert_eq!(decoded.dimensions(), (3, 5));
        assert!(decoded.pixels().all(|p| p.0 == [0, 0, 0]));
        let bits = image::load_from_memory(&black_png(1_000, 9, Pixels::Bit)).expect("a complete PNG");
        assert_eq!((bits.width(), bits.height()), (1_000, 9));
    }

    #[test]
    fn the_flipped_jpeg_claims_an_enormous_frame() {
        let reader = image::ImageReader::new(Cursor::new(jpeg_with_flipped_header())).with_guessed_format().unwrap();
        assert_eq!(reader.into_dimensions().unwrap(), (!640u16 as u32, !480u16 as u32));
    }

    #[test]
    fn the_bomb_is_small_and_the_cut_png_is_a_few_kilobytes() {
        let bomb = black_png(100_000, 100_000, Pixels::Bit);
        assert!(bomb.len() < 2_000_000, "{} bytes", bomb.len());
        assert_eq!(cut_black_png(30_000, 30_000, 4_096).len(), 4_096);
    }
}
